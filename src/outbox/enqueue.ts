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
export async function enqueueAll(tx: Db | Tx, workspaceId: string, messages: { payload: OutboxPayload; dedupeKey?: string }[]): Promise<void> {
  await tx
    .insert(outbox)
    .values(messages.map(({ payload, dedupeKey }) => ({ workspaceId, payload, dedupeKey: dedupeKey ?? null })))
    .onConflictDoNothing();
}
