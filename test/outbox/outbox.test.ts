import { WebClient } from '@slack/web-api';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackClientOptions } from '../../src/slack/client-options.ts';
import { bugs, outbox, workspaces } from '../../src/db/schema.ts';
import { createDispatcher, type DispatcherOptions } from '../../src/outbox/dispatcher.ts';
import { enqueue } from '../../src/outbox/enqueue.ts';
import { startRuntime } from '../../src/runtime.ts';
import { newActor, openBugModal, submitView, validBug } from '../support/bug-flow.ts';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/db.ts';
import { BOT_TOKEN, fastRuntime, type Harness, startHarness, testConfig, testLogger } from '../support/harness.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';

describe.each(dbKinds)('the outbox on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const confirmationsIn = (channel: string) => h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === channel && String(c.params.text).includes(' filed: '));
  const rowsOf = (teamId: string) => h.database.db.select().from(outbox).where(eq(outbox.workspaceId, teamId)).orderBy(outbox.id);

  async function submitBug(channel: string) {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'outbox', channel);
    expect((await submitView(h, view, validBug, actor)).body).toBeUndefined();
    return actor;
  }

  it('when Slack answers 500 three times and then 200, then the confirmation is delivered exactly once', async () => {
    h.emulator.failNext('chat.postMessage', { status: 500, match: (p) => p.channel === 'C_FLAKY' && String(p.text).includes(' filed: ') }, 3);
    const actor = await submitBug('C_FLAKY');
    await h.emulator.waitFor(() => confirmationsIn('C_FLAKY').filter((c) => !c.failed)[0]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(confirmationsIn('C_FLAKY').map((c) => c.failed)).toEqual([true, true, true, false]);
    const [confirmation] = await rowsOf(actor.teamId);
    expect([confirmation?.status, confirmation?.attempts]).toEqual(['sent', 4]);
  });

  it('when Slack answers 429 with Retry-After: 2, then the next attempt waits at least 2 s', async () => {
    h.emulator.failNext('chat.postMessage', { status: 429, retryAfter: 2, match: (p) => p.channel === 'C_LIMITED' });
    await submitBug('C_LIMITED');
    await h.emulator.waitFor(() => confirmationsIn('C_LIMITED').filter((c) => !c.failed)[0], 6000);
    const [limited, delivered] = confirmationsIn('C_LIMITED');
    expect(limited?.failed).toBe(true);
    expect(delivered!.at - limited!.at).toBeGreaterThanOrEqual(2000);
    expect(confirmationsIn('C_LIMITED')).toHaveLength(2);
  });

  it('when the channel is gone (channel_not_found) for the triage message, then it is not retried and is marked failed', async () => {
    h.emulator.failNext('chat.postMessage', { error: 'channel_not_found', match: (p) => p.channel === 'C_GONE' && !String(p.text).includes(' filed: ') });
    const actor = await submitBug('C_GONE');
    await expect.poll(async () => (await rowsOf(actor.teamId)).map((r) => r.status)).toEqual(['sent', 'failed']);
    const rows = await rowsOf(actor.teamId);
    expect([rows[1]?.attempts, rows[1]?.lastError]).toEqual([1, 'channel_not_found']);
  });

  it('when the app stops between saving a bug and sending its confirmation, then the next start delivers it once', async () => {
    // Slack is down for the first instance, so the confirmation is still queued when it stops.
    h.emulator.failNext('chat.postMessage', { status: 503, match: (p) => p.channel === 'C_RESTART' }, 1000);
    const actor = await submitBug('C_RESTART');
    await h.emulator.waitFor(() => confirmationsIn('C_RESTART')[0]);
    await h.runtime.stop(1000);
    expect((await rowsOf(actor.teamId))[0]?.status).toBe('pending');
    h.emulator.reset();

    h.runtime = await startRuntime({ config: testConfig(h.emulator), database: h.database, logger: testLogger(), ...fastRuntime, outbox: { ...fastRuntime.outbox, baseDelayMs: 20, maxDelayMs: 50 } });
    h.appUrl = h.runtime.url;
    await h.database.db.update(outbox).set({ nextAttemptAt: new Date() }).where(eq(outbox.workspaceId, actor.teamId));
    await h.emulator.waitFor(() => confirmationsIn('C_RESTART')[0], 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(confirmationsIn('C_RESTART').filter((c) => !c.failed)).toHaveLength(1);
  });

  it('when a bug is already posted and its thread known, then a second filing of the same view queues nothing more', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'Queued once', 'C_ONCE');
    expect((await submitView(h, view, { ...validBug, summary_block: 'Queued once' }, actor)).body).toBeUndefined();
    const [bug] = await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId));
    await expect.poll(async () => (await h.database.db.select().from(bugs).where(eq(bugs.id, bug!.id)))[0]?.threadTs && (await rowsOf(actor.teamId)).every((r) => r.status === 'sent')).toBe(true);

    expect((await submitView(h, view, { ...validBug, summary_block: 'Queued once' }, actor)).body).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await h.database.db.select({ id: bugs.id }).from(bugs).where(eq(bugs.workspaceId, actor.teamId))).toEqual([{ id: bug!.id }]);
    expect((await rowsOf(actor.teamId)).map((r) => [r.payload, r.status])).toEqual([
      [{ type: 'bug_confirmation', bugId: bug!.id, channelId: 'C_ONCE', responseUrl: expect.any(String) }, 'sent'],
      [{ type: 'triage_post', bugId: bug!.id }, 'sent'],
    ]);
    expect(confirmationsIn('C_ONCE')).toHaveLength(1);
  });

  it.runIf(kind === 'postgres')('when three dispatchers (the app\'s and two more) share the database, then each of 40 messages is sent exactly once', async () => {
    const teamId = newActor().teamId;
    await h.database.db.insert(workspaces).values({ id: teamId });
    for (let i = 0; i < 40; i += 1) await enqueue(h.database.db, teamId, { type: 'post', channelId: 'C_SHARED', text: `message ${i}` });
    const client = new WebClient(BOT_TOKEN, slackClientOptions(h.emulator.url));
    const make = () => createDispatcher({ db: h.database.db, logger: testLogger(), clientFor: async () => client, batchSize: 5 });
    const [a, b] = [make(), make()];
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    await expect.poll(async () => (await h.database.db.select().from(outbox).where(eq(outbox.workspaceId, teamId))).every((r) => r.status === 'sent')).toBe(true);
    const texts = h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_SHARED').map((c) => c.params.text);
    expect(texts.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `message ${i}`).sort());
    const rows = await h.database.db.select().from(outbox).where(eq(outbox.workspaceId, teamId));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});

