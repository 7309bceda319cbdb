import type { Logger } from '../logger.ts';
import type { SlackDirectory } from './slack-directory.ts';

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
  directory: SlackDirectory,
  chosen: Record<ChannelField, string | null>,
  logger: Pick<Logger, 'warn'>,
): Promise<Partial<Record<ChannelField, string>>> {
  const fields = (Object.keys(notMember) as ChannelField[]).filter((field) => chosen[field] !== null);
  const results = await Promise.all(fields.map((field) => directory.membership(chosen[field]!)));
  const errors: Partial<Record<ChannelField, string>> = {};
  fields.forEach((field, index) => {
    const result = results[index]!;
    if (result.kind === 'not_member') errors[field] = notMember[field];
    if (result.kind === 'unknown') logger.warn({ channelId: chosen[field], field, reason: result.reason }, 'could not check channel membership; saving anyway');
  });
  return errors;
}
