import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamDigestChannelMissingText } from '../../src/blocks/digest.ts';
import { bugs, digestRuns, itemHistory, stories, type Team, teams } from '../../src/db/schema.ts';
import { runDueDigests, runOverrideDigests } from '../../src/digest/run-digests.ts';
import { newActor } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { backlog } from '../support/story-flow.ts';
import { addTeam, workspaceWithSettings } from '../support/teams.ts';

const at = (iso: string) => new Date(iso);
/** Platform's slot: Monday 09:00 in Rome. Mobile's: Wednesday 14:30 in New York. */
const MONDAY_ROME = at('2026-11-23T08:00:00Z');
const WEDNESDAY_NEW_YORK = at('2026-11-25T19:30:00Z');

describe.each(dbKinds)('digests of a workspace with several teams on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
  const digestsIn = (channel: string) => h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === channel && String(c.params.text).startsWith('Backlog digest') && !c.failed);
  const blocksOf = (post: { params: Record<string, any> }) => JSON.stringify(post.params.blocks);
  const headerOf = (post: { params: Record<string, any> }) => post.params.blocks[0].text.text as string;

  /** A workspace whose default team is Platform (Monday 09:00, Rome, cap 10) and a second team, Mobile (Wednesday 14:30, New York, cap 3). */
  async function platformAndMobile(options: { digestChannels?: boolean } = {}) {
    const workspaceId = newActor().teamId;
    const channel = (name: string) => (options.digestChannels === false ? null : `C${workspaceId}_${name}`);
    const platform = await workspaceWithSettings(
      h.database.db,
      { id: workspaceId, installerUserId: `U${workspaceId}` },
      { name: 'Platform', autoNamed: false, digestChannelId: channel('PLATFORM'), digestWeekday: 1, digestTime: '09:00', timeZone: 'Europe/Rome', backlogCap: 10 },
    );
    const mobile = await addTeam(h.database.db, workspaceId, {
      name: 'Mobile', channels: [`C${workspaceId}_MOBILE_INTAKE`], digestChannelId: channel('MOBILE'), digestWeekday: 3, digestTime: '14:30', timeZone: 'America/New_York', backlogCap: 3,
    });
    return { workspaceId, platform, mobile, installer: `U${workspaceId}` };
  }

  /**
   * Each team's items, with the history that got them there (history rows take their item's team):
   * Platform: 2 ready stories (STORY-2 stale), BUG-1 critical, BUG-2 untriaged.
   * Mobile: 1 ready story, BUG-3 high and BUG-4 low open, BUG-5 resolved this week.
   */
  async function seedItems(workspaceId: string, platform: Team, mobile: Team) {
    const { db } = h.database;
    const story = (team: Team, number: number, created: string, updated: string) => ({
      workspaceId, teamId: team.id, number, title: `Story ${number}`, persona: 'p', want: 'w', benefit: 'b', criteria: 'c', status: 'ready' as const, reporterId: 'UREP', createdAt: at(created), updatedAt: at(updated),
    });
    const [s1, s2, s3] = await db
      .insert(stories)
      .values([story(platform, 1, '2026-11-01T12:00:00Z', '2026-11-20T12:00:00Z'), story(platform, 2, '2026-09-01T12:00:00Z', '2026-10-01T12:00:00Z'), story(mobile, 3, '2026-11-19T12:00:00Z', '2026-11-24T10:00:00Z')])
      .returning();
    const bug = (team: Team, number: number, status: 'new' | 'triaged' | 'resolved', created: string, extra: Partial<typeof bugs.$inferInsert> = {}) => ({
      workspaceId, teamId: team.id, number, summary: `Bug ${number}`, steps: 's', expected: 'e', actual: 'a', status, reporterId: 'UREP', createdAt: at(created), updatedAt: at(created), ...extra,
    });
    const [b1, b2, b3, b4, b5] = await db
      .insert(bugs)
      .values([
        bug(platform, 1, 'triaged', '2026-11-10T12:00:00Z', { probability: 5, impact: 4, ownerId: 'UOWNER' }),
        bug(platform, 2, 'new', '2026-11-21T12:00:00Z'),
        bug(mobile, 3, 'triaged', '2026-11-22T12:00:00Z', { probability: 3, impact: 4 }),
        bug(mobile, 4, 'triaged', '2026-11-24T12:00:00Z', { probability: 1, impact: 2 }),
        bug(mobile, 5, 'resolved', '2026-11-05T12:00:00Z', { probability: 2, impact: 2, resolution: 'fixed', updatedAt: at('2026-11-24T12:00:00Z'), resolvedAt: at('2026-11-24T12:00:00Z') }),
      ])
      .returning();
    const change = (itemType: 'bug' | 'story', itemId: number, action: string, fromStatus: string | null, toStatus: string, createdAt: string) => ({ workspaceId, itemType, itemId, actorId: 'UACT', action, fromStatus, toStatus, createdAt: at(createdAt) });
    await db.insert(itemHistory).values([
      change('story', s1!.id, 'created', null, 'idea', '2026-11-01T12:00:00Z'),
      change('story', s1!.id, 'ready', 'idea', 'ready', '2026-11-02T12:00:00Z'),
      change('story', s2!.id, 'created', null, 'idea', '2026-09-01T12:00:00Z'),
      change('story', s2!.id, 'ready', 'idea', 'ready', '2026-09-02T12:00:00Z'),
      change('bug', b1!.id, 'created', null, 'new', '2026-11-10T12:00:00Z'),
      change('bug', b1!.id, 'triaged', 'new', 'triaged', '2026-11-11T12:00:00Z'),
      change('bug', b2!.id, 'created', null, 'new', '2026-11-21T12:00:00Z'),
      change('story', s3!.id, 'created', null, 'idea', '2026-11-19T12:00:00Z'),
      change('story', s3!.id, 'ready', 'idea', 'ready', '2026-11-24T10:00:00Z'),
      change('bug', b3!.id, 'created', null, 'new', '2026-11-22T12:00:00Z'),
      change('bug', b3!.id, 'triaged', 'new', 'triaged', '2026-11-22T13:00:00Z'),
      change('bug', b4!.id, 'created', null, 'new', '2026-11-24T12:00:00Z'),
      change('bug', b4!.id, 'triaged', 'new', 'triaged', '2026-11-24T13:00:00Z'),
      change('bug', b5!.id, 'created', null, 'new', '2026-11-05T12:00:00Z'),
      change('bug', b5!.id, 'triaged', 'new', 'triaged', '2026-11-06T12:00:00Z'),
      change('bug', b5!.id, 'resolved', 'triaged', 'resolved', '2026-11-24T12:00:00Z'),
    ]);
  }

  it('when two teams have their own slots, then each team gets one digest in its channel at its weekday, time and zone, with only its numbers, even with two schedulers', async () => {
    const { workspaceId, platform, mobile } = await platformAndMobile();
    await seedItems(workspaceId, platform, mobile);
    const both = async (now: Date) => {
      const [a, b] = await Promise.all([runDueDigests(h.database.db, now), runDueDigests(h.database.db, now)]);
      return [...a.postedTeams, ...b.postedTeams].filter((id) => id === platform.id || id === mobile.id);
    };

    expect(await both(at('2026-11-23T07:59:00Z'))).toEqual([]);
    expect(await both(MONDAY_ROME)).toEqual([platform.id]);
    expect(await both(at('2026-11-25T19:29:00Z'))).toEqual([]);
    expect(await both(WEDNESDAY_NEW_YORK)).toEqual([mobile.id]);
    expect(await both(at('2026-11-26T08:00:00Z'))).toEqual([]);

    const platformPost = await h.emulator.waitFor(() => digestsIn(`C${workspaceId}_PLATFORM`)[0]);
    const mobilePost = await h.emulator.waitFor(() => digestsIn(`C${workspaceId}_MOBILE`)[0]);
    await settle();
    expect(digestsIn(`C${workspaceId}_PLATFORM`)).toHaveLength(1);
    expect(digestsIn(`C${workspaceId}_MOBILE`)).toHaveLength(1);
    expect(digestsIn(`C${workspaceId}_MOBILE_INTAKE`)).toHaveLength(0);

    // Each says whose it is, in the header and in the notification text, over its own week in its own zone.
    expect(headerOf(platformPost)).toBe('Backlog digest · Platform · 16 Nov – 23 Nov');
    expect(platformPost.params.text).toBe('Backlog digest · Platform 16 Nov – 23 Nov: 2/10 ready, 2 open bugs, 1 untriaged.');
    expect(headerOf(mobilePost)).toBe('Backlog digest · Mobile · 18 Nov – 25 Nov');
    expect(mobilePost.params.text).toBe('Backlog digest · Mobile 18 Nov – 25 Nov: 1/3 ready, 2 open bugs, 0 untriaged.');

    const platformText = blocksOf(platformPost);
    expect(platformText).toContain('2 of 10 (±0 this week)');
    expect(platformText).toContain('2: critical 1 · high 0 · medium 0 · low 0 · unrated 1');
    expect(platformText).toContain('Bugs: 1 filed, 0 resolved · Stories: 0 added, 0 done');
    expect(platformText).toContain('`▁▁▁▁▁███` 1 → 1 → 1 → 1 → 1 → 2 → 2 → 2');
    expect(platformText).toContain('`▁▁▁▁▁▁▅█` 0 → 0 → 0 → 0 → 0 → 0 → 1 → 2');
    expect(platformText).toContain('*BUG-1* Bug 1 · risk 20 (critical)');
    expect(platformText).toContain(`stale_controls:story:`);
    expect(platformText).toContain('*STORY-2* Story 2');
    for (const other of ['BUG-3', 'BUG-4', 'BUG-5', 'STORY-3']) expect(platformText).not.toContain(other);

    const mobileText = blocksOf(mobilePost);
    expect(mobileText).toContain('1 of 3 (+1 this week)');
    expect(mobileText).toContain('2: critical 0 · high 1 · medium 0 · low 1 · unrated 0');
    expect(mobileText).toContain('Bugs: 2 filed, 1 resolved · Stories: 1 added, 0 done');
    expect(mobileText).toContain('`▁▁▁▁▁▁▁█` 0 → 0 → 0 → 0 → 0 → 0 → 0 → 1');
    expect(mobileText).toContain('`▁▁▁▁▁▅▅█` 0 → 0 → 0 → 0 → 0 → 1 → 1 → 2');
    expect(mobileText).toContain('*BUG-3* Bug 3 · risk 12 (high)');
    expect(mobileText).not.toContain('digest_stale_block');
    for (const other of ['BUG-1', 'BUG-2', 'STORY-1', 'STORY-2']) expect(mobileText).not.toContain(other);

    const runs = await h.database.db.select().from(digestRuns).where(eq(digestRuns.workspaceId, workspaceId));
    expect(runs.map((r) => [r.teamId, r.periodKey, r.outcome]).sort()).toEqual([[platform.id, '2026-11-23', 'posted'], [mobile.id, '2026-11-23', 'posted']].sort());
  });

  it('when DIGEST_SCHEDULE fires on two instances, then every team with a channel gets one digest, a team without one none', async () => {
    const { workspaceId, platform, mobile } = await platformAndMobile();
    const web = await addTeam(h.database.db, workspaceId, { name: 'Web', channels: [`C${workspaceId}_WEB_INTAKE`] });
    const slot = at('2026-11-27T10:00:00Z');
    const [a, b] = await Promise.all([runOverrideDigests(h.database.db, slot, slot), runOverrideDigests(h.database.db, slot, slot)]);
    const posted = [...a.postedTeams, ...b.postedTeams].filter((id) => [platform.id, mobile.id, web.id].includes(id));
    expect(posted.sort()).toEqual([platform.id, mobile.id].sort());
    await h.emulator.waitFor(() => digestsIn(`C${workspaceId}_PLATFORM`)[0] && digestsIn(`C${workspaceId}_MOBILE`)[0]);
    await settle();
    expect(digestsIn(`C${workspaceId}_PLATFORM`).map(headerOf)).toEqual(['Backlog digest · Platform · 20 Nov – 27 Nov']);
    expect(digestsIn(`C${workspaceId}_MOBILE`).map(headerOf)).toEqual(['Backlog digest · Mobile · 20 Nov – 27 Nov']);
    expect(digestsIn(`C${workspaceId}_WEB_INTAKE`)).toHaveLength(0);
    const runs = await h.database.db.select().from(digestRuns).where(eq(digestRuns.workspaceId, workspaceId));
    expect(runs.map((r) => r.teamId).sort()).toEqual([platform.id, mobile.id].sort());
  });

  it('when DIGEST_SCHEDULE fires and only one of two teams has a channel, then its digest still names it', async () => {
    const { workspaceId, mobile } = await platformAndMobile({ digestChannels: false });
    await h.database.db.update(teams).set({ digestChannelId: `C${workspaceId}_MOBILE_ONLY` }).where(eq(teams.id, mobile.id));
    const slot = at('2026-11-27T11:00:00Z');
    expect((await runOverrideDigests(h.database.db, slot, slot)).postedTeams).toContain(mobile.id);
    const post = await h.emulator.waitFor(() => digestsIn(`C${workspaceId}_MOBILE_ONLY`)[0]);
    expect(headerOf(post)).toMatch(/^Backlog digest · Mobile · /);
  });

  it("when /backlog digest is asked in a team's intake channel, then that team's digest is posted there; elsewhere the default team's", async () => {
    const { workspaceId, platform, mobile } = await platformAndMobile();
    await seedItems(workspaceId, platform, mobile);
    const actor = { teamId: workspaceId, userId: 'UASKER' };

    expect((await backlog(h, actor, 'digest', `C${workspaceId}_MOBILE_INTAKE`)).text).toMatch(/Posting the backlog digest/);
    const inIntake = await h.emulator.waitFor(() => digestsIn(`C${workspaceId}_MOBILE_INTAKE`)[0]);
    expect(headerOf(inIntake)).toMatch(/^Backlog digest · Mobile · /);
    expect(blocksOf(inIntake)).toContain('1 of 3');
    expect(blocksOf(inIntake)).toContain('Posted on request');

    await backlog(h, actor, 'digest', `C${workspaceId}_ELSEWHERE`);
    const elsewhere = await h.emulator.waitFor(() => digestsIn(`C${workspaceId}_ELSEWHERE`)[0]);
    expect(headerOf(elsewhere)).toMatch(/^Backlog digest · Platform · /);
    expect(blocksOf(elsewhere)).toContain('2 of 10');
    expect(await h.database.db.select().from(digestRuns).where(eq(digestRuns.workspaceId, workspaceId))).toEqual([]);
  });

  it('when the only other team is archived, then the digest is exactly the one-team digest (no team name) and the archived team gets none', async () => {
    const workspaceId = newActor().teamId;
    await workspaceWithSettings(h.database.db, { id: workspaceId }, { digestChannelId: `C${workspaceId}_ONE`, timeZone: 'Europe/Rome', digestWeekday: 1, digestTime: '09:00' });
    const archived = await addTeam(h.database.db, workspaceId, { name: 'Gone', digestChannelId: `C${workspaceId}_GONE`, timeZone: 'Europe/Rome', archivedAt: at('2026-11-01T00:00:00Z') });

    const tick = await runDueDigests(h.database.db, MONDAY_ROME);
    expect(tick.postedTeams).not.toContain(archived.id);
    expect(tick.posted.filter((id) => id === workspaceId)).toHaveLength(1);
    const slot = at('2026-11-24T10:00:00Z');
    expect((await runOverrideDigests(h.database.db, slot, slot)).postedTeams).not.toContain(archived.id);

    const posts = await h.emulator.waitFor(() => digestsIn(`C${workspaceId}_ONE`).length === 2 && digestsIn(`C${workspaceId}_ONE`));
    await settle();
    expect(headerOf(posts[0]!)).toBe('Backlog digest · 16 Nov – 23 Nov');
    expect(posts[0]!.params.text).toBe('Backlog digest 16 Nov – 23 Nov: 0/25 ready, 0 open bugs, 0 untriaged.');
    expect(headerOf(posts[1]!)).toBe('Backlog digest · 17 Nov – 24 Nov');
    expect(digestsIn(`C${workspaceId}_GONE`)).toHaveLength(0);
    const runs = await h.database.db.select().from(digestRuns).where(eq(digestRuns.teamId, archived.id));
    expect(runs).toEqual([]);
  });

  it('when several teams have no digest channel, then the installer is told once per team, each notice naming its team', async () => {
    const { workspaceId, installer } = await platformAndMobile({ digestChannels: false });
    const told = () => h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === installer && !c.failed);
    await runDueDigests(h.database.db, MONDAY_ROME);
    await runDueDigests(h.database.db, WEDNESDAY_NEW_YORK);
    await runDueDigests(h.database.db, at('2026-11-30T08:00:00Z'));
    await runDueDigests(h.database.db, at('2026-12-02T19:30:00Z'));
    await h.emulator.waitFor(() => told().length >= 2);
    await settle();
    expect(told().map((c) => c.params.text).sort()).toEqual([teamDigestChannelMissingText('Mobile'), teamDigestChannelMissingText('Platform')].sort());
    expect(told()[0]!.params.text).toContain('`/backlog teams`');
    const rows = await h.database.db.select().from(teams).where(eq(teams.workspaceId, workspaceId));
    expect(rows.map((team) => team.digestNoticeSentAt)).not.toContain(null);
    expect(await h.database.db.select().from(digestRuns).where(eq(digestRuns.workspaceId, workspaceId))).toEqual([]);
  });

  it('when a team is named like a mention, then the digest shows the name and pings no one', async () => {
    const { workspaceId, mobile } = await platformAndMobile();
    await h.database.db.update(teams).set({ name: '<!channel> & co' }).where(eq(teams.id, mobile.id));
    await runDueDigests(h.database.db, WEDNESDAY_NEW_YORK);
    const post = await h.emulator.waitFor(() => digestsIn(`C${workspaceId}_MOBILE`)[0]);
    expect(headerOf(post)).toBe('Backlog digest · <!channel> & co · 18 Nov – 25 Nov');
    expect(post.params.text).toContain('Backlog digest · &lt;!channel&gt; &amp; co 18 Nov – 25 Nov');
  });
});
