import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerBacklog } from '../../../backlog/answer-backlog.ts';
import { parseBacklogCommand } from '../../../backlog/parse-command.ts';
import { askAnAdmin, buildSettingsModal } from '../../../blocks/settings-modal.ts';
import { queueDigestNow } from '../../../digest/run-digests.ts';
import { settingsPermission } from '../../../settings/permissions.ts';
import { readSettings } from '../../../settings/settings-store.ts';
import { countTeams } from '../../../teams/team-store.ts';
import { answerPrivately, openModal, wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { slackDirectory } from '../../slack-directory.ts';
import { answerFlags } from './backlog-flags.ts';
import { answerTeams } from './backlog-teams.ts';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/backlog settings`: admins, owners and the installer get the modal; anyone else is told whom to ask. */
async function openSettings({ database, logger }: ListenerDeps, { command, client, respond }: CommandArgs): Promise<void> {
  const current = await readSettings(database.db, command.team_id, command.channel_id);
  const permission = await settingsPermission(slackDirectory(client), command.user_id, current.installerUserId);
  if (!permission.allowed) return answerPrivately({ respond, logger }, askAnAdmin(permission.ask, 'mention'));
  const trigger = { client, respond, logger, triggerId: command.trigger_id, userId: command.user_id, teamId: command.team_id };
  const teamName = (await countTeams(database.db, command.team_id)) > 1 ? current.teamName : undefined;
  await openModal(trigger, buildSettingsModal(current, permission.timeZone ?? 'UTC', teamName), wouldNotOpen('settings form', '`/backlog settings`'));
}

/** `/backlog …`: acknowledged at once, answered privately to the person who asked. */
export const backlogCommand = (deps: ListenerDeps) => async (args: CommandArgs): Promise<void> => {
  const { command, ack, respond } = args;
  const { database, logger, clock, wakeOutbox } = deps;
  await ack();
  const parsed = parseBacklogCommand(command.text);
  try {
    if (parsed.kind === 'settings') return await openSettings(deps, args);
    if (parsed.kind === 'teams') return await answerTeams(deps, args);
    if (parsed.kind === 'flags') return await answerFlags(deps, args, parsed);
    if (parsed.kind === 'digest') {
      await queueDigestNow(database.db, { id: command.team_id, enterpriseId: command.enterprise_id ?? null }, command.channel_id, command.user_id, clock());
      wakeOutbox();
      return await answerPrivately({ respond, logger }, 'Posting the backlog digest in this channel now. (The weekly one still goes out as scheduled.)');
    }
    const answer = await answerBacklog(parsed, { db: database.db, workspaceId: command.team_id, channelId: command.channel_id, userId: command.user_id, now: clock(), commandText: command.text, offset: 0 });
    await answerPrivately({ respond, logger }, answer);
  } catch (error) {
    logger.error({ err: error, teamId: command.team_id, subcommand: parsed.kind }, '/backlog failed');
    await answerPrivately({ respond, logger }, 'Sorry, something went wrong with that. Please try again in a moment.');
  }
};
