import type { ModalView, PlainTextInput } from '@slack/types';
import { type StoryField, storyLimits } from '../stories/story-input.ts';
import { storyModalIds } from './ids.ts';
import { truncate } from '../text/limits.ts';

const specs: Record<StoryField, { label: string; placeholder: string; multiline: boolean; optional: boolean; max: number; hint?: string }> = {
  title: { label: 'Title', placeholder: 'Pay an invoice without leaving Slack', multiline: false, optional: false, max: storyLimits.title, hint: 'What people can do once this ships.' },
  persona: { label: 'As a', placeholder: 'finance manager', multiline: false, optional: false, max: storyLimits.persona },
  want: { label: 'I want to', placeholder: 'approve invoices where I already work', multiline: true, optional: false, max: storyLimits.want },
  benefit: { label: 'So that', placeholder: 'suppliers are paid on time', multiline: true, optional: false, max: storyLimits.benefit },
  criteria: { label: 'Acceptance criteria', placeholder: 'One per line, 1–20 lines', multiline: true, optional: false, max: storyLimits.criteria, hint: 'How we will know it is done: one criterion per line, at most 20.' },
  flagKey: { label: 'Feature flag key', placeholder: 'billing.slack-approvals', multiline: false, optional: true, max: storyLimits.flagKey, hint: 'Lowercase letters, digits, . _ -' },
};

export function buildStoryModal({ title, privateMetadata }: { title?: string; privateMetadata: string }): ModalView {
  const initialTitle = title?.trim() ? truncate(title.trim(), storyLimits.title) : undefined;
  return {
    type: 'modal',
    callback_id: storyModalIds.callbackId,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Write a story' },
    submit: { type: 'plain_text', text: 'Save story' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: (Object.keys(specs) as StoryField[]).map((field) => {
      const spec = specs[field];
      const ids = storyModalIds.fields[field];
      const element: PlainTextInput = {
        type: 'plain_text_input',
        action_id: ids.actionId,
        multiline: spec.multiline,
        max_length: spec.max,
        placeholder: { type: 'plain_text', text: spec.placeholder },
        ...(field === 'title' && initialTitle ? { initial_value: initialTitle } : {}),
      };
      return {
        type: 'input' as const,
        block_id: ids.blockId,
        optional: spec.optional,
        label: { type: 'plain_text' as const, text: spec.label },
        ...(spec.hint ? { hint: { type: 'plain_text' as const, text: spec.hint } } : {}),
        element,
      };
    }),
  };
}

export function storyModalErrors(errors: Partial<Record<StoryField, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [storyModalIds.fields[field as StoryField].blockId, message]));
}
