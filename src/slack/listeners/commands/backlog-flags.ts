import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { BacklogCommand } from '../../../backlog/parse-command.ts';
import { buildFlagList } from '../../../blocks/flag-list.ts';
import { buildFlagSetupModal } from '../../../blocks/flag-setup.ts';
import { askAnAdmin } from '../../../blocks/settings-modal.ts';
import { escapeMrkdwn } from '../../../blocks/mrkdwn.ts';
import { teamFlags } from '../../../rollouts/flag-overview.ts';
import { countTeams, teamByName, teamOfChannel } from '../../../teams/team-store.ts';
import { truncate } from '../../../text/limits.ts';
import { answerPrivately, openModal, wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { flagPermission } from '../../flag-answers.ts';
import { slackDirectory } from '../../slack-directory.ts';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/backlog flags [setup] [team:<name>]`, for the named team or the channel's. Setup (admins, as for the
 * settings; others are told whom to ask) opens the connect form; without it, the team's flags.
 */
export async function answerFlags(deps: ListenerDeps, { command, client, respond }: CommandArgs, parsed: Extract<BacklogCommand, { kind: 'flags' }>): Promise<void> {
  const { database, logger, flags } = deps;
  const { db } = database;
  const workspaceId = command.team_id;
  const team = parsed.team === undefined ? await teamOfChannel(db, workspaceId, command.channel_id) : await teamByName(db, workspaceId, parsed.team);
  if (!team) return answerPrivately({ respond, logger }, `No team “${escapeMrkdwn(truncate(parsed.team ?? '', 40))}” in this workspace. \`/backlog teams\` lists them.`);
  const [permission, teamCount] = await Promise.all([flagPermission(db, slackDirectory(client), workspaceId, command.user_id), countTeams(db, workspaceId)]);
  const teamName = teamCount > 1 ? team.name : undefined;
  if (!parsed.setup) {
    const viewer = permission.allowed ? ({ canManage: true } as const) : ({ canManage: false, ask: permission.ask } as const);
    return answerPrivately({ respond, logger }, buildFlagList(await teamFlags(db, team.id), viewer, teamName));
  }
  if (!permission.allowed) return answerPrivately({ respond, logger }, askAnAdmin(permission.ask, 'mention').replace('change its settings', 'connect flag systems'));
  if (!flags.secretKey) return answerPrivately({ respond, logger }, 'Flag connections need somewhere safe to keep their secrets: set TOKEN_ENCRYPTION_KEY (`openssl rand -base64 32`) and restart Shortlist.');
  const metadata = JSON.stringify({ teamId: team.id, responseUrl: command.response_url });
  const trigger = { client, respond, logger, triggerId: command.trigger_id, userId: command.user_id, teamId: workspaceId };
  await openModal(trigger, buildFlagSetupModal(teamName, metadata), wouldNotOpen('flag setup form', '`/backlog flags setup`'));
}
