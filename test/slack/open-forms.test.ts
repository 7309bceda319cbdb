import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs } from '../../src/db/schema.ts';
import { newActor } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { type Actor, homeBlockActions, sendInteraction, sendSlashCommand } from '../../src/sandbox/deliver.ts';

/** A global shortcut payload as Slack sends it: no channel, and no response URL. */
const globalShortcut = (actor: Actor, callbackId: string, triggerId: string) => ({
  type: 'shortcut',
  callback_id: callbackId,
  trigger_id: triggerId,
  team: { id: actor.teamId, domain: actor.teamId.toLowerCase() },
  user: { id: actor.userId, username: 'reporter', team_id: actor.teamId },
  token: 'legacy-verification-token',
  action_ts: `${Date.now() / 1000}`,
  is_enterprise_install: false,
});

describe.each(dbKinds)('when Slack will not open a form, on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const failOpen = (triggerId: string) => h.emulator.failNext('views.open', { error: 'expired_trigger_id', match: (p) => p.trigger_id === triggerId });

  it.each([['/bug', /would not open the bug form.*`\/bug`/], ['/story', /would not open the story form.*`\/story`/]])('then %s tells the person privately on its response URL, and nothing is filed', async (command, told) => {
    const actor = newActor();
    const triggerId = `trigger-${randomUUID()}`;
    const responseUrl = h.emulator.responseUrl();
    failOpen(triggerId);
    expect((await sendSlashCommand(h.appUrl, { ...actor, command, text: 'cannot open', triggerId, responseUrl })).status).toBe(200);
    const answer = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl));
    expect([answer.params.response_type, answer.params.text]).toEqual(['ephemeral', expect.stringMatching(told)]);
    expect(await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId))).toEqual([]);
  });

  const noResponseUrl = [
    ['the "Report a bug" shortcut', (actor: Actor, triggerId: string) => globalShortcut(actor, 'report_bug', triggerId), /would not open the bug form.*"Report a bug"/],
    ['the "Write a story" shortcut', (actor: Actor, triggerId: string) => globalShortcut(actor, 'write_story', triggerId), /would not open the story form.*"Write a story"/],
    ["the Home tab's Report a bug button", (actor: Actor, triggerId: string) => ({ ...homeBlockActions(actor, { action_id: 'home_report_bug_button', block_id: 'home_file_block', type: 'button' }), trigger_id: triggerId }), /would not open the bug form/],
    ["the Home tab's Write a story button", (actor: Actor, triggerId: string) => ({ ...homeBlockActions(actor, { action_id: 'home_write_story_button', block_id: 'home_file_block', type: 'button' }), trigger_id: triggerId }), /would not open the story form/],
  ] as const;

  it.each(noResponseUrl)('then %s, which has no response URL, tells the person by DM, as /bug tells them privately', async (_surface, payload, told) => {
    const actor = newActor();
    const triggerId = `trigger-${randomUUID()}`;
    failOpen(triggerId);
    expect((await sendInteraction(h.appUrl, payload(actor, triggerId))).status).toBe(200);
    const dm = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === actor.userId));
    expect(dm.params.text).toMatch(told);
    expect(h.emulator.callsTo('views.open').filter((c) => c.params.trigger_id === triggerId).map((c) => c.failed)).toEqual([true]);
  });

  it('then, when it does open, a global shortcut opens the empty form and no one is messaged', async () => {
    const actor = newActor();
    const triggerId = `trigger-${randomUUID()}`;
    await sendInteraction(h.appUrl, globalShortcut(actor, 'report_bug', triggerId));
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    expect(open.params.view.callback_id).toBe('bug_modal');
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === actor.userId)).toEqual([]);
  });
});
