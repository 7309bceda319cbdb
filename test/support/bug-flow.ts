import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Harness } from './harness.ts';
import { type Actor, sendInteraction, sendSlashCommand, viewSubmission } from './slack-requests.ts';

export const validBug = {
  summary_block: 'Login fails',
  steps_block: '1. Open the app\n2. Click Log in',
  expected_block: 'I am logged in',
  actual_block: 'Nothing happens',
};

export function newActor(prefix = 'T'): Actor {
  return { teamId: `${prefix}${randomUUID().slice(0, 8).toUpperCase()}`, userId: `U${randomUUID().slice(0, 8).toUpperCase()}` };
}

/** Sends `/bug text` and returns the modal the app opened for it. */
export async function openBugModal(h: Harness, actor: Actor, text: string, channelId = 'C_GENERAL') {
  const triggerId = `trigger-${randomUUID()}`;
  const response = await sendSlashCommand(h.appUrl, { ...actor, command: '/bug', text, channelId, triggerId, responseUrl: h.emulator.responseUrl() });
  expect(response.status).toBe(200);
  const call = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
  return { ...call.params.view, id: `V${randomUUID().slice(0, 10).toUpperCase()}` };
}

/** Submits a view and returns the HTTP status and the JSON the app answered with (empty body: closed). */
export async function submitView(h: Harness, view: any, values: Record<string, string>, actor: Actor) {
  const response = await sendInteraction(h.appUrl, viewSubmission(view, values, actor));
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}
