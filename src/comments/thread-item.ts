import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { bugs, stories } from '../db/schema.ts';
import type { ItemKind } from '../items/types.ts';

/** A message of a conversation: its channel and ts, in its workspace. */
export interface MessageRef {
  workspaceId: string;
  channelId: string;
  ts: string;
}

/** The item a thread belongs to, with what a reply in it needs to know (does it answer a request for information?). */
export interface ThreadItem {
  kind: ItemKind;
  id: number;
  status: string;
  reporterId: string;
}

/**
 * The item whose thread `threadTs` is, as a query of one row or none (columns kind, id, status,
 * reporter_id): the thread of its confirmation (for a bug reported from a message, that message's own
 * thread), of a bug's triage message, of a story's message, or of the message a bug was reported from, in
 * that order when one message is several of these. Each branch reads its index, and always within the
 * workspace: a channel id and a ts say nothing about the workspace (a shared channel has the same id in each
 * workspace it is shared with).
 */
export function threadItemQuery(workspaceId: string | SQL, channelId: string | SQL, threadTs: string | SQL): SQL {
  const branch = (kind: ItemKind, rank: number, table: typeof bugs | typeof stories, channel: AnyPgColumn, ts: AnyPgColumn) =>
    sql`(select ${kind}::text as kind, ${table.id} as id, ${table.status}::text as status, ${table.reporterId} as reporter_id, ${rank}::int as rank
      from ${table} where ${table.workspaceId} = ${workspaceId} and ${channel} = ${channelId} and ${ts} = ${threadTs})`;
  return sql`${branch('bug', 1, bugs, bugs.threadChannelId, bugs.threadTs)}
    union all ${branch('bug', 2, bugs, bugs.triageChannelId, bugs.triageTs)}
    union all ${branch('story', 3, stories, stories.threadChannelId, stories.threadTs)}
    union all ${branch('bug', 4, bugs, bugs.sourceChannelId, bugs.sourceTs)}
    order by rank, id limit 1`;
}
