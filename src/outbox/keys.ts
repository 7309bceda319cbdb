import { type SQL, sql } from 'drizzle-orm';

/** Dedupe keys of first posts; later messages about an item wait while its first post is pending. */
export const confirmationKey = (bugId: number) => `bug_confirmation:${bugId}`;
export const triagePostKey = (bugId: number) => `triage_post:${bugId}`;
export const storyPostKey = (storyId: number) => `story_post:${storyId}`;
/** A bug's files shared into its thread: queued once, with the bug. */
export const filesShareKey = (bugId: number) => `bug_files_share:${bugId}`;

/**
 * A key made by one of the above, for an item whose id is still a subquery (the statements that file it go
 * out together, before its id comes back): the same text, built by the database.
 */
export function keySql(key: (id: number) => string, id: SQL): SQL {
  const prefix = key(0).slice(0, -1);
  if (key(12) !== `${prefix}12`) throw new Error(`keySql: ${key(12)} does not end with the item's id`);
  return sql`${prefix}::text || ${id}::text`;
}
