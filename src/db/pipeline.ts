/** A statement not sent yet: a drizzle query builder. */
export interface Statement<T> {
  execute(): Promise<T>;
}

type Results<S extends readonly Statement<unknown>[]> = { -readonly [K in keyof S]: S[K] extends Statement<infer T> ? T : never };

/**
 * Sends a transaction's statements in one round trip, in the order given, and answers their results: each is
 * started here, one after the other, so the driver queues them in that order (postgres.js pipelines them and
 * PostgreSQL runs them in order; PGlite runs them one by one), and a later one reads what an earlier one
 * wrote. Builders only: an async function that awaits its query would start it later, out of order.
 * test/bugs/file-bug.test.ts fails on both databases when the order is lost.
 */
export function pipeline<const S extends readonly Statement<unknown>[]>(...statements: S): Promise<Results<S>> {
  return Promise.all(statements.map((statement) => statement.execute())) as Promise<Results<S>>;
}
