import { buildThreadReply, directNoticeText, threadReplyText } from '../blocks/notices.ts';
import type { SlackMessage } from '../blocks/message.ts';
import { isReporterDm, type ItemThread, itemThread, untilFirstPost } from './item-thread.ts';
import type { PayloadOf } from './messages.ts';
import { toldDirectly } from './notices.ts';
import { dropped, type SendDeps, type SendOutcome, sent } from './outcome.ts';
import { postOrFallback } from './posting.ts';

type Reply = { text: string; asksForInfo: boolean };

/**
 * A change told in the item's thread, so the reporter hears back where they reported. When the thread
 * cannot be used (none, or the bot may not post there), the reporter is told by DM instead, unless a DM
 * of their own about the same change is on its way (`reporterToldDirectly`).
 */
async function tellThread({ db, client, logger }: SendDeps, workspaceId: string, thread: ItemThread, reply: Reply, reporterToldDirectly: boolean): Promise<SendOutcome> {
  if (thread.channel && thread.ts) {
    const { channel, ts } = thread;
    const where = { channelId: channel, key: thread.key };
    const posted = await postOrFallback(logger, where, 'cannot reply in the thread; telling the reporter by DM', () => client.chat.postMessage({ channel, thread_ts: ts, ...buildThreadReply(thread, reply, false) }));
    if (posted) return sent();
  } else {
    const wait = await untilFirstPost(db, workspaceId, thread.firstPost);
    if (wait) return wait;
  }
  // The reporter's own DM about this change is skipped only when the thread is their DM (tellDirectly).
  if (reporterToldDirectly && !isReporterDm(thread)) return sent();
  await client.chat.postMessage({ channel: thread.reporterId, ...buildThreadReply(thread, reply, true) });
  return sent();
}

/** A DM about a change; the reporter's is not sent when the item's thread is already a DM with them. */
async function tellDirectly({ db, client, logger }: SendDeps, workspaceId: string, thread: ItemThread | undefined, userId: string, message: Partial<SlackMessage> & { text: string }): Promise<SendOutcome> {
  if (thread && userId === thread.reporterId) {
    if (!thread.ts) {
      const wait = await untilFirstPost(db, workspaceId, thread.firstPost);
      if (wait) return wait;
    }
    if (isReporterDm(thread)) {
      logger.debug({ key: thread.key }, 'the thread reply already tells the reporter in their DM');
      return sent();
    }
  }
  await client.chat.postMessage({ channel: userId, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
  return sent();
}

/** A change, written for its audience as it is sent. */
export async function sendItemNotice(deps: SendDeps, workspaceId: string, payload: PayloadOf<'item_notice'>): Promise<SendOutcome> {
  const { change, to } = payload;
  const thread = await itemThread(deps.db, workspaceId, payload.item.kind, payload.item.id);
  if (!thread) return dropped('item_not_found');
  if (to !== 'thread') return tellDirectly(deps, workspaceId, thread, to.userId, { text: directNoticeText(thread.key, change) });
  const reply = { text: threadReplyText(thread.key, change), asksForInfo: change.action === 'needs_info' };
  return tellThread(deps, workspaceId, thread, reply, toldDirectly(change, thread.reporterId).includes(thread.reporterId));
}

/** A thread reply queued with its text (before item_notice). */
export async function sendThreadReply(deps: SendDeps, workspaceId: string, payload: PayloadOf<'thread_reply'>): Promise<SendOutcome> {
  const thread = await itemThread(deps.db, workspaceId, payload.itemType, payload.itemId);
  if (!thread) return dropped('item_not_found');
  return tellThread(deps, workspaceId, thread, { text: payload.text, asksForInfo: payload.asksForInfo === true }, payload.reporterDmed === true);
}

/** A direct message; with `about` (queued before item_notice), one to an item's reporter about a change. */
export async function sendDm(deps: SendDeps, workspaceId: string, payload: PayloadOf<'dm'>): Promise<SendOutcome> {
  const thread = payload.about && (await itemThread(deps.db, workspaceId, payload.about.itemType, payload.about.itemId));
  return tellDirectly(deps, workspaceId, thread, payload.userId, payload);
}
