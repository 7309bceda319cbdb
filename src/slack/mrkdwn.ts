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

/** A URL inside `<url|label>`: percent-encoded so `|` and `>` cannot end it early, and & escaped. */
export function linkTarget(url: string): string {
  return escapeMrkdwn(encodeURI(url));
}
