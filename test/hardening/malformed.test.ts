import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, comments, itemHistory, outbox, stories } from '../../src/db/schema.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { capturedLogger } from '../support/log-lines.ts';
import { postSigned, slashCommandBody } from '../../src/sandbox/deliver.ts';

/*
 * Requests that are not what Slack sends (or not what this app handles) get a 4xx, or are acknowledged and
 * ignored with a log line; never a 5xx, never a change in the database, never a call to Slack.
 */
describe.each(dbKinds)('malformed requests on %s', (kind) => {
  let h: Harness;
  const { logger, lines } = capturedLogger('warn');
  beforeAll(async () => {
    h = await startHarness(kind, { logger });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const form = (payload: string) => new URLSearchParams({ payload }).toString();
  const formType = 'application/x-www-form-urlencoded';
  const from = { team: { id: 'T_MALFORMED' }, user: { id: 'U1', team_id: 'T_MALFORMED' } };

  async function expectNothingChanged(): Promise<void> {
    for (const table of [bugs, stories, itemHistory, outbox, comments]) {
      expect(await h.database.db.select().from(table).where(eq(table.workspaceId, 'T_MALFORMED'))).toEqual([]);
    }
    expect(h.emulator.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  }

  const cases: [string, string, string, number, RegExp][] = [
    ['a payload that is not JSON', form('{not json'), formType, 400, /not JSON/],
    ['a JSON body that is not JSON', '{not json', 'application/json', 400, /not JSON/],
    ['an empty body', '', formType, 400, /malformed/],
    ['a payload without a type', form('{}'), formType, 400, /malformed/],
    ['a view submission without its view', form(JSON.stringify({ type: 'view_submission', ...from })), formType, 400, /malformed/],
    ['a button press without actions', form(JSON.stringify({ type: 'block_actions', ...from, actions: [] })), formType, 400, /malformed/],
    ['a payload of a type the app does not handle', form(JSON.stringify({ type: 'dialog_submission', ...from })), formType, 400, /malformed/],
    ['a slash command without its workspace', 'command=%2Fbug&user_id=U1&text=x', formType, 400, /malformed/],
  ];

  it.each(cases)('when Slack is sent %s, then the answer is a 4xx with a log line, and nothing changes', async (_name, body, contentType, status, logged) => {
    h.emulator.reset();
    const before = lines.length;
    const response = await postSigned(h.appUrl, body, contentType);
    expect(response.status).toBe(status);
    expect(lines.slice(before).some((line) => logged.test(String(line.msg)))).toBe(true);
    await expectNothingChanged();
  });

  it('when a body is larger than Slack ever sends, then it is refused with 413 before it is read whole', async () => {
    h.emulator.reset();
    const response = await postSigned(h.appUrl, `payload=${'a'.repeat(2 * 1024 * 1024)}`, formType);
    expect(response.status).toBe(413);
    await expectNothingChanged();
  });

  it.each([
    ['an action id', form(JSON.stringify({ type: 'block_actions', ...from, trigger_id: 't', response_url: 'http://127.0.0.1:9/x', actions: [{ action_id: 'no_such_action', block_id: 'b', type: 'button', value: '1', action_ts: '1' }] }))],
    ['a modal callback id', form(JSON.stringify({ type: 'view_submission', ...from, view: { id: 'V1', callback_id: 'no_such_modal', state: { values: {} }, private_metadata: '' } }))],
    ['a command', slashCommandBody({ teamId: 'T_MALFORMED', userId: 'U1', command: '/nosuchcommand', text: '', responseUrl: 'http://127.0.0.1:9/x' })],
  ])('when a request carries %s no listener handles, then it is acknowledged at once, logged and ignored', async (_name, body) => {
    h.emulator.reset();
    const before = lines.length;
    const started = Date.now();
    const response = await postSigned(h.appUrl, body, formType);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(lines.slice(before).some((line) => /no listener handles/.test(String(line.msg)))).toBe(true);
    await expectNothingChanged();
  });

  const command = slashCommandBody({ teamId: 'T_MALFORMED', userId: 'U1', command: '/bug', text: 'forged', responseUrl: 'http://127.0.0.1:9/x', triggerId: 'forged' });
  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['no signature headers', { headers: { 'x-slack-signature': '', 'x-slack-request-timestamp': '' } }],
    ['a timestamp that is not a number', { headers: { 'x-slack-request-timestamp': '12abc' } }],
    ['a timestamp six minutes old', { timestamp: now() - 6 * 60 }],
    ['a timestamp six minutes ahead', { timestamp: now() + 6 * 60 }],
    ['a signature of the wrong length', { signature: 'v0=abc' }],
    ['a signature of another scheme', { signature: `v1=${'0'.repeat(64)}` }],
    ['a signature of the right shape that does not match', { signature: `v0=${'0'.repeat(64)}` }],
  ] as [string, Parameters<typeof postSigned>[3]][])('when a /bug comes with %s, then it is refused with 401 and a log line, and nothing happens', async (_name, options) => {
    h.emulator.reset();
    const before = lines.length;
    const response = await postSigned(h.appUrl, command, formType, options);
    expect(response.status).toBe(401);
    expect(lines.slice(before).some((line) => line.msg === 'Slack request with a bad signature refused')).toBe(true);
    await expectNothingChanged();
  });

  it("when Slack's SSL check comes (unsigned), then it gets 200 and nothing else; a command riding on it is not run", async () => {
    h.emulator.reset();
    for (const body of ['ssl_check=1&token=legacy', `ssl_check=1&${command}`]) {
      const response = await fetch(`${h.appUrl}/slack/events`, { method: 'POST', headers: { 'content-type': formType }, body });
      expect([response.status, await response.text()]).toEqual([200, '']);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectNothingChanged();
    // Unsigned and not an SSL check: refused.
    const unsigned = await fetch(`${h.appUrl}/slack/events`, { method: 'POST', headers: { 'content-type': formType }, body: command });
    expect(unsigned.status).toBe(401);
  });

  it("when Slack verifies the events URL (signed url_verification), then the challenge is answered; a GET on the endpoint is 404", async () => {
    const response = await postSigned(h.appUrl, JSON.stringify({ token: 'legacy', challenge: 'c-3f9a', type: 'url_verification' }), 'application/json');
    expect([response.status, await response.json()]).toEqual([200, { challenge: 'c-3f9a' }]);
    expect((await fetch(`${h.appUrl}/slack/events`)).status).toBe(404);
    await expectNothingChanged();
  });

  it('when signed payloads are arbitrary JSON, then the answer is never a server error and nothing changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((value) => form(JSON.stringify(value))),
          fc.record({ type: fc.constantFrom('block_actions', 'view_submission', 'shortcut', 'message_action', 'event_callback'), team: fc.constant({ id: 'T_MALFORMED' }) }, { requiredKeys: ['type'] }).chain((base) =>
            fc.dictionary(fc.constantFrom('user', 'view', 'actions', 'callback_id', 'trigger_id', 'event', 'channel', 'message'), fc.jsonValue()).map((extra) => form(JSON.stringify({ ...extra, ...base }))),
          ),
          fc.string({ maxLength: 200 }),
        ),
        async (body) => {
          h.emulator.reset();
          const response = await postSigned(h.appUrl, body, formType);
          expect(response.status).toBeLessThan(500);
          await expectNothingChanged();
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 60) },
    );
  }, 120_000);
});
