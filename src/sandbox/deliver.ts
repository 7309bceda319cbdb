/**
 * Slack → app: the signed requests Slack sends to `/slack/events` (slash commands, interactions, events),
 * shaped and signed as Slack does, for the tests, the bench and the sandbox.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { triggerFor } from './triggers.ts';

export const SIGNING_SECRET = 'shortlistTestSigningSecret0123456789';

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignOptions {
  secret?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Sent instead of the computed signature. */
  signature?: string;
  headers?: Record<string, string>;
}

/** POSTs a body to the app's Slack endpoint, signed the way Slack signs it. */
export async function postSigned(appUrl: string, body: string, contentType: string, options: SignOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${appUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signature(options.secret ?? SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
}

export interface Actor {
  teamId: string;
  userId: string;
  /** A workspace of an Enterprise Grid org where the app is installed org-wide: payloads carry the org. */
  enterpriseId?: string;
}

/** The org fields of a form-encoded payload (slash commands): only for an org-wide install. */
const orgFields = (actor: Actor): Record<string, string> => (actor.enterpriseId ? { enterprise_id: actor.enterpriseId, enterprise_name: actor.enterpriseId, is_enterprise_install: 'true' } : { is_enterprise_install: 'false' });

/**
 * Who an interactive payload (views, actions) says it comes from. With an org-wide install Slack sends
 * `team: null` and the org on `enterprise`; the workspace is then only on `user.team_id`.
 */
const interactiveOrigin = (actor: Actor) =>
  actor.enterpriseId
    ? { team: null, enterprise: { id: actor.enterpriseId, name: actor.enterpriseId }, is_enterprise_install: true }
    : { team: { id: actor.teamId, domain: actor.teamId.toLowerCase() }, enterprise: null, is_enterprise_install: false };

/** What every interactive payload (views, actions) opens with: its type, who sent it and a fresh trigger. */
export const interactionFrom = (type: string, actor: Actor, username: string) => ({
  type,
  ...interactiveOrigin(actor),
  user: { id: actor.userId, username, name: username, team_id: actor.teamId },
  api_app_id: 'A_SHORTLIST',
  token: 'legacy-verification-token',
  trigger_id: triggerFor(actor.userId),
});

export interface SlashCommand extends Actor {
  command: string;
  text: string;
  channelId?: string;
  responseUrl: string;
  triggerId?: string;
}

/** A slash command payload shaped like Slack's (form encoded). */
export function slashCommandBody(command: SlashCommand): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: command.teamId,
    team_domain: command.teamId.toLowerCase(),
    channel_id: command.channelId ?? 'C_GENERAL',
    channel_name: 'general',
    user_id: command.userId,
    user_name: 'reporter',
    command: command.command,
    text: command.text,
    api_app_id: 'A_SHORTLIST',
    ...orgFields(command),
    response_url: command.responseUrl,
    trigger_id: command.triggerId ?? triggerFor(command.userId),
  }).toString();
}

export function sendSlashCommand(appUrl: string, command: SlashCommand, options?: SignOptions): Promise<Response> {
  return postSigned(appUrl, slashCommandBody(command), 'application/x-www-form-urlencoded', options);
}

