import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Bug, bugs } from '../db/schema.ts';

/** Every lookup names the workspace: a bug id from another workspace finds nothing. */
export async function findBug(db: Db, workspaceId: string, bugId: number): Promise<Bug | undefined> {
  const [bug] = await db.select().from(bugs).where(and(eq(bugs.workspaceId, workspaceId), eq(bugs.id, bugId)));
  return bug;
}

export async function findBugByNumber(db: Db, workspaceId: string, number: number): Promise<Bug | undefined> {
  const [bug] = await db.select().from(bugs).where(and(eq(bugs.workspaceId, workspaceId), eq(bugs.number, number)));
  return bug;
}

/** Reads "BUG-12", "bug-12" or "12"; anything else is undefined. */
export function parseBugKey(text: string): number | undefined {
  const match = /^(?:bug-)?(\d{1,9})$/i.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}
