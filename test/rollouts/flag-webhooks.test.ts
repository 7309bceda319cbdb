import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/blocks/digest.ts';
import { flagEvents, flagStates, itemHistory, outbox, teams } from '../../src/db/schema.ts';
import { collectDigest } from '../../src/digest/collect-digest.ts';
import type { FlagProvider } from '../../src/flags/types.ts';
import { newActor } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { loadFixture } from '../flags/fixtures.ts';
import { archiveConnection, type Connected, connectFlags, deliverFlag, genericBody, signedHeaders, storyRow, storyWithFlag, threadOf } from '../support/flag-flow.ts';
import { writeStoryThrough } from '../support/story-flow.ts';

const dmOf = (userId: string) => `D${userId.slice(1)}`;

describe.each(dbKinds)('flag webhooks over HTTP on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const storedFor = async (connection: Connected) => {
    const [events] = await h.database.db.select({ n: count() }).from(flagEvents).where(eq(flagEvents.connectionId, connection.connection.id));
    const [states] = await h.database.db.select({ n: count() }).from(flagStates).where(eq(flagStates.teamId, connection.connection.teamId));
    return { events: events!.n, states: states!.n };
  };
  const outboxOf = async (workspaceId: string) => (await h.database.db.select().from(outbox).where(eq(outbox.workspaceId, workspaceId))).map((row) => row.payload);

  const cases: { provider: FlagProvider; fixture: string; flag: string; production: string; line: RegExp }[] = [
    { provider: 'generic', fixture: 'on-without-rollout', flag: 'checkout_v2', production: 'production', line: /`checkout_v2` is on for everyone in production/ },
    { provider: 'unleash', fixture: 'feature-environment-enabled', flag: 'new-feature', production: 'development', line: /`new-feature` is on for everyone in development/ },
    { provider: 'launchdarkly', fixture: 'flag-served-to-everyone', flag: 'alternate.page', production: 'production', line: /`alternate.page` is on for everyone in production/ },
    { provider: 'growthbook', fixture: 'feature-updated', flag: 'checkout_v2', production: 'staging', line: /`checkout_v2` is on for everyone in staging/ },
    { provider: 'flagsmith', fixture: 'flag-updated', flag: 'butter_bar', production: 'Development', line: /`butter_bar` is on for everyone in Development/ },
  ];

  it.each(cases)('when $provider sends its documented $fixture, signed as it signs, then a ready story with $flag is done, shipped by flag, and reporter and watcher hear once', async ({ provider, fixture, flag, production, line }) => {
    const actor = newActor();
    const watcher = newActor();
    const connection = await connectFlags(h, actor, provider, { production });
    const story = await storyWithFlag(h, actor, flag, 'in_progress');
    await h.database.db.execute(sql`insert into watchers (workspace_id, item_type, item_id, user_id) values (${actor.teamId}, 'story', ${story.id}, ${watcher.userId})`);
    const { raw } = loadFixture(provider, fixture);
    const headers = signedHeaders(provider, connection.secret, raw);
    const answer = await deliverFlag(h, connection, raw, headers);
    expect(answer.status).toBe(200);
    const shipped = await storyRow(h, story.id);
    expect([shipped.status, shipped.shippedByFlag]).toEqual(['done', flag]);
    await expect.poll(() => threadOf(h, story).some((text) => /shipped :tada:/.test(text) && line.test(text))).toBe(true);
    await h.emulator.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage' && [actor.userId, watcher.userId].includes(String(c.params.channel)) && line.test(String(c.params.text))).length === 2);
    const history = await h.database.db.select().from(itemHistory).where(and(eq(itemHistory.itemId, story.id), eq(itemHistory.action, 'shipped_by_flag')));
    expect(history.map((row) => [row.fromStatus, row.toStatus])).toEqual([['in_progress', 'done']]);
    // The provider retries the same delivery: answered, nothing more happens.
    const again = await deliverFlag(h, connection, raw, headers);
    expect(await again.json()).toMatchObject({ ok: true, applied: 0 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === watcher.userId)).toHaveLength(1);
  });

  it('when the generic rollout goes 25 % then everyone, then the thread has both lines, the message shows the state, and a ready story ships', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    const story = await storyWithFlag(h, actor, 'checkout_v3');
    expect((await deliverFlag(h, connection, genericBody('checkout_v3', { enabled: true, rollout: 25, at: '2026-03-02T09:30:00Z' }))).status).toBe(200);
    await expect.poll(() => threadOf(h, story).some((text) => text.includes('`checkout_v3` is on for 25 % of production'))).toBe(true);
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.params.ts === story.threadTs && JSON.stringify(c.params.blocks).includes('on for 25 % of production')));
    expect((await storyRow(h, story.id)).status).toBe('ready');
    expect((await deliverFlag(h, connection, genericBody('checkout_v3', { enabled: true, rollout: 100, at: '2026-03-02T10:30:00Z' }))).status).toBe(200);
    expect((await storyRow(h, story.id)).status).toBe('done');
    await expect.poll(() => threadOf(h, story).some((text) => /shipped :tada: `checkout_v3` is on for 100 % of production/.test(text))).toBe(true);
  });

  it('when the same event id comes twice, or an older event after a newer one, then it is applied once and the older changes nothing', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    const story = await storyWithFlag(h, actor, 'replayed', 'idea');
    const body = Buffer.from(genericBody('replayed', { enabled: true, rollout: 50, at: '2026-03-02T10:00:00Z' }));
    const headers = signedHeaders('generic', connection.secret, body, 'msg_replay');
    const answers = await Promise.all([deliverFlag(h, connection, body, headers), deliverFlag(h, connection, body, headers)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const older = await deliverFlag(h, connection, genericBody('replayed', { enabled: false, at: '2026-03-02T09:00:00Z' }));
    expect(await older.json()).toMatchObject({ ok: true, applied: 0, stale: 1 });
    const [state] = await h.database.db.select().from(flagStates).where(and(eq(flagStates.teamId, connection.connection.teamId), eq(flagStates.flagKey, 'replayed')));
    expect([state!.enabled, state!.rolloutPercent, state!.eventId]).toEqual([true, 50, 'msg_replay']);
    expect(await storedFor(connection)).toEqual({ events: 2, states: 1 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(threadOf(h, story).filter((text) => text.includes('`replayed`'))).toEqual(['`replayed` is on for 50 % of production.']);
  });

  it('when a key no story has moves, then its state is kept, and a story given that key later shows it at once', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    expect((await deliverFlag(h, connection, genericBody('later_key', { enabled: true, rollout: 10, at: '2026-03-02T10:00:00Z' }))).status).toBe(200);
    expect(await storedFor(connection)).toEqual({ events: 1, states: 1 });
    const story = await writeStoryThrough(h, actor, { flag_key_block: 'later_key' });
    const post = h.emulator.callsTo('chat.postMessage').find((c) => c.params.channel === story.threadChannelId && JSON.stringify(c.params.blocks ?? []).includes(`story_controls:${story.id}`));
    expect(JSON.stringify(post?.params.blocks)).toContain('`later_key` is on for 10 % of production');
  });

  it('when a shipped story\'s flag is turned off, then the thread is told it is rolled back and the story stays done', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    const story = await storyWithFlag(h, actor, 'rolling');
    await deliverFlag(h, connection, genericBody('rolling', { enabled: true, at: '2026-03-02T10:00:00Z' }));
    expect((await storyRow(h, story.id)).status).toBe('done');
    await deliverFlag(h, connection, genericBody('rolling', { enabled: false, at: '2026-03-02T11:00:00Z' }));
    await expect.poll(() => threadOf(h, story).some((text) => text === '`rolling` is rolled back: off in production.')).toBe(true);
    expect((await storyRow(h, story.id)).status).toBe('done');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === actor.userId && String(c.params.text).includes('rolling'))).toHaveLength(1);
  });

  it('when two stories share a key, then both hear the line and both ready ones ship', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    const [first, second] = [await storyWithFlag(h, actor, 'shared_key'), await storyWithFlag(h, actor, 'shared_key', 'in_progress')];
    expect((await deliverFlag(h, connection, genericBody('shared_key', { enabled: true, at: '2026-03-02T10:00:00Z' }))).status).toBe(200);
    expect([(await storyRow(h, first!.id)).status, (await storyRow(h, second!.id)).status]).toEqual(['done', 'done']);
    for (const story of [first!, second!]) await expect.poll(() => threadOf(h, story).some((text) => text.includes('shipped :tada: `shared_key`'))).toBe(true);
    const [team] = await h.database.db.select().from(teams).where(eq(teams.id, connection.connection.teamId));
    const digest = await collectDigest(h.database.db, team!, new Date(), 'UTC');
    expect(digest.shippedByFlag.map((s) => s.number).sort()).toEqual([first!.number, second!.number].sort());
    const section = buildDigest(digest).blocks.find((b) => b.block_id === 'digest_shipped_block') as any;
    expect(section.text.text).toMatch(/^\*Shipped this week \(by flag\)\*\n• \*STORY-\d+\* .* · `shared_key`/);
  });

  it('when a provider sends what Slack must not read as markup, then the line shows it as text', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic', { production: '<!channel>' });
    const story = await storyWithFlag(h, actor, 'escaped', 'idea');
    await deliverFlag(h, connection, genericBody('escaped', { enabled: true, rollout: 5, environment: '<!channel> & co', at: '2026-03-02T10:00:00Z' }));
    await expect.poll(() => threadOf(h, story).find((text) => text.includes('`escaped`'))).toBe('`escaped` is on for 5 % of &lt;!channel&gt; &amp; co.');
  });

  describe('what is refused stores nothing', () => {
    it('when the signature is wrong or missing, or the timestamp is stale, then 401', async () => {
      const actor = newActor();
      const connection = await connectFlags(h, actor, 'generic');
      const body = Buffer.from(genericBody('refused', { enabled: true, at: '2026-03-02T10:00:00Z' }));
      const wrong = signedHeaders('generic', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', body);
      const stale = signedHeaders('generic', connection.secret, body, 'msg_stale', new Date(Date.now() - 6 * 60_000));
      const answers = await Promise.all([deliverFlag(h, connection, body, wrong), deliverFlag(h, connection, body, {}), deliverFlag(h, connection, body, stale)]);
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
      const ld = await connectFlags(h, actor, 'launchdarkly');
      expect((await deliverFlag(h, ld, body, { 'X-LD-Signature': 'ab'.repeat(32) })).status).toBe(401);
      expect(await storedFor(connection)).toEqual({ events: 0, states: 0 });
      expect(await outboxOf(actor.teamId)).toEqual([]);
    });

    it('when the connection is unknown or archived, then 404', async () => {
      const actor = newActor();
      const connection = await connectFlags(h, actor, 'generic');
      const body = genericBody('gone', { enabled: true, at: '2026-03-02T10:00:00Z' });
      expect((await deliverFlag(h, connection, body, undefined, '/flags/generic/fc_nosuchconnection')).status).toBe(404);
      expect((await deliverFlag(h, connection, body, undefined, `/flags/unleash/${connection.connection.id}`)).status).toBe(404);
      expect((await deliverFlag(h, connection, body, undefined, `/flags/nosuchprovider/${connection.connection.id}`)).status).toBe(404);
      await archiveConnection(h, connection.connection);
      expect((await deliverFlag(h, connection, body)).status).toBe(404);
      expect(await storedFor(connection)).toEqual({ events: 0, states: 0 });
    });

    it('when the body is over 256 KB, then 413; when it is no JSON or not the format, then 400', async () => {
      const actor = newActor();
      const connection = await connectFlags(h, actor, 'generic');
      const huge = Buffer.from(JSON.stringify({ flag: 'big', environment: 'production', enabled: true, at: '2026-03-02T10:00:00Z', pad: 'x'.repeat(256 * 1024) }));
      expect((await deliverFlag(h, connection, huge)).status).toBe(413);
      expect((await deliverFlag(h, connection, '{"flag": "broken"')).status).toBe(400);
      const unexpected = await deliverFlag(h, connection, JSON.stringify({ flag: 'x', enabled: 'yes' }));
      expect(unexpected.status).toBe(400);
      expect(await storedFor(connection)).toEqual({ events: 0, states: 0 });
    });
  });

  it('when Slack is down while a provider retries, then the story ships once and its notices go out once, later', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    const story = await storyWithFlag(h, actor, 'slack_down');
    h.emulator.failNext('chat.postMessage', { status: 503, match: (p) => String(p.text).includes('slack_down') }, 4);
    const body = Buffer.from(genericBody('slack_down', { enabled: true, at: '2026-03-02T10:00:00Z' }));
    const headers = signedHeaders('generic', connection.secret, body, 'msg_retry');
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await deliverFlag(h, connection, body, headers)).status).toBe(200);
    expect((await storyRow(h, story.id)).status).toBe('done');
    await expect.poll(() => threadOf(h, story).filter((text) => text.includes('shipped :tada: `slack_down`')).length, { timeout: 8000 }).toBe(1);
    await expect.poll(() => h.emulator.messagesIn(dmOf(actor.userId)).filter((m) => String(m.text).includes('slack_down')).length, { timeout: 8000 }).toBe(1);
    expect(await storedFor(connection)).toEqual({ events: 1, states: 1 });
  });
});
