import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildBugModal } from '../../../blocks/bug-modal.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';

/** `/bug [summary]`: acknowledge at once, then open the modal while the trigger id is fresh. */
export const bugCommand =
  ({ logger }: ListenerDeps) =>
  async ({ command, ack, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const privateMetadata = encodeModalContext({ channelId: command.channel_id, responseUrl: command.response_url });
    try {
      await client.views.open({ trigger_id: command.trigger_id, view: buildBugModal({ prefill: { summary: command.text }, privateMetadata }) });
    } catch (error) {
      logger.warn({ err: error, teamId: command.team_id }, 'views.open failed for /bug');
      await respond({
        response_type: 'ephemeral',
        text: 'Sorry, Slack would not open the bug form just now. Please try `/bug` again.',
      }).catch(() => undefined);
    }
  };
