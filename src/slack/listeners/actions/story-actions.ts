import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { storyKey } from '../../../items/types.ts';
import { buildSwapModal } from '../../../blocks/story-message.ts';
import { findStory } from '../../../stories/find-story.ts';
import { moveStory, type StoryMove, watchStory } from '../../../stories/lifecycle.ts';

import { bugIdFrom } from '../../bug-ref.ts';
import type { ListenerDeps } from '../../deps.ts';
import { tellIfFailed } from './tell-if-failed.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const notHere = 'That story is not in this workspace.';

function refOf(body: BlockAction, value: string | undefined) {
  const teamId = body.team?.id ?? body.user.team_id;
  const storyId = bugIdFrom(value?.replace(/^story:/, ''));
  return teamId && storyId ? { workspaceId: teamId, storyId } : undefined;
}

const tell = (respond: ButtonArgs['respond'], text: string) => respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);

/** A story lifecycle button. Ready at the cap opens the swap modal instead of moving anything. */
export const storyMovePressed =
  ({ database, logger, outbox }: ListenerDeps, move: StoryMove) =>
  async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = refOf(body, action.value);
    if (!ref) return void (await tell(respond, notHere));
    await tellIfFailed({ respond, logger }, { teamId: ref.workspaceId, storyId: ref.storyId, move }, async () => {
      const result = await moveStory(database.db, ref, body.user.id, move);
      if (result.ok) {
        outbox.wake();
        return;
      }
      logger.info({ teamId: ref.workspaceId, storyId: ref.storyId, move, refusal: result.error }, 'story move refused');
      if (result.error === 'cap_reached') {
        const incoming = await findStory(database.db, ref.workspaceId, ref.storyId);
        if (incoming) await client.views.open({ trigger_id: body.trigger_id, view: buildSwapModal(incoming, result.ready, result.cap) });
        return;
      }
      await tell(respond, result.error === 'refused' ? result.message : notHere);
    });
  };

export const watchPressed =
  ({ database, logger }: ListenerDeps) =>
  async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = refOf(body, action.value);
    await tellIfFailed({ respond, logger }, { teamId: ref?.workspaceId, storyId: ref?.storyId }, async () => {
      const story = ref ? await watchStory(database.db, ref, body.user.id) : undefined;
      await tell(respond, story ? `You are watching ${storyKey(story.number)}: you will hear when it ships.` : notHere);
    });
  };
