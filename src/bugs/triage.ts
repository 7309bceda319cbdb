import { and, desc, eq, sql } from 'drizzle-orm';
import { isOpenStatus } from '../items/open-statuses.ts';
import { bugKey } from '../items/types.ts';
import type { Db } from '../db/client.ts';
import { type Budget, unbudgeted } from '../db/transact.ts';
import { type Bug, bugResolutions, bugs, itemHistory, teams } from '../db/schema.ts';
import { workspaceDefaults } from '../db/workspace-defaults.ts';
import { type BugChange, type BugRef, changeBug, type ChangeRefusal, type ChangeResult, refuse } from './change-bug.ts';
import type { Tx } from '../db/client.ts';
import { parseBugKey } from './find-bug.ts';

const open = (bug: Bug) => isOpenStatus('bug', bug.status);
const closedRefusal = (bug: Bug) => refuse(`${bugKey(bug.number)} is already resolved (${bug.resolution}).`);

/** Sets probability and/or impact; with both, a new bug becomes triaged. */
export function rateBug(db: Db, ref: BugRef, actorId: string, rating: { probability?: number; impact?: number }): Promise<ChangeResult> {
  return changeBug(db, unbudgeted, ref, actorId, (bug) => {
    if (!open(bug)) return closedRefusal(bug);
    const probability = rating.probability ?? bug.probability;
    const impact = rating.impact ?? bug.impact;
    const set: BugChange['set'] = { probability, impact };
    if (probability === null || impact === null) return { set, change: { action: 'rated', actorId, probability, impact }, details: rating };
    const becomesTriaged = bug.status === 'new';
    if (becomesTriaged) set.status = 'triaged';
    return { set, change: { action: becomesTriaged ? 'triaged' : 'rated', actorId, probability, impact }, details: { probability, impact, risk: probability * impact } };
  });
}

export function setOwner(db: Db, ref: BugRef, actorId: string, ownerId: string | null): Promise<ChangeResult> {
  return changeBug(db, unbudgeted, ref, actorId, (bug) => {
    if (!open(bug)) return closedRefusal(bug);
    return { set: { ownerId }, change: { action: 'owner_set', actorId, ownerId }, details: { ownerId } };
  });
}

export function markNeedsInfo(db: Db, ref: BugRef, actorId: string): Promise<ChangeResult> {
  return changeBug(db, unbudgeted, ref, actorId, async (bug, tx) => {
    if (bug.status !== 'new' && bug.status !== 'triaged') {
      return refuse(`${bugKey(bug.number)} is ${bug.status.replace('_', ' ')}; only new or triaged bugs can wait for information.`);
    }
    const [team] = await tx.select({ days: teams.needsInfoDays }).from(teams).where(eq(teams.id, bug.teamId));
    return {
      set: { status: 'needs_info', needsInfoSince: sql`now()` },
      change: { action: 'needs_info', actorId, reporterId: bug.reporterId, days: team?.days ?? workspaceDefaults.needsInfoDays },
    };
  });
}

/** The reporter answered (pressed Info added): back to triaged when rated, else new. */
export function markInfoAdded(db: Db, ref: BugRef, actorId: string): Promise<ChangeResult> {
  return changeBug(db, unbudgeted, ref, actorId, (bug) => infoAdded(bug, actorId));
}

/**
 * Info added, decided from the bug as it is. `reply`: the reporter answered in the bug's thread, and the
 * person who asked (`askedBy`, when known) is told there.
 */
export function infoAdded(bug: Bug, actorId: string, reply?: { askedBy: string | null }): BugChange | ChangeRefusal {
  if (bug.status !== 'needs_info') return refuse(`${bugKey(bug.number)} is not waiting for information.`);
  const status = bug.probability !== null && bug.impact !== null ? 'triaged' : 'new';
  if (!reply) return { set: { status, needsInfoSince: null }, change: { action: 'info_added', actorId, status } };
  return { set: { status, needsInfoSince: null }, change: { action: 'info_added', actorId, status, via: 'reply', askedBy: reply.askedBy }, details: { via: 'reply' } };
}

