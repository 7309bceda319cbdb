import type { Db, Tx } from '../db/client.ts';
import { commit, rollback, transact, waitedOn } from '../db/transact.ts';

/**
 * Files an item from a modal, within the save budget, once per Slack view: `file` inserts it and answers
 * undefined when its (workspace, view) unique index says that view was filed before; the transaction then
 * rolls back (giving its key number back) and `filedBefore` finds the first item, which had committed (it
 * held the workspace lock).
 */
export async function fileOnce<T>(db: Db, file: (tx: Tx) => Promise<T | undefined>, filedBefore: () => Promise<T>): Promise<{ item: T; created: boolean }> {
  const filed = await transact(db, waitedOn, async (tx) => {
    const item = await file(tx);
    return item === undefined ? rollback('filed_before' as const) : commit({ item, created: true });
  });
  return filed === 'filed_before' ? { item: await filedBefore(), created: false } : filed;
}
