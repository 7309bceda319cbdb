import type { KnownBlock, ModalView } from '@slack/types';
import { type BugField, bugLimits } from '../bugs/bug-input.ts';
import type { TeamChoice } from '../teams/team-choice.ts';
import { bugModalIds } from './ids.ts';
import { teamField } from './team-field.ts';
import { formModal, type TextFieldSpec, textInput } from './inputs.ts';
import { truncate } from '../text/limits.ts';
import { linkTarget } from './mrkdwn.ts';

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
}

export function buildBugModal({ prefill: given = {}, sourcePermalink, privateMetadata, team }: BugModalInput): ModalView {
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
  return formModal({ callbackId: bugModalIds.callbackId, privateMetadata, title: 'Report a bug', submit: 'File bug', blocks: [...source, ...(team ? [teamField(team)] : []), ...inputs] });
}

/** Maps field errors onto the modal's blocks, as `response_action: "errors"` wants them. */
export function bugModalErrors(errors: Partial<Record<BugField, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [bugModalIds.fields[field as BugField].blockId, message]),
  );
}
