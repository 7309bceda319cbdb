import type { WebClient } from '@slack/web-api';
import { buildInfoRequest } from '../blocks/triage-message.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { isReporterDm, type ItemThread, itemThread, pending } from './item-thread.ts';
import type { OutboxPayload } from './messages.ts';
import type { SendOutcome } from './send.ts';
import { cannotPostInChannel, slackErrorCode } from './slack-errors.ts';

type ThreadReply = Extract<OutboxPayload, { type: 'thread_reply' }>;
type NoticeDm = Extract<OutboxPayload, { type: 'dm' }> & { about: NonNullable<Extract<OutboxPayload, { type: 'dm' }>['about']> };

function replyMessage(thread: ItemThread, payload: ThreadReply, text: string) {
  return payload.asksForInfo && thread.waitingForInfo ? buildInfoRequest(thread.itemId, text) : { text };
}

/**
 * A state change told in the item's thread, so the reporter hears back where they reported. When the
 * thread cannot be used (none, or the bot may not post there), the reporter is told by DM instead,
 * unless a DM of their own about the same change is on its way.
 */
export async function sendThreadReply({ db, client, logger }: { db: Db; client: WebClient; logger: Logger }, workspaceId: string, payload: ThreadReply): Promise<SendOutcome> {
  const thread = await itemThread(db, workspaceId, payload.itemType, payload.itemId);
  if (!thread) return { kind: 'dropped', reason: 'item_not_found' };
  if (thread.channel && thread.ts) {
    try {
      await client.chat.postMessage({ channel: thread.channel, thread_ts: thread.ts, ...replyMessage(thread, payload, payload.text) });
      return { kind: 'sent' };
    } catch (error) {
      const code = slackErrorCode(error);
      if (!code || !cannotPostInChannel.has(code)) throw error;
      logger.info({ channelId: thread.channel, error: code, key: thread.key }, 'cannot reply in the thread; telling the reporter by DM');
    }
  } else if (await pending(db, workspaceId, thread.firstPost)) {
    return { kind: 'defer', ms: 1000, reason: 'first message not posted yet' };
  }
  // The reporter's own DM about this change is skipped only when the thread is their DM (sendNoticeDm).
  if (payload.reporterDmed && !isReporterDm(thread)) return { kind: 'sent' };
  await client.chat.postMessage({ channel: thread.reporterId, ...replyMessage(thread, payload, `*${thread.key}*: ${payload.text}`) });
  return { kind: 'sent' };
}

/** A DM to an item's reporter about a change: not sent when the item's thread is already a DM with them. */
export async function sendNoticeDm({ db, client, logger }: { db: Db; client: WebClient; logger: Logger }, workspaceId: string, payload: NoticeDm): Promise<SendOutcome> {
  const thread = await itemThread(db, workspaceId, payload.about.itemType, payload.about.itemId);
  if (thread && !thread.ts && (await pending(db, workspaceId, thread.firstPost))) return { kind: 'defer', ms: 1000, reason: 'first message not posted yet' };
  if (thread && isReporterDm(thread)) {
    logger.debug({ key: thread.key }, 'the thread reply already tells the reporter in their DM');
    return { kind: 'sent' };
  }
  await client.chat.postMessage({ channel: payload.userId, text: payload.text, ...(payload.blocks ? { blocks: payload.blocks } : {}) });
  return { kind: 'sent' };
}
