import type { WebClient } from '@slack/web-api';
import { slackErrorCode } from '../outbox/slack-errors.ts';

/** A message as conversations.history and conversations.replies give it: what reporting it as a bug reads. */
export interface SlackMessageObject {
  ts?: string;
  thread_ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  files?: unknown[];
}

/** Why the bot cannot read a message: not in the channel, no such channel or message, or a scope not approved yet. */
const unreadable = new Set(['not_in_channel', 'channel_not_found', 'missing_scope', 'thread_not_found', 'message_not_found', 'not_allowed_token_type']);

export type ReadMessage = { kind: 'found'; message: SlackMessageObject } | { kind: 'unreadable'; reason: string };

/**
 * One message by its ts, as Slack says to read one: conversations.history with latest = ts, inclusive, limit 1.
 * A thread reply is not in the channel's history, so when history has no message of that ts,
 * conversations.replies (given the reply's ts, it answers its thread, parent first) finds it. Errors Slack
 * answers for a message the bot may not read come back as `unreadable`; any other failure is thrown.
 */
export async function readMessage(client: WebClient, channel: string, ts: string): Promise<ReadMessage> {
  try {
    const history = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
    const top = history.messages?.find((message) => message.ts === ts);
    if (top) return { kind: 'found', message: top as SlackMessageObject };
    const thread = await client.conversations.replies({ channel, ts, latest: ts, oldest: ts, inclusive: true, limit: 2 });
    const reply = thread.messages?.find((message) => message.ts === ts);
    return reply ? { kind: 'found', message: reply as SlackMessageObject } : { kind: 'unreadable', reason: 'message_not_found' };
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && unreadable.has(code)) return { kind: 'unreadable', reason: code };
    throw error;
  }
}

/** Subtypes a person's own message may have; any other (bot_message, channel_join, …) is not a person's to report. */
const personSubtypes = new Set(['thread_broadcast', 'file_share', 'me_message']);

/** Whether a message is a person's: not a bot's or an app's, and not one of Slack's own notices. */
export function isPersonMessage(message: SlackMessageObject): boolean {
  return !message.bot_id && Boolean(message.user) && (!message.subtype || personSubtypes.has(message.subtype));
}
