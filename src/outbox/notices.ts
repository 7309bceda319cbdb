import type { Tx } from '../db/client.ts';
import type { ItemKind } from '../items/types.ts';
import { enqueueAll } from './enqueue.ts';
import type { ItemChange, OutboxPayload } from './messages.ts';

/** A change to tell: the item, its reporter, and (when a story ships) who watches it. */
export interface Notice {
  item: { kind: ItemKind; id: number };
  reporterId: string;
  change: ItemChange;
  watcherIds?: string[];
}

/**
 * Who is told of a change directly, beyond the item's thread. The rule lives here alone: the thread's
 * sender reads it too, so a thread it cannot use falls back to a DM only when the reporter gets none.
 * Nobody needs a DM about what they just did themselves.
 */
export function toldDirectly(change: ItemChange, reporterId: string, watcherIds: string[] = []): string[] {
  switch (change.action) {
    case 'resolved':
      return change.actorId === reporterId ? [] : [reporterId];
    case 'expired':
      return [reporterId];
    case 'done':
    case 'shipped_by_flag':
      return [...new Set([reporterId, ...watcherIds])];
    default:
      return [];
  }
}

/**
 * Queues a change's notices in the caller's transaction: its thread's, then `refresh` (the item's own
 * message redrawn), then one DM a person told directly. One row each, so each is retried (and a watcher's
 * DM deduplicated) on its own and a retry never repeats what was delivered.
 */
export async function queueNotice(tx: Tx, workspaceId: string, notice: Notice, refresh: OutboxPayload): Promise<void> {
  const { item, change } = notice;
  const direct = toldDirectly(change, notice.reporterId, notice.watcherIds);
  await enqueueAll(tx, workspaceId, [
    { payload: { type: 'item_notice', item, change, to: 'thread' } },
    { payload: refresh },
    ...direct.map((userId) => ({
      payload: { type: 'item_notice', item, change, to: { userId } } as const,
      // A story ships once (by Done or by its flag); its watchers hear of it once.
      dedupeKey: change.action === 'done' || change.action === 'shipped_by_flag' ? `story_done_dm:${item.id}:${userId}` : undefined,
    })),
  ]);
}
