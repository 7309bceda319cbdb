import { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackClientOptions } from '../../src/slack/client-options.ts';
import { outbox, workspaces } from '../../src/db/schema.ts';
import { createDispatcher } from '../../src/outbox/dispatcher.ts';
import { enqueue } from '../../src/outbox/enqueue.ts';
import { startRuntime } from '../../src/runtime.ts';
import { fileBugThrough, newActor, openBugModal, submitView, validBug } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { BOT_TOKEN, fastRuntime, type Harness, startHarness, testConfig, testLogger } from '../support/harness.ts';

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
    const bug = await fileBugThrough(h, actor, 'Queued once', 'C_ONCE');
    expect((await rowsOf(actor.teamId)).map((r) => r.payload)).toEqual([
      { type: 'bug_confirmation', bugId: bug.id, channelId: 'C_ONCE', responseUrl: expect.any(String) },
      { type: 'triage_post', bugId: bug.id },
    ]);
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
