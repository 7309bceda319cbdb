import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Bug, bugs, itemHistory, workspaces } from '../db/schema.ts';
import { saveWithinBudget } from '../db/timeout.ts';
import { lockWorkspace } from '../items/workspace-lock.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { confirmationKey, triagePostKey } from '../outbox/keys.ts';
import type { BugInput } from './bug-input.ts';

export interface FileBugRequest {
  workspaceId: string;
  enterpriseId: string | null;
  reporterId: string;
  /** Where it was filed; absent for the global shortcut (then the reporter is answered by DM). */
  channelId?: string;
  /** The thread to confirm in (the reported message's), and the command's response URL for a private fallback. */
  threadTs?: string;
  responseUrl?: string;
  /** The Slack view the bug came from; the same view filed twice yields the first bug. */
  viewId: string;
  sourcePermalink?: string | null;
  fields: BugInput;
}

export async function fileBug(db: Db, request: FileBugRequest): Promise<{ bug: Bug; created: boolean }> {
  // Saved before the modal is acknowledged: within the budget, or not at all.
  return saveWithinBudget(db, async (tx) => {
    // The workspace row lock serialises filings in one workspace: numbers have no gaps and a
    // resubmitted view sees the bug its first submission committed.
    const workspace = await lockWorkspace(tx, request.workspaceId, request.enterpriseId, request.reporterId);
    const [existing] = await tx
      .select()
      .from(bugs)
      .where(and(eq(bugs.workspaceId, request.workspaceId), eq(bugs.sourceViewId, request.viewId)));
    if (existing) return { bug: existing, created: false };

    const number = workspace.bugSeq + 1;
    await tx.update(workspaces).set({ bugSeq: number }).where(eq(workspaces.id, request.workspaceId));
    const [bug] = await tx
      .insert(bugs)
      .values({
        workspaceId: request.workspaceId,
        number,
        ...request.fields,
        sourcePermalink: request.sourcePermalink ?? null,
        reporterId: request.reporterId,
        channelId: request.channelId ?? null,
        sourceViewId: request.viewId,
      })
      .returning();
    await tx.insert(itemHistory).values({
      workspaceId: request.workspaceId,
      itemType: 'bug',
      itemId: bug!.id,
      actorId: request.reporterId,
      action: 'created',
      toStatus: 'new',
    });
    await enqueue(
      tx,
      request.workspaceId,
      { type: 'bug_confirmation', bugId: bug!.id, channelId: request.channelId, threadTs: request.threadTs, responseUrl: request.responseUrl },
      confirmationKey(bug!.id),
    );
    await enqueue(tx, request.workspaceId, { type: 'triage_post', bugId: bug!.id }, triagePostKey(bug!.id));
    return { bug: bug!, created: true };
  });
}
