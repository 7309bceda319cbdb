import { randomUUID } from 'node:crypto';

/**
 * A trigger id for an interaction by `userId`, shaped like Slack's (`12345.98765.abcd…`) but carrying the user,
 * so the stand-in knows whose modal stack `views.open` and `views.push` act on, as Slack knows from its triggers.
 */
export function triggerFor(userId: string): string {
  return `${Date.now()}.${userId}.${randomUUID().replaceAll('-', '')}`;
}

/** The user a `triggerFor` trigger belongs to; undefined for a trigger made up elsewhere (a test's own). */
export function userOfTrigger(triggerId: unknown): string | undefined {
  return typeof triggerId === 'string' ? /^\d+\.([UW][A-Z0-9_]+)\.[0-9a-f]+$/.exec(triggerId)?.[1] : undefined;
}
