import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { type Team, teamChannels, teams } from '../db/schema.ts';
import { workspaceDefaults } from '../db/workspace-defaults.ts';
import { teamLimits } from './team-limits.ts';

/** What a team's name may be: 1–40 characters, unique in its workspace whatever the case. */
export const TEAM_NAME_MAX = teamLimits.name;

/**
 * The default team of a workspace that has no row yet (nothing filed, nothing saved): its settings as the
 * database would fill them in. Its id matches no item, so every count of it is zero.
 */
export function unsavedDefaultTeam(workspaceId: string): Team {
  return {
    id: 0,
    workspaceId,
    name: 'Default team',
    isDefault: true,
    autoNamed: true,
    ...workspaceDefaults,
    triageChannelId: null,
    digestChannelId: null,
    timeZone: null,
    triagerIds: [],
    digestNoticeSentAt: null,
    archivedAt: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

/** The workspace's default team (every workspace row has one, made with it by a trigger). */
export async function defaultTeam(db: Db | Tx, workspaceId: string): Promise<Team> {
  const [team] = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.isDefault, true)));
  return team ?? unsavedDefaultTeam(workspaceId);
}

/**
 * The team a channel belongs to: the team whose intake channel it is, else the workspace's default team.
 * One query; archived teams own no channel (archiving releases them), so they are never the answer.
 */
export async function teamOfChannel(db: Db | Tx, workspaceId: string, channelId: string | undefined): Promise<Team> {
  if (!channelId) return defaultTeam(db, workspaceId);
  const rows = await db
    .select({ team: teams, owned: sql<boolean>`${teamChannels.teamId} is not null` })
    .from(teams)
    .leftJoin(teamChannels, and(eq(teamChannels.teamId, teams.id), eq(teamChannels.workspaceId, workspaceId), eq(teamChannels.channelId, channelId)))
    .where(and(eq(teams.workspaceId, workspaceId), sql`(${teams.isDefault} or ${teamChannels.teamId} is not null)`));
  // The rows are the default team and the channel's owner (the same row when the default team owns it).
  return (rows.find((row) => row.owned) ?? rows[0])?.team ?? unsavedDefaultTeam(workspaceId);
}

/** Whether the channel is one of a team's intake channels (lists there show that team only). */
export async function intakeTeamOf(db: Db | Tx, workspaceId: string, channelId: string | undefined): Promise<Team | undefined> {
  if (!channelId) return undefined;
  const [row] = await db
    .select({ team: teams })
    .from(teamChannels)
    .innerJoin(teams, eq(teams.id, teamChannels.teamId))
    .where(and(eq(teamChannels.workspaceId, workspaceId), eq(teamChannels.channelId, channelId)));
  return row?.team;
}

/** A team of this workspace by id; another workspace's team is never found, nor an archived one unless asked. */
export async function teamById(db: Db | Tx, workspaceId: string, teamId: number, options: { archived?: boolean } = {}): Promise<Team | undefined> {
  const [team] = await db
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId), options.archived ? undefined : isNull(teams.archivedAt)));
  return team;
}

/** A team of this workspace by name, whatever its case. */
export async function teamByName(db: Db | Tx, workspaceId: string, name: string): Promise<Team | undefined> {
  const [team] = await db
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), isNull(teams.archivedAt), sql`lower(${teams.name}) = lower(${name.trim()})`));
  return team;
}

/** The workspace's active teams, the default first, then by name. */
export async function listTeams(db: Db | Tx, workspaceId: string): Promise<Team[]> {
  const rows = await db
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), isNull(teams.archivedAt)))
    .orderBy(sql`${teams.isDefault} desc`, sql`lower(${teams.name})`, asc(teams.id));
  return rows.length > 0 ? rows : [unsavedDefaultTeam(workspaceId)];
}

/** Each active team's intake channels, by team id. */
export async function intakeChannels(db: Db | Tx, workspaceId: string): Promise<Map<number, string[]>> {
  const rows = await db.select().from(teamChannels).where(eq(teamChannels.workspaceId, workspaceId)).orderBy(asc(teamChannels.channelId));
  const byTeam = new Map<number, string[]>();
  for (const row of rows) byTeam.set(row.teamId, [...(byTeam.get(row.teamId) ?? []), row.channelId]);
  return byTeam;
}

/** How many active teams the workspace has: one means Shortlist shows no team anywhere. */
export async function countTeams(db: Db | Tx, workspaceId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(teams).where(and(eq(teams.workspaceId, workspaceId), isNull(teams.archivedAt)));
  return row?.n ?? 0;
}

/**
 * Names the default team after the workspace once its name is known (OAuth install, `/backlog teams`),
 * unless a person has named it since. Taken names are left alone.
 */
export async function nameDefaultTeam(db: Db | Tx, workspaceId: string, workspaceName: string): Promise<void> {
  const name = workspaceName.trim().slice(0, TEAM_NAME_MAX);
  if (!name) return;
  await db.execute(sql`update ${teams} set name = ${name}, auto_named = false
    where ${teams.workspaceId} = ${workspaceId} and ${teams.isDefault} and ${teams.autoNamed}
    and not exists (select 1 from ${teams} other where other.workspace_id = ${workspaceId} and other.archived_at is null and not other.is_default and lower(other.name) = lower(${name}))`);
}

/**
 * Locks a team's row for the rest of the transaction: the backlog cap and moves into the team take turns on it.
 * `update` (archiving) also waits for transactions inserting items into the team.
 */
export async function lockTeam(tx: Tx, teamId: number, strength: 'no key update' | 'update' = 'no key update'): Promise<Team | undefined> {
  const [team] = await tx.select().from(teams).where(eq(teams.id, teamId)).for(strength);
  return team;
}

