import { WebClient } from '@slack/web-api';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bugs, outbox, workspaces } from '../../src/db/schema.ts';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../../src/outbox/dispatcher.ts';
import { enqueueAll } from '../../src/outbox/enqueue.ts';
import type { OutboxPayload } from '../../src/outbox/messages.ts';
import { slackLimits } from '../../src/outbox/rate-limits.ts';
import { type RecordedCall, type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';
import { slackClientOptions } from '../../src/slack/client-options.ts';
import { newActor } from '../support/bug-flow.ts';
import { createTestDatabase, dbKinds, serverUrl, type TestDatabase } from '../support/db.ts';
import { testLogger } from '../support/harness.ts';

describe.each(dbKinds)('concurrent delivery on %s', (kind) => {
  let emulator: SlackEmulator;
  let database: TestDatabase;
  const running: Dispatcher[] = [];
  beforeAll(async () => {
    emulator = await startSlackEmulator();
    database = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((d) => d.stop()));
    emulator.reset();
  });
  afterAll(async () => {
    await database?.drop();
    await emulator?.close();
  });

  /** A started dispatcher of its own, one client per workspace (its own token), short retry delays. */
  function dispatcher(options: Partial<DispatcherOptions> = {}) {
    const clients = new Map<string, WebClient>();
    const clientFor = async (teamId: string) => {
      if (!clients.has(teamId)) clients.set(teamId, new WebClient(`xoxb-${teamId}`, slackClientOptions(emulator.url)));
      return clients.get(teamId);
    };
    const d = createDispatcher({ db: database.db, logger: testLogger(), clientFor, baseDelayMs: 50, maxDelayMs: 200, pollMs: 20, ...options });
    running.push(d);
    d.start();
    return d;
  }

  async function newWorkspace() {
    const teamId = newActor().teamId;
    await database.db.insert(workspaces).values({ id: teamId });
    return teamId;
  }
  const post = (channelId: string, text: string, threadTs?: string): OutboxPayload => ({ type: 'post', channelId, text, ...(threadTs ? { threadTs } : {}) });
  const accepted = (match: (call: RecordedCall) => boolean) => emulator.calls.filter((c) => c.method === 'chat.postMessage' && !c.failed && match(c));
  const withText = (text: string) => accepted((c) => c.params.text === text)[0];
  /** The dispatcher has heard the 429 (what Slack answered reaches it a moment after the stand-in recorded it). */
  const heardRateLimit = (teamId: string) =>
    expect.poll(async () => (await database.db.select({ lastError: outbox.lastError }).from(outbox).where(eq(outbox.workspaceId, teamId))).some((r) => r.lastError === 'ratelimited')).toBe(true);
  const allSent = async (teamIds: string[]) =>
    expect.poll(async () => (await database.db.select({ status: outbox.status }).from(outbox).where(inArray(outbox.workspaceId, teamIds))).every((r) => r.status !== 'pending'), { timeout: 20_000 }).toBe(true);

  it('when Slack answers 429 for one channel, then that channel\'s next messages wait for Retry-After and the other channels\' go at once', async () => {
    const teamId = await newWorkspace();
    emulator.failNext('chat.postMessage', { status: 429, retryAfter: 1, match: (p) => p.channel === 'C_HOT' });
    await enqueueAll(database.db, teamId, [{ payload: post('C_HOT', 'hot 1', '1.1') }]);
    dispatcher();
    const limited = await emulator.waitFor((calls) => calls.find((c) => c.params.channel === 'C_HOT' && c.failed));
    await heardRateLimit(teamId);
    // Another lane bound for the same channel, and other channels, queued inside the Retry-After window.
    await enqueueAll(database.db, teamId, [{ payload: post('C_HOT', 'hot 2', '1.2') }, ...['C_COOL_1', 'C_COOL_2'].map((c) => ({ payload: post(c, `cool ${c}`) }))]);
    await allSent([teamId]);
    expect(withText('cool C_COOL_1')!.at - limited.at).toBeLessThan(700);
    expect(withText('cool C_COOL_2')!.at - limited.at).toBeLessThan(700);
    const hot = emulator.calls.filter((c) => c.params.channel === 'C_HOT');
    expect(hot.filter((c) => c !== limited).every((c) => c.at - limited.at >= 1000)).toBe(true);
    expect(hot.filter((c) => !c.failed).map((c) => c.params.text).sort()).toEqual(['hot 1', 'hot 2']);
  });

  it('when Slack answers 429 for a method in one workspace, then another workspace\'s calls of that method are not delayed', async () => {
    const [slow, fast] = [await newWorkspace(), await newWorkspace()];
    let number = 0;
    const bugIn = async (teamId: string) => {
      number += 1;
      const [bug] = await database.db.insert(bugs).values({ workspaceId: teamId, number, summary: 'Moved', steps: 's', expected: 'e', actual: 'a', reporterId: 'UREPORTER', channelId: 'C_FILED' }).returning();
      return bug!.id;
    };
    const moved = (bugId: number, channelId: string): OutboxPayload => ({ type: 'triage_moved', bugId, channelId, ts: '1700000000.000100', teamName: 'Elsewhere' });
    emulator.failNext('chat.update', { status: 429, retryAfter: 2, match: (p) => p.channel === 'C_SLOW_1' });
    await enqueueAll(database.db, slow, [{ payload: moved(await bugIn(slow), 'C_SLOW_1') }]);
    dispatcher();
    const limited = await emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.failed));
    await heardRateLimit(slow);
    // Slack scopes chat.update's tier to the workspace: the slow one's other channel waits too, the fast one does not.
    await enqueueAll(database.db, slow, [{ payload: moved(await bugIn(slow), 'C_SLOW_2') }]);
    await enqueueAll(database.db, fast, [{ payload: moved(await bugIn(fast), 'C_FAST') }]);
    const fastUpdate = await emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.params.channel === 'C_FAST' && !c.failed), 3000);
    expect(fastUpdate.at - limited.at).toBeLessThan(1000);
    await allSent([slow, fast]);
    const slowUpdates = emulator.callsTo('chat.update').filter((c) => String(c.params.channel).startsWith('C_SLOW') && c !== limited);
    expect(slowUpdates.length).toBeGreaterThan(0);
    expect(slowUpdates.every((c) => c.at - limited.at >= 2000)).toBe(true);
  });

  it('when one thread\'s messages are queued among many others and Slack fails calls at random, then the thread gets them in order, none overtaking an earlier one', async () => {
    const teamId = await newWorkspace();
    emulator.pace.configure({ latencyMs: { min: 5, max: 40 } });
    emulator.failRandomly({ rate: 0.3, seed: 16, kinds: ['http500', 'ok_false', 'ratelimited'] });
    const messages = Array.from({ length: 12 }, (_, i) => [{ payload: post('C_THREAD', `step ${i}`, '1700000000.000200') }, ...Array.from({ length: 4 }, (_, j) => ({ payload: post(`C_OTHER_${(i * 4 + j) % 10}`, `other ${i}-${j}`, `1.${i}${j}`) }))]).flat();
    await enqueueAll(database.db, teamId, messages);
    dispatcher({ concurrency: 8 });
    await allSent([teamId]);
    const thread = emulator.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === 'C_THREAD');
    expect(thread.filter((c) => !c.failed).map((c) => c.params.text)).toEqual(Array.from({ length: 12 }, (_, i) => `step ${i}`));
    // No attempt at step i+1 before step i was accepted.
    for (let i = 1; i < 12; i += 1) {
      const firstTry = thread.find((c) => c.params.text === `step ${i}`)!;
      expect(firstTry.at).toBeGreaterThanOrEqual(withText(`step ${i - 1}`)!.at);
    }
    expect(emulator.calls.some((c) => c.failed && String(c.params.channel).startsWith('C_OTHER'))).toBe(true);
  });

  it('when 60 messages for 60 channels are due with OUTBOX concurrency 5, then Slack never sees more than 5 calls at once, and does see 5', async () => {
    const teamId = await newWorkspace();
    emulator.pace.configure({ latencyMs: 40 });
    await enqueueAll(database.db, teamId, Array.from({ length: 60 }, (_, i) => ({ payload: post(`C_BOUND_${i}`, `bound ${i}`) })));
    dispatcher({ concurrency: 5 });
    await allSent([teamId]);
    expect(emulator.pace.peakInFlight).toBe(5);
    expect(accepted((c) => String(c.params.text).startsWith('bound '))).toHaveLength(60);
  });

  it('when one workspace has 500 messages queued, then another workspace\'s one message still goes out within a few Slack round trips', async () => {
    const [busy, quiet] = [await newWorkspace(), await newWorkspace()];
    emulator.pace.configure({ latencyMs: 50 });
    await enqueueAll(database.db, busy, Array.from({ length: 500 }, (_, i) => ({ payload: post(`C_BUSY_${i % 50}`, `busy ${i}`, `1.${i}`) })));
    const d = dispatcher({ concurrency: 4 });
    await emulator.waitFor((calls) => calls.filter((c) => String(c.params.text).startsWith('busy ')).length >= 20);
    const queuedAt = Date.now();
    await enqueueAll(database.db, quiet, [{ payload: post('C_QUIET', 'quiet one') }]);
    d.wake();
    const delivered = await emulator.waitFor(() => withText('quiet one'), 5000);
    // Four slots of 50 ms calls: it waits for one to come free, then goes.
    expect(delivered.at - queuedAt).toBeLessThan(400);
    // ...while most of the busy workspace's backlog is still queued.
    const stillQueued = await database.db.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.workspaceId, busy), eq(outbox.status, 'pending')));
    expect(stillQueued.length).toBeGreaterThan(300);
  }, 60_000);

  it('when paced to Slack\'s limits and the stand-in enforces them, then a burst for one channel goes out at its rate without a single 429', async () => {
    const teamId = await newWorkspace();
    emulator.pace.configure({ latencyMs: 10, perChannel: { burst: 3, perSecond: 1 } });
    await enqueueAll(database.db, teamId, Array.from({ length: 6 }, (_, i) => ({ payload: post('C_PACED', `paced ${i}`, `1.${i}`) })));
    const started = Date.now();
    dispatcher({ limits: slackLimits });
    await allSent([teamId]);
    const calls = emulator.calls.filter((c) => c.params.channel === 'C_PACED');
    expect(calls.filter((c) => c.rateLimited)).toEqual([]);
    expect(calls.filter((c) => !c.failed)).toHaveLength(6);
    // Paced one below Slack's bucket of 3 (a margin for the trip there), then one a second: the sixth at 4 s.
    expect(calls.at(-1)!.at - started).toBeGreaterThanOrEqual(3500);
  });
});

