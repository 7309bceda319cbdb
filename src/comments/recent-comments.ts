import { and, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Comment, comments } from '../db/schema.ts';
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
