import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { type Bug, type BugFile, bugFiles, bugs, type StoredFile } from '../db/schema.ts';

/**
 * Keeps a new bug's files (in its filing transaction): the reported message's and the form's, once each. The
 * statement, not sent yet (for a pipeline: src/db/pipeline.ts); none when there are no files.
 */
export function bugFilesStatement(tx: Tx, workspaceId: string, bugId: number | SQL, files: StoredFile[]) {
  if (files.length === 0) return undefined;
  return tx
    .insert(bugFiles)
    .values(files.map((file) => ({ workspaceId, bugId, slackFileId: file.id, name: file.name, mimetype: file.mimetype, filetype: file.filetype, size: file.size, permalink: file.permalink })))
    .onConflictDoNothing();
}

/** A bug's files in the order they were given; another workspace's bug has none here. */
export function listBugFiles(db: Db | Tx, workspaceId: string, bugId: number): Promise<BugFile[]> {
  return db.select().from(bugFiles).where(and(eq(bugFiles.workspaceId, workspaceId), eq(bugFiles.bugId, bugId))).orderBy(asc(bugFiles.id));
}

/** The files still to share into the bug's thread: readable as far as is known, and not shared yet. */
export function filesToShare(db: Db, workspaceId: string, bugId: number): Promise<BugFile[]> {
  return db
    .select()
    .from(bugFiles)
    .where(and(eq(bugFiles.workspaceId, workspaceId), eq(bugFiles.bugId, bugId), eq(bugFiles.state, 'available'), isNull(bugFiles.sharedAt)))
    .orderBy(asc(bugFiles.id));
}

/** Records that a file is in the bug's thread now, so a retry after a later file failed does not share it again. */
export async function markFileShared(db: Db, fileId: number, at = new Date()): Promise<void> {
  await db.update(bugFiles).set({ sharedAt: at }).where(eq(bugFiles.id, fileId));
}

/** The bot cannot read the file (deleted, not shared with it): it is named as unavailable, and never tried again. */
export async function markFileUnavailable(db: Db, fileId: number): Promise<void> {
  await db.update(bugFiles).set({ state: 'unavailable' }).where(eq(bugFiles.id, fileId));
}

/** The bug a message was reported as (by the message shortcut or its intake emoji), if it was; the first one when several. */
export async function bugOfMessage(db: Db, workspaceId: string, channelId: string, ts: string): Promise<Pick<Bug, 'id' | 'number' | 'threadChannelId' | 'threadTs'> | undefined> {
  const [bug] = await db
    .select({ id: bugs.id, number: bugs.number, threadChannelId: bugs.threadChannelId, threadTs: bugs.threadTs })
    .from(bugs)
    .where(and(eq(bugs.workspaceId, workspaceId), eq(bugs.sourceChannelId, channelId), eq(bugs.sourceTs, ts)))
    .orderBy(asc(bugs.number))
    .limit(1);
  return bug;
}
