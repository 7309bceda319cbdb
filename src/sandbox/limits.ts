/**
 * The limits Slack enforces on what it is sent, with the error Slack answers, so a test (or a contributor in the
 * sandbox) sees a message or view real Slack would refuse. Each check names the first problem, in the words
 * Slack puts in `response_metadata.messages`, with a JSON pointer to the offending field.
 *
 * Lengths are counted in characters (code points), as the app counts them (README, "Decisions").
 */

export const blockLimits = { message: 50, modal: 100, home: 100 } as const;

/** Slack's `ok: false` answer: the error code and what `response_metadata.messages` says. */
export interface Refusal {
  error: string;
  message: string;
}

const chars = (text: string) => [...text].length;

/** The text of a text object (`{ type, text }`), when it has one. */
function textOf(object: any): string | undefined {
  return typeof object?.text === 'string' ? object.text : undefined;
}

/** "must be less than N+1 characters" at `pointer` when `text` is longer than `max`, as Slack words it. */
function tooLong(text: string | undefined, max: number, pointer: string): string | undefined {
  return text !== undefined && chars(text) > max ? `must be less than ${max + 1} characters [json-pointer:${pointer}]` : undefined;
}

/** A button's, select's or file input's own limits: button text ≤ 75, static options ≤ 100, 1 to 10 files. */
function checkElement(element: any, pointer: string): string | undefined {
  if (!element || typeof element !== 'object') return undefined;
  if (element.type === 'button') return tooLong(textOf(element.text), 75, `${pointer}/text/text`);
  if (element.type === 'file_input' && element.max_files !== undefined && !(Number.isInteger(element.max_files) && element.max_files >= 1 && element.max_files <= 10)) {
    return `max_files must be between 1 and 10 [json-pointer:${pointer}/max_files]`;
  }
  if (Array.isArray(element.options) && element.options.length > 100) return `no more than 100 items allowed [json-pointer:${pointer}/options]`;
  const initial = element.initial_value;
  if (typeof initial === 'string' && typeof element.max_length === 'number' && chars(initial) > element.max_length) {
    return `initial_value must be at most max_length (${element.max_length}) characters [json-pointer:${pointer}/initial_value]`;
  }
  return undefined;
}

/** One block's limits: section text ≤ 3000, ≤ 10 fields of ≤ 2000, header ≤ 150, and its elements'. */
function checkBlock(block: any, pointer: string): string | undefined {
  if (block?.type === 'section') {
    const fields: unknown[] = Array.isArray(block.fields) ? block.fields : [];
    if (fields.length > 10) return `no more than 10 items allowed [json-pointer:${pointer}/fields]`;
    const field = fields.findIndex((f) => tooLong(textOf(f), 2000, ''));
    if (field >= 0) return tooLong(textOf(fields[field]), 2000, `${pointer}/fields/${field}/text`);
    return tooLong(textOf(block.text), 3000, `${pointer}/text/text`) ?? checkElement(block.accessory, `${pointer}/accessory`);
  }
  if (block?.type === 'header') return tooLong(textOf(block.text), 150, `${pointer}/text/text`);
  if (block?.type === 'input') return checkElement(block.element, `${pointer}/element`);
  const elements: unknown[] = Array.isArray(block?.elements) ? block.elements : [];
  for (const [index, element] of elements.entries()) {
    const problem = checkElement(element, `${pointer}/elements/${index}`);
    if (problem) return problem;
  }
  return undefined;
}

/** What Slack would say about `blocks` (at most `max` of them, block ids unique), if anything. */
export function checkBlocks(blocks: unknown, max: number): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > max) return `no more than ${max} items allowed [json-pointer:/blocks]`;
  const blockIds = new Set<string>();
  for (const [index, block] of blocks.entries()) {
    if (typeof block?.block_id === 'string') {
      if (blockIds.has(block.block_id)) return `duplicate block_id ${block.block_id} [json-pointer:/blocks/${index}/block_id]`;
      blockIds.add(block.block_id);
    }
    const problem = checkBlock(block, `/blocks/${index}`);
    if (problem) return problem;
  }
  return undefined;
}

/** chat.postMessage / chat.update / chat.postEphemeral / response URLs: `msg_too_long` past 40 000 characters of text, `invalid_blocks`. */
export function checkMessage(params: { text?: unknown; blocks?: unknown }): Refusal | undefined {
  if (typeof params.text === 'string' && chars(params.text) > 40_000) return { error: 'msg_too_long', message: 'text must be at most 40000 characters [json-pointer:/text]' };
  const problem = checkBlocks(params.blocks, blockLimits.message);
  return problem ? { error: 'invalid_blocks', message: problem } : undefined;
}

/** views.*: a modal's title ≤ 24 and `private_metadata` ≤ 3000, and its blocks; Slack answers `invalid_arguments`. */
export function checkView(view: any): Refusal | undefined {
  const refuse = (message: string): Refusal => ({ error: 'invalid_arguments', message });
  if (!view || typeof view !== 'object') return refuse('view is required');
  if (view.type === 'modal' && (typeof view.title?.text !== 'string' || chars(view.title.text) > 24)) return refuse('title must be at most 24 characters [json-pointer:/view/title/text]');
  if (view.private_metadata && chars(String(view.private_metadata)) > 3000) return refuse('private_metadata must be at most 3000 characters [json-pointer:/view/private_metadata]');
  const problem = checkBlocks(view.blocks, view.type === 'home' ? blockLimits.home : blockLimits.modal);
  return problem ? refuse(problem) : undefined;
}
