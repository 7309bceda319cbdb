import type { Db, Tx } from '../db/client.ts';
import { type Team, teamChannels, teams } from '../db/schema.ts';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { intakeTeamOf, listTeams } from './team-store.ts';

/** The teams an item may be filed into, and the one chosen for it: shown only when there is a choice. */
export interface TeamChoice {
  teams: { id: number; name: string }[];
  selectedId: number;
}

/**
 * What a filing form offers: undefined while the workspace has one team (the form then shows no Team
 * field); else every active team, the channel's own (its intake team, else the default) preselected.
 */
export async function teamChoice(db: Db, workspaceId: string, channelId: string | undefined): Promise<TeamChoice | undefined> {
  const [all, intake] = await Promise.all([listTeams(db, workspaceId), intakeTeamOf(db, workspaceId, channelId)]);
  if (all.length < 2) return undefined;
  const selected = all.find((team) => team.id === intake?.id) ?? all.find((team) => team.isDefault) ?? all[0]!;
  return { teams: all.map((team) => ({ id: team.id, name: team.name })), selectedId: selected.id };
}

/**
 * The team a new item goes to, as a subquery for the item's insert: the team chosen on the form when it is
 * still active, else the channel's intake team, else the workspace's default team. It locks that team (FOR
 * SHARE) until the filing commits, so a team cannot be archived under an item being filed into it. Null when
 * the workspace has no active team (the insert then fails on its NOT NULL team).
 */
export function filingTeam(workspaceId: string, channelId: string | undefined, chosenTeamId: number | undefined): SQL {
  const channelTeam = channelId
    ? sql`(select ${teamChannels.teamId} from ${teamChannels} where ${teamChannels.workspaceId} = ${workspaceId} and ${teamChannels.channelId} = ${channelId})`
    : sql`null`;
  const chosen = chosenTeamId === undefined ? sql`null` : sql`${chosenTeamId}::bigint`;
  return sql`(select ${teams.id} from ${teams} where ${and(eq(teams.workspaceId, workspaceId), isNull(teams.archivedAt), sql`(${teams.id} = ${chosen} or ${teams.id} = ${channelTeam} or ${teams.isDefault})`)} order by ${teams.id} = ${chosen} desc nulls last, ${teams.id} = ${channelTeam} desc nulls last limit 1 for share)`;
}

/** An item's team among its workspace's several: named on its messages, and the others it may move to. */
export interface ItemTeams {
  current: string;
  /** The current team's triagers: named on its triage messages (so Slack tells them). */
  triagerIds: string[];
  others: { id: number; name: string }[];
}

/** An item's team and the others, for its messages to name and offer (with no other team, neither is shown). */
export function itemTeamsOf(teams: Pick<Team, 'id' | 'name' | 'triagerIds'>[], teamId: number): ItemTeams {
  const current = teams.find((team) => team.id === teamId);
  return { current: current?.name ?? 'an archived team', triagerIds: current?.triagerIds ?? [], others: teams.filter((team) => team.id !== teamId).map((team) => ({ id: team.id, name: team.name })) };
}

/** The same, read from the database (the outbox's senders draw an item's messages with it). */
export async function itemTeams(db: Db | Tx, workspaceId: string, teamId: number): Promise<ItemTeams> {
  return itemTeamsOf(await listTeams(db, workspaceId), teamId);
}
