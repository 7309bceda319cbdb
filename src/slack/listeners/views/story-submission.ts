import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { storyKey } from '../../../items/types.ts';
import { storyModalErrors } from '../../../blocks/story-modal.ts';
import { fileStory } from '../../../stories/file-story.ts';
import { parseStoryInput } from '../../../stories/story-input.ts';
import type { ListenerDeps } from '../../deps.ts';
import { storyModalIds } from '../../../blocks/ids.ts';
import { enterpriseOf, workspaceOf } from '../../payload-origin.ts';
import { decodeModalContext } from '../../modal-context.ts';
import { readTextInputs } from '../../view-state.ts';

const titleError = (message: string) => ({ response_action: 'errors' as const, errors: { [storyModalIds.fields.title.blockId]: message } });

/** Validates every field, saves the story as an idea (its message queued with it), then acknowledges. */
export const storySubmission =
  ({ database, logger, wakeOutbox }: ListenerDeps) =>
  async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const teamId = workspaceOf(body);
    const context = decodeModalContext(view.private_metadata);
    if (!teamId || !context) {
      await ack(titleError('This form has expired. Please close it and write the story again.'));
      return;
    }
    const input = parseStoryInput(readTextInputs(view.state.values, storyModalIds.fields));
    if (!input.ok) {
      await ack({ response_action: 'errors', errors: storyModalErrors(input.errors) });
      return;
    }
    try {
      const { story, created } = await fileStory(database.db, {
        workspaceId: teamId,
        enterpriseId: enterpriseOf(body),
        reporterId: body.user.id,
        channelId: context.channelId,
        viewId: view.id,
        fields: input.value,
      });
      logger.info({ teamId, key: storyKey(story.number), repeated: !created }, created ? 'story written' : 'repeated submission of a story');
    } catch (error) {
      logger.error({ err: error, teamId, viewId: view.id }, 'saving a story failed');
      await ack(titleError("Couldn't save this story just now — the database did not answer. Nothing you typed is lost: press Save story again in a moment."));
      return;
    }
    await ack();
    wakeOutbox();
  };
