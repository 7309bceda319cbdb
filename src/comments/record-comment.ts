import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { applyBugChange } from '../bugs/change-bug.ts';
import { askedForInfoBy, infoAdded } from '../bugs/triage.ts';
import type { Db, Tx } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { bugs, comments, type StoredFile, stories } from '../db/schema.ts';
import { commit, transact, unbudgeted } from '../db/transact.ts';
import { type MessageRef, type ThreadItem, findThreadItem } from './thread-item.ts';

/** A person's message in a thread: what Slack said of it, as the comment keeps it. */
export interface Reply extends MessageRef {
  /** The thread's parent: the message that says which item it is about. */
  threadTs: string;
  authorId: string;
  /** As Slack sent it (mrkdwn); escaped wherever it is shown again. */
  text: string;
  files: StoredFile[];
}

export type ReplyOutcome =
  | { kind: 'untracked' }
  /** Already stored: the same message delivered again. */
  | { kind: 'duplicate'; item: ThreadItem }
  /** `infoAdded`: it was the reporter answering a request for information, and the bug went back to triage. */
  | { kind: 'stored'; item: ThreadItem; infoAdded: boolean };

/** When a message was posted: its ts is the Unix time in seconds, with microseconds after the dot. */
export const timeOfTs = (ts: string): Date => new Date(Math.round(Number(ts) * 1000));

/**
 * A reply in the thread of a tracked message becomes a comment of its item and touches the item (it is no
 * longer stale); in any other thread it is stored nowhere, and finding that out is one indexed read. The
 * bug's reporter answering while it waits for information sends it back, as Info added does, in the same
 * transaction as the comment: a delivery that stored nothing new changes nothing.
 */
export async function recordReply(db: Db, reply: Reply): Promise<ReplyOutcome> {
  const item = await findThreadItem(db, reply.workspaceId, reply.channelId, reply.threadTs);
  if (!item) return { kind: 'untracked' };
  if (item.kind === 'bug' && item.status === 'needs_info' && item.reporterId === reply.authorId) return answerRequest(db, reply, item);
  return (await storeAndTouch(db, reply, item)) ? { kind: 'stored', item, infoAdded: false } : { kind: 'duplicate', item };
}

const itemTable = (item: ThreadItem) => (item.kind === 'bug' ? bugs : stories);
const column = (c: { name: string }) => sql.identifier(c.name);

/** The comment and the item's touch in one statement (one round trip; it is most of what a burst of replies costs). */
async function storeAndTouch(db: Db, reply: Reply, item: ThreadItem): Promise<boolean> {
  const c = comments;
  const table = itemTable(item);
  const inserted = await queryRows<{ id: unknown }>(
    db,
    sql`with inserted as (
      insert into ${c} (${column(c.workspaceId)}, ${column(c.itemType)}, ${column(c.itemId)}, ${column(c.channelId)}, ${column(c.ts)}, ${column(c.threadTs)}, ${column(c.authorId)}, ${column(c.text)}, ${column(c.files)}, ${column(c.postedAt)})
      values (${reply.workspaceId}, ${item.kind}, ${item.id}, ${reply.channelId}, ${reply.ts}, ${reply.threadTs}, ${reply.authorId}, ${reply.text}, ${JSON.stringify(reply.files)}::jsonb, ${timeOfTs(reply.ts).toISOString()}::timestamptz)
      on conflict (${column(c.workspaceId)}, ${column(c.channelId)}, ${column(c.ts)}) do nothing
      returning ${column(c.id)}
    ), touched as (
      update ${table} set ${column(table.updatedAt)} = now() where ${column(table.id)} = ${item.id} and exists (select 1 from inserted) returning 1
    )
    select ${column(c.id)} as id from inserted`,
  );
  return inserted.length > 0;
}

function commentRow(reply: Reply, item: ThreadItem) {
  const { workspaceId, channelId, ts, threadTs, authorId, text, files } = reply;
  return { workspaceId, itemType: item.kind, itemId: item.id, channelId, ts, threadTs, authorId, text, files, postedAt: timeOfTs(ts) };
}

async function touch(tx: Tx, item: ThreadItem): Promise<void> {
  const table = itemTable(item);
  await tx.update(table).set({ updatedAt: sql`now()` }).where(eq(table.id, item.id));
}

/** The reporter's reply to a request for information: the comment, and the bug back where it was (whoever asked is told). */
async function answerRequest(db: Db, reply: Reply, item: ThreadItem): Promise<ReplyOutcome> {
  return transact<ReplyOutcome>(db, unbudgeted, async (tx) => {
    const [stored] = await tx.insert(comments).values(commentRow(reply, item)).onConflictDoNothing().returning({ id: comments.id });
    if (!stored) return commit({ kind: 'duplicate', item });
    const ref = { workspaceId: reply.workspaceId, bugId: item.id };
    const changed = await applyBugChange(tx, ref, reply.authorId, async (bug, locked) => infoAdded(bug, reply.authorId, { askedBy: await askedForInfoBy(locked, bug) }));
    // No longer waiting (someone changed it since it was read): still a comment, and still a touch.
    if (!changed.ok) await touch(tx, item);
    return commit({ kind: 'stored', item, infoAdded: changed.ok });
  });
}

/** An edit of a stored comment (message_changed): its text and files as they are now. False when it is no comment. */
export async function editComment(db: Db, edit: MessageRef & { text: string; files: StoredFile[]; editedAt: Date }): Promise<boolean> {
  const updated = await db
    .update(comments)
    .set({ text: edit.text, files: edit.files, editedAt: edit.editedAt })
    // An older edit delivered late (a retry) does not undo a newer one.
    .where(and(eq(comments.workspaceId, edit.workspaceId), eq(comments.channelId, edit.channelId), eq(comments.ts, edit.ts), or(isNull(comments.editedAt), lte(comments.editedAt, edit.editedAt))))
    .returning({ id: comments.id });
  return updated.length > 0;
}

/** A deleted message (message_deleted) is no comment any more. False when it was none. */
export async function removeComment(db: Db, message: MessageRef): Promise<boolean> {
  const removed = await db
    .delete(comments)
    .where(and(eq(comments.workspaceId, message.workspaceId), eq(comments.channelId, message.channelId), eq(comments.ts, message.ts)))
    .returning({ id: comments.id });
  return removed.length > 0;
}
