import { isNull, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { workspaces } from '../db/schema.ts';

/**
 * Creates the workspace row on first use, with its Enterprise Grid org when it has one: in OAuth mode a
 * workspace of an org-wide install has no installation of its own, and the outbox finds the org's through
 * this column. A row made before its org was known learns it here. Without an OAuth install record, the
 * first person to file something stands in for the installer.
 */
export async function ensureWorkspace(db: Db | Tx, workspaceId: string, enterpriseId: string | null, firstUserId?: string): Promise<void> {
  const insert = db.insert(workspaces).values({ id: workspaceId, enterpriseId, installerUserId: firstUserId ?? null });
  if (enterpriseId) await insert.onConflictDoUpdate({ target: workspaces.id, set: { enterpriseId }, setWhere: isNull(workspaces.enterpriseId) });
  else await insert.onConflictDoNothing();
}

/**
 * The statement that takes the next key number of a kind (`BUG-n`, `STORY-n`) in a workspace, not sent yet
 * (for a pipeline: src/db/pipeline.ts): it creates the workspace row on first use (as ensureWorkspace does),
 * bumps the counter, and so holds the row's lock (FOR NO KEY UPDATE, as any update of a non-key column)
 * until the transaction ends. Filings in one workspace take turns on it, so numbers have no gaps; a
 * rolled-back filing gives its number back. The item's insert reads the number with takenNumber.
 */
export function nextNumberStatement(tx: Tx, kind: 'bug' | 'story', workspaceId: string, enterpriseId: string | null, firstUserId: string) {
  const counter = kind === 'bug' ? workspaces.bugSeq : workspaces.storySeq;
  return tx
    .insert(workspaces)
    .values({ id: workspaceId, enterpriseId, installerUserId: firstUserId, ...(kind === 'bug' ? { bugSeq: 1 } : { storySeq: 1 }) })
    .onConflictDoUpdate({
      target: workspaces.id,
      set: { [kind === 'bug' ? 'bugSeq' : 'storySeq']: sql`${counter} + 1`, enterpriseId: sql`coalesce(${workspaces.enterpriseId}, excluded.enterprise_id)` },
    })
    .returning({ number: counter });
}

/**
 * The number nextNumberStatement took, as a subquery for the item's insert: sent in the same round trip right
 * after nextNumberStatement (PostgreSQL runs a transaction's pipelined statements in order), it reads the bumped counter.
 */
export function takenNumber(kind: 'bug' | 'story', workspaceId: string): SQL {
  const counter = kind === 'bug' ? workspaces.bugSeq : workspaces.storySeq;
  return sql`(select ${counter} from ${workspaces} where ${workspaces.id} = ${workspaceId})`;
}
