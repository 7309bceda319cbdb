import { and, eq, sql } from 'drizzle-orm';
import { bugKey } from '../items/types.ts';
import type { Db } from '../db/client.ts';
import { type Bug, bugResolutions, bugs, workspaces } from '../db/schema.ts';
import { escapeMrkdwn } from '../slack/mrkdwn.ts';
import { type BugChange, type BugRef, changeBug, type ChangeOptions, type ChangeRefusal, type ChangeResult, keyOf, refuse } from './change-bug.ts';
import type { Tx } from '../db/client.ts';
import { parseBugKey } from './find-bug.ts';
import { describeRating } from './risk.ts';

const open = (bug: Bug) => bug.status !== 'resolved';
const closedRefusal = (bug: Bug) => refuse(`${keyOf(bug)} is already resolved (${bug.resolution}).`);

/** Sets probability and/or impact; with both, a new bug becomes triaged. */
export function rateBug(db: Db, ref: BugRef, actorId: string, rating: { probability?: number; impact?: number }): Promise<ChangeResult> {
  return changeBug(db, ref, actorId, (bug) => {
    if (!open(bug)) return closedRefusal(bug);
    const probability = rating.probability ?? bug.probability;
    const impact = rating.impact ?? bug.impact;
    const set: BugChange['set'] = { probability, impact };
    if (probability === null || impact === null) {
      const which = rating.probability !== undefined ? `probability ${probability}` : `impact ${impact}`;
      return { set, action: 'rated', details: rating, reply: `<@${actorId}> rated ${keyOf(bug)}: ${which}. It is triaged once it has both ratings.` };
    }
    const becomesTriaged = bug.status === 'new';
    if (becomesTriaged) set.status = 'triaged';
    return {
      set,
      action: becomesTriaged ? 'triaged' : 'rated',
      details: { probability, impact, risk: probability * impact },
      reply: `${becomesTriaged ? 'Triaged' : 'Re-rated'} by <@${actorId}>: ${describeRating(probability, impact)}.`,
    };
  });
}

export function setOwner(db: Db, ref: BugRef, actorId: string, ownerId: string | null): Promise<ChangeResult> {
  return changeBug(db, ref, actorId, (bug) => {
    if (!open(bug)) return closedRefusal(bug);
    return {
      set: { ownerId },
      action: 'owner_set',
      details: { ownerId },
      reply: ownerId ? `<@${ownerId}> now owns ${keyOf(bug)} (set by <@${actorId}>).` : `<@${actorId}> removed the owner of ${keyOf(bug)}.`,
    };
  });
}

export function markNeedsInfo(db: Db, ref: BugRef, actorId: string): Promise<ChangeResult> {
  return changeBug(db, ref, actorId, async (bug, tx) => {
    if (bug.status !== 'new' && bug.status !== 'triaged') {
      return refuse(`${keyOf(bug)} is ${bug.status.replace('_', ' ')}; only new or triaged bugs can wait for information.`);
    }
    const [workspace] = await tx.select({ days: workspaces.needsInfoDays }).from(workspaces).where(eq(workspaces.id, bug.workspaceId));
    return {
      set: { status: 'needs_info', needsInfoSince: sql`now()` },
      action: 'needs_info',
      // Nothing reads thread replies: the reporter answers here, then presses Info added (on this reply or the triage message).
      reply: `<@${bug.reporterId}>, <@${actorId}> needs more information to work on ${keyOf(bug)}. Please answer in this thread, then press *Info added* so it goes back to triage. If it is still waiting in ${workspace?.days ?? 14} days, it will be closed as expired.`,
      asksForInfo: true,
    };
  });
}

/** The reporter answered: back to triaged when rated, else new. */
export function markInfoAdded(db: Db, ref: BugRef, actorId: string): Promise<ChangeResult> {
  return changeBug(db, ref, actorId, (bug) => {
    if (bug.status !== 'needs_info') return refuse(`${keyOf(bug)} is not waiting for information.`);
    const status = bug.probability !== null && bug.impact !== null ? 'triaged' : 'new';
    return { set: { status, needsInfoSince: null }, action: 'info_added', reply: `<@${actorId}> has the information needed; ${keyOf(bug)} is back to ${status}.` };
  });
}

export function startBug(db: Db, ref: BugRef, actorId: string): Promise<ChangeResult> {
  return changeBug(db, ref, actorId, (bug) => {
    if (bug.status === 'in_progress') return refuse(`${keyOf(bug)} is already in progress.`);
    if (!open(bug)) return closedRefusal(bug);
    if (bug.probability === null || bug.impact === null) return refuse(`Rate ${keyOf(bug)} first: choose its probability and impact.`);
    return {
      set: { status: 'in_progress', needsInfoSince: null, ownerId: bug.ownerId ?? actorId },
      action: 'started',
      reply: `<@${actorId}> started working on ${keyOf(bug)}.`,
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
export function resolveBug(db: Db, ref: BugRef, actorId: string, input: Resolution, options: ChangeOptions = {}): Promise<ChangeResult> {
  return changeBug(db, ref, actorId, (bug, tx) => decideResolution(bug, tx, actorId, input), options);
}

/** What closing `bug` with `input` does, decided inside the transaction that has it locked. */
export async function decideResolution(bug: Bug, tx: Tx, actorId: string, input: Resolution): Promise<BugChange | ChangeRefusal> {
  if (!open(bug)) return closedRefusal(bug);
  let duplicateOfId: number | null = null;
  let duplicateKey = '';
  if (input.resolution === 'duplicate') {
    const number = input.duplicateOf ? parseBugKey(input.duplicateOf) : undefined;
    if (number === undefined) return { error: 'fields', fields: { duplicateOf: 'Give the key of the bug this duplicates, like BUG-12.' } };
    if (number === bug.number) return { error: 'fields', fields: { duplicateOf: `${keyOf(bug)} cannot be a duplicate of itself.` } };
    const [original] = await tx
      .select({ id: bugs.id, number: bugs.number })
      .from(bugs)
      .where(and(eq(bugs.workspaceId, bug.workspaceId), eq(bugs.number, number)));
    if (!original) return { error: 'fields', fields: { duplicateOf: `There is no ${bugKey(number)} in this workspace.` } };
    duplicateOfId = original.id;
    duplicateKey = ` of ${bugKey(original.number)}`;
  } else if (input.duplicateOf) {
    return { error: 'fields', fields: { duplicateOf: 'Leave this empty unless the resolution is Duplicate.' } };
  }
  const note = input.note ? `\n> ${escapeMrkdwn(input.note).replace(/\n/g, '\n> ')}` : '';
  const outcome = `${resolutionLabels[input.resolution]}${duplicateKey}`;
  return {
    set: { status: 'resolved', resolution: input.resolution, duplicateOfId, resolvedAt: sql`now()`, needsInfoSince: null },
    action: 'resolved',
    details: { resolution: input.resolution, duplicateOfId, note: input.note },
    reply: `<@${actorId}> resolved ${keyOf(bug)} as ${outcome}.${note}`,
    dmReporter: `Your bug ${keyOf(bug)} “${escapeMrkdwn(bug.summary)}” was resolved as ${outcome} by <@${actorId}>.${note}`,
  };
}
