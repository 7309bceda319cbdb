import { eq } from 'drizzle-orm';
import { digestFailureText } from '../blocks/digest.ts';
import type { Tx } from '../db/client.ts';
import { workspaces } from '../db/schema.ts';
import { enqueue } from './enqueue.ts';
import type { OutboxPayload } from './messages.ts';

/**
 * Runs in the transaction that marks a message failed for good. A weekly digest is not retried after
 * that, so the installer is told why, once per digest (its dedupe key), instead of the week passing in silence.
 */
export async function noticeFailure(tx: Tx, workspaceId: string, payload: OutboxPayload, reason: string): Promise<void> {
  if ((payload.type !== 'digest' && payload.type !== 'post') || !payload.digestPeriod) return;
  const [workspace] = await tx.select({ installerUserId: workspaces.installerUserId }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!workspace?.installerUserId) return;
  await enqueue(tx, workspaceId, { type: 'dm', userId: workspace.installerUserId, text: digestFailureText(payload.channelId, reason) }, `digest_failed:${payload.digestPeriod}`);
}
