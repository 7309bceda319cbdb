/**
 * Escapes user text for Slack mrkdwn: with &, < and > escaped, `<!channel>` or `<@U123>` typed by a
 * person is shown as text and pings no one.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes `text` so that the result fits in `max`, cutting the text before escaping it (so no `&amp;`
 * is split, nor an emoji) and ending with "…" when something was cut. Measured in UTF-16 units, the
 * stricter of the ways Slack's limits can be counted, so it fits however Slack counts.
 */
export function escapeWithin(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let kept = '';
  for (const character of text) {
    const piece = escapeMrkdwn(character);
    if (kept.length + piece.length + 1 > max) break;
    kept += piece;
  }
  return `${kept}…`;
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
 * A link as mrkdwn in at most `max` UTF-16 units: `<target|label>` with the label cut to 60, or, when even
 * that would not fit (a URL of thousands of characters), the URL as escaped text.
 */
export function mrkdwnLink(url: string, max: number, label = url): string {
  const link = `<${linkTarget(url)}|${escapeWithin(label, 60)}>`;
  return link.length <= max ? link : escapeWithin(url, max);
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

/**
 * Text from outside (a flag key a provider sent) as inline code: escaped, with no backtick or line break
 * to end the span early, cut to `max`.
 */
export function inlineCode(text: string, max = 100): string {
  return `\`${escapeWithin(text.replace(/`/g, "'").replace(/\s+/g, ' '), max)}\``;
}
