import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Bug, bugs, itemHistory, type StoredFile } from '../db/schema.ts';
import { fileOnce } from '../items/file-once.ts';
import { nextNumberStatement, takenNumber } from '../items/workspace-lock.ts';
import { pipeline } from '../db/pipeline.ts';
import { filingTeam } from '../teams/team-choice.ts';
import { enqueueStatement, payloadSql } from '../outbox/enqueue.ts';
import { confirmationKey, filesShareKey, keySql, triagePostKey } from '../outbox/keys.ts';
import type { PayloadOf } from '../outbox/messages.ts';
import { bugFilesStatement } from './bug-files.ts';
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
  // Saved before the modal is acknowledged: within the budget, or not at all. In one round trip: every
  // statement goes out at once and PostgreSQL runs them in order, so the workspace's counter (which the
  // workspace's filings take turns on) is held for that round trip and the commit, not for one per statement.
  // The statements after the insert find the bug by its view, as its id is not back yet.
  const { item, created } = await fileOnce(
    db,
    async (tx) => {
      const filed = sql`(select ${bugs.id} from ${bugs} where ${bugs.workspaceId} = ${workspaceId} and ${bugs.sourceViewId} = ${viewId})`;
      const files = request.files ?? [];
      const filesSaved = bugFilesStatement(tx, workspaceId, filed, files);
      const [, [bug]] = await pipeline(
        nextNumberStatement(tx, 'bug', workspaceId, request.enterpriseId, request.reporterId),
        tx
          .insert(bugs)
          .values({
            workspaceId,
            teamId: filingTeam(workspaceId, request.channelId, request.teamId),
            number: takenNumber('bug', workspaceId),
            ...request.fields,
            sourcePermalink: request.sourcePermalink ?? null,
            sourceChannelId: request.source?.channelId ?? null,
            sourceTs: request.source?.ts ?? null,
            reporterId: request.reporterId,
            channelId: request.channelId ?? null,
            sourceViewId: viewId,
          })
          .onConflictDoNothing({ target: [bugs.workspaceId, bugs.sourceViewId] })
          .returning(),
        // When the view was filed before, these find that bug and are rolled back with the rest.
        tx.insert(itemHistory).values({ workspaceId, itemType: 'bug', itemId: filed, actorId: request.reporterId, action: 'created', toStatus: 'new' }),
        enqueueStatement(tx, workspaceId, [
          {
            payload: payloadSql<PayloadOf<'bug_confirmation'>, 'bugId'>({ type: 'bug_confirmation', channelId: request.channelId, threadTs: request.threadTs, responseUrl: request.responseUrl }, 'bugId', filed),
            dedupeKey: keySql(confirmationKey, filed),
          },
          { payload: payloadSql<PayloadOf<'triage_post'>, 'bugId'>({ type: 'triage_post' }, 'bugId', filed), dedupeKey: keySql(triagePostKey, filed) },
          // Shared into the bug's thread once its confirmation made one.
          ...(filesSaved ? [{ payload: payloadSql<PayloadOf<'bug_files_share'>, 'bugId'>({ type: 'bug_files_share' }, 'bugId', filed), dedupeKey: keySql(filesShareKey, filed) }] : []),
        ]),
        ...(filesSaved ? [filesSaved] : []),
      );
      return bug;
    },
    async () => (await db.select().from(bugs).where(and(eq(bugs.workspaceId, workspaceId), eq(bugs.sourceViewId, viewId))))[0]!,
  );
  return { bug: item, created };
}
