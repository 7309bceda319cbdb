import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { type Team, teamChannels, teams, workspaces } from '../../src/db/schema.ts';

type TeamSettings = Partial<Omit<typeof teams.$inferInsert, 'id' | 'workspaceId' | 'isDefault'>>;

/**
 * A workspace row as tests and the bench set one up: its default team (made with it) gets `settings`.
 * Before teams, these settings were columns of the workspace row.
 */
export async function workspaceWithSettings(db: Db, workspace: typeof workspaces.$inferInsert, settings: TeamSettings = {}): Promise<Team> {
  await db.insert(workspaces).values(workspace);
  return setDefaultTeam(db, workspace.id, settings);
}

/** Changes the default team's settings of a workspace that has a row. */
export async function setDefaultTeam(db: Db, workspaceId: string, settings: TeamSettings): Promise<Team> {
  const query = db.update(teams).set({ ...settings, updatedAt: new Date() }).where(and(eq(teams.workspaceId, workspaceId), eq(teams.isDefault, true)));
  const [team] = await query.returning();
  if (!team) throw new Error(`workspace ${workspaceId} has no row, so no default team`);
  return team;
}

/** The default team of a workspace that has a row. */
export async function defaultTeamOf(db: Db, workspaceId: string): Promise<Team> {
  const [team] = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.isDefault, true)));
  if (!team) throw new Error(`workspace ${workspaceId} has no row, so no default team`);
  return team;
}

/**
 * A second (third, …) team of a workspace that has a row, with its intake channels, as the team modal would
 * save it: tests and the bench set up several teams in the database directly.
 */
export async function addTeam(db: Db, workspaceId: string, { name, channels = [], ...settings }: TeamSettings & { name: string; channels?: string[] }): Promise<Team> {
  const [team] = await db.insert(teams).values({ workspaceId, name, ...settings }).returning();
  if (channels.length > 0) await db.insert(teamChannels).values(channels.map((channelId) => ({ workspaceId, channelId, teamId: team!.id })));
  return team!;
}
