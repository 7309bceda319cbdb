import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Bug, bugs, itemHistory, type StoredFile } from '../db/schema.ts';
import { fileOnce } from '../items/file-once.ts';
import { takeNextNumber } from '../items/workspace-lock.ts';
import { lockFilingTeam } from '../teams/team-choice.ts';
import { enqueueAll } from '../outbox/enqueue.ts';
import { confirmationKey, filesShareKey, triagePostKey } from '../outbox/keys.ts';
import { saveBugFiles } from './bug-files.ts';
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
  /** The team chosen on the form (a workspace with several teams); else the channel's team, else the default. */
  teamId?: number;
  sourcePermalink?: string | null;
  /** The message it was reported from (message shortcut or intake emoji): a later report of it finds this bug. */
  source?: { channelId: string; ts: string };
  /** Its files: the reported message's and the form's, checked already (file-rules.ts). */
  files?: StoredFile[];
  fields: BugInput;
}

export async function fileBug(db: Db, request: FileBugRequest): Promise<{ bug: Bug; created: boolean }> {
  const { workspaceId, viewId } = request;
  // Saved before the modal is acknowledged: within the budget, or not at all. As few statements as it
  // can: filing is on the path of every submission, and each round trip costs the person waiting.
  const { item, created } = await fileOnce(
    db,
    async (tx) => {
      const number = await takeNextNumber(tx, 'bug', workspaceId, request.enterpriseId, request.reporterId);
      const teamId = await lockFilingTeam(tx, workspaceId, request.channelId, request.teamId);
      const [bug] = await tx
        .insert(bugs)
        .values({
          workspaceId,
          teamId,
          number,
          ...request.fields,
          sourcePermalink: request.sourcePermalink ?? null,
          sourceChannelId: request.source?.channelId ?? null,
          sourceTs: request.source?.ts ?? null,
          reporterId: request.reporterId,
          channelId: request.channelId ?? null,
          sourceViewId: viewId,
        })
        .onConflictDoNothing({ target: [bugs.workspaceId, bugs.sourceViewId] })
        .returning();
      if (!bug) return undefined;
      const files = request.files ?? [];
      // Sent together (one round trip on PostgreSQL, which runs them in order).
      await Promise.all([
        tx.insert(itemHistory).values({ workspaceId, itemType: 'bug', itemId: bug.id, actorId: request.reporterId, action: 'created', toStatus: 'new' }),
        saveBugFiles(tx, workspaceId, bug.id, files),
        enqueueAll(tx, workspaceId, [
          {
            payload: { type: 'bug_confirmation', bugId: bug.id, channelId: request.channelId, threadTs: request.threadTs, responseUrl: request.responseUrl },
            dedupeKey: confirmationKey(bug.id),
          },
          { payload: { type: 'triage_post', bugId: bug.id }, dedupeKey: triagePostKey(bug.id) },
          // Shared into the bug's thread once its confirmation made one.
          ...(files.length > 0 ? [{ payload: { type: 'bug_files_share' as const, bugId: bug.id }, dedupeKey: filesShareKey(bug.id) }] : []),
        ]),
      ]);
      return bug;
    },
    async () => (await db.select().from(bugs).where(and(eq(bugs.workspaceId, workspaceId), eq(bugs.sourceViewId, viewId))))[0]!,
  );
  return { bug: item, created };
}
