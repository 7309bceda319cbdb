import type { ModalView, PlainTextOption } from '@slack/types';
import { selectInput } from './inputs.ts';
import { bugKey } from '../items/types.ts';

import { closingResolutions, resolutionLabels } from '../bugs/triage.ts';
import type { Bug } from '../db/schema.ts';
import { closeModalIds } from './ids.ts';
import { truncate } from '../text/limits.ts';

export const NOTE_MAX = 1000;

export function buildCloseModal(bug: Pick<Bug, 'id' | 'number' | 'summary'>): ModalView {
  const options: PlainTextOption[] = closingResolutions.map((resolution) => ({
    text: { type: 'plain_text', text: resolutionLabels[resolution].replace(/^./, (c) => c.toUpperCase()) },
    value: resolution,
  }));
  const { fields } = closeModalIds;
  return {
    type: 'modal',
    callback_id: closeModalIds.callbackId,
    private_metadata: JSON.stringify({ bugId: bug.id }),
    title: { type: 'plain_text', text: truncate(`Close ${bugKey(bug.number)}`, 24) },
    submit: { type: 'plain_text', text: 'Close bug' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'plain_text', text: truncate(bug.summary, 3000) } },
      selectInput(fields.resolution, 'Resolution', options, 'Choose one'),
      {
        type: 'input',
        block_id: fields.duplicateOf.blockId,
        optional: true,
        label: { type: 'plain_text', text: 'Duplicate of' },
        hint: { type: 'plain_text', text: 'Required for Duplicate: the key of the bug to keep, like BUG-12.' },
        element: { type: 'plain_text_input', action_id: fields.duplicateOf.actionId, max_length: 20, placeholder: { type: 'plain_text', text: 'BUG-12' } },
      },
      {
        type: 'input',
        block_id: fields.note.blockId,
        optional: true,
        label: { type: 'plain_text', text: 'Note for the reporter' },
        element: { type: 'plain_text_input', action_id: fields.note.actionId, multiline: true, max_length: NOTE_MAX },
      },
    ],
  };
}
