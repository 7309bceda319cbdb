import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { buildTeamList } from '../../../blocks/team-list.ts';
import type { Db } from '../../../db/client.ts';
import type { Logger } from '../../../logger.ts';
import { settingsPermission } from '../../../settings/permissions.ts';
import { installerOf } from '../../../settings/settings-store.ts';
import { type TeamOverview, teamOverview } from '../../../teams/team-overview.ts';
import { nameDefaultTeam } from '../../../teams/team-store.ts';
import { answerPrivately } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { slackDirectory } from '../../slack-directory.ts';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * A default team still called "Default team" is named after the workspace, as Slack calls it (an OAuth
 * install does this already; a single-workspace bot token never installs). True when it was renamed.
 * Slack not answering (or a token without team:read) leaves the name as it is, and is only logged.
 */
async function nameAfterWorkspace(db: Db, client: WebClient, workspaceId: string, overview: TeamOverview[], logger: Logger): Promise<boolean> {
  const unnamed = overview.find(({ team }) => team.isDefault && team.autoNamed && team.id !== 0);
  if (!unnamed) return false;
  try {
    const { team } = await client.team.info({ team: workspaceId });
    if (!team?.name) return false;
    await nameDefaultTeam(db, workspaceId, team.name);
    return true;
  } catch (error) {
    logger.warn({ err: error, teamId: workspaceId }, 'could not learn the workspace name for its default team');
    return false;
  }
}

/** `/backlog teams`: every team with its channels and backlog; admins (as for settings) get Add team and Edit. */
export async function answerTeams({ database, logger }: ListenerDeps, { command, client, respond }: CommandArgs): Promise<void> {
  const { db } = database;
  const workspaceId = command.team_id;
  const [overview, installerUserId] = await Promise.all([teamOverview(db, workspaceId), installerOf(db, workspaceId)]);
  const [renamed, permission] = await Promise.all([nameAfterWorkspace(db, client, workspaceId, overview, logger), settingsPermission(slackDirectory(client), command.user_id, installerUserId)]);
  const teams = renamed ? await teamOverview(db, workspaceId) : overview;
  await answerPrivately({ respond, logger }, buildTeamList(teams, permission.allowed ? { canManage: true } : { canManage: false, ask: permission.ask }));
}
