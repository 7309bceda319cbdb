import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { type Bug, bugs } from '../../src/db/schema.ts';
import type { Harness } from './harness.ts';
import { type Actor, type ActionSpec, blockActions, type PickedFiles, sendInteraction, sendSlashCommand, viewSubmission } from '../../src/sandbox/deliver.ts';

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
export async function submitView(h: Harness, view: any, values: Record<string, string | PickedFiles>, actor: Actor) {
  const response = await sendInteraction(h.appUrl, viewSubmission(view, values, actor));
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

/** Files a bug through /bug and the modal, and returns it as stored once its confirmation and triage message are out. */
export async function fileBugThrough(h: Harness, actor: Actor, summary: string, channelId = 'C_GENERAL'): Promise<Bug> {
  const view = await openBugModal(h, actor, summary, channelId);
  const answer = await submitView(h, view, { ...validBug, summary_block: summary }, actor);
  expect(answer.body).toBeUndefined();
  let bug: Bug | undefined;
  await expect
    .poll(async () => {
      [bug] = await h.database.db.select().from(bugs).where(and(eq(bugs.workspaceId, actor.teamId), eq(bugs.sourceViewId, view.id)));
      return Boolean(bug?.threadTs && bug.triageTs);
    }, { timeout: 5000 })
    .toBe(true);
  return bug!;
}

export async function reload(h: Harness, bug: Bug): Promise<Bug> {
  const [row] = await h.database.db.select().from(bugs).where(eq(bugs.id, bug.id));
  return row!;
}

export type TriageControl = 'probability' | 'impact' | 'owner' | 'needs_info' | 'info_added' | 'start' | 'close';

/** Uses a control of the bug's triage message, as `actor` (who may be of another workspace). */
export async function pressTriage(h: Harness, actor: Actor, bug: Bug, control: TriageControl, choice?: string) {
  const ratings = `bug_ratings:${bug.id}`;
  const status = `bug_status:${bug.id}`;
  const specs: Record<TriageControl, ActionSpec> = {
    probability: { action_id: 'bug_probability_select', block_id: ratings, type: 'static_select', selected_option: { text: { type: 'plain_text', text: choice ?? '' }, value: choice ?? '' } },
    impact: { action_id: 'bug_impact_select', block_id: ratings, type: 'static_select', selected_option: { text: { type: 'plain_text', text: choice ?? '' }, value: choice ?? '' } },
    owner: { action_id: 'bug_owner_select', block_id: ratings, type: 'users_select', selected_user: choice },
    needs_info: { action_id: 'bug_needs_info_button', block_id: status, type: 'button', value: String(bug.id) },
    info_added: { action_id: 'bug_info_added_button', block_id: status, type: 'button', value: String(bug.id) },
    start: { action_id: 'bug_start_button', block_id: status, type: 'button', value: String(bug.id) },
    close: { action_id: 'bug_close_button', block_id: status, type: 'button', value: String(bug.id) },
  };
  const responseUrl = h.emulator.responseUrl();
  const response = await sendInteraction(h.appUrl, blockActions(actor, specs[control], { channelId: bug.triageChannelId ?? 'C_GENERAL', messageTs: bug.triageTs ?? '1.1', responseUrl }));
  expect(response.status).toBe(200);
  return { responseUrl };
}