describe.each(dbKinds)('outbox leases on %s', (kind) => {
  let emulator: SlackEmulator;
  let database: TestDatabase;
  let client: WebClient;
  beforeAll(async () => {
    emulator = await startSlackEmulator();
    database = await createTestDatabase(kind);
    client = new WebClient(BOT_TOKEN, slackClientOptions(emulator.url));
  });
  afterAll(async () => {
    await database?.drop();
    await emulator?.close();
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** A dispatcher of its own (no app around it) with a 300 ms lease. */
  const dispatcher = (options: Partial<DispatcherOptions> = {}) =>
    createDispatcher({ db: database.db, logger: testLogger(), clientFor: async () => client, baseDelayMs: 20, maxDelayMs: 100, leaseMs: 300, ...options });
  const postsTo = (channel: string) => emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
  const rowsOf = (teamId: string) => database.db.select().from(outbox).where(eq(outbox.workspaceId, teamId));

  async function newWorkspace() {
    const teamId = newActor().teamId;
    await database.db.insert(workspaces).values({ id: teamId });
    return teamId;
  }

  it('when a send takes longer than the lease, then its dispatcher keeps the lease and no other dispatcher sends the row again', async () => {
    const teamId = await newWorkspace();
    await enqueue(database.db, teamId, { type: 'post', channelId: 'C_SLOW_SEND', text: 'slow to send' });
    emulator.failNext('chat.postMessage', { delayMs: 1200, match: (p) => p.channel === 'C_SLOW_SEND' });
    const [a, b] = [dispatcher(), dispatcher()];
    const first = a.drain();
    await sleep(700);
    await b.drain();
    await first;
    expect(postsTo('C_SLOW_SEND')).toHaveLength(1);
    expect((await rowsOf(teamId)).map((r) => [r.status, r.attempts])).toEqual([['sent', 1]]);
  });

  it('when a dispatcher lost its lease during a send, then finishing it does not overwrite what the new holder recorded', async () => {
    const teamId = await newWorkspace();
    const [bug] = await database.db
      .insert(bugs)
      .values({ workspaceId: teamId, number: 1, summary: 'Lease', steps: 's', expected: 'e', actual: 'a', reporterId: 'UREPORTER', channelId: 'C_LEASE_LOST' })
      .returning();
    await enqueue(database.db, teamId, { type: 'triage_post', bugId: bug!.id });
    emulator.failNext('chat.postMessage', { delayMs: 800, match: (p) => p.channel === 'C_LEASE_LOST' });
    const [a, b] = [dispatcher(), dispatcher()];
    const first = a.drain();
    await sleep(200);
    // As if a's process had stalled past its lease: the row is free to claim again.
    await database.db.update(outbox).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(outbox.workspaceId, teamId));
    await b.drain();
    await first;
    // b's post was answered at once; a's, held up by the emulator, is recorded after it.
    const [fromB, fromA] = postsTo('C_LEASE_LOST');
    expect(postsTo('C_LEASE_LOST')).toHaveLength(2);
    const stored = (await database.db.select().from(bugs).where(eq(bugs.id, bug!.id)))[0]!;
    expect(stored.triageTs).toBe(fromB!.response?.ts);
    expect(stored.triageTs).not.toBe(fromA!.response?.ts);
    expect((await rowsOf(teamId)).map((r) => [r.status, r.attempts])).toEqual([['sent', 2]]);
  });

  it('when stopping with a backlog longer than its last pass may take, then it stops in time, hands back what it claimed, and the next dispatcher sends the rest once', async () => {
    const teamId = await newWorkspace();
    for (let i = 0; i < 20; i += 1) await enqueue(database.db, teamId, { type: 'post', channelId: 'C_BACKLOG', text: `queued ${i}` });
    emulator.failNext('chat.postMessage', { delayMs: 100, match: (p) => p.channel === 'C_BACKLOG' }, 20);
    const first = dispatcher({ leaseMs: 60_000, batchSize: 10 });
    const started = Date.now();
    await first.stop(350);
    expect(Date.now() - started).toBeLessThan(1500);
    const sentFirst = postsTo('C_BACKLOG').length;
    expect(sentFirst).toBeGreaterThan(0);
    expect(sentFirst).toBeLessThan(20);
    const left = (await rowsOf(teamId)).filter((r) => r.status === 'pending');
    expect(left).toHaveLength(20 - sentFirst);
    // Handed back, not held: no lease, no attempt used.
    expect(left.every((r) => r.lockedUntil === null && r.attempts === 0)).toBe(true);

    await dispatcher().drain();
    const texts = postsTo('C_BACKLOG').map((c) => c.params.text);
    expect(texts.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `queued ${i}`).sort());
    expect((await rowsOf(teamId)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('when Slack answers 429 more times than the attempt limit, then the message still goes out, since rate limits use up no attempt', async () => {
    const teamId = await newWorkspace();
    await enqueue(database.db, teamId, { type: 'post', channelId: 'C_RATE_LIMITED', text: 'patient' });
    emulator.failNext('chat.postMessage', { status: 429, retryAfter: 0, match: (p) => p.channel === 'C_RATE_LIMITED' }, 3);
    const d = dispatcher({ maxAttempts: 2, pollMs: 20 });
    d.start();
    try {
      await expect.poll(async () => (await rowsOf(teamId))[0]?.status, { timeout: 5000 }).not.toBe('pending');
    } finally {
      await d.stop();
    }
    expect(postsTo('C_RATE_LIMITED').map((c) => c.failed)).toEqual([true, true, true, false]);
    expect((await rowsOf(teamId)).map((r) => [r.status, r.attempts])).toEqual([['sent', 1]]);
  });
});
