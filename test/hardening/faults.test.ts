import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, outbox } from '../../src/db/schema.ts';
import { workspaceWithSettings } from '../support/teams.ts';
import { openDatabase } from '../../src/db/client.ts';
import { runDueDigests } from '../../src/digest/run-digests.ts';
import { type Runtime, startRuntime } from '../../src/runtime.ts';
import { fileBugThrough, newActor, openBugModal, pressTriage, reload, submitView, validBug } from '../support/bug-flow.ts';
import { createTestDatabase, dbKinds, serverUrl, type TestDatabase } from '../support/db.ts';
import { fastRuntime, type Harness, startHarness, testConfig, testLogger } from '../support/harness.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

describe.each(dbKinds)('Slack failing on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const delivered = (channel: string, text: string, threadTs?: string) =>
    h.emulator.callsTo('chat.postMessage').filter((c) => !c.failed && c.params.channel === channel && String(c.params.text).includes(text) && (threadTs === undefined || c.params.thread_ts === threadTs));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  it('when the connection drops and Slack answers ok:false internal_error while posting a thread reply, then it arrives once', async () => {
    const actor = newActor();
    const bug = await fileBugThrough(h, actor, 'Reply under faults', 'C_FAULT_REPLY');
    const reply = (p: Record<string, unknown>) => p.thread_ts === bug.threadTs && String(p.text).includes('needs more information');
    h.emulator.failNext('chat.postMessage', { drop: true, match: reply });
    h.emulator.failNext('chat.postMessage', { error: 'internal_error', match: reply });
    h.emulator.failNext('chat.postMessage', { status: 429, retryAfter: 1, match: reply });
    await pressTriage(h, actor, bug, 'needs_info');
    await h.emulator.waitFor(() => delivered('C_FAULT_REPLY', 'needs more information', bug.threadTs!)[0], 8000);
    await settle();
    expect(delivered('C_FAULT_REPLY', 'needs more information', bug.threadTs!)).toHaveLength(1);
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => reply(c.params)).map((c) => c.failed)).toEqual([true, true, true, false]);
  });

  it('when a triage message update fails with 500 then succeeds, then the message shows the latest state once updated', async () => {
    const actor = newActor();
    const bug = await fileBugThrough(h, actor, 'Update under faults', 'C_FAULT_UPDATE');
    h.emulator.failNext('chat.update', { status: 500, match: (p) => p.ts === bug.triageTs }, 2);
    await pressTriage(h, actor, bug, 'probability', '3');
    await expect.poll(async () => (await reload(h, bug)).probability).toBe(3);
    await pressTriage(h, actor, bug, 'impact', '5');
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && !c.failed && c.params.ts === bug.triageTs && String(c.params.text).includes('risk 15 · critical')), 8000);
  });

  it('when the weekly digest post hits ok:false ratelimited-style errors and a dropped connection, then it is posted once', async () => {
    const id = newActor().teamId;
    await workspaceWithSettings(h.database.db, { id }, { digestChannelId: 'C_FAULT_DIGEST', timeZone: 'UTC' });
    h.emulator.failNext('chat.postMessage', { drop: true, match: (p) => p.channel === 'C_FAULT_DIGEST' });
    h.emulator.failNext('chat.postMessage', { error: 'service_unavailable', match: (p) => p.channel === 'C_FAULT_DIGEST' });
    await runDueDigests(h.database.db, new Date('2026-11-23T10:00:00Z'));
    await h.emulator.waitFor(() => delivered('C_FAULT_DIGEST', 'Backlog digest')[0], 8000);
    await settle();
    expect(delivered('C_FAULT_DIGEST', 'Backlog digest')).toHaveLength(1);
  });

  it('when Slack does not answer a confirmation before the client times out, then it is retried and delivered once', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'timeout', 'C_FAULT_TIMEOUT');
    h.emulator.failNext('chat.postMessage', { hang: true, match: (p) => p.channel === 'C_FAULT_TIMEOUT' && String(p.text).includes(' filed: ') });
    expect((await submitView(h, view, validBug, actor)).body).toBeUndefined();
    await h.emulator.waitFor(() => delivered('C_FAULT_TIMEOUT', ' filed: ')[0], 12_000);
    await settle();
    expect(delivered('C_FAULT_TIMEOUT', ' filed: ')).toHaveLength(1);
    const [row] = await h.database.db.select().from(outbox).where(eq(outbox.workspaceId, actor.teamId)).orderBy(outbox.id);
    expect([row?.status, row?.attempts]).toEqual(['sent', 2]);
  }, 20_000);
});

describe.runIf(serverUrl)('PostgreSQL stopping and coming back', () => {
  let emulator: SlackEmulator;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let runtime: Runtime;
  let viaProxy: Awaited<ReturnType<typeof openDatabase>>;

  beforeAll(async () => {
    emulator = await startSlackEmulator();
    database = await createTestDatabase('postgres');
    let url: string;
    ({ proxy, url } = await TcpProxy.inFrontOf(database.url!));
    viaProxy = await openDatabase({ kind: 'postgres', url });
    runtime = await startRuntime({ config: testConfig(emulator), database: viaProxy, logger: testLogger(), ...fastRuntime });
  });
  afterAll(async () => {
    await runtime?.stop(1000);
    await viaProxy?.close().catch(() => undefined);
    await proxy?.close();
    await database?.drop();
    await emulator?.close();
  });

  it('when the database stops during a submission, then the modal stays open, /healthz goes 503, and once it is back the app recovers without a restart', async () => {
    const h = { appUrl: runtime.url, emulator } as unknown as Harness;
    const actor = newActor();
    expect((await fetch(`${runtime.url}/healthz`)).status).toBe(200);
    const view = await openBugModal(h, actor, 'outage');

    proxy.cut();
    const during = await submitView(h, view, { ...validBug, summary_block: 'outage' }, actor);
    expect(during.body?.response_action).toBe('errors');
    expect(during.body?.errors.summary_block).toMatch(/Couldn't save/);
    expect((await fetch(`${runtime.url}/healthz`)).status).toBe(503);

    await proxy.restore();
    await expect.poll(async () => (await fetch(`${runtime.url}/healthz`)).status, { timeout: 10_000, interval: 200 }).toBe(200);
    expect(await database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId))).toEqual([]);
    const after = await submitView(h, view, { ...validBug, summary_block: 'outage' }, actor);
    expect(after.body).toBeUndefined();
    expect((await database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId))).map((b) => b.summary)).toEqual(['outage']);
    await emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && String(c.params.text).includes('BUG-1 filed: outage')));
  }, 30_000);
});
