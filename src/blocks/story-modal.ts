import type { ModalView } from '@slack/types';
import { type StoryField, storyLimits } from '../stories/story-input.ts';
import type { TeamChoice } from '../teams/team-choice.ts';
import { storyModalIds } from './ids.ts';
import { teamField } from './team-field.ts';
import { formModal, type TextFieldSpec, textInput } from './inputs.ts';
import { truncate } from '../text/limits.ts';

const specs: Record<StoryField, TextFieldSpec & { max: number }> = {
  title: { label: 'Title', placeholder: 'Pay an invoice without leaving Slack', multiline: false, optional: false, max: storyLimits.title, hint: 'What people can do once this ships.' },
  persona: { label: 'As a', placeholder: 'finance manager', multiline: false, optional: false, max: storyLimits.persona },
  want: { label: 'I want to', placeholder: 'approve invoices where I already work', multiline: true, optional: false, max: storyLimits.want },
  benefit: { label: 'So that', placeholder: 'suppliers are paid on time', multiline: true, optional: false, max: storyLimits.benefit },
  criteria: { label: 'Acceptance criteria', placeholder: 'One per line, 1–20 lines', multiline: true, optional: false, max: storyLimits.criteria, hint: 'How we will know it is done: one criterion per line, at most 20.' },
  flagKey: { label: 'Feature flag key', placeholder: 'billing.slack-approvals', multiline: false, optional: true, max: storyLimits.flagKey, hint: 'Lowercase letters, digits, . _ -' },
};

/** The story form; `team`: the teams to choose from, when the workspace has several. */
export function buildStoryModal({ title, privateMetadata, team }: { title?: string; privateMetadata: string; team?: TeamChoice }): ModalView {
  const initialTitle = title?.trim() ? truncate(title.trim(), storyLimits.title) : undefined;
  const blocks = (Object.keys(specs) as StoryField[]).map((field) => textInput(storyModalIds.fields[field], specs[field], specs[field].max, field === 'title' ? initialTitle : undefined));
  return formModal({ callbackId: storyModalIds.callbackId, privateMetadata, title: 'Write a story', submit: 'Save story', blocks: [...(team ? [teamField(team)] : []), ...blocks] });
}

export function storyModalErrors(errors: Partial<Record<StoryField, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [storyModalIds.fields[field as StoryField].blockId, message]));
}
