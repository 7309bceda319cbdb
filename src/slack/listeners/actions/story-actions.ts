import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { storyKey } from '../../../items/types.ts';
import { buildSwapModal } from '../../../blocks/story-message.ts';
import { findStory } from '../../../stories/find-story.ts';
import { moveStory, type StoryMove, watchStory } from '../../../stories/lifecycle.ts';

import { answerPrivately, openModal, wouldNotOpen } from '../../answer.ts';
import { itemIdFrom } from '../../item-id.ts';
import type { ListenerDeps } from '../../deps.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { tellIfFailed } from './tell-if-failed.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const notHere = 'That story is not in this workspace.';

function refOf(body: BlockAction, value: string | undefined) {
  const teamId = workspaceOf(body);
  const storyId = itemIdFrom(value?.replace(/^story:/, ''));
  return teamId && storyId ? { workspaceId: teamId, storyId } : undefined;
}

/** A story lifecycle button. Ready at the cap opens the swap modal instead of moving anything. */
export const storyMovePressed =
  ({ database, logger, wakeOutbox }: ListenerDeps, move: StoryMove) =>
  async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = refOf(body, action.value);
    if (!ref) return void (await answerPrivately({ respond, logger }, notHere));
    await tellIfFailed({ respond, logger }, { teamId: ref.workspaceId, storyId: ref.storyId, move }, async () => {
      const result = await moveStory(database.db, ref, body.user.id, move);
      if (result.ok) {
        wakeOutbox();
        return;
      }
      logger.info({ teamId: ref.workspaceId, storyId: ref.storyId, move, refusal: result.error }, 'story move refused');
      if (result.error === 'cap_reached') {
        const incoming = await findStory(database.db, ref.workspaceId, ref.storyId);
        const trigger = { client, respond, logger, triggerId: body.trigger_id, userId: body.user.id, teamId: ref.workspaceId };
        if (incoming) await openModal(trigger, buildSwapModal(incoming, result.ready, result.cap), wouldNotOpen('swap form', 'Ready'));
        return;
      }
      await answerPrivately({ respond, logger }, result.error === 'refused' ? result.message : notHere);
    });
  };

export const watchPressed =
  ({ database, logger }: ListenerDeps) =>
  async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = refOf(body, action.value);
    await tellIfFailed({ respond, logger }, { teamId: ref?.workspaceId, storyId: ref?.storyId }, async () => {
      const story = ref ? await watchStory(database.db, ref, body.user.id) : undefined;
      await answerPrivately({ respond, logger }, story ? `You are watching ${storyKey(story.number)}: you will hear when it ships.` : notHere);
    });
  };
