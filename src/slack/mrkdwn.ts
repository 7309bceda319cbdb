import { charLength } from '../text/limits.ts';

/**
 * Escapes user text for Slack mrkdwn: with &, < and > escaped, `<!channel>` or `<@U123>` typed by a
 * person is shown as text and pings no one.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes `text` and cuts it so that the escaped form has at most `max` characters, ending in "…" when
 * cut. Cutting after escaping could split an entity (`&am…`); this cuts between characters.
 */
export function escapeWithin(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (charLength(escaped) <= max) return escaped;
  let out = '';
  let length = 0;
  for (const ch of text) {
    const piece = entities[ch] ?? ch;
    if (length + piece.length + 1 > max) break;
    out += piece;
    length += piece.length;
  }
  return `${out}…`;
}

/**
 * A URL inside `<url|label>`: serialised the way browsers do (existing %XX escapes kept, spaces and
 * non-ASCII encoded), `|` encoded so it cannot end the target early, and & escaped.
 */
export function linkTarget(url: string): string {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    href = encodeURI(url);
  }
  return escapeMrkdwn(href.replace(/\|/g, '%7C'));
}

/**
 * A link as mrkdwn in at most `max` characters: `<target|label>` with the label cut to 60 characters,
 * or, when even that would not fit (a URL of thousands of characters), the URL as escaped text.
 */
export function mrkdwnLink(url: string, max: number, label = url): string {
  const link = `<${linkTarget(url)}|${escapeWithin(label, 60)}>`;
  return charLength(link) <= max ? link : escapeWithin(url, max);
}

/**
 * Slack message text as a person would type it: what a message shortcut receives is mrkdwn (`&lt;` for
 * `<`, `<@U123>` for a mention, `<url|label>` for a link), but a modal's plain-text input shows
 * characters as they are, and the app escapes them again when it posts them.
 */
export function plainTextOf(mrkdwn: string): string {
  return mrkdwn
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!subteam^')) return label ?? '@group';
      if (target.startsWith('!date^')) return label ?? '';
      if (target.startsWith('!')) return `@${target.slice(1)}`;
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
