import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { bugs, itemHistory, teams } from '../db/schema.ts';
import { queueNotice } from '../outbox/notices.ts';

/** The actor recorded in history for changes the app makes on its own. */
export const SYSTEM_ACTOR = 'shortlist';

/**
 * Resolves as `expired` every bug left in needs_info longer than its team's needs_info_days.
 * One UPDATE … WHERE status = 'needs_info' claims each bug, so two schedulers never expire one twice.
 */
export async function expireNeedsInfo(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(bugs)
      .set({ status: 'resolved', resolution: 'expired', resolvedAt: now, updatedAt: now, needsInfoSince: null })
      .from(teams)
      .where(
        and(
          eq(bugs.status, 'needs_info'),
          eq(teams.id, bugs.teamId),
          lt(bugs.needsInfoSince, sql`${now.toISOString()}::timestamptz - make_interval(days => ${teams.needsInfoDays})`),
        ),
      )
      .returning({ id: bugs.id, workspaceId: bugs.workspaceId, summary: bugs.summary, reporterId: bugs.reporterId, days: teams.needsInfoDays });
    for (const bug of expired) {
      await tx.insert(itemHistory).values({ workspaceId: bug.workspaceId, itemType: 'bug', itemId: bug.id, actorId: SYSTEM_ACTOR, action: 'resolved', fromStatus: 'needs_info', toStatus: 'resolved', details: { resolution: 'expired' }, createdAt: now });
      const change = { action: 'expired', days: bug.days, summary: bug.summary } as const;
      await queueNotice(tx, bug.workspaceId, { item: { kind: 'bug', id: bug.id }, reporterId: bug.reporterId, change }, { type: 'triage_update', bugId: bug.id });
    }
    return expired.length;
  });
}
