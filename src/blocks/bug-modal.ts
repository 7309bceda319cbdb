import type { KnownBlock, ModalView } from '@slack/types';
import { type BugField, bugLimits } from '../bugs/bug-input.ts';
import { type FileProblem, fileLimits, pickerFiletypes } from '../bugs/file-rules.ts';
import type { StoredFile } from '../db/schema.ts';
import type { TeamChoice } from '../teams/team-choice.ts';
import { bugModalIds } from './ids.ts';
import { teamField } from './team-field.ts';
import { formModal, type TextFieldSpec, textInput } from './inputs.ts';
import { truncate } from '../text/limits.ts';
import { escapeWithin, linkTarget } from './mrkdwn.ts';

const fieldSpecs: Record<BugField, TextFieldSpec> = {
  summary: { label: 'Summary', placeholder: 'Login button does nothing on Safari', multiline: false, optional: false },
  steps: { label: 'Steps to reproduce', placeholder: '1. Open …\n2. Click …', multiline: true, optional: false },
  expected: { label: 'Expected', placeholder: 'What should have happened', multiline: true, optional: false },
  actual: { label: 'Actual', placeholder: 'What happened instead', multiline: true, optional: false },
  environment: { label: 'Environment', placeholder: 'Browser, OS, app version, account', multiline: false, optional: true },
  link: {
    label: 'Link',
    placeholder: 'https://…',
    multiline: false,
    optional: true,
    hint: 'A page, screenshot or recording that shows the bug.',
  },
};

export interface BugModalInput {
  prefill?: Partial<Record<BugField, string>>;
  /** The reported message, shown so the reporter sees what will be linked. */
  sourcePermalink?: string;
  /** Opaque to the modal: where to confirm once it is submitted. */
  privateMetadata: string;
  /** The teams to choose from, when the workspace has several. */
  team?: TeamChoice;
  /** The reported message's files: those the bug keeps, and those it leaves out with why. */
  messageFiles?: { kept: StoredFile[]; left: FileProblem[] };
}

/** The reported message's files, named: what the bug keeps and what it leaves out. */
function messageFilesNote({ kept, left }: { kept: StoredFile[]; left: FileProblem[] }): KnownBlock[] {
  if (kept.length === 0 && left.length === 0) return [];
  const names = (files: { name: string }[]) => files.slice(0, 5).map((file) => escapeWithin(file.name, 80)).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
  const lines = [
    ...(kept.length > 0 ? [`:paperclip: The message's ${kept.length === 1 ? 'file comes' : `${kept.length} files come`} with the bug: ${names(kept)}`] : []),
    ...left.slice(0, 3).map((file) => `Not attached: ${escapeWithin(file.name, 80)} ${escapeWithin(file.reason, 200)}`),
    ...(left.length > 3 ? [`and ${left.length - 3} more not attached`] : []),
  ];
  return [{ type: 'context', block_id: bugModalIds.messageFilesBlock, elements: [{ type: 'mrkdwn', text: lines.join('\n') }] }];
}

/** Screenshots or files, up to what the bug may still carry; none when the message brought the most already. */
function filesInput(alreadyKept: number): KnownBlock[] {
  const room = fileLimits.perBug - alreadyKept;
  if (room < 1) return [];
  return [
    {
      type: 'input',
      block_id: bugModalIds.files.blockId,
      optional: true,
      label: { type: 'plain_text', text: 'Screenshots or files' },
      hint: { type: 'plain_text', text: `Up to ${room} ${room === 1 ? 'file' : 'files'} of 10 MB: images, PDFs, text or logs, videos. Everyone who sees the bug sees them.` },
      element: { type: 'file_input', action_id: bugModalIds.files.actionId, max_files: room, filetypes: pickerFiletypes },
    },
  ];
}

export function buildBugModal({ prefill: given = {}, sourcePermalink, privateMetadata, team, messageFiles = { kept: [], left: [] } }: BugModalInput): ModalView {
  const prefill: Partial<Record<BugField, string>> = {};
  for (const [field, text] of Object.entries(given) as [BugField, string | undefined][]) {
    const trimmed = text?.trim();
    // Slack refuses a view whose initial value is longer than max_length, so prefill is cut to fit.
    if (trimmed) prefill[field] = truncate(trimmed, bugLimits[field]);
  }
  const inputs = (Object.keys(fieldSpecs) as BugField[]).map((field) => textInput(bugModalIds.fields[field], fieldSpecs[field], bugLimits[field], prefill[field]));
  const source: KnownBlock[] = sourcePermalink
    ? [{ type: 'context', block_id: 'source_block', elements: [{ type: 'mrkdwn', text: `Reported from <${linkTarget(sourcePermalink)}|this message>` }] }]
    : [];
  const blocks = [...source, ...(team ? [teamField(team)] : []), ...inputs, ...messageFilesNote(messageFiles), ...filesInput(messageFiles.kept.length)];
  return formModal({ callbackId: bugModalIds.callbackId, privateMetadata, title: 'Report a bug', submit: 'File bug', blocks });
}

/** Maps field errors (the text fields', and `files`) onto the modal's blocks, as `response_action: "errors"` wants them. */
export function bugModalErrors(errors: Partial<Record<BugField | 'files', string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field === 'files' ? bugModalIds.files.blockId : bugModalIds.fields[field as BugField].blockId, message]),
  );
}
