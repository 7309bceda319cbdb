import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { type Actor, blockActions, sendEvent, sendInteraction } from '../../src/sandbox/deliver.ts';
import type { RecordedCall } from '../../src/sandbox/slack-standin.ts';
import type { Harness } from './harness.ts';

/** A fresh channel id, so tests sharing one stand-in never read each other's messages. */
export const freshChannel = (prefix = 'C') => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`;

/** A person's message as Slack holds it (the stand-in's state), with files when given; its ts. */
export function personSays(h: Harness, channel: string, text: string, options: { user?: string; threadTs?: string; files?: string[] } = {}): string {
  const ts = h.emulator.nextTs();
  const message = h.emulator.state.post(channel, ts, { text, ...(options.threadTs ? { thread_ts: options.threadTs } : {}) }, options.user ?? 'U_CUSTOMER');
  if (options.files) message.files = options.files.map((id) => h.emulator.state.file(id)!);
  return ts;
}

/** `actor` adds `reaction` to the message at `ts`: Slack's reaction_added event, signed. */
export async function react(h: Harness, actor: Actor, channel: string, ts: string, reaction = 'bug', item: Record<string, unknown> = { type: 'message', channel, ts }) {
  const response = await sendEvent(h.appUrl, actor.teamId, { type: 'reaction_added', user: actor.userId, reaction, item, item_user: 'U_CUSTOMER', event_ts: h.emulator.nextTs() });
  expect(response.status).toBe(200);
}

/** The ephemeral the app posted to `actor` in `channel` (after `since` calls), once it has. */
export function ephemeralTo(h: Harness, actor: Actor, channel: string, since = 0): Promise<RecordedCall> {
  return h.emulator.waitFor((calls) => calls.slice(since).find((c) => c.method === 'chat.postEphemeral' && c.params.user === actor.userId && c.params.channel === channel && c.response?.ok));
}

/** The ephemeral's Report as bug button, pressed by `actor`; answers the bug form the app opened. */
export async function pressReport(h: Harness, actor: Actor, offer: RecordedCall) {
  const button = offer.params.blocks.flatMap((b: any) => (b.accessory ? [b.accessory] : [])).find((e: any) => e.action_id === 'emoji_report_button');
  expect(button?.text.text).toBe('Report as bug');
  const before = h.emulator.calls.length;
  const payload = blockActions(actor, { action_id: button.action_id, block_id: 'emoji_offer_block', type: 'button', value: button.value }, { channelId: offer.params.channel, messageTs: offer.response!.message_ts as string, responseUrl: h.emulator.responseUrl() });
  (payload.container as Record<string, unknown>).is_ephemeral = true;
  expect((await sendInteraction(h.appUrl, payload)).status).toBe(200);
  const open = await h.emulator.waitFor((calls) => calls.slice(before).find((c) => c.method === 'views.open' && c.params.view.callback_id === 'bug_modal'));
  return { ...open.params.view, id: `V${randomUUID().slice(0, 10).toUpperCase()}` };
}

/** The text inputs' initial values of a form, by block id. */
export const initialValues = (view: any) => Object.fromEntries(view.blocks.filter((b: any) => b.element?.type === 'plain_text_input').map((b: any) => [b.block_id, b.element.initial_value]));
