/**
 * Slack's published Block Kit limits, checked over what the app sends, and a check that user text did not
 * turn into live mrkdwn (mentions, broadcasts, links). The Slack stand-in (src/sandbox/limits.ts) refuses a
 * call at the first limit it breaks; these helpers list every problem, and some limits it does not check.
 *
 * Lengths are counted in characters (code points), as the app counts them (README, "Decisions").
 */

export const messageBlockLimit = 50;
export const modalBlockLimit = 100;

const chars = (text: string) => [...text].length;

interface TextObject {
  type?: string;
  text?: unknown;
}

function textOf(object: unknown): string | undefined {
  const text = (object as TextObject | undefined)?.text;
  return typeof text === 'string' ? text : undefined;
}

/** Every problem Slack would have with `blocks` (empty: none). `max` is 50 for messages, 100 for modals and Home. */
export function blockLimitProblems(blocks: unknown, max = messageBlockLimit): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  const problems: string[] = [];
  const over = (where: string, text: string | undefined, limit: number) => {
    if (text !== undefined && chars(text) > limit) problems.push(`${where}: ${chars(text)} characters, over ${limit}`);
  };
  if (blocks.length > max) problems.push(`${blocks.length} blocks, over ${max}`);
  const blockIds = new Set<string>();
  blocks.forEach((block: any, index: number) => {
    const at = `blocks[${index}] (${block?.type} ${block?.block_id ?? ''})`.trim();
    if (typeof block?.block_id === 'string') {
      over(`${at} block_id`, block.block_id, 255);
      if (blockIds.has(block.block_id)) problems.push(`${at}: block_id is not unique`);
      blockIds.add(block.block_id);
    }
    switch (block?.type) {
      case 'section': {
        over(`${at} text`, textOf(block.text), 3000);
        if (Array.isArray(block.fields)) {
          if (block.fields.length > 10) problems.push(`${at}: ${block.fields.length} fields, over 10`);
          block.fields.forEach((field: unknown, i: number) => {
            over(`${at} fields[${i}]`, textOf(field), 2000);
          });
        }
        if (block.text === undefined && !Array.isArray(block.fields)) problems.push(`${at}: a section needs text or fields`);
        break;
      }
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length > 10) problems.push(`${at}: ${elements.length} elements, over 10`);
        elements.forEach((element: unknown, i: number) => {
          over(`${at} elements[${i}]`, textOf(element), 3000);
        });
        break;
      }
      case 'header':
        over(`${at} text`, textOf(block.text), 150);
        break;
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length > 25) problems.push(`${at}: ${elements.length} elements, over 25`);
        elements.forEach((element: any, i: number) => {
          const where = `${at} elements[${i}] ${element?.action_id ?? ''}`.trim();
          if (typeof element?.action_id === 'string') over(`${where} action_id`, element.action_id, 255);
          if (element?.type === 'button') {
            over(`${where} text`, textOf(element.text), 75);
            if (typeof element.value === 'string') over(`${where} value`, element.value, 2000);
          }
          if (Array.isArray(element?.options)) {
            if (element.options.length > 100) problems.push(`${where}: ${element.options.length} options, over 100`);
            element.options.forEach((option: any, j: number) => {
              over(`${where} options[${j}] text`, textOf(option?.text), 75);
              if (typeof option?.value === 'string') over(`${where} options[${j}] value`, option.value, 150);
            });
          }
        });
        break;
      }
      case 'input': {
        over(`${at} label`, textOf(block.label), 2000);
        const element = block.element;
        if (element?.type === 'plain_text_input' && typeof element.initial_value === 'string' && typeof element.max_length === 'number') {
          over(`${at} initial_value`, element.initial_value, element.max_length);
        }
        break;
      }
      default:
        break;
    }
  });
  return problems;
}

/** Problems Slack would have with a modal or Home tab view (a modal's title, metadata, blocks). */
export function viewLimitProblems(view: any): string[] {
  const problems: string[] = [];
  if (view?.type !== 'home' && (typeof view?.title?.text !== 'string' || chars(view.title.text) > 24)) problems.push('title missing or over 24 characters');
  if (typeof view?.private_metadata === 'string' && chars(view.private_metadata) > 3000) problems.push('private_metadata over 3000 characters');
  if (typeof view?.callback_id === 'string' && chars(view.callback_id) > 255) problems.push('callback_id over 255 characters');
  return [...problems, ...blockLimitProblems(view?.blocks, modalBlockLimit)];
}

/** Problems with a whole chat message: its blocks, and its top-level text (Slack cuts text past 40 000 characters). */
export function messageLimitProblems(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems = blockLimitProblems(message.blocks, messageBlockLimit);
  if (typeof message.text === 'string' && chars(message.text) > 40_000) problems.push(`text: ${chars(message.text)} characters, over 40000`);
  return problems;
}

/** Markup that, when it reaches Slack unescaped, pings people, links somewhere or fakes a mention. */
export const dangerousMarkup = ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<#C123>', '<!subteam^S123>', '<https://x|y>', '<script>'] as const;

/**
 * The markup from `inputs` that shows up live in `sent` (the JSON of what the app posted). Only tokens the user
 * typed count: the app's own `<@reporter>` and links it builds are fine.
 */
export function leakedMarkup(inputs: readonly (string | null | undefined)[], sent: string): string[] {
  const typed = inputs.filter((value): value is string => typeof value === 'string').join('\n');
  return dangerousMarkup.filter((token) => typed.includes(token) && sent.includes(token));
}

/**
 * Every `<…>` sequence in mrkdwn `sent` that is not one the app makes itself: a user mention of one of `users`,
 * or a link (`<http…|…>`) whose target is percent-encoded (no raw `|` or `>` inside).
 */
export function unexpectedAngles(sent: string, users: readonly string[]): string[] {
  const found = sent.match(/<[^<>]*>/g) ?? [];
  return found.filter((token) => {
    if (users.some((user) => token === `<@${user}>`)) return false;
    if (/^<https?:\/\/[^|\s<>]+\|[^<>]*>$/.test(token)) return false;
    return true;
  });
}

/** All mrkdwn and plain text in blocks plus the top-level text, for escaping checks. */
export function allText(message: { text?: unknown; blocks?: unknown }): string {
  const parts: string[] = typeof message.text === 'string' ? [message.text] : [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'text' && typeof value === 'string') parts.push(value);
      else walk(value);
    }
  };
  walk(message.blocks);
  return parts.join('\n');
}
