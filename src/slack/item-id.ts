import { z } from 'zod';

const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * Reads the bug or story id a control carries (`<prefix>:<id>` block ids, button values); undefined when
 * malformed.
 */
export function itemIdFrom(text: string | undefined, prefix?: string): number | undefined {
  if (!text) return undefined;
  const raw = prefix ? (text.startsWith(`${prefix}:`) ? text.slice(prefix.length + 1) : undefined) : text;
  const parsed = positiveId.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
