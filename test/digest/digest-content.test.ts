import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest, sparkline } from '../../src/blocks/digest.ts';
import { collectDigest, type DigestData } from '../../src/digest/collect-digest.ts';
import { bugs, itemHistory, stories, type Team } from '../../src/db/schema.ts';
import { workspaceWithSettings } from '../support/teams.ts';
import { outboxPayloadSchema, type PayloadOf } from '../../src/outbox/messages.ts';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/db.ts';

const now = new Date('2026-11-23T08:00:00Z'); // Monday 09:00 in Rome
const DAY = 86_400_000;
/** A moment inside week bucket k: one day before "k weeks ago". */
const weeksAgo = (k: number, extraDays = 0) => new Date(now.getTime() - k * 7 * DAY - (1 + extraDays) * DAY);

describe.each(dbKinds)('digest content from a hand-built 9-week history on %s', (kind) => {
  let database: TestDatabase;
  const W = 'TDIGEST';
  let team: Team;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    team = await workspaceWithSettings(db, { id: W }, { backlogCap: 5, staleAfterDays: 30 });
    const story = (number: number, status: 'idea' | 'ready' | 'in_progress' | 'done', createdAt: Date, updatedAt: Date) => ({
      workspaceId: W, number, title: `Story ${number}`, persona: 'p', want: 'w', benefit: 'b', criteria: 'c', status, reporterId: 'UREP', createdAt, updatedAt,
    });
    const [s1, s2, s3, s4] = await db
      .insert(stories)
      .values([story(1, 'done', weeksAgo(8), weeksAgo(0)), story(2, 'ready', weeksAgo(6), new Date(now.getTime() - 45 * DAY)), story(3, 'ready', weeksAgo(4), weeksAgo(0)), story(4, 'idea', weeksAgo(0), weeksAgo(0))])
      .returning();
    const bug = (number: number, status: 'new' | 'triaged' | 'resolved', createdAt: Date, extra: Partial<typeof bugs.$inferInsert> = {}) => ({
      workspaceId: W, number, summary: `Bug ${number}`, steps: 's', expected: 'e', actual: 'a', status, reporterId: 'UREP', channelId: 'C1', createdAt, updatedAt: weeksAgo(0), ...extra,
    });
    const [b1, b2, b3, b4, b5] = await db
      .insert(bugs)
      .values([
        bug(1, 'resolved', weeksAgo(8), { resolution: 'fixed' }),
        bug(2, 'triaged', weeksAgo(6), { probability: 4, impact: 4, ownerId: 'UOWN' }),
        bug(3, 'resolved', weeksAgo(4), { resolution: 'fixed' }),
        bug(4, 'triaged', weeksAgo(2), { probability: 2, impact: 3 }),
        bug(5, 'new', weeksAgo(0)),
      ])
      .returning();
    const h = (itemType: 'bug' | 'story', itemId: number, action: string, fromStatus: string | null, toStatus: string, createdAt: Date) => ({ workspaceId: W, itemType, itemId, actorId: 'UACT', action, fromStatus, toStatus, createdAt });
    await db.insert(itemHistory).values([
      h('story', s1!.id, 'created', null, 'idea', weeksAgo(8, 1)),
      h('story', s1!.id, 'ready', 'idea', 'ready', weeksAgo(8)),
      h('bug', b1!.id, 'created', null, 'new', weeksAgo(8)),
      h('story', s2!.id, 'created', null, 'idea', weeksAgo(6, 1)),
      h('story', s2!.id, 'ready', 'idea', 'ready', weeksAgo(6)),
      h('bug', b2!.id, 'created', null, 'new', weeksAgo(6)),
      h('bug', b1!.id, 'resolved', 'new', 'resolved', weeksAgo(4)),
      h('bug', b3!.id, 'created', null, 'new', weeksAgo(4)),
      h('story', s3!.id, 'created', null, 'idea', weeksAgo(4)),
      h('story', s1!.id, 'start', 'ready', 'in_progress', weeksAgo(2)),
      h('bug', b4!.id, 'created', null, 'new', weeksAgo(2)),
      h('bug', b2!.id, 'triaged', 'new', 'triaged', weeksAgo(2)),
      h('story', s3!.id, 'ready', 'idea', 'ready', weeksAgo(0)),
      h('story', s1!.id, 'done', 'in_progress', 'done', weeksAgo(0)),
      h('bug', b5!.id, 'created', null, 'new', weeksAgo(0)),
      h('bug', b3!.id, 'resolved', 'new', 'resolved', weeksAgo(0)),
      h('story', s4!.id, 'created', null, 'idea', weeksAgo(0)),
      h('bug', b4!.id, 'triaged', 'new', 'triaged', weeksAgo(0)),
      // After the digest's clock: must not change any figure of the digest composed for `now`.
      h('story', s4!.id, 'ready', 'idea', 'ready', new Date(now.getTime() + DAY)),
    ]);
    // The item tables show the state after that late change too, as they would in the database.
    await db.update(stories).set({ status: 'ready' }).where(eq(stories.id, s4!.id));
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('when composed for Monday 09:00, then every number and both 8-week trends match the hand count', async () => {
    const data = await collectDigest(database.db, team, now, 'Europe/Rome');
    expect(data.trend).toEqual({ backlog: [1, 2, 2, 2, 2, 1, 1, 2], openBugs: [1, 2, 2, 2, 2, 3, 3, 3] });
    expect(data.readyWeekAgo).toBe(1);
    expect(data.thisWeek).toEqual({ bugsFiled: 1, bugsResolved: 1, storiesAdded: 1, storiesDone: 1, changes: 6 });
    // Current-state counts read the tables as they are (STORY-4 is already ready there); the trend is as of `now`.
    expect(data.health).toMatchObject({ cap: 5, ideas: 0, openBugs: { critical: 1, high: 0, medium: 1, low: 0, unrated: 1 }, untriaged: 1, longestWaitDays: 1 });
    expect(data.topRisks.map((r) => [r.number, r.probability * r.impact])).toEqual([[2, 16], [4, 6]]);
    expect(data.stale.items.map((i) => `${i.type}-${i.number}`)).toEqual(['story-2']);

    const message = buildDigest(data);
    const text = JSON.stringify(message.blocks);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Backlog digest · 16 Nov – 23 Nov' } });
    expect(text).toContain('`▁████▁▁█` 1 → 2 → 2 → 2 → 2 → 1 → 1 → 2');
    expect(text).toContain('`▁▅▅▅▅███` 1 → 2 → 2 → 2 → 2 → 3 → 3 → 3');
    expect(text).toContain('Bugs: 1 filed, 1 resolved · Stories: 1 added, 1 done');
    expect(text).toContain('*BUG-2* Bug 2 · risk 16 (critical) · <@UOWN>');
    expect(text).toContain('stale_controls:story:');
  });

  it('when the digest waits in the outbox as JSON, then it is read back as collected and written the same', async () => {
    const data = await collectDigest(database.db, team, now, 'Europe/Rome');
    const stored = JSON.parse(JSON.stringify({ type: 'digest', channelId: 'C_DIGEST', data, options: { catchUp: true } }));
    expect(stored.data.stale.items[0].updatedAt).toBe(data.stale.items[0]!.updatedAt.toISOString());
    const read = outboxPayloadSchema.parse(stored);
    expect(read).toEqual({ type: 'digest', channelId: 'C_DIGEST', data, options: { catchUp: true } });
    expect(buildDigest((read as PayloadOf<'digest'>).data, { catchUp: true })).toEqual(buildDigest(data, { catchUp: true }));
  });

  it('when a digest was queued before flags, then it is read back with nothing shipped by flag', async () => {
    const { shippedByFlag: _none, ...before } = await collectDigest(database.db, team, now, 'Europe/Rome');
    const read = outboxPayloadSchema.parse(JSON.parse(JSON.stringify({ type: 'digest', channelId: 'C_DIGEST', data: before, options: {} }))) as PayloadOf<'digest'>;
    expect(read.data.shippedByFlag).toEqual([]);
    expect(JSON.stringify(buildDigest(read.data).blocks)).not.toContain('digest_shipped_block');
  });

  it('when a digest queued before comments were counted waits in the outbox, then it still reads, with no commented items', async () => {
    const data = await collectDigest(database.db, team, now, 'Europe/Rome');
    expect(data.commentedItems).toBe(0);
    const { commentedItems: _none, ...before } = JSON.parse(JSON.stringify(data));
    const read = outboxPayloadSchema.parse({ type: 'digest', channelId: 'C_DIGEST', data: before, options: {} }) as PayloadOf<'digest'>;
    expect(read.data.commentedItems).toBe(0);
    expect(JSON.stringify(buildDigest(read.data).blocks)).toContain('Comments: new on 0 items');
  });
});