describe.runIf(serverUrl)('two instances on one PostgreSQL', () => {
  let emulator: SlackEmulator;
  let database: TestDatabase;
  beforeAll(async () => {
    emulator = await startSlackEmulator();
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database?.drop();
    await emulator?.close();
  });

  it('when two dispatchers send 300 messages of 3 workspaces, then each is sent exactly once and one thread keeps its order', async () => {
    const teams = [newActor().teamId, newActor().teamId, newActor().teamId];
    await database.db.insert(workspaces).values(teams.map((id) => ({ id })));
    emulator.pace.configure({ latencyMs: { min: 5, max: 30 } });
    for (const [t, teamId] of teams.entries()) {
      await enqueueAll(
        database.db,
        teamId,
        Array.from({ length: 100 }, (_, i) => ({ payload: { type: 'post', channelId: i % 5 === 0 ? `C_TWO_THREAD_${t}` : `C_TWO_${t}_${i % 20}`, text: `two ${t}-${i}`, ...(i % 5 === 0 ? { threadTs: '1.5' } : { threadTs: `2.${i}` }) } as OutboxPayload })),
      );
    }
    const client = new WebClient('xoxb-two', slackClientOptions(emulator.url));
    const make = () => createDispatcher({ db: database.db, logger: testLogger(), clientFor: async () => client, concurrency: 8, pollMs: 20, baseDelayMs: 50, maxDelayMs: 200 });
    const [a, b] = [make(), make()];
    a.start();
    b.start();
    try {
      await expect.poll(async () => (await database.db.select({ status: outbox.status }).from(outbox).where(inArray(outbox.workspaceId, teams))).every((r) => r.status === 'sent'), { timeout: 20_000 }).toBe(true);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const texts = emulator.callsTo('chat.postMessage').map((c) => String(c.params.text)).filter((t) => t.startsWith('two '));
    expect(texts.sort()).toEqual(teams.flatMap((_, t) => Array.from({ length: 100 }, (_, i) => `two ${t}-${i}`)).sort());
    for (const t of teams.keys()) {
      const thread = emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === `C_TWO_THREAD_${t}`).map((c) => c.params.text);
      expect(thread).toEqual(Array.from({ length: 20 }, (_, k) => `two ${t}-${k * 5}`));
    }
    const rows = await database.db.select().from(outbox).where(inArray(outbox.workspaceId, teams));
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});
