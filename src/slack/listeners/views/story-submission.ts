import { storyModalIds } from '../../../blocks/ids.ts';
import { storyModalErrors } from '../../../blocks/story-modal.ts';
import { storyKey } from '../../../items/types.ts';
import { fileStory } from '../../../stories/file-story.ts';
import { parseStoryInput } from '../../../stories/story-input.ts';
import { filingSubmission } from './filing-submission.ts';

/** Saves the story as an idea (its message queued with it), then acknowledges. */
export const storySubmission = filingSubmission({
  noun: 'story',
  fields: storyModalIds.fields,
  firstField: 'title',
  parse: parseStoryInput,
  errors: storyModalErrors,
  file: async ({ database }, { context, ...filing }) => {
    const { story, created } = await fileStory(database.db, { ...filing, channelId: context.channelId });
    return { key: storyKey(story.number), created };
  },
  expiredText: 'This form has expired. Please close it and write the story again.',
  failedText: "Couldn't save this story just now — the database did not answer. Nothing you typed is lost: press Save story again in a moment.",
});
