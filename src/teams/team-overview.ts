import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { bugs, isOpen, stories, type Team } from '../db/schema.ts';
import { intakeChannels, listTeams } from './team-store.ts';

/** One line of `/backlog teams`: a team, its intake channels, and how full its backlog is. */
export interface TeamOverview {
  team: Team;
  channelIds: string[];
  ready: number;
  openBugs: number;
}

/** The workspace's active teams (the default first, then by name) with their channels and counts: four queries, whatever the number of teams. */
export async function teamOverview(db: Db, workspaceId: string): Promise<TeamOverview[]> {
  const count = sql<number>`count(*)::int`;
  const [list, channels, ready, openBugs] = await Promise.all([
    listTeams(db, workspaceId),
    intakeChannels(db, workspaceId),
    db.select({ teamId: stories.teamId, n: count }).from(stories).where(and(eq(stories.workspaceId, workspaceId), eq(stories.status, 'ready'))).groupBy(stories.teamId),
    db.select({ teamId: bugs.teamId, n: count }).from(bugs).where(and(eq(bugs.workspaceId, workspaceId), isOpen.bug)).groupBy(bugs.teamId),
  ]);
  const countOf = (rows: { teamId: number; n: number }[], teamId: number) => rows.find((row) => row.teamId === teamId)?.n ?? 0;
  return list.map((team) => ({ team, channelIds: channels.get(team.id) ?? [], ready: countOf(ready, team.id), openBugs: countOf(openBugs, team.id) }));
}
