/// <reference lib="dom" />
import { h, type Names, plain, textObject } from './dom.ts';
import { fileInput, filesOf, type Upload } from './file-input.ts';

type Json = Record<string, any>;

export interface BlockContext {
  names: Names;
  people: { id: string; real_name: string }[];
  channels: { id: string; name: string }[];
  /** A control was used (button, select, overflow): what Slack puts in `actions[0]`. */
  act(action: Json): void;
  /** Per-field errors of the last submission, by block id. */
  errors?: Record<string, string>;
  /** Where a file input's files go (the stand-in's file store). */
  upload: Upload;
}

/** The option objects behind each select, checkbox group and radio group, to send back as Slack does. */
const optionsOf = new WeakMap<Element, Json[]>();

/** Asks before acting when the element carries a `confirm` object (Slack's confirmation dialog). */
export function confirmFirst(confirm: Json | undefined, names: Names): Promise<boolean> {
  if (!confirm) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (answer: boolean) => {
      overlay.remove();
      resolve(answer);
    };
    const title = h('h2', { id: 'confirm-title' }, plain(confirm.title));
    const deny = button(plain(confirm.deny) || 'Cancel', () => done(false));
    const dialog = h('div', { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'confirm-title' },
      title,
      h('div', { class: 'dialog-body' }, textObject(confirm.text, names)),
      h('div', { class: 'dialog-foot' }, deny, button(plain(confirm.confirm) || 'Confirm', () => done(true), confirm.style === 'danger' ? 'danger' : 'primary')));
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') done(false);
    });
    const overlay = h('div', { class: 'overlay' }, dialog);
    document.body.append(overlay);
    // As Slack does, the safe answer has the focus.
    deny.focus();
  });
}

function button(label: string, onClick: () => void, style?: string): HTMLButtonElement {
  const element = h('button', { type: 'button', class: style });
  element.textContent = label;
  element.addEventListener('click', onClick);
  return element;
}

function selectOf(element: Json, ctx: BlockContext, multiple: boolean): HTMLSelectElement {
  const select = h('select', { multiple });
  const kind = String(element.type).replace('multi_', '');
  let options: Json[];
  if (kind === 'users_select') options = ctx.people.map((p) => ({ text: { type: 'plain_text', text: p.real_name }, value: p.id }));
  else if (kind === 'conversations_select' || kind === 'channels_select') options = ctx.channels.map((c) => ({ text: { type: 'plain_text', text: `#${c.name}` }, value: c.id }));
  else options = element.options ?? (element.option_groups ?? []).flatMap((g: Json) => g.options ?? []);
  const initial = new Set<string>([
    element.initial_option?.value,
    ...(element.initial_options ?? []).map((o: Json) => o.value),
    element.initial_user,
    ...(element.initial_users ?? []),
    element.initial_conversation,
    ...(element.initial_conversations ?? []),
    element.initial_channel,
  ].filter(Boolean));
  if (!multiple) select.append(h('option', { value: '' }, plain(element.placeholder) || 'Choose…'));
  for (const option of options) select.append(h('option', { value: String(option.value), selected: initial.has(option.value) }, plain(option.text)));
  optionsOf.set(select, options);
  return select;
}

/** What a control holds, as Slack reports it in `state.values` and in `actions`. */
function controlValue(control: HTMLElement, type: string): Json {
  const options = optionsOf.get(control) ?? [];
  const picked = (values: string[]) => options.filter((o) => values.includes(String(o.value)));
  if (control instanceof HTMLSelectElement) {
    const values = [...control.selectedOptions].map((o) => o.value).filter(Boolean);
    const kind = type.replace('multi_', '');
    const many = type.startsWith('multi_');
    if (kind === 'users_select') return many ? { selected_users: values } : { selected_user: values[0] ?? null };
    if (kind === 'conversations_select') return many ? { selected_conversations: values } : { selected_conversation: values[0] ?? null };
    if (kind === 'channels_select') return many ? { selected_channels: values } : { selected_channel: values[0] ?? null };
    return many ? { selected_options: picked(values) } : { selected_option: picked(values)[0] ?? null };
  }
  if (type === 'checkboxes' || type === 'radio_buttons') {
    const checked = [...control.querySelectorAll('input')].filter((i) => i.checked).map((i) => i.value);
    return type === 'checkboxes' ? { selected_options: picked(checked) } : { selected_option: picked(checked)[0] ?? null };
  }
  const value = (control as HTMLInputElement).value;
  if (type === 'timepicker') return { selected_time: value || null };
  if (type === 'datepicker') return { selected_date: value || null };
  if (type === 'file_input') return filesOf(control);
  return { value: value === '' ? null : value };
}

