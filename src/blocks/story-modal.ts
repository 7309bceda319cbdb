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
  flagKey: {
    label: 'Feature flag key',
    placeholder: 'billing.slack-approvals',
    multiline: false,
    optional: true,
    max: storyLimits.flagKey,
    hint: 'Lowercase letters, digits, . _ - · press Enter to see what the flag system said of it',
  },
};

/** The line under the flag key saying what is known of that key, once it was entered. */
export const FLAG_NOTE_BLOCK_ID = 'flag_key_state_block';

/** The story form; `team`: the teams to choose from, when the workspace has several. */
export function buildStoryModal({ title, privateMetadata, team }: { title?: string; privateMetadata: string; team?: TeamChoice }): ModalView {
  const initialTitle = title?.trim() ? truncate(title.trim(), storyLimits.title) : undefined;
  const blocks = (Object.keys(specs) as StoryField[]).map((field) => {
    const input = textInput(storyModalIds.fields[field], specs[field], specs[field].max, field === 'title' ? initialTitle : undefined);
    // Enter in the flag key sends it (block_actions), so the form can say what is known of the key.
    return field === 'flagKey' ? { ...input, dispatch_action: true, element: { ...input.element, dispatch_action_config: { trigger_actions_on: ['on_enter_pressed' as const] } } } : input;
  });
  return formModal({ callbackId: storyModalIds.callbackId, privateMetadata, title: 'Write a story', submit: 'Save story', blocks: [...(team ? [teamField(team)] : []), ...blocks] });
}

export function storyModalErrors(errors: Partial<Record<StoryField, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [storyModalIds.fields[field as StoryField].blockId, message]));
}

type ViewBlock = { type: string; block_id?: string; element?: { type?: string; action_id?: string; initial_value?: string } & Record<string, unknown> } & Record<string, unknown>;

/**
 * The open story form again with `note` (mrkdwn, escaped by the caller) under the flag key, replacing an
 * earlier note. Slack keeps what was typed in inputs of the same ids; each text input also gets its typed
 * value as initial value (`typed`, by block id), so a client that redraws from the blocks shows it too.
 */
export function withFlagNote(blocks: ViewBlock[], note: string, typed: Record<string, string | undefined>): ViewBlock[] {
  const flagBlockId = storyModalIds.fields.flagKey.blockId;
  const out: ViewBlock[] = [];
  for (const block of blocks) {
    if (block.block_id === FLAG_NOTE_BLOCK_ID) continue;
    const value = block.block_id ? typed[block.block_id] : undefined;
    const kept = block.type === 'input' && block.element?.type === 'plain_text_input' && value ? { ...block, element: { ...block.element, initial_value: value } } : block;
    out.push(kept);
    if (block.block_id === flagBlockId) out.push({ type: 'context', block_id: FLAG_NOTE_BLOCK_ID, elements: [{ type: 'mrkdwn', text: truncate(note, 3000) }] });
  }
  return out;
}
