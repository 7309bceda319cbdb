import { and, eq } from 'drizzle-orm';
import { bugKey } from '../items/types.ts';
import type { Db } from '../db/client.ts';
import { unbudgeted } from '../db/transact.ts';
import { bugs } from '../db/schema.ts';

import { type BugRef, changeBug, type ChangeResult, keyOf, refuse } from './change-bug.ts';
import { decideResolution } from './triage.ts';

/** The message that confirmed the bug's filing, where its "Follow this instead" buttons are. */
export interface Confirmation {
  channelId: string;
  ts: string;
}

/**
 * "Follow this instead": the reporter closes their new bug as a duplicate of an open look-alike. Only the
 * reporter may: it is their report to withdraw. The confirmation is then updated to say so, without buttons.
 */
export function followDuplicate(db: Db, ref: BugRef, actorId: string, originalId: number, confirmation?: Confirmation): Promise<ChangeResult> {
  return changeBug(db, unbudgeted, ref, actorId, async (bug, tx) => {
    if (bug.reporterId !== actorId) {
      return refuse(`Only <@${bug.reporterId}>, who reported ${keyOf(bug)}, can close it as a duplicate. If you think it is one, say so in its thread or ask a triager to close it.`);
    }
    const [original] = await tx.select({ number: bugs.number }).from(bugs).where(and(eq(bugs.workspaceId, ref.workspaceId), eq(bugs.id, originalId)));
    if (!original) return { error: 'not_found' };
    const decision = await decideResolution(bug, tx, actorId, { resolution: 'duplicate', duplicateOf: bugKey(original.number), note: null });
    if ('error' in decision) return decision.error === 'fields' ? refuse(Object.values(decision.fields).join(' ')) : decision;
    if (!confirmation) return decision;
    return { ...decision, also: [{ payload: { type: 'confirmation_update', bugId: bug.id, ...confirmation }, dedupeKey: `confirmation_update:${bug.id}` }] };
  });
}