describe('the digest builder', () => {
  it('when a sparkline is flat or rising, then it scales between min and max', () => {
    expect(sparkline([3, 3, 3])).toBe('▄▄▄');
    expect(sparkline([0, 7])).toBe('▁█');
  });

  it('when the workspace has 100 000 items and long text, then the digest stays within Slack limits', () => {
    const long = '<!channel> '.repeat(40);
    const items = Array.from({ length: 5 }, (_, i) => ({ type: 'bug' as const, id: i, teamId: 1, number: 99_990 + i, title: long.slice(0, 150), status: 'new', reporterId: 'U1', ownerId: null, probability: null, impact: null, createdAt: new Date(0), updatedAt: new Date(0) }));
    const data: DigestData = {
      now: new Date('2026-11-23T08:00:00Z'),
      timeZone: 'Pacific/Chatham',
      periodStart: new Date('2026-11-16T08:00:00Z'),
      health: { ready: 25, cap: 25, ideas: 40_000, openBugs: { critical: 20_000, high: 15_000, medium: 10_000, low: 9_000, unrated: 5_000 }, untriaged: 5_000, longestWaitDays: 900 },
      readyWeekAgo: 24,
      thisWeek: { bugsFiled: 3_000, bugsResolved: 2_500, storiesAdded: 800, storiesDone: 700, changes: 99_999 },
      trend: { backlog: [25, 25, 24, 25, 23, 25, 24, 25], openBugs: [59_000, 59_500, 58_000, 60_000, 59_900, 59_000, 58_800, 59_000] },
      topRisks: [1, 2, 3].map((n) => ({ id: n, number: n, summary: long.slice(0, 150), probability: 5, impact: 5, ownerId: null })),
      stale: { items, total: 70_000 },
      staleAfterDays: 30,
      shippedByFlag: Array.from({ length: 10 }, (_, i) => ({ number: 99_000 + i, title: long.slice(0, 150), flagKey: `<!channel>\`${'k'.repeat(64)}` })),
    };
    const message = buildDigest(data, { catchUp: true });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks as any[]) {
      if (block.text?.text) expect(block.text.text.length).toBeLessThanOrEqual(block.type === 'header' ? 150 : 3000);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    const text = JSON.stringify(message.blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('and 69995 more');
    expect(text).toContain('Posted late');
  });
});
