/** Length as Slack and people count it: in characters (code points), not UTF-16 units. */
export function charLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Cuts text to at most `max` characters, ending with "…" when something was cut. */
export function truncate(text: string, max: number): string {
  if (charLength(text) <= max) return text;
  return `${Array.from(text).slice(0, Math.max(0, max - 1)).join('')}…`;
}
