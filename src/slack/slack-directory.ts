import type { WebClient } from '@slack/web-api';
import { slackErrorCode } from '../outbox/slack-errors.ts';
import type { DirectoryUser, Membership, SlackDirectory } from '../settings/slack-directory.ts';

/** A membership check waits this long; past it, the answer is `unknown` (Slack wants an answer within 3 s). */
const CHECK_MS = 1500;
/** A person's channels are read this many at a time (Slack advises at most 200), for at most this many pages. */
const CHANNELS_PAGE = 200;
const CHANNEL_PAGES_MAX = 10;

interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  profile?: { display_name?: string; real_name?: string };
}

const directoryUser = (user: SlackUser & { id: string }): DirectoryUser => ({
  id: user.id,
  name: user.profile?.display_name || user.real_name || user.profile?.real_name || user.name || undefined,
  isAdmin: Boolean(user.is_admin || user.is_owner),
  isPrimaryOwner: Boolean(user.is_primary_owner),
  isPerson: !user.deleted && !user.is_bot,
  timeZone: user.tz,
});

/**
 * Whether the bot is in a channel, as `conversations.info` says. Without chat:write.public the bot can post
 * only where it is a member, so a digest or triage channel it is not in would fail every time. A private
 * channel the bot is not in is invisible to it (`channel_not_found`): that counts as not a member. Any
 * other failure is `unknown`, and the caller does not block on it.
 */
async function botMembership(client: WebClient, channelId: string): Promise<Membership> {
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

/** The settings' view of Slack, through this workspace's client. */
export function slackDirectory(client: WebClient): SlackDirectory {
  return {
    async user(userId) {
      const { user } = await client.users.info({ user: userId });
      return user && directoryUser({ ...user, id: user.id ?? userId });
    },
    async members() {
      const listed = await client.users.list({ limit: 200 }).catch(() => ({ members: [] }));
      return (listed.members ?? []).flatMap((member) => (member.id ? [directoryUser({ ...member, id: member.id })] : []));
    },
    membership: (channelId) => botMembership(client, channelId),
    async channelsOf(userId) {
      const channels: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < CHANNEL_PAGES_MAX; page += 1) {
        const answer = await client.users.conversations({ user: userId, types: 'public_channel,private_channel', exclude_archived: true, limit: CHANNELS_PAGE, ...(cursor ? { cursor } : {}) });
        channels.push(...(answer.channels ?? []).flatMap((channel) => (channel.id ? [channel.id] : [])));
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return channels;
    },
  };
}
