import { and, eq, sql } from 'drizzle-orm';
import type { ItemKind } from './types.ts';
import type { Db } from '../db/client.ts';
import { bugs, itemHistory, stories, teams } from '../db/schema.ts';

/** Keep: records a touch, so a stale item stops being stale; the history says who kept it. */
export async function touchItem(db: Db, workspaceId: string, type: ItemKind, itemId: number, actorId: string): Promise<{ number: number; staleAfterDays: number } | undefined> {
  return db.transaction(async (tx) => {
    const table = type === 'bug' ? bugs : stories;
    const [touched] = await tx
      .update(table)
      .set({ updatedAt: sql`now()` })
      .where(and(eq(table.workspaceId, workspaceId), eq(table.id, itemId)))
      .returning({ number: table.number, status: table.status, teamId: table.teamId });
    if (!touched) return undefined;
    const [team] = await tx.select({ staleAfterDays: teams.staleAfterDays }).from(teams).where(eq(teams.id, touched.teamId));
    await tx.insert(itemHistory).values({ workspaceId, itemType: type, itemId, actorId, action: 'kept', fromStatus: touched.status, toStatus: touched.status });
    return { number: touched.number, staleAfterDays: team!.staleAfterDays };
  });
}
