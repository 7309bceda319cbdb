import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { type Bug, bugs, itemHistory, type NewBug } from '../db/schema.ts';
import { type Budget, commit, transact } from '../db/transact.ts';
import { enqueue } from '../outbox/enqueue.ts';
import type { ItemChange, OutboxPayload } from '../outbox/messages.ts';
import { queueNotice } from '../outbox/notices.ts';


/** What a change does to a bug, decided from the bug as it is inside the transaction. */
export interface BugChange {
  set: { [K in 'status' | 'resolution' | 'duplicateOfId' | 'probability' | 'impact' | 'ownerId' | 'needsInfoSince' | 'resolvedAt']?: NewBug[K] | SQL };
  /** What changed, as history records it (its action) and as the notice tells it (outbox/notices.ts: to whom). */
  change: ItemChange & { action: BugAction };
  details?: Record<string, unknown>;
  /** Further messages the change causes, queued with it. */
  also?: { payload: OutboxPayload; dedupeKey: string }[];
}

/** What a person may do to a bug (expiry is the app's own, expire-needs-info.ts). */
type BugAction = 'rated' | 'triaged' | 'owner_set' | 'needs_info' | 'info_added' | 'started' | 'resolved';

export type ChangeRefusal = { error: 'not_found' } | { error: 'refused'; message: string } | { error: 'fields'; fields: Record<string, string> };

/** The refusals a change may give; `R` adds those of one change only (follow-duplicate.ts: not the reporter). */
export type ChangeResult<R extends { error: string } = ChangeRefusal> = { ok: true; bug: Bug } | ({ ok: false } & (R | { error: 'not_found' }));

export interface BugRef {
  workspaceId: string;
  bugId: number;
}

/**
 * Applies one change to one bug in one transaction: the row (locked), its history entry, its notices
 * and the triage message refresh are all committed together or not at all. Its refusals are
 * ChangeRefusal's unless the caller names more (`R` is never inferred, so a typo'd refusal is an error).
 */
export async function changeBug<R extends { error: string } = ChangeRefusal>(
  db: Db,
  budget: Budget,
  ref: BugRef,
  actorId: string,
  decide: (bug: Bug, tx: Tx) => Promise<BugChange | NoInfer<R>> | BugChange | NoInfer<R>,
): Promise<ChangeResult<R>> {
  return transact<ChangeResult<R>>(db, budget, async (tx) => commit(await applyBugChange<R>(tx, ref, actorId, decide)));
}

/**
 * changeBug's work, in the caller's transaction: for a change that comes with other writes of its own (a
 * reply in the bug's thread is stored as a comment and sends the bug back from needs info, both or neither).
 */
export async function applyBugChange<R extends { error: string } = ChangeRefusal>(
  tx: Tx,
  ref: BugRef,
  actorId: string,
  decide: (bug: Bug, tx: Tx) => Promise<BugChange | NoInfer<R>> | BugChange | NoInfer<R>,
): Promise<ChangeResult<R>> {
  const [bug] = await tx
    .select()
    .from(bugs)
    .where(and(eq(bugs.workspaceId, ref.workspaceId), eq(bugs.id, ref.bugId)))
    .for('update');
  if (!bug) return { ok: false, error: 'not_found' };
  const decision = await decide(bug, tx);
  if ('error' in decision) return { ok: false, ...decision };
  const [updated] = await tx
    .update(bugs)
    .set({ ...decision.set, updatedAt: sql`now()` })
    .where(eq(bugs.id, bug.id))
    .returning();
  await tx.insert(itemHistory).values({
    workspaceId: ref.workspaceId,
    itemType: 'bug',
    itemId: bug.id,
    actorId,
    action: decision.change.action,
    fromStatus: bug.status,
    toStatus: updated!.status,
    details: decision.details ?? null,
  });
  const notice = { item: { kind: 'bug', id: bug.id }, reporterId: bug.reporterId, change: decision.change } as const;
  await queueNotice(tx, ref.workspaceId, notice, { type: 'triage_update', bugId: bug.id });
  for (const message of decision.also ?? []) await enqueue(tx, ref.workspaceId, message.payload, message.dedupeKey);
  return { ok: true, bug: updated! };
}

export function refuse(message: string): ChangeRefusal {
  return { error: 'refused', message };
}
