import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildGrowthBookRotateModal } from '../../../blocks/flag-setup.ts';
import { askAnAdmin } from '../../../blocks/settings-modal.ts';
import { connectionById, rotateSecret } from '../../../rollouts/connections.ts';
import { answerPrivately, openModal, wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { connectionAnswer, flagPermission } from '../../flag-answers.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { slackDirectory } from '../../slack-directory.ts';
import { tellIfFailed } from './tell-if-failed.ts';

type FlagActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Rotate secret on a connection of `/backlog flags`: a new secret shown once (GrowthBook: a form for its new key). Asked again here: a button can be forged. */
export const rotatePressed =
  (deps: ListenerDeps) =>
  async (args: FlagActionArgs): Promise<void> => {
    const { ack, action, body, client, respond } = args;
    const { database, logger, flags } = deps;
    await ack();
    const workspaceId = workspaceOf(body);
    await tellIfFailed({ respond, logger }, { teamId: workspaceId }, async () => {
      const connection = workspaceId ? await connectionById(database.db, action.value ?? '') : undefined;
      if (!connection || connection.workspaceId !== workspaceId || connection.archivedAt || !flags.secretKey) {
        return void (await answerPrivately({ respond, logger }, 'That connection is not in this workspace any more. Run `/backlog flags` again.'));
      }
      const permission = await flagPermission(database.db, slackDirectory(client), connection.workspaceId, body.user.id);
      if (!permission.allowed) return void (await answerPrivately({ respond, logger }, askAnAdmin(permission.ask, 'mention').replace('change its settings', 'connect flag systems')));
      if (connection.provider === 'growthbook') {
        const trigger = { client, respond, logger, triggerId: body.trigger_id, userId: body.user.id, teamId: workspaceId };
        await openModal(trigger, buildGrowthBookRotateModal(JSON.stringify({ connectionId: connection.id, responseUrl: body.response_url })), wouldNotOpen('GrowthBook key form', 'Rotate secret'));
        return;
      }
      const rotated = await rotateSecret(database.db, flags.secretKey, connection.workspaceId, connection.id);
      if (!rotated) return void (await answerPrivately({ respond, logger }, 'That connection is not in this workspace any more. Run `/backlog flags` again.'));
      logger.info({ teamId: workspaceId, provider: connection.provider }, 'flag connection secret rotated');
      await answerPrivately({ respond, logger }, connectionAnswer(flags, rotated, true));
    });
  };
