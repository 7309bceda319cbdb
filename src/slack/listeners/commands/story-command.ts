import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildStoryModal } from '../../../blocks/story-modal.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';

/** `/story [title]`: acknowledge at once, then open the story modal with the title filled in. */
export const storyCommand =
  ({ logger }: ListenerDeps) =>
  async ({ command, ack, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const privateMetadata = encodeModalContext({ channelId: command.channel_id, responseUrl: command.response_url });
    try {
      await client.views.open({ trigger_id: command.trigger_id, view: buildStoryModal({ title: command.text, privateMetadata }) });
    } catch (error) {
      logger.warn({ err: error, teamId: command.team_id }, 'views.open failed for /story');
      await respond({ response_type: 'ephemeral', text: 'Sorry, Slack would not open the story form just now. Please try `/story` again.' }).catch(() => undefined);
    }
  };