/** Interactivity payloads travel as one `payload=` form field holding JSON. */
export function sendInteraction(appUrl: string, payload: unknown, options?: SignOptions): Promise<Response> {
  return postSigned(appUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
}

type Option = { text: { type: 'plain_text'; text: string }; value?: string };
interface OpenedElement {
  type: string;
  action_id: string;
  options?: Option[];
  initial_option?: Option;
}

interface OpenedView {
  id: string;
  callback_id: string;
  private_metadata?: string;
  blocks: { type: string; block_id?: string; element?: OpenedElement }[];
  [key: string]: unknown;
}

/** The option of a static select with this value (as the form offered it); left out, its initial option, as Slack keeps it. */
function optionOf(element: OpenedElement, value: string | null): Option | null {
  if (value === null) return element.initial_option ?? null;
  return element.options?.find((option) => option.value === value) ?? { text: { type: 'plain_text', text: value }, value };
}

/** What a file input is submitted with: Slack's file objects of the files picked (files.info's shape). */
export interface PickedFiles {
  files: Record<string, unknown>[];
}

/**
 * The view_submission payload Slack sends when `view` (as the app opened it) is submitted with `values`
 * keyed by block id. Inputs left out are submitted empty (value null; a file input, no files), as Slack does; a
 * select left out keeps its initial option.
 */
export function viewSubmission(view: OpenedView, values: Record<string, string | PickedFiles>, actor: Actor): Record<string, unknown> {
  const state: Record<string, Record<string, { type: string; value?: string | null; selected_option?: Option | null; files?: unknown[] }>> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || !block.block_id || !block.element) continue;
    const given = values[block.block_id];
    const { type, action_id: actionId } = block.element;
    if (type === 'file_input') {
      state[block.block_id] = { [actionId]: { type, files: typeof given === 'object' ? given.files : [] } };
      continue;
    }
    const value = typeof given === 'string' ? given : null;
    // A select's state is its chosen option (by value), as Slack sends it; a text input's, its text.
    const chosen = type === 'static_select' ? { selected_option: optionOf(block.element, value) } : { value };
    state[block.block_id] = { [actionId]: { type, ...chosen } };
  }
  return {
    ...interactionFrom('view_submission', actor, 'reporter'),
    view: { ...view, team_id: actor.teamId, state: { values: state }, hash: randomUUID(), app_id: 'A_SHORTLIST', bot_id: 'B_BOT' },
    response_urls: [],
  };
}

export interface ActionSpec {
  action_id: string;
  block_id: string;
  type: string;
  value?: string;
  selected_option?: { text: { type: 'plain_text'; text: string }; value: string };
  selected_user?: string;
}

/** A block_actions payload for a control on a message the app posted. */
export function blockActions(actor: Actor, action: ActionSpec, where: { channelId: string; messageTs: string; responseUrl: string }): Record<string, unknown> {
  return {
    ...interactionFrom('block_actions', actor, 'triager'),
    container: { type: 'message', message_ts: where.messageTs, channel_id: where.channelId, is_ephemeral: false },
    channel: { id: where.channelId, name: 'triage' },
    message: { type: 'message', ts: where.messageTs, text: 'message', blocks: [] },
    response_url: where.responseUrl,
    actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
  };
}

/** A block_actions payload for a control on the App Home tab: a view container, and no response URL (Slack sends none). */
export function homeBlockActions(actor: Actor, action: ActionSpec, viewId = 'VHOME'): Record<string, unknown> {
  return {
    ...interactionFrom('block_actions', actor, 'groomer'),
    container: { type: 'view', view_id: viewId },
    view: { id: viewId, type: 'home', team_id: actor.teamId, app_id: 'A_SHORTLIST', bot_id: 'B_BOT', blocks: [], private_metadata: '', callback_id: '', state: { values: {} }, hash: randomUUID() },
    actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
  };
}

/** A message shortcut payload ("Report as bug" on a message). */
export function messageShortcut(actor: Actor, callbackId: string, message: { channelId: string; ts: string; text: string; threadTs?: string; files?: Record<string, unknown>[] }, responseUrl: string): Record<string, unknown> {
  return {
    type: 'message_action',
    callback_id: callbackId,
    trigger_id: triggerFor(actor.userId),
    team: { id: actor.teamId, domain: actor.teamId.toLowerCase() },
    user: { id: actor.userId, username: 'reporter', team_id: actor.teamId },
    channel: { id: message.channelId, name: 'support' },
    message: { type: 'message', user: 'U_CUSTOMER', ts: message.ts, text: message.text, ...(message.threadTs ? { thread_ts: message.threadTs } : {}), ...(message.files ? { files: message.files } : {}) },
    message_ts: message.ts,
    response_url: responseUrl,
    token: 'legacy-verification-token',
    action_ts: `${Date.now() / 1000}`,
    is_enterprise_install: false,
  };
}

/** An Events API callback as Slack sends it (JSON body). */
export function sendEvent(appUrl: string, teamId: string, event: Record<string, unknown>, options?: SignOptions, eventId = `Ev${randomUUID().slice(0, 10).toUpperCase()}`): Promise<Response> {
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: 'A_SHORTLIST',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: 'U_BOT', is_bot: true, is_enterprise_install: false }],
  });
  return postSigned(appUrl, body, 'application/json', options);
}
