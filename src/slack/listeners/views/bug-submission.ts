import { bugModalErrors } from '../../../blocks/bug-modal.ts';
import { bugModalIds } from '../../../blocks/ids.ts';
import { parseBugInput } from '../../../bugs/bug-input.ts';
import { fileBug } from '../../../bugs/file-bug.ts';
import { bugKey } from '../../../items/types.ts';
import { filingSubmission } from './filing-submission.ts';

export const bugSubmission = filingSubmission({
  noun: 'bug',
  fields: bugModalIds.fields,
  firstField: 'summary',
  parse: parseBugInput,
  errors: bugModalErrors,
  file: async ({ database }, { context, ...filing }) => {
    const { bug, created } = await fileBug(database.db, {
      ...filing,
      channelId: context.channelId,
      threadTs: context.threadTs,
      responseUrl: context.responseUrl,
      sourcePermalink: context.permalink ?? null,
    });
    return { key: bugKey(bug.number), created };
  },
  expiredText: 'This form has expired. Please close it and report the bug again.',
  failedText: "Couldn't save this bug just now — the database did not answer. Nothing you typed is lost: press File bug again in a moment.",
});
