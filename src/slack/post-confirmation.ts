import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../blocks/bug-message.ts';
import type { Logger } from '../logger.ts';
import type { ModalContext } from './modal-context.ts';

/** Errors that mean the bot cannot post in that channel at all; retrying there will not help. */
const cannotPostHere = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export type PostedWhere =
  | { kind: 'channel'; channelId: string; ts: string }
  | { kind: 'ephemeral' }
  | { kind: 'dm'; channelId: string; ts: string };

/**
 * Posts in the channel where the item was filed; when the bot may not post there, tells the reporter
 * privately instead (the slash command's response_url, else a DM). The item is saved either way.
 */
export async function postWithFallback(
  client: WebClient,
  logger: Logger,
  target: { context: ModalContext; userId: string },
  message: SlackMessage,
): Promise<PostedWhere> {
  const { context, userId } = target;
  try {
    const posted = await client.chat.postMessage({
      channel: context.channelId,
      ...(context.threadTs ? { thread_ts: context.threadTs } : {}),
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
    });
    return { kind: 'channel', channelId: posted.channel ?? context.channelId, ts: posted.ts! };
  } catch (error) {
    const code = slackErrorCode(error);
    if (!code || !cannotPostHere.has(code)) throw error;
    logger.info({ channelId: context.channelId, error: code }, 'cannot post in channel; telling the reporter privately');
  }
  const note = "_I can't post in that channel, so only you can see this. Invite me with `/invite @Shortlist` to share bugs there._";
  if (context.responseUrl) {
    const response = await fetch(context.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'ephemeral',
        text: message.text,
        blocks: [...message.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: note }] }],
      }),
      signal: AbortSignal.timeout(5000),
    }).catch((error: unknown) => {
      logger.warn({ err: error }, 'response_url post failed; falling back to a DM');
      return undefined;
    });
    if (response?.ok) return { kind: 'ephemeral' };
  }
  const dm = await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks, unfurl_links: false });
  return { kind: 'dm', channelId: dm.channel ?? userId, ts: dm.ts! };
}
