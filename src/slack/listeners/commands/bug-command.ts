import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildBugModal } from '../../../blocks/bug-modal.ts';
import { openModal, wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';
import { commands } from '../../surfaces.ts';
import { teamChoiceFor } from '../../team-choice.ts';

/** `/bug [summary]`: acknowledge at once, then open the modal while the trigger id is fresh. */
export const bugCommand =
  (deps: ListenerDeps) =>
  async ({ command, ack, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const { logger } = deps;
    await ack();
    const team = await teamChoiceFor(deps, command.team_id, command.channel_id);
    const privateMetadata = encodeModalContext({ channelId: command.channel_id, responseUrl: command.response_url });
    const trigger = { client, respond, logger, triggerId: command.trigger_id, userId: command.user_id, teamId: command.team_id };
    await openModal(trigger, buildBugModal({ prefill: { summary: command.text }, privateMetadata, team }), wouldNotOpen('bug form', `\`${commands.bug.name}\``));
  };
