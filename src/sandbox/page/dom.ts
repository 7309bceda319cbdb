/// <reference lib="dom" />
import { withEmoji } from '../emoji.ts';

/** Builds an element; every string goes in as text (textContent), never as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: (Node | string | undefined | null | false)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export interface Names {
  user(id: string): string;
  channel(id: string): string;
}

/** Slack escapes &, < and > in text; shown as the characters they stand for (as text). */
const unescaped = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** Text as Slack shows it: unescaped, `:shortcodes:` as emoji (not in code, where Slack leaves them be). */
const shown = (text: string) => withEmoji(unescaped(text));

const safeHref = (url: string) => (/^(https?:|mailto:)/i.test(url) ? url : undefined);

const inline = /```([\s\S]+?)```|`([^`\n]+)`|<([^<>\n]+)>|\*([^*\n]+)\*|(?<![A-Za-z0-9])_([^_\n]+)_(?![A-Za-z0-9])|~([^~\n]+)~|\n/g;

/** mrkdwn as Slack renders it: bold, italic, strike, code, links, user and channel mentions, emoji, line breaks. */
export function mrkdwn(text: string, names: Names): DocumentFragment {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(inline)) {
    if (match.index > last) out.append(shown(text.slice(last, match.index)));
    last = match.index + match[0].length;
    const [whole, pre, code, angle, bold, italic, strike] = match;
    if (whole === '\n') out.append(h('br'));
    else if (pre !== undefined) out.append(h('pre', {}, unescaped(pre)));
    else if (code !== undefined) out.append(h('code', {}, unescaped(code)));
    else if (bold !== undefined) out.append(h('b', {}, mrkdwn(bold, names)));
    else if (italic !== undefined) out.append(h('i', {}, mrkdwn(italic, names)));
    else if (strike !== undefined) out.append(h('s', {}, mrkdwn(strike, names)));
    else out.append(special(angle!, names));
  }
  if (last < text.length) out.append(shown(text.slice(last)));
  return out;
}

/** `<@U…>`, `<#C…|name>`, `<!here>`, `<url|label>`; anything else stays the text it was. */
function special(inner: string, names: Names): Node {
  const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
  if (target.startsWith('@')) return h('b', { class: 'mention' }, `@${names.user(target.slice(1))}`);
  if (target.startsWith('#')) return h('b', { class: 'mention' }, `#${label ?? names.channel(target.slice(1))}`);
  if (target.startsWith('!')) return h('b', { class: 'mention' }, `@${(label ?? target.slice(1)).replace(/\^.*/, '')}`);
  const href = safeHref(unescaped(target));
  if (!href) return document.createTextNode(unescaped(`<${inner}>`));
  return h('a', { href, target: '_blank', rel: 'noreferrer' }, label === undefined ? unescaped(target) : shown(label));
}

/** A plain_text object's text: its shortcodes as emoji unless it says `emoji: false`. */
export const plain = (text: { text?: unknown; emoji?: boolean } | undefined) => (text?.emoji === false ? String(text.text ?? '') : withEmoji(String(text?.text ?? '')));

/** A Block Kit text object: plain text as it is (emoji aside), mrkdwn rendered. */
export function textObject(text: { type?: string; text?: string; emoji?: boolean } | undefined, names: Names): Node {
  if (!text?.text) return document.createTextNode('');
  return text.type === 'mrkdwn' ? mrkdwn(text.text, names) : document.createTextNode(plain(text));
}
