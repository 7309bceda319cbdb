import { and, asc, desc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { bugs, isOpen, itemHistory, stories, type Team } from '../db/schema.ts';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type BacklogHealth, backlogHealth } from '../items/backlog-health.ts';
import { countCommentedItems } from '../comments/recent-comments.ts';
import { findItems, type ItemSummary } from '../items/item-queries.ts';
import { openStatuses } from '../items/open-statuses.ts';

const WEEK = 7 * 86_400_000;
export const TREND_WEEKS = 8;

export interface TopRisk {
  id: number;
  number: number;
  summary: string;
  probability: number;
  impact: number;
  ownerId: string | null;
}

export interface DigestData {
  /** The team's name, when its workspace has more than one team (the digest then says whose it is). */
  teamName?: string;
  now: Date;
  timeZone: string;
  /** The reporting period: the 7 days that end at `now`. */
  periodStart: Date;
  health: BacklogHealth;
  readyWeekAgo: number;
  thisWeek: { bugsFiled: number; bugsResolved: number; storiesAdded: number; storiesDone: number; changes: number };
  /** Items that got a new comment (a reply in their thread) in the period; absent in digests queued before comments. */
  commentedItems?: number;
  /** Values at now − 7 weeks … now, oldest first (8 points). */
  trend: { backlog: number[]; openBugs: number[] };
  topRisks: TopRisk[];
  stale: { items: ItemSummary[]; total: number };
  staleAfterDays: number;
  /** Stories its flag shipped in the period, newest first (at most SHIPPED_SHOWN). */
  shippedByFlag: { number: number; title: string; flagKey: string }[];
}

export const SHIPPED_SHOWN = 10;

interface WeekDelta {
  weeks_ago: number | string;
  ready_delta: number | string;
  open_delta: number | string;
  bugs_filed: number | string;
  bugs_resolved: number | string;
  stories_added: number | string;
  stories_done: number | string;
  changes: number | string;
}

/**
 * Weekly change in ready stories and open bugs, from item history. Rows after `now` are bucket -1, so
 * the past is right even when the clock the digest is composed for is behind the data.
 */
async function weeklyDeltas(db: Db, teamId: number, now: Date): Promise<Map<number, WeekDelta>> {
  const h = itemHistory;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const open = (column: AnyPgColumn) => sql`case when ${inArray(column, openStatuses.bug)} then 1 else 0 end`;
  const rows = await queryRows<WeekDelta>(
    db,
    sql`select
      case when ${h.createdAt} > ${nowSql} then -1 else floor(extract(epoch from (${nowSql} - ${h.createdAt})) / 604800)::int end as weeks_ago,
      sum(case when ${h.itemType} = 'story' then (case when ${h.toStatus} = 'ready' then 1 else 0 end) - (case when ${h.fromStatus} = 'ready' then 1 else 0 end) else 0 end) as ready_delta,
      sum(case when ${h.itemType} = 'bug' then ${open(h.toStatus)} - ${open(h.fromStatus)} else 0 end) as open_delta,
      count(*) filter (where ${h.itemType} = 'bug' and ${h.action} = 'created') as bugs_filed,
      count(*) filter (where ${h.itemType} = 'bug' and ${h.toStatus} = 'resolved' and ${h.fromStatus} <> 'resolved') as bugs_resolved,
      count(*) filter (where ${h.itemType} = 'story' and ${h.action} = 'created') as stories_added,
      count(*) filter (where ${h.itemType} = 'story' and ${h.toStatus} = 'done' and ${h.fromStatus} <> 'done') as stories_done,
      count(*) as changes
    from ${h}
    where ${h.teamId} = ${teamId} and ${h.createdAt} > ${nowSql} - interval '${sql.raw(String(TREND_WEEKS * 7))} days'
    group by 1`,
  );
  return new Map(rows.map((row) => [Number(row.weeks_ago), row]));
}

/** Everything one team's weekly digest shows, read in a handful of indexed queries. `teamName`: given when the workspace has several teams. */
export async function collectDigest(db: Db, team: Pick<Team, 'id' | 'workspaceId' | 'backlogCap' | 'staleAfterDays'>, now: Date, timeZone: string, teamName?: string): Promise<DigestData> {
  const { workspaceId } = team;
  const periodStart = new Date(now.getTime() - WEEK);
  const [health, deltas, topRisks, stale, commentedItems] = await Promise.all([
    backlogHealth(db, team, now),
    weeklyDeltas(db, team.id, now),
    db
      .select({ id: bugs.id, number: bugs.number, summary: bugs.summary, probability: bugs.probability, impact: bugs.impact, ownerId: bugs.ownerId })
      .from(bugs)
      .where(and(eq(bugs.teamId, team.id), isOpen.bug, isNotNull(bugs.probability), isNotNull(bugs.impact)))
      .orderBy(sql`(${bugs.probability} * ${bugs.impact}) desc nulls last`, asc(bugs.createdAt))
      .limit(3),
    findItems(db, workspaceId, { types: ['bug', 'story'], teamId: team.id, openOnly: true, updatedBefore: new Date(now.getTime() - team.staleAfterDays * 86_400_000), order: 'stalest', limit: 5 }),
    countCommentedItems(db, team, periodStart, now),
  ]);
  const shippedByFlag = await db
    .select({ number: stories.number, title: stories.title, flagKey: sql<string>`${stories.shippedByFlag}` })
    .from(stories)
    .where(and(eq(stories.teamId, team.id), isNotNull(stories.shippedByFlag), gt(stories.doneAt, new Date(now.getTime() - WEEK)), lte(stories.doneAt, now)))
    .orderBy(desc(stories.doneAt))
    .limit(SHIPPED_SHOWN);
  const delta = (weeksAgo: number, key: 'ready_delta' | 'open_delta') => Number(deltas.get(weeksAgo)?.[key] ?? 0);
  const openBugsNow = Object.values(health.openBugs).reduce((a, b) => a + b, 0);
  const backlog: number[] = [];
  const openBugs: number[] = [];
  let ready = health.ready - delta(-1, 'ready_delta');
  let open = openBugsNow - delta(-1, 'open_delta');
  for (let weeksAgo = 0; weeksAgo < TREND_WEEKS; weeksAgo += 1) {
    backlog.unshift(ready);
    openBugs.unshift(open);
    ready -= delta(weeksAgo, 'ready_delta');
    open -= delta(weeksAgo, 'open_delta');
  }
  const week = deltas.get(0);
  return {
    ...(teamName ? { teamName } : {}),
    now,
    timeZone,
    periodStart,
    health,
    readyWeekAgo: backlog[TREND_WEEKS - 2]!,
    thisWeek: {
      bugsFiled: Number(week?.bugs_filed ?? 0),
      bugsResolved: Number(week?.bugs_resolved ?? 0),
      storiesAdded: Number(week?.stories_added ?? 0),
      storiesDone: Number(week?.stories_done ?? 0),
      changes: Number(week?.changes ?? 0),
    },
    commentedItems,
    trend: { backlog, openBugs },
    topRisks: topRisks as TopRisk[],
    stale,
    staleAfterDays: team.staleAfterDays,
    shippedByFlag,
  };
}
