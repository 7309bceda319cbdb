import { and, eq, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { applyBugChange } from '../bugs/change-bug.ts';
import { askedForInfoBy, infoAdded } from '../bugs/triage.ts';
import type { Db, Tx } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { bugs, comments, type StoredFile, stories } from '../db/schema.ts';
import { commit, transact, unbudgeted } from '../db/transact.ts';
import type { ItemKind } from '../items/types.ts';
import { type MessageRef, type ThreadItem, threadItemQuery } from './thread-item.ts';

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
 * Replies in threads, stored as one statement: each in the thread of a tracked message becomes a comment of
 * its item and touches the item (it is no longer stale; see TOUCH_EVERY); one in any other thread is stored
 * nowhere. The statement finds each thread's item through its indexes and stores the comments and touches of
 * the tracked ones, so a burst costs one round trip per batch (see lane.ts), and a batch of untracked
 * replies one read that writes nothing. A bug's reporter answering while it waits for information sends it
 * back, as Info added does, in one transaction with the comment (answerRequest): a delivery that stores
 * nothing new changes nothing. One outcome per reply, in order.
 */
export async function recordReplies(db: Db, replies: Reply[]): Promise<ReplyOutcome[]> {
  type Found = { n: number | string; kind: ItemKind; id: number | string; status: string; reporter_id: string; answers_request: boolean; stored: boolean };
  const found = new Map((await queryRows<Found>(db, storeIfTracked(replies))).map((row) => [Number(row.n), row]));
  const seen = new Set<string>();
  const outcomes: ReplyOutcome[] = [];
  for (const [n, reply] of replies.entries()) {
    const row = found.get(n);
    if (!row) {
      outcomes.push({ kind: 'untracked' });
      continue;
    }
    const item: ThreadItem = { kind: row.kind, id: Number(row.id), status: row.status, reporterId: row.reporter_id };
    // The same message twice in one batch was stored once, by the first of them.
    const key = `${reply.workspaceId}/${reply.channelId}/${reply.ts}`;
    const first = !seen.has(key);
    seen.add(key);
    if (row.stored && first) outcomes.push({ kind: 'stored', item, infoAdded: false });
    else outcomes.push(row.answers_request && first ? await answerRequest(db, reply, item) : { kind: 'duplicate', item });
  }
  return outcomes;
}

const column = (c: { name: string }) => sql.identifier(c.name);

/**
 * A comment touches its item once a minute at most: staleness counts days, and each touch rewrites the item's
 * row and every index of it (its search indexes too), which a thread busy with replies would do for each.
 */
const TOUCH_EVERY = sql`interval '1 minute'`;

/**
 * Each reply's item, and its comment with the item's touch when it is tracked (on conflict nothing: the same
 * message twice is stored once). A reporter's answer to a request for information (`answers_request`: the
 * bug waits for it, and the reply is its reporter's) is only found here, and left to answerRequest.
 */
function storeIfTracked(replies: Reply[]): SQL {
  const c = comments;
  const values = replies.map(
    (reply, n) =>
      sql`(${n}::int, ${reply.workspaceId}::text, ${reply.channelId}::text, ${reply.ts}::text, ${reply.threadTs}::text, ${reply.authorId}::text, ${reply.text}::text, ${JSON.stringify(reply.files)}::jsonb, ${timeOfTs(reply.ts).toISOString()}::timestamptz)`,
  );
  const touch = (table: typeof bugs | typeof stories, kind: ItemKind) =>
    sql`update ${table} set ${column(table.updatedAt)} = now() where ${table.id} in (select ${column(c.itemId)} from inserted where ${column(c.itemType)} = ${kind}) and ${table.updatedAt} < now() - ${TOUCH_EVERY} returning 1`;
  return sql`with incoming (n, workspace_id, channel_id, ts, thread_ts, author_id, text, files, posted_at) as (values ${sql.join(values, sql`, `)}),
    item as (
      select incoming.n, found.kind, found.id, found.status, found.reporter_id,
        (found.kind = 'bug' and found.status = 'needs_info' and found.reporter_id = incoming.author_id) as answers_request
      from incoming cross join lateral (${threadItemQuery(sql`incoming.workspace_id`, sql`incoming.channel_id`, sql`incoming.thread_ts`)}) found
    ),
    inserted as (
      insert into ${c} (${column(c.workspaceId)}, ${column(c.itemType)}, ${column(c.itemId)}, ${column(c.channelId)}, ${column(c.ts)}, ${column(c.threadTs)}, ${column(c.authorId)}, ${column(c.text)}, ${column(c.files)}, ${column(c.postedAt)})
      select incoming.workspace_id, item.kind, item.id, incoming.channel_id, incoming.ts, incoming.thread_ts, incoming.author_id, incoming.text, incoming.files, incoming.posted_at
      from item join incoming using (n) where not item.answers_request
      on conflict (${column(c.workspaceId)}, ${column(c.channelId)}, ${column(c.ts)}) do nothing
      returning ${column(c.workspaceId)}, ${column(c.channelId)}, ${column(c.ts)}, ${column(c.itemType)}, ${column(c.itemId)}
    ),
    touched_bug as (${touch(bugs, 'bug')}),
    touched_story as (${touch(stories, 'story')})
    select item.n, item.kind, item.id, item.status, item.reporter_id, item.answers_request,
      exists (select 1 from inserted where inserted.${column(c.workspaceId)} = incoming.workspace_id and inserted.${column(c.channelId)} = incoming.channel_id and inserted.${column(c.ts)} = incoming.ts) as stored
    from item join incoming using (n)`;
}

function commentRow(reply: Reply, item: ThreadItem) {
  const { workspaceId, channelId, ts, threadTs, authorId, text, files } = reply;
  return { workspaceId, itemType: item.kind, itemId: item.id, channelId, ts, threadTs, authorId, text, files, postedAt: timeOfTs(ts) };
}

async function touchOnly(tx: Tx, item: ThreadItem): Promise<void> {
  const table = item.kind === 'bug' ? bugs : stories;
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
    if (!changed.ok) await touchOnly(tx, item);
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

/** What the comments' lane is given: a reply to keep, an edit, a deletion (in arrival order). */
export type CommentJob = { kind: 'reply'; reply: Reply } | { kind: 'edit'; edit: Parameters<typeof editComment>[1] } | { kind: 'deletion'; message: MessageRef };
export type CommentJobResult = { kind: 'reply'; outcome: ReplyOutcome } | { kind: 'edit' | 'deletion'; changed: boolean };

/** Replies that queued together share a batch; an edit or a deletion runs alone, in its place. */
export const shareBatch = (first: CommentJob, next: CommentJob): boolean => first.kind === 'reply' && next.kind === 'reply';

/** Runs a batch of jobs (all replies, or one edit or deletion): one result each, in order. */
export async function runCommentJobs(db: Db, jobs: CommentJob[]): Promise<CommentJobResult[]> {
  const [first] = jobs;
  if (first?.kind === 'edit') return [{ kind: 'edit', changed: await editComment(db, first.edit) }];
  if (first?.kind === 'deletion') return [{ kind: 'deletion', changed: await removeComment(db, first.message) }];
  const replies = jobs.flatMap((job) => (job.kind === 'reply' ? [job.reply] : []));
  return (await recordReplies(db, replies)).map((outcome) => ({ kind: 'reply', outcome }));
}
