import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { eq } from 'drizzle-orm';
import { answerBacklog } from '../../../backlog/answer-backlog.ts';
import { parseBacklogCommand } from '../../../backlog/parse-command.ts';
import { askAnAdmin, buildSettingsModal } from '../../../blocks/settings-modal.ts';
import { workspaces } from '../../../db/schema.ts';
import { queueDigestNow } from '../../../digest/run-digests.ts';
import { settingsPermission } from '../../../settings/permissions.ts';
import type { ListenerDeps } from '../../deps.ts';
import { slackDirectory } from '../../slack-directory.ts';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const defaults = { digestChannelId: null, digestWeekday: 1, digestTime: '09:00', timeZone: null, skipQuietWeeks: false, triageChannelId: null, backlogCap: 25, staleAfterDays: 30, needsInfoDays: 14, installerUserId: null };

/** `/backlog settings`: admins, owners and the installer get the modal; anyone else is told whom to ask. */
async function openSettings({ database }: ListenerDeps, { command, client, respond }: CommandArgs): Promise<void> {
  const [workspace] = await database.db.select().from(workspaces).where(eq(workspaces.id, command.team_id));
  const current = workspace ?? defaults;
  const permission = await settingsPermission(slackDirectory(client), command.user_id, current.installerUserId);
  if (!permission.allowed) {
    await respond({ response_type: 'ephemeral', text: askAnAdmin(permission.ask, 'mention') });
    return;
  }
  await client.views.open({ trigger_id: command.trigger_id, view: buildSettingsModal(current, permission.timeZone ?? 'UTC') });
}

/** `/backlog …`: acknowledged at once, answered privately to the person who asked. */
export const backlogCommand = (deps: ListenerDeps) => async (args: CommandArgs): Promise<void> => {
  const { command, ack, respond } = args;
  const { database, logger, clock, outbox } = deps;
  await ack();
  const parsed = parseBacklogCommand(command.text);
  try {
    if (parsed.kind === 'settings') return await openSettings(deps, args);
    if (parsed.kind === 'digest') {
      await queueDigestNow(database.db, { id: command.team_id, enterpriseId: command.enterprise_id ?? null }, command.channel_id, command.user_id, clock());
      outbox.wake();
      await respond({ response_type: 'ephemeral', text: 'Posting the backlog digest in this channel now. (The weekly one still goes out as scheduled.)' });
      return;
    }
    const answer = await answerBacklog(parsed, { db: database.db, workspaceId: command.team_id, userId: command.user_id, now: clock(), commandText: command.text, offset: 0 });
    await respond({ response_type: 'ephemeral', ...answer });
  } catch (error) {
    logger.error({ err: error, teamId: command.team_id, subcommand: parsed.kind }, '/backlog failed');
    await respond({ response_type: 'ephemeral', text: 'Sorry, something went wrong with that. Please try again in a moment.' }).catch(() => undefined);
  }
};
