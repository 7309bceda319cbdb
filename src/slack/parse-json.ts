import type { z } from 'zod';

/**
 * Reads what the app itself put into a Slack payload (a modal's private_metadata, a button's value) as
 * JSON of `schema`'s shape: undefined when it is not JSON or not that shape (an old or tampered payload).
 */
export function parseJsonAs<T extends z.ZodType>(schema: T, text: string | undefined): z.infer<T> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
