import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../blocks/message.ts';
import type { Logger } from '../logger.ts';
import { cannotPostInChannel, slackErrorCode } from './slack-errors.ts';

/** Posts a built message (links not unfurled); answers where it landed (a DM's channel when sent to a user). */
export async function postMessage(client: WebClient, channel: string, message: SlackMessage, threadTs?: string): Promise<{ channel: string; ts: string }> {
  const result = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, ...(threadTs ? { thread_ts: threadTs } : {}) });
  return { channel: result.channel ?? channel, ts: result.ts! };
}

/**
 * Runs a post where a message belongs. When the bot may not post there (not a member, archived, gone) it
 * logs why and answers undefined, so the caller tells someone privately instead; any other failure is
 * thrown, to be retried.
 */
export async function postOrFallback<T>(logger: Logger, where: Record<string, unknown>, fallback: string, post: () => Promise<T>): Promise<T | undefined> {
  try {
    return await post();
  } catch (error) {
    const code = slackErrorCode(error);
    if (!code || !cannotPostInChannel.has(code)) throw error;
    logger.info({ ...where, error: code }, fallback);
    return undefined;
  }
}
