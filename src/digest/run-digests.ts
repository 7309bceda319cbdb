import { and, asc, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { digestRuns, type Team, teams, workspaces } from '../db/schema.ts';
import { ensureWorkspace } from '../items/workspace-lock.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { countTeams, teamOfChannel } from '../teams/team-store.ts';
import { collectDigest } from './collect-digest.ts';
import { localWeek, scheduledInWeek } from './zoned-time.ts';

/** Later than this after its slot, a digest says it is a catch-up. */
const CATCH_UP_AFTER_MS = 15 * 60_000;

export interface DigestTickResult {
  /** Workspace ids, one entry per team whose digest was queued (or skipped): a workspace of two teams is there twice. */
  posted: string[];
  skipped: string[];
  /** The teams whose digest was queued, or skipped as quiet, by id. */
  postedTeams: number[];
  skippedTeams: number[];
}

/** A team as the scheduler reads it: with its workspace's installer, and its name when the workspace has other teams. */
interface ScheduledTeam extends Team {
  installerUserId: string | null;
  /** Set when the workspace has more than one active team: the digest and the notices then say whose they are. */
  shownName: string | undefined;
}

const zoneOf = (team: Pick<Team, 'timeZone'>) => team.timeZone ?? 'UTC';

/** A team's name as its digest shows it: only when its workspace has more than one active team (one team: no name anywhere). */
const shownName = (team: Pick<Team, 'name'>, activeTeams: number) => (activeTeams > 1 ? team.name : undefined);

/**
 * Every active team, with what the scheduler needs of its workspace, in one query; `where` narrows them. The
 * workspace's active teams are counted apart from `where`, so a team is named even when its workspace's other
 * teams are filtered out here (DIGEST_SCHEDULE reads only teams with a channel).
 */
async function scheduledTeams(db: Db, where?: SQL): Promise<ScheduledTeam[]> {
  const activeTeams = sql<number>`(select count(*)::int from ${teams} other where other.workspace_id = ${teams.workspaceId} and other.archived_at is null)`;
  const rows = await db
    .select({ team: teams, installerUserId: workspaces.installerUserId, activeTeams })
    .from(teams)
    .innerJoin(workspaces, eq(workspaces.id, teams.workspaceId))
    .where(and(isNull(teams.archivedAt), where))
    .orderBy(asc(teams.id));
  return rows.map(({ team, installerUserId, activeTeams }) => ({ ...team, installerUserId, shownName: shownName(team, Number(activeTeams)) }));
}

/**
 * Claims the period for one team and queues its digest, in one transaction: the claim row's primary key
 * (team, period) makes the digest go out once however many instances try, and a failure before commit
 * leaves the period unclaimed for the next tick.
 */
async function claimAndQueue(db: Db, team: ScheduledTeam, now: Date, periodKey: string, catchUp: boolean): Promise<'posted' | 'skipped_quiet' | 'taken'> {
  return db.transaction(async (tx) => {
    // Claim first: a second instance blocks on this key until we commit, then finds it taken.
    const [claimed] = await tx.insert(digestRuns).values({ workspaceId: team.workspaceId, teamId: team.id, periodKey, outcome: 'posted', catchUp }).onConflictDoNothing().returning();
    if (!claimed) return 'taken';
    const data = await collectDigest(tx as unknown as Db, team, now, zoneOf(team), team.shownName);
    // A week in which people only talked about items (comments) was not quiet.
    if (team.skipQuietWeeks && data.thisWeek.changes === 0 && (data.commentedItems ?? 0) === 0) {
      await tx.update(digestRuns).set({ outcome: 'skipped_quiet' }).where(and(eq(digestRuns.teamId, team.id), eq(digestRuns.periodKey, periodKey)));
      return 'skipped_quiet';
    }
    const period = `${team.id}/${periodKey}`;
    await enqueue(tx, team.workspaceId, { type: 'digest', channelId: team.digestChannelId!, data, options: { catchUp }, digestPeriod: period }, `digest:${period}`);
    return 'posted';
  });
}

/** Tells the installer, once per team, that the team's digest has nowhere to go. */
async function noticeMissingChannel(db: Db, team: ScheduledTeam, now: Date): Promise<void> {
  if (!team.installerUserId || team.digestNoticeSentAt) return;
  await db.transaction(async (tx) => {
    const [marked] = await tx
      .update(teams)
      .set({ digestNoticeSentAt: now })
      .where(and(eq(teams.id, team.id), isNull(teams.digestNoticeSentAt)))
      .returning({ id: teams.id });
    if (!marked) return;
    await enqueue(tx, team.workspaceId, { type: 'digest_channel_missing', userId: team.installerUserId!, ...(team.shownName ? { teamName: team.shownName } : {}) });
  });
}

const emptyTick = (): DigestTickResult => ({ posted: [], skipped: [], postedTeams: [], skippedTeams: [] });

function record(result: DigestTickResult, team: Team, outcome: 'posted' | 'skipped_quiet' | 'taken'): void {
  if (outcome === 'posted') {
    result.posted.push(team.workspaceId);
    result.postedTeams.push(team.id);
  }
  if (outcome === 'skipped_quiet') {
    result.skipped.push(team.workspaceId);
    result.skippedTeams.push(team.id);
  }
}

/**
 * One scheduler tick: every team whose weekly slot (its weekday and local time, in its zone) has passed
 * this week and is not yet claimed gets its digest. Run every minute; an instance that starts after the
 * slot catches up within the same week.
 */
export async function runDueDigests(db: Db, now: Date): Promise<DigestTickResult> {
  const result = emptyTick();
  for (const team of await scheduledTeams(db)) {
    const week = localWeek(now, zoneOf(team));
    const due = scheduledInWeek(week, team.digestWeekday, team.digestTime, zoneOf(team));
    if (now < due) continue;
    if (!team.digestChannelId) {
      await noticeMissingChannel(db, team, now);
      continue;
    }
    const [done] = await db.select({ key: digestRuns.periodKey }).from(digestRuns).where(and(eq(digestRuns.teamId, team.id), eq(digestRuns.periodKey, week.key)));
    if (done) continue;
    const outcome = await claimAndQueue(db, team, now, week.key, now.getTime() - due.getTime() > CATCH_UP_AFTER_MS);
    record(result, team, outcome);
  }
  return result;
}

/**
 * DIGEST_SCHEDULE: every team with a channel gets a digest at each firing, claimed per team and firing: `slot`
 * is the time the schedule fired (node-cron's, to the second), the same on every instance however late each runs.
 */
export async function runOverrideDigests(db: Db, now: Date, slot: Date = now): Promise<DigestTickResult> {
  const result = emptyTick();
  const firing = new Date(Math.floor(slot.getTime() / 1000) * 1000).toISOString();
  for (const team of await scheduledTeams(db, isNotNull(teams.digestChannelId))) {
    const outcome = await claimAndQueue(db, team, now, `cron:${firing}`, false);
    record(result, team, outcome);
  }
  return result;
}

/**
 * `/backlog digest`: the digest of the channel's team (elsewhere the default team's), now, in the channel
 * asked from; not the weekly one.
 */
export async function queueDigestNow(db: Db, workspace: { id: string; enterpriseId: string | null }, channelId: string, userId: string, now: Date): Promise<void> {
  const workspaceId = workspace.id;
  await ensureWorkspace(db, workspaceId, workspace.enterpriseId);
  const [team, activeTeams] = await Promise.all([teamOfChannel(db, workspaceId, channelId), countTeams(db, workspaceId)]);
  const data = await collectDigest(db, team, now, zoneOf(team), shownName(team, activeTeams));
  await enqueue(db, workspaceId, { type: 'digest', channelId, data, options: { onDemand: true }, fallbackUserId: userId });
}
