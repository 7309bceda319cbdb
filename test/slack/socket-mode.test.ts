import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs } from '../../src/db/schema.ts';
import { type Runtime, startRuntime } from '../../src/runtime.ts';
import { newActor, validBug } from '../support/bug-flow.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { fastRuntime, testConfig, testLogger } from '../support/harness.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';
import { slashCommandBody, viewSubmission } from '../../src/sandbox/deliver.ts';
import { type SocketModeServer, startSocketModeServer } from '../support/socket-mode-server.ts';

const APP_TOKEN = 'xapp-1-test';

// The app in Socket Mode against a local Slack: the Web API emulator hands out the URL of a local
// WebSocket server that plays Slack's side of the socket (hello, envelopes, acks).
describe('Socket Mode on pglite', () => {
  let emulator: SlackEmulator;
  let socket: SocketModeServer;
  let database: TestDatabase;
  let runtime: Runtime;
  const actor = newActor();
  let openedView: any;

  beforeAll(async () => {
    emulator = await startSlackEmulator();
    socket = await startSocketModeServer();
    emulator.socketModeUrl = socket.url;
    database = await createTestDatabase('pglite');
    runtime = await startRuntime({
      config: { ...testConfig(emulator, { appToken: APP_TOKEN, signingSecret: undefined }) },
      database,
      logger: testLogger(),
      ...fastRuntime,
    });
  });

  afterAll(async () => {
    await runtime?.stop(2000);
    // Bolt's stop() does not wait for the close handshake; let it finish so the socket closes cleanly.
    await socket?.waitForDisconnect(2000).catch(() => undefined);
    await database?.drop();
    await socket?.close();
    await emulator?.close();
  });

  it('when the app starts, then it opens the connection with its app token and waits for hello', async () => {
    const [open] = emulator.callsTo('apps.connections.open');
    expect(open?.token).toBe(APP_TOKEN);
    expect(socket.connected).toBe(1);
    expect(socket.messages[0]).toMatchObject({ direction: 'out', data: { type: 'hello' } });
  });

  it('when Slack sends a /bug slash command envelope, then the app acks it and opens the modal', async () => {
    const triggerId = `trigger-${randomUUID()}`;
    const form = slashCommandBody({ ...actor, command: '/bug', text: 'login fails', channelId: 'C_SOCKET', triggerId, responseUrl: emulator.responseUrl() });
    const envelopeId = randomUUID();

    const ack = await socket.send({ envelope_id: envelopeId, type: 'slash_commands', payload: Object.fromEntries(new URLSearchParams(form)) });

    expect(ack.envelope_id).toBe(envelopeId);
    expect(ack.payload ?? {}).toEqual({});
    const open = await emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    expect(open.token).toMatch(/^xoxb-/);
    expect(open.params.view.callback_id).toBe('bug_modal');
    const summary = open.params.view.blocks.find((b: any) => b.block_id === 'summary_block');
    expect(summary.element.initial_value).toBe('login fails');
    openedView = { ...open.params.view, id: `V${randomUUID().slice(0, 10).toUpperCase()}` };
  });

  it('when the modal is submitted over the socket, then BUG-1 is stored and confirmed', async () => {
    expect(openedView).toBeDefined();
    const envelopeId = randomUUID();

    const ack = await socket.send({ envelope_id: envelopeId, type: 'interactive', payload: viewSubmission(openedView, { ...validBug, summary_block: 'login fails' }, actor) });

    expect(ack.envelope_id).toBe(envelopeId);
    expect(ack.payload?.response_action).toBeUndefined();
    // Saved before the ack: the row is there as soon as the ack is.
    const stored = await database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId));
    expect(stored).toMatchObject([{ number: 1, summary: 'login fails', reporterId: actor.userId, channelId: 'C_SOCKET', sourceViewId: openedView.id }]);
    const post = await emulator.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === 'C_SOCKET' && String(c.params.text).includes('BUG-1 filed')),
    );
    expect(post.token).toMatch(/^xoxb-/);
  });

  it('then /healthz answers 200 on PORT in Socket Mode too, and /slack/events is not served', async () => {
    const health = await fetch(`${runtime.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const events = await fetch(`${runtime.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(events.status).toBe(404);
  });
});
