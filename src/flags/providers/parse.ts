import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AdapterResult, FlagEvent } from '../types.ts';

/** An ISO 8601 instant with a zone (`Z` or an offset), as every provider here writes its times. */
export const isoInstant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

export const flagKey = z.string().trim().min(1).max(256);
export const environmentName = z.string().trim().min(1).max(256);

export function events(list: FlagEvent[]): AdapterResult {
  return { kind: 'events', events: list };
}

export const ignored: AdapterResult = { kind: 'events', events: [] };

/** A 400's reason: where the body differs from the documented shape and how, without the offending value. */
export function badPayload(error: z.ZodError): AdapterResult {
  const reason = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
  return { kind: 'bad_payload', reason };
}

/**
 * An id for a body whose provider gives none: the same body (a retry) hashes the same. JSON.stringify of the
 * parsed body keeps the sender's key order, so it is as stable as the bytes were.
 */
export function bodyHash(body: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(body) ?? '').digest('hex')}`;
}
