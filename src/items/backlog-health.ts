import { and, eq, min, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { riskBandSql } from '../bugs/risk.ts';
import { bugs, isOpen, stories, type Team } from '../db/schema.ts';
import { daysBetween } from './staleness.ts';

/** How full the backlog is and how its bugs stand: what Home and the digest show at their top. */
export interface BacklogHealth {
  ready: number;
  cap: number;
  ideas: number;
  /** Open bugs by risk band, plus those not rated yet. */
  openBugs: { critical: number; high: number; medium: number; low: number; unrated: number };
  untriaged: number;
  /** Days the oldest untriaged bug has waited; absent when none waits. */
  longestWaitDays?: number;
}

const band = riskBandSql(bugs.probability, bugs.impact);

/** Ready vs cap, ideas, open bugs by risk band, untriaged and the longest wait of one team: three indexed aggregate queries. */
export async function backlogHealth(db: Db, team: Pick<Team, 'id' | 'backlogCap'>, now: Date): Promise<BacklogHealth> {
  const [storyCounts, bugCounts, [untriaged]] = await Promise.all([
    // Only the two counts shown: a team's closed stories (most of them) are never read.
    db.select({ status: stories.status, n: sql<number>`count(*)::int` }).from(stories).where(and(eq(stories.teamId, team.id), sql`${stories.status} in ('ready', 'idea')`)).groupBy(stories.status),
    db.select({ band, n: sql<number>`count(*)::int` }).from(bugs).where(and(eq(bugs.teamId, team.id), isOpen.bug)).groupBy(band),
    db.select({ n: sql<number>`count(*)::int`, oldest: min(bugs.createdAt) }).from(bugs).where(and(eq(bugs.teamId, team.id), eq(bugs.status, 'new'))),
  ]);
  const storiesIn = (status: string) => storyCounts.find((row) => row.status === status)?.n ?? 0;
  const bugsIn = (name: string) => bugCounts.find((row) => row.band === name)?.n ?? 0;
  return {
    ready: storiesIn('ready'),
    cap: team.backlogCap,
    ideas: storiesIn('idea'),
    openBugs: { critical: bugsIn('critical'), high: bugsIn('high'), medium: bugsIn('medium'), low: bugsIn('low'), unrated: bugsIn('unrated') },
    untriaged: untriaged?.n ?? 0,
    longestWaitDays: untriaged?.oldest ? daysBetween(new Date(untriaged.oldest), now) : undefined,
  };
}
