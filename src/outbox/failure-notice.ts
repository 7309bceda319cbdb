import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { workspaces } from '../db/schema.ts';
import { enqueue } from './enqueue.ts';
import type { OutboxPayload } from './messages.ts';


/** Why a digest could not be posted, in words the installer can act on. */
export function digestFailureText(channelId: string, reason: string): string {
  const where = `<#${channelId}>`;
  const why =
    reason === 'not_in_channel'
      ? `Shortlist is not a member of ${where}. Invite it there with \`/invite @Shortlist\``
      : reason === 'channel_not_found' || reason === 'is_archived'
        ? `${where} was archived or deleted, or it is private and Shortlist is not in it. Invite Shortlist there with \`/invite @Shortlist\``
        : `Slack refused the post in ${where} (\`${reason}\`). Check that Shortlist can post there`;
  return `This week's backlog digest could not be posted: ${why}, or choose another digest channel in \`/backlog settings\`. \`/backlog digest\` posts one in any channel now; next week's goes out as scheduled.`;
}

/**
 * Runs in the transaction that marks a message failed for good. A weekly digest is not retried after
 * that, so the installer is told why, once per digest (its dedupe key), instead of the week passing in silence.
 */
export async function noticeFailure(tx: Tx, workspaceId: string, payload: OutboxPayload, reason: string): Promise<void> {
  if (payload.type !== 'post' || !payload.digestPeriod) return;
  const [workspace] = await tx.select({ installerUserId: workspaces.installerUserId }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!workspace?.installerUserId) return;
  await enqueue(tx, workspaceId, { type: 'dm', userId: workspace.installerUserId, text: digestFailureText(payload.channelId, reason) }, `digest_failed:${payload.digestPeriod}`);
}
