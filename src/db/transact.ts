import { TransactionRollbackError } from 'drizzle-orm';
import type { Db, Tx } from './client.ts';
import { SAVE_BUDGET_MS, saveWithinBudget } from './timeout.ts';

/**
 * Whether someone waits on a transaction's answer: a modal submission must be answered within Slack's
 * 3 s, so its work is done within the save budget or not at all; a button press or a job is not budgeted.
 */
export type Budget = { kind: 'waited_on'; ms: number } | { kind: 'unbudgeted' };

export const waitedOn: Budget = { kind: 'waited_on', ms: SAVE_BUDGET_MS };
export const unbudgeted: Budget = { kind: 'unbudgeted' };

/** How a transaction's work ends: committed with a value, or rolled back (nothing it wrote stays) with one. */
export type Ending<C, R> = { kind: 'commit'; value: C } | { kind: 'rollback'; value: R };

export const commit = <C>(value: C): Ending<C, never> => ({ kind: 'commit', value });
export const rollback = <R>(value: R): Ending<never, R> => ({ kind: 'rollback', value });

/**
 * Runs `work` in one transaction, within `budget`, and answers the value it ended with. Rolling back is
 * a value like any other: the work says so, and only here is the exception drizzle rolls back with
 * raised and caught.
 */
export async function transact<C, R = never>(db: Db, budget: Budget, work: (tx: Tx) => Promise<Ending<C, R>>): Promise<C | R> {
  let rolledBack: { value: R } | undefined;
  const run = async (tx: Tx) => {
    const ending = await work(tx);
    if (ending.kind === 'commit') return ending.value;
    rolledBack = ending;
    return tx.rollback();
  };
  try {
    return await (budget.kind === 'waited_on' ? saveWithinBudget(db, run, budget.ms) : db.transaction(run));
  } catch (error) {
    if (rolledBack && error instanceof TransactionRollbackError) return rolledBack.value;
    throw error;
  }
}
