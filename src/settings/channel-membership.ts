import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';
import { slackErrorCode } from '../outbox/slack-errors.ts';

export type Membership = { kind: 'member' } | { kind: 'not_member' } | { kind: 'unknown'; reason: string };

/** A settings save waits for this check; past it, the save goes ahead unchecked (Slack wants an answer within 3 s). */
const CHECK_MS = 1500;

/**
 * Whether the bot is in a channel, as `conversations.info` says. Without chat:write.public the bot can post
 * only where it is a member, so a digest or triage channel it is not in would fail every time. A private
 * channel the bot is not in is invisible to it (`channel_not_found`): that counts as not a member. Any
 * other failure is `unknown`, and the caller does not block on it.
 */
export async function botMembership(client: WebClient, channelId: string): Promise<Membership> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Membership>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'unknown', reason: 'timeout' }), CHECK_MS);
  });
  const check = client.conversations
    .info({ channel: channelId })
    .then(({ channel }): Membership => (channel?.is_member ? { kind: 'member' } : channel?.is_member === false ? { kind: 'not_member' } : { kind: 'unknown', reason: 'no_is_member' }))
    .catch((error: unknown): Membership => {
      const code = slackErrorCode(error);
      return code === 'channel_not_found' ? { kind: 'not_member' } : { kind: 'unknown', reason: code ?? String(error) };
    });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type ChannelField = 'digestChannelId' | 'triageChannelId';

const notMember: Record<ChannelField, string> = {
  digestChannelId: 'Shortlist is not in this channel, so the weekly digest could not be posted there. Type /invite @Shortlist in the channel first, then save again.',
  triageChannelId: 'Shortlist is not in this channel, so triage messages could not be posted there. Type /invite @Shortlist in the channel first, then save again.',
};

/**
 * An error for each chosen channel the bot is not in, by field. A check that fails for another reason
 * (Slack slow or down, a missing scope) is logged and does not block the save.
 */
export async function channelMembershipErrors(
  client: WebClient,
  chosen: Record<ChannelField, string | null>,
  logger: Pick<Logger, 'warn'>,
): Promise<Partial<Record<ChannelField, string>>> {
  const fields = (Object.keys(notMember) as ChannelField[]).filter((field) => chosen[field] !== null);
  const results = await Promise.all(fields.map((field) => botMembership(client, chosen[field]!)));
  const errors: Partial<Record<ChannelField, string>> = {};
  fields.forEach((field, index) => {
    const result = results[index]!;
    if (result.kind === 'not_member') errors[field] = notMember[field];
    if (result.kind === 'unknown') logger.warn({ channelId: chosen[field], field, reason: result.reason }, 'could not check channel membership; saving anyway');
  });
  return errors;
}
