import { and, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type ItemHistoryEntry, itemHistory } from '../db/schema.ts';
import type { ItemKind } from './types.ts';

/** The latest `limit` history entries of an item, newest first, and how many there are in all. */
export async function recentHistory(db: Db, workspaceId: string, type: ItemKind, itemId: number, limit = 10): Promise<{ entries: ItemHistoryEntry[]; total: number }> {
  const where = and(eq(itemHistory.workspaceId, workspaceId), eq(itemHistory.itemType, type), eq(itemHistory.itemId, itemId));
  const [entries, [counted]] = await Promise.all([
    db.select().from(itemHistory).where(where).orderBy(desc(itemHistory.createdAt), desc(itemHistory.id)).limit(limit),
    db.select({ value: count() }).from(itemHistory).where(where),
  ]);
  return { entries, total: counted?.value ?? 0 };
}
