import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';

/** What a form's text field shows: its label, placeholder, whether it may be left empty, and a hint under it. */
export interface TextFieldSpec {
  label: string;
  placeholder: string;
  multiline: boolean;
  optional: boolean;
  hint?: string;
}

/** A text input block with Slack's own length limit, prefilled when there is something to prefill. */
export function textInput(ids: { blockId: string; actionId: string }, spec: TextFieldSpec, maxLength: number, initialValue?: string): InputBlock {
  return {
    type: 'input',
    block_id: ids.blockId,
    optional: spec.optional,
    label: { type: 'plain_text', text: spec.label },
    ...(spec.hint ? { hint: { type: 'plain_text', text: spec.hint } } : {}),
    element: {
      type: 'plain_text_input',
      action_id: ids.actionId,
      multiline: spec.multiline,
      max_length: maxLength,
      placeholder: { type: 'plain_text', text: spec.placeholder },
      ...(initialValue ? { initial_value: initialValue } : {}),
    },
  };
}

/** A required choice of one option, from a menu. */
export function selectInput(ids: { blockId: string; actionId: string }, label: string, options: PlainTextOption[], placeholder: string): InputBlock {
  return {
    type: 'input',
    block_id: ids.blockId,
    label: { type: 'plain_text', text: label },
    element: { type: 'static_select', action_id: ids.actionId, options, placeholder: { type: 'plain_text', text: placeholder } },
  };
}

/** A form in a modal: its title (≤ 24 characters), the submit button's words, Cancel, and what comes back on submit. */
export function formModal(form: { callbackId: string; privateMetadata: string; title: string; submit: string; blocks: KnownBlock[] }): ModalView {
  return {
    type: 'modal',
    callback_id: form.callbackId,
    private_metadata: form.privateMetadata,
    title: { type: 'plain_text', text: form.title },
    submit: { type: 'plain_text', text: form.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: form.blocks,
  };
}