/** Every input of a modal (or Home) as Slack's `view.state.values`: block id → action id → value. */
export function collectValues(root: HTMLElement): Json {
  const values: Json = {};
  for (const control of root.querySelectorAll<HTMLElement>('[data-action-id]')) {
    const blockId = control.dataset.blockId!;
    const type = control.dataset.type!;
    values[blockId] ??= {};
    values[blockId][control.dataset.actionId!] = { type, ...controlValue(control, type) };
  }
  return values;
}

let counter = 0;

/** An interactive element (in an actions block, a section accessory or an input). */
function elementOf(element: Json, blockId: string, ctx: BlockContext, inInput: boolean): HTMLElement {
  const type = String(element.type);
  const act = (extra: Json) => void confirmFirst(element.confirm, ctx.names).then((ok) => ok && ctx.act({ type, action_id: element.action_id, block_id: blockId, ...extra }));
  let control: HTMLElement;
  const id = `f${++counter}`;
  switch (type) {
    case 'button':
      return button(plain(element.text), () => act({ value: element.value, text: element.text }), element.style);
    case 'overflow': {
      const select = selectOf(element, ctx, false);
      select.options[0]!.textContent = '⋯';
      select.setAttribute('aria-label', 'More options');
      select.addEventListener('change', () => {
        const chosen = controlValue(select, 'static_select').selected_option;
        // An overflow menu is a menu, not a choice it keeps: it shows "More options" again.
        select.value = '';
        act({ selected_option: chosen });
      });
      return select;
    }
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
    case 'multi_static_select':
    case 'multi_users_select':
    case 'multi_conversations_select':
    case 'multi_channels_select':
      control = selectOf(element, ctx, type.startsWith('multi_'));
      if (!inInput) {
        control.setAttribute('aria-label', plain(element.placeholder) || type);
        control.addEventListener('change', () => act(controlValue(control, type)));
      }
      break;
    case 'checkboxes':
    case 'radio_buttons': {
      const options: Json[] = element.options ?? [];
      const chosen = new Set([element.initial_option?.value, ...(element.initial_options ?? []).map((o: Json) => o.value)]);
      control = h('div', { role: type === 'checkboxes' ? 'group' : 'radiogroup' });
      for (const option of options) {
        const input = h('input', { type: type === 'checkboxes' ? 'checkbox' : 'radio', name: id, value: String(option.value), checked: chosen.has(option.value) });
        control.append(h('label', {}, input, ' ', textObject(option.text, ctx.names)));
      }
      optionsOf.set(control, options);
      if (!inInput) control.addEventListener('change', () => act(controlValue(control, type)));
      break;
    }
    case 'plain_text_input':
      control = element.multiline ? h('textarea', { rows: '4' }) : h('input', { type: 'text' });
      (control as HTMLInputElement).value = element.initial_value ?? '';
      if (element.max_length) control.setAttribute('maxlength', String(element.max_length));
      if (element.placeholder) control.setAttribute('placeholder', plain(element.placeholder));
      break;
    case 'number_input':
    case 'url_text_input':
    case 'email_text_input':
    case 'timepicker':
    case 'datepicker': {
      const inputType = { number_input: 'number', url_text_input: 'url', email_text_input: 'email', timepicker: 'time', datepicker: 'date' }[type]!;
      control = h('input', { type: inputType, min: element.min_value, max: element.max_value, step: element.is_decimal_allowed ? 'any' : undefined });
      (control as HTMLInputElement).value = element.initial_value ?? element.initial_time ?? element.initial_date ?? '';
      if (element.placeholder) control.setAttribute('placeholder', plain(element.placeholder));
      // A date or time picker in a message acts when it is set, as Slack's do.
      if (!inInput && (type === 'timepicker' || type === 'datepicker')) {
        control.setAttribute('aria-label', plain(element.placeholder) || type);
        control.addEventListener('change', () => act(controlValue(control, type)));
      }
      break;
    }
    case 'file_input':
      control = fileInput(element, ctx.upload);
      break;
    default:
      return h('span', { class: 'unsupported' }, `[${type}]`);
  }
  control.id = id;
  if (element.action_id) Object.assign(control.dataset, { actionId: element.action_id, blockId, type });
  return control;
}

