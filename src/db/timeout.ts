import { sql } from 'drizzle-orm';
import { type Db, onPglite, type Tx } from './client.ts';

/** A submission must be answered within Slack's 3 s; past this, the modal stays open with an error instead. */
export const SAVE_BUDGET_MS = 2000;

/**
 * How much longer than the budget the caller waits for an answer. The transaction refuses to commit once
 * the budget is spent, so by the time the caller gives up and says "Couldn't save", nothing can land.
 */
const ANSWER_MARGIN_MS = 250;

export class DatabaseTimeoutError extends Error {
  constructor(ms: number) {
    super(`database did not answer within ${ms} ms`);
  }
}

/** Gives up waiting after `ms`. It cancels nothing by itself: pair it with a transaction that stops on its own (saveWithinBudget). */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `work` in a transaction that is over within `budgetMs`: the server cancels a statement that runs
 * past it (statement_timeout), and the transaction checks the deadline right before it commits, so many
 * slow statements roll back too. The caller waits a little longer than that, then gives up.
 */
export async function saveWithinBudget<T>(db: Db, work: (tx: Tx) => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  return withTimeout(
    db.transaction(async (tx) => {
      // PGlite runs no statement timer (it ignores statement_timeout): the deadline below bounds it alone.
      // On PostgreSQL the setting goes out with the first statement of `work` (pipelined, run in order).
      const [, result] = await Promise.all([onPglite(db) ? undefined : tx.execute(sql.raw(`set local statement_timeout = ${Math.ceil(budgetMs)}`)), work(tx)]);
      // Thrown inside the callback, so the transaction rolls back instead of committing after the caller was told it failed.
      if (Date.now() >= deadline) throw new DatabaseTimeoutError(budgetMs);
      return result;
    }),
    budgetMs + ANSWER_MARGIN_MS,
  );
}
