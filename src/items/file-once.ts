import type { Db } from '../db/client.ts';
import { saveWithinBudget } from '../db/timeout.ts';
import type { Tx } from '../db/client.ts';

/** Thrown inside a filing transaction to roll it back (giving its key number back): the form was filed before. */
class AlreadyFiled extends Error {}

/**
 * Files an item from a modal, within the save budget, once per Slack view: `file` inserts it and answers
 * undefined when its (workspace, view) unique index says that view was filed before; the transaction then
 * rolls back and `filedBefore` finds the first item, which had committed (it held the workspace lock).
 */
export async function fileOnce<T>(db: Db, file: (tx: Tx) => Promise<T | undefined>, filedBefore: () => Promise<T>): Promise<{ item: T; created: boolean }> {
  try {
    return await saveWithinBudget(db, async (tx) => {
      const item = await file(tx);
      if (item === undefined) throw new AlreadyFiled();
      return { item, created: true };
    });
  } catch (error) {
    if (!(error instanceof AlreadyFiled)) throw error;
    return { item: await filedBefore(), created: false };
  }
}
