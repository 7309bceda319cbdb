import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Bug, bugs, itemHistory, workspaces } from '../db/schema.ts';
import { withTimeout } from '../db/timeout.ts';
import type { BugInput } from './bug-input.ts';

export interface FileBugRequest {
  workspaceId: string;
  enterpriseId: string | null;
  reporterId: string;
  channelId: string;
  /** The Slack view the bug came from; the same view filed twice yields the first bug. */
  viewId: string;
  sourcePermalink?: string | null;
  fields: BugInput;
}

/** A submission must be answered within Slack's 3 s; past this, the modal stays open with an error instead. */
export const SAVE_BUDGET_MS = 2000;

export async function fileBug(db: Db, request: FileBugRequest): Promise<{ bug: Bug; created: boolean }> {
  return withTimeout(
    db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local statement_timeout = ${SAVE_BUDGET_MS}`));
      await tx
        .insert(workspaces)
        .values({ id: request.workspaceId, enterpriseId: request.enterpriseId })
        .onConflictDoNothing();
      // The workspace row lock serialises filings in one workspace: numbers have no gaps and a
      // resubmitted view sees the bug its first submission committed.
      const [workspace] = await tx
        .select({ bugSeq: workspaces.bugSeq })
        .from(workspaces)
        .where(eq(workspaces.id, request.workspaceId))
        .for('update');
      const [existing] = await tx
        .select()
        .from(bugs)
        .where(and(eq(bugs.workspaceId, request.workspaceId), eq(bugs.sourceViewId, request.viewId)));
      if (existing) return { bug: existing, created: false };

      const number = workspace!.bugSeq + 1;
      await tx.update(workspaces).set({ bugSeq: number }).where(eq(workspaces.id, request.workspaceId));
      const [bug] = await tx
        .insert(bugs)
        .values({
          workspaceId: request.workspaceId,
          number,
          ...request.fields,
          sourcePermalink: request.sourcePermalink ?? null,
          reporterId: request.reporterId,
          channelId: request.channelId,
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
      return { bug: bug!, created: true };
    }),
    SAVE_BUDGET_MS + 250,
  );
}

/** Remembers where the confirmation landed, so later updates reply in that thread. */
export async function setBugThread(db: Db, bugId: number, channelId: string, threadTs: string): Promise<void> {
  await db.update(bugs).set({ threadChannelId: channelId, threadTs }).where(eq(bugs.id, bugId));
}
