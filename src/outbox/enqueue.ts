import { type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
import type { OutboxPayload } from './messages.ts';

/**
 * Queues a message in the caller's transaction, so it is sent if and only if the change that caused it
 * commits. A repeated `dedupeKey` in the same workspace queues nothing.
 */
export async function enqueue(tx: Db | Tx, workspaceId: string, payload: OutboxPayload, dedupeKey?: string): Promise<void> {
  await enqueueAll(tx, workspaceId, [{ payload, dedupeKey }]);
}

/** Several messages in one statement (one round trip), in order. */
export async function enqueueAll(tx: Db | Tx, workspaceId: string, messages: { payload: OutboxPayload | SQL; dedupeKey?: string | SQL }[]): Promise<void> {
  await enqueueStatement(tx, workspaceId, messages);
}

/** enqueueAll's statement, not sent yet (for a pipeline: src/db/pipeline.ts). */
export function enqueueStatement(tx: Db | Tx, workspaceId: string, messages: { payload: OutboxPayload | SQL; dedupeKey?: string | SQL }[]) {
  return tx
    .insert(outbox)
    .values(messages.map(({ payload, dedupeKey }) => ({ workspaceId, payload, dedupeKey: dedupeKey ?? null })))
    .onConflictDoNothing();
}

/**
 * A payload whose item id is still a subquery (the statements that file the item go out together, before
 * its id comes back; see keySql): the rest as given, the id filled in by the database, as a JSON number.
 */
export function payloadSql<P extends OutboxPayload, K extends keyof P & string>(payload: Omit<P, K>, idField: K, id: SQL): SQL {
  return sql`${JSON.stringify(payload)}::jsonb || jsonb_build_object(${idField}::text, ${id})`;
}
