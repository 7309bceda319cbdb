/**
 * Escapes user text for Slack mrkdwn: with &, < and > escaped, `<!channel>` or `<@U123>` typed by a
 * person is shown as text and pings no one.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside `<url|label>`: percent-encoded so `|` and `>` cannot end it early, and & escaped. */
export function linkTarget(url: string): string {
  return escapeMrkdwn(encodeURI(url));
}
