import { bugModalErrors } from '../../../blocks/bug-modal.ts';
import { bugModalIds } from '../../../blocks/ids.ts';
import { parseBugInput } from '../../../bugs/bug-input.ts';
import { formFiles } from '../../../bugs/file-rules.ts';
import { fileBug } from '../../../bugs/file-bug.ts';
import { bugKey } from '../../../items/types.ts';
import { filingSubmission } from './filing-submission.ts';

const fields = { ...bugModalIds.fields, files: bugModalIds.files };

export const bugSubmission = filingSubmission({
  noun: 'bug',
  fields,
  firstField: 'summary',
  // The text fields, and the files: the reported message's (checked when the form opened) and those attached.
  parse: (raw, { values, context }) => {
    const input = parseBugInput(raw);
    const kept = context.files ?? [];
    const attached = formFiles(values[bugModalIds.files.blockId]?.[bugModalIds.files.actionId]?.files, kept.length);
    if (!input.ok || !attached.ok) return { ok: false, errors: { ...(input.ok ? {} : input.errors), ...(attached.ok ? {} : { files: attached.error }) } };
    // A file of the message attached again on the form is kept once.
    const added = attached.files.filter((file) => !kept.some((mine) => mine.id === file.id));
    return { ok: true, value: { input: input.value, files: [...kept, ...added] } };
  },
  errors: bugModalErrors,
  file: async ({ database }, { context, fields: { input, files }, ...filing }) => {
    const { bug, created } = await fileBug(database.db, {
      ...filing,
      fields: input,
      files,
      channelId: context.channelId,
      threadTs: context.threadTs,
      responseUrl: context.responseUrl,
      sourcePermalink: context.permalink ?? null,
      source: context.channelId && context.sourceTs ? { channelId: context.channelId, ts: context.sourceTs } : undefined,
    });
    return { key: bugKey(bug.number), created };
  },
  expiredText: 'This form has expired. Please close it and report the bug again.',
  failedText: "Couldn't save this bug just now — the database did not answer. Nothing you typed is lost: press File bug again in a moment.",
});
