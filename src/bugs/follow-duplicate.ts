import { and, eq } from 'drizzle-orm';
import { bugKey } from '../items/types.ts';
import type { Db } from '../db/client.ts';
import { unbudgeted } from '../db/transact.ts';
import { bugs } from '../db/schema.ts';

import { type BugRef, changeBug, type ChangeRefusal, type ChangeResult, refuse } from './change-bug.ts';
import { decideResolution } from './triage.ts';

/** The message that confirmed the bug's filing, where its "Follow this instead" buttons are. */
export interface Confirmation {
  channelId: string;
  ts: string;
}

/** Someone other than the reporter pressed "Follow this instead"; the listener says who may. */
export interface NotReporter {
  error: 'not_reporter';
  reporterId: string;
  bugNumber: number;
}

/**
 * "Follow this instead": the reporter closes their new bug as a duplicate of an open look-alike. Only the
 * reporter may: it is their report to withdraw. The confirmation is then updated to say so, without buttons.
 */
export function followDuplicate(db: Db, ref: BugRef, actorId: string, originalId: number, confirmation?: Confirmation): Promise<ChangeResult<ChangeRefusal | NotReporter>> {
  return changeBug<ChangeRefusal | NotReporter>(db, unbudgeted, ref, actorId, async (bug, tx) => {
    if (bug.reporterId !== actorId) return { error: 'not_reporter', reporterId: bug.reporterId, bugNumber: bug.number };
    const [original] = await tx.select({ number: bugs.number }).from(bugs).where(and(eq(bugs.workspaceId, ref.workspaceId), eq(bugs.id, originalId)));
    if (!original) return { error: 'not_found' };
    const decision = await decideResolution(bug, tx, actorId, { resolution: 'duplicate', duplicateOf: bugKey(original.number), note: null });
    if ('error' in decision) return decision.error === 'fields' ? refuse(Object.values(decision.fields).join(' ')) : decision;
    if (!confirmation) return decision;
    return { ...decision, also: [{ payload: { type: 'confirmation_update', bugId: bug.id, ...confirmation }, dedupeKey: `confirmation_update:${bug.id}` }] };
  });
}
