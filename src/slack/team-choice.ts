import { withTimeout } from '../db/timeout.ts';
import { type TeamChoice, teamChoice } from '../teams/team-choice.ts';
import type { ListenerDeps } from './deps.ts';

/** How long a form waits for its Team field before opening without it (the trigger id lives 3 s). */
const TEAM_CHOICE_WAIT_MS = 1000;

/**
 * How long "this workspace has one team" is remembered: a form opened within it after a second team was
 * added shows no Team field yet (the item still goes to the channel's team). Saves a query on every `/bug`
 * of the many workspaces that have one team.
 */
const SINGLE_TEAM_TTL_MS = 30_000;
const singleTeam = new Map<string, number>();

/**
 * The Team field's choice for a filing form about to open, or undefined (one team, or the database slow or
 * down): the form then opens without it and the item goes to the channel's team, so a slow database never
 * keeps a form from opening.
 */
export async function teamChoiceFor({ database, logger }: Pick<ListenerDeps, 'database' | 'logger'>, workspaceId: string | undefined, channelId: string | undefined): Promise<TeamChoice | undefined> {
  if (!workspaceId) return undefined;
  const now = Date.now();
  if ((singleTeam.get(workspaceId) ?? 0) > now) return undefined;
  try {
    const choice = await withTimeout(teamChoice(database.db, workspaceId, channelId), TEAM_CHOICE_WAIT_MS);
    if (choice) singleTeam.delete(workspaceId);
    else {
      if (singleTeam.size > 10_000) singleTeam.clear();
      singleTeam.set(workspaceId, now + SINGLE_TEAM_TTL_MS);
    }
    return choice;
  } catch (error) {
    logger.warn({ err: error, teamId: workspaceId }, 'could not read the teams for a filing form; it opens without the Team field');
    return undefined;
  }
}
