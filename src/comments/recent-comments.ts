import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { bugs, type Comment, comments, stories } from '../db/schema.ts';
import type { ItemKind } from '../items/types.ts';

/** An item's latest `limit` comments, newest first, and how many it has in all. */
export async function recentComments(db: Db, workspaceId: string, kind: ItemKind, itemId: number, limit = 5): Promise<{ entries: Comment[]; total: number }> {
  const where = and(eq(comments.workspaceId, workspaceId), eq(comments.itemType, kind), eq(comments.itemId, itemId));
  const [entries, [counted]] = await Promise.all([
    db.select().from(comments).where(where).orderBy(desc(comments.postedAt), desc(comments.id)).limit(limit),
    db.select({ value: count() }).from(comments).where(where),
  ]);
  return { entries, total: counted?.value ?? 0 };
}

/** How many of a team's items got a comment in (from, to]: the workspace's comments of the period, through its time index. */
export async function countCommentedItems(db: Db, team: { id: number; workspaceId: string }, from: Date, to: Date): Promise<number> {
  const c = comments;
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from (
      select distinct ${c.itemType} as item_type, ${c.itemId} as item_id from ${c}
      where ${c.workspaceId} = ${team.workspaceId} and ${c.postedAt} > ${from.toISOString()}::timestamptz and ${c.postedAt} <= ${to.toISOString()}::timestamptz
    ) commented
    where (commented.item_type = 'bug' and exists (select 1 from ${bugs} where ${bugs.id} = commented.item_id and ${bugs.teamId} = ${team.id}))
       or (commented.item_type = 'story' and exists (select 1 from ${stories} where ${stories.id} = commented.item_id and ${stories.teamId} = ${team.id}))`,
  );
  return Number(row?.n ?? 0);
}
