import { and, eq, lt, sql } from 'drizzle-orm';
import { bugKey } from '../items/types.ts';
import type { Db } from '../db/client.ts';
import { bugs, itemHistory, workspaces } from '../db/schema.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { escapeMrkdwn } from '../slack/mrkdwn.ts';

/** The actor recorded in history for changes the app makes on its own. */
export const SYSTEM_ACTOR = 'shortlist';

/**
 * Resolves as `expired` every bug left in needs_info longer than its workspace's needs_info_days.
 * One UPDATE … WHERE status = 'needs_info' claims each bug, so two schedulers never expire one twice.
 */
export async function expireNeedsInfo(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(bugs)
      .set({ status: 'resolved', resolution: 'expired', resolvedAt: now, updatedAt: now, needsInfoSince: null })
      .from(workspaces)
      .where(
        and(
          eq(bugs.status, 'needs_info'),
          eq(workspaces.id, bugs.workspaceId),
          lt(bugs.needsInfoSince, sql`${now.toISOString()}::timestamptz - make_interval(days => ${workspaces.needsInfoDays})`),
        ),
      )
      .returning({ id: bugs.id, workspaceId: bugs.workspaceId, number: bugs.number, summary: bugs.summary, reporterId: bugs.reporterId, days: workspaces.needsInfoDays });
    for (const bug of expired) {
      const text = `${bugKey(bug.number)} was closed as expired: it waited ${bug.days} days for more information. File it again with /bug if it still happens.`;
      await tx.insert(itemHistory).values({ workspaceId: bug.workspaceId, itemType: 'bug', itemId: bug.id, actorId: SYSTEM_ACTOR, action: 'resolved', fromStatus: 'needs_info', toStatus: 'resolved', details: { resolution: 'expired' }, createdAt: now });
      const about = { itemType: 'bug', itemId: bug.id } as const;
      await enqueue(tx, bug.workspaceId, { type: 'thread_reply', ...about, text, reporterDmed: true });
      await enqueue(tx, bug.workspaceId, { type: 'triage_update', bugId: bug.id });
      await enqueue(tx, bug.workspaceId, { type: 'dm', userId: bug.reporterId, text: `Your bug ${bugKey(bug.number)} “${escapeMrkdwn(bug.summary)}” was closed as expired: it waited ${bug.days} days for more information.`, about });
    }
    return expired.length;
  });
}
