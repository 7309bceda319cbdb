import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { digestRuns, type Workspace, workspaces } from '../db/schema.ts';
import { ensureWorkspace } from '../items/workspace-lock.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { collectDigest } from './collect-digest.ts';
import { localWeek, scheduledInWeek } from './zoned-time.ts';

/** Later than this after its slot, a digest says it is a catch-up. */
const CATCH_UP_AFTER_MS = 15 * 60_000;

export interface DigestTickResult {
  posted: string[];
  skipped: string[];
}

const zoneOf = (workspace: Pick<Workspace, 'timeZone'>) => workspace.timeZone ?? 'UTC';

/**
 * Claims the period for one workspace and queues its digest, in one transaction: the claim row's
 * primary key makes the digest go out once however many instances try, and a failure before commit
 * leaves the period unclaimed for the next tick.
 */
async function claimAndQueue(db: Db, workspace: Workspace, now: Date, periodKey: string, catchUp: boolean): Promise<'posted' | 'skipped_quiet' | 'taken'> {
  return db.transaction(async (tx) => {
    // Claim first: a second instance blocks on this key until we commit, then finds it taken.
    const [claimed] = await tx.insert(digestRuns).values({ workspaceId: workspace.id, periodKey, outcome: 'posted', catchUp }).onConflictDoNothing().returning();
    if (!claimed) return 'taken';
    const data = await collectDigest(tx as unknown as Db, workspace.id, now, zoneOf(workspace));
    if (workspace.skipQuietWeeks && data.thisWeek.changes === 0) {
      await tx.update(digestRuns).set({ outcome: 'skipped_quiet' }).where(and(eq(digestRuns.workspaceId, workspace.id), eq(digestRuns.periodKey, periodKey)));
      return 'skipped_quiet';
    }
    await enqueue(tx, workspace.id, { type: 'digest', channelId: workspace.digestChannelId!, data, options: { catchUp }, digestPeriod: periodKey }, `digest:${periodKey}`);
    return 'posted';
  });
}

/** Tells the installer, once, that the digest has nowhere to go. */
async function noticeMissingChannel(db: Db, workspace: Workspace, now: Date): Promise<void> {
  if (!workspace.installerUserId || workspace.digestNoticeSentAt) return;
  await db.transaction(async (tx) => {
    const [marked] = await tx
      .update(workspaces)
      .set({ digestNoticeSentAt: now })
      .where(and(eq(workspaces.id, workspace.id), isNull(workspaces.digestNoticeSentAt)))
      .returning({ id: workspaces.id });
    if (!marked) return;
    await enqueue(tx, workspace.id, { type: 'digest_channel_missing', userId: workspace.installerUserId! });
  });
}

/**
 * One scheduler tick: every workspace whose weekly slot (its weekday and local time, in its zone) has
 * passed this week and is not yet claimed gets its digest. Run every minute; an instance that starts
 * after the slot catches up within the same week.
 */
export async function runDueDigests(db: Db, now: Date): Promise<DigestTickResult> {
  const result: DigestTickResult = { posted: [], skipped: [] };
  const all = await db.select().from(workspaces);
  for (const workspace of all) {
    const week = localWeek(now, zoneOf(workspace));
    const due = scheduledInWeek(week, workspace.digestWeekday, workspace.digestTime, zoneOf(workspace));
    if (now < due) continue;
    if (!workspace.digestChannelId) {
      await noticeMissingChannel(db, workspace, now);
      continue;
    }
    const [done] = await db.select({ key: digestRuns.periodKey }).from(digestRuns).where(and(eq(digestRuns.workspaceId, workspace.id), eq(digestRuns.periodKey, week.key)));
    if (done) continue;
    const outcome = await claimAndQueue(db, workspace, now, week.key, now.getTime() - due.getTime() > CATCH_UP_AFTER_MS);
    if (outcome === 'posted') result.posted.push(workspace.id);
    if (outcome === 'skipped_quiet') result.skipped.push(workspace.id);
  }
  return result;
}

/**
 * DIGEST_SCHEDULE: every workspace with a channel gets a digest at each firing, claimed per firing: `slot` is
 * the time the schedule fired (node-cron's, to the second), the same on every instance however late each runs.
 */
export async function runOverrideDigests(db: Db, now: Date, slot: Date = now): Promise<DigestTickResult> {
  const result: DigestTickResult = { posted: [], skipped: [] };
  const firing = new Date(Math.floor(slot.getTime() / 1000) * 1000).toISOString();
  const ready = await db.select().from(workspaces).where(isNotNull(workspaces.digestChannelId));
  for (const workspace of ready) {
    const outcome = await claimAndQueue(db, workspace, now, `cron:${firing}`, false);
    if (outcome === 'posted') result.posted.push(workspace.id);
    if (outcome === 'skipped_quiet') result.skipped.push(workspace.id);
  }
  return result;
}

/** `/backlog digest`: the same digest, now, in the channel asked from; not the weekly one. */
export async function queueDigestNow(db: Db, workspace: { id: string; enterpriseId: string | null }, channelId: string, userId: string, now: Date): Promise<void> {
  const workspaceId = workspace.id;
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  const data = await collectDigest(db, workspaceId, now, row ? zoneOf(row) : 'UTC');
  await ensureWorkspace(db, workspaceId, workspace.enterpriseId);
  await enqueue(db, workspaceId, { type: 'digest', channelId, data, options: { onDemand: true }, fallbackUserId: userId });
}