/** Whom to tell that the reporter answered: the person who last asked for information, else the owner; never the reporter. */
export async function askedForInfoBy(tx: Tx, bug: Bug): Promise<string | null> {
  const [asked] = await tx
    .select({ actorId: itemHistory.actorId })
    .from(itemHistory)
    .where(and(eq(itemHistory.itemType, 'bug'), eq(itemHistory.itemId, bug.id), eq(itemHistory.action, 'needs_info')))
    .orderBy(desc(itemHistory.createdAt), desc(itemHistory.id))
    .limit(1);
  const who = asked?.actorId ?? bug.ownerId;
  return who && who !== bug.reporterId ? who : null;
}

export function startBug(db: Db, ref: BugRef, actorId: string): Promise<ChangeResult> {
  return changeBug(db, unbudgeted, ref, actorId, (bug) => {
    if (bug.status === 'in_progress') return refuse(`${bugKey(bug.number)} is already in progress.`);
    if (!open(bug)) return closedRefusal(bug);
    if (bug.probability === null || bug.impact === null) return refuse(`Rate ${bugKey(bug.number)} first: choose its probability and impact.`);
    return {
      set: { status: 'in_progress', needsInfoSince: null, ownerId: bug.ownerId ?? actorId },
      change: { action: 'started', actorId },
    };
  });
}

export const closingResolutions = bugResolutions.filter((resolution) => resolution !== 'expired');
export type ClosingResolution = (typeof closingResolutions)[number];

export const resolutionLabels: Record<(typeof bugResolutions)[number], string> = {
  fixed: 'fixed',
  wont_fix: "won't fix",
  duplicate: 'duplicate',
  cannot_reproduce: 'cannot reproduce',
  expired: 'expired',
};

export interface Resolution {
  resolution: ClosingResolution;
  duplicateOf: string | null;
  note: string | null;
}

/** Closes a bug; "duplicate of" must name another bug of the same workspace. Field errors use keys of Resolution. */
export function resolveBug(db: Db, budget: Budget, ref: BugRef, actorId: string, input: Resolution): Promise<ChangeResult> {
  return changeBug(db, budget, ref, actorId, (bug, tx) => decideResolution(bug, tx, actorId, input));
}

/** What closing `bug` with `input` does, decided inside the transaction that has it locked. */
export async function decideResolution(bug: Bug, tx: Tx, actorId: string, input: Resolution): Promise<BugChange | ChangeRefusal> {
  if (!open(bug)) return closedRefusal(bug);
  let duplicateOfId: number | null = null;
  let duplicateOf: number | null = null;
  if (input.resolution === 'duplicate') {
    const number = input.duplicateOf ? parseBugKey(input.duplicateOf) : undefined;
    if (number === undefined) return { error: 'fields', fields: { duplicateOf: 'Give the key of the bug this duplicates, like BUG-12.' } };
    if (number === bug.number) return { error: 'fields', fields: { duplicateOf: `${bugKey(bug.number)} cannot be a duplicate of itself.` } };
    const [original] = await tx
      .select({ id: bugs.id, number: bugs.number })
      .from(bugs)
      .where(and(eq(bugs.workspaceId, bug.workspaceId), eq(bugs.number, number)));
    if (!original) return { error: 'fields', fields: { duplicateOf: `There is no ${bugKey(number)} in this workspace.` } };
    duplicateOfId = original.id;
    duplicateOf = original.number;
  } else if (input.duplicateOf) {
    return { error: 'fields', fields: { duplicateOf: 'Leave this empty unless the resolution is Duplicate.' } };
  }
  return {
    set: { status: 'resolved', resolution: input.resolution, duplicateOfId, resolvedAt: sql`now()`, needsInfoSince: null },
    change: { action: 'resolved', actorId, resolution: input.resolution, duplicateOf, note: input.note, summary: bug.summary },
    details: { resolution: input.resolution, duplicateOfId, note: input.note },
  };
}
