import { describe, expect, it } from 'vitest';
import { formModal, selectInput, textInput } from '../../src/blocks/inputs.ts';

const ids = { blockId: 'b', actionId: 'a' };

describe('form parts as data', () => {
  it('when a text field has a hint and a prefill, then both are in the block, with the length limit', () => {
    expect(textInput(ids, { label: 'Summary', placeholder: 'What broke', multiline: false, optional: false, hint: 'Short' }, 150, 'Login')).toEqual({
      type: 'input',
      block_id: 'b',
      optional: false,
      label: { type: 'plain_text', text: 'Summary' },
      hint: { type: 'plain_text', text: 'Short' },
      element: { type: 'plain_text_input', action_id: 'a', multiline: false, max_length: 150, placeholder: { type: 'plain_text', text: 'What broke' }, initial_value: 'Login' },
    });
  });

  it('when a text field has no hint and nothing to prefill, then neither key is sent (Slack refuses an empty initial_value)', () => {
    const block = textInput(ids, { label: 'Steps', placeholder: '1.', multiline: true, optional: true }, 3000, '');
    expect(Object.keys(block)).not.toContain('hint');
    expect(Object.keys(block.element)).not.toContain('initial_value');
  });

  it('when a choice is asked for, then it is a required static select with its placeholder', () => {
    const options = [{ text: { type: 'plain_text' as const, text: 'Fixed' }, value: 'fixed' }];
    expect(selectInput(ids, 'Resolution', options, 'Choose one')).toEqual({
      type: 'input',
      block_id: 'b',
      label: { type: 'plain_text', text: 'Resolution' },
      element: { type: 'static_select', action_id: 'a', options, placeholder: { type: 'plain_text', text: 'Choose one' } },
    });
  });

  it('when a form is built, then it is a modal with Cancel and the given submit words', () => {
    expect(formModal({ callbackId: 'cb', privateMetadata: '{}', title: 'Report a bug', submit: 'File bug', blocks: [] })).toEqual({
      type: 'modal',
      callback_id: 'cb',
      private_metadata: '{}',
      title: { type: 'plain_text', text: 'Report a bug' },
      submit: { type: 'plain_text', text: 'File bug' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [],
    });
  });
});