function imageOf(block: Json): HTMLImageElement {
  return h('img', { src: /^https?:/.test(String(block.image_url)) ? block.image_url : undefined, alt: String(block.alt_text ?? ''), width: '24' });
}

/** One block, as Slack draws it. */
function blockOf(block: Json, ctx: BlockContext): HTMLElement {
  const blockId = String(block.block_id ?? `b${++counter}`);
  switch (block.type) {
    case 'header':
      return h('div', { class: 'block header', role: 'heading', 'aria-level': '3' }, plain(block.text));
    case 'divider':
      return h('hr', { class: 'block' });
    case 'section': {
      const body = h('div', {}, textObject(block.text, ctx.names));
      if (block.fields) body.append(h('div', { class: 'fields' }, ...block.fields.map((f: Json) => h('div', {}, textObject(f, ctx.names)))));
      const accessory = block.accessory ? (block.accessory.type === 'image' ? imageOf(block.accessory) : elementOf(block.accessory, blockId, ctx, false)) : undefined;
      return h('div', { class: 'block section' }, body, accessory);
    }
    case 'context':
      return h('div', { class: 'block context' }, ...(block.elements ?? []).map((e: Json) => (e.type === 'image' ? imageOf(e) : h('span', {}, textObject(e, ctx.names)))));
    case 'actions':
      return h('div', { class: 'block actions' }, ...(block.elements ?? []).map((e: Json) => elementOf(e, blockId, ctx, false)));
    case 'image':
      return h('figure', { class: 'block' }, h('img', { src: /^https?:/.test(String(block.image_url)) ? block.image_url : undefined, alt: String(block.alt_text ?? ''), style: 'max-width:100%' }), block.title ? h('figcaption', {}, plain(block.title)) : undefined);
    case 'input': {
      const control = elementOf(block.element ?? {}, blockId, ctx, true);
      // dispatch_action: Enter in a one-line text input sends it, as Slack does (on_enter_pressed).
      if (block.dispatch_action && block.element?.type === 'plain_text_input' && !block.element.multiline) {
        control.addEventListener('keydown', (event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          ctx.act({ type: 'plain_text_input', action_id: block.element.action_id, block_id: blockId, value: (control as HTMLInputElement).value });
        });
      }
      const error = ctx.errors?.[blockId];
      const label = h('label', { for: control.id }, plain(block.label));
      // A group of checkboxes or radios is named by its label too.
      if (!control.id) control.setAttribute('aria-label', plain(block.label));
      if (control.getAttribute('role')) control.setAttribute('aria-label', plain(block.label));
      return h('div', { class: 'block input' }, label, block.optional ? h('span', { class: 'hint' }, ' (optional)') : undefined, control, block.hint ? h('div', { class: 'hint' }, plain(block.hint)) : undefined, error ? h('p', { class: 'error', role: 'alert' }, error) : undefined);
    }
    case 'rich_text':
      return h('div', { class: 'block' }, '[rich text]');
    default:
      return h('div', { class: 'block unsupported' }, `[${String(block.type)} block]`);
  }
}

export function renderBlocks(blocks: Json[], ctx: BlockContext): DocumentFragment {
  const out = document.createDocumentFragment();
  for (const block of blocks) out.append(blockOf(block, ctx));
  return out;
}
