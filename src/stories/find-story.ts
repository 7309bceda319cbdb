import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Story, stories } from '../db/schema.ts';

/** Every lookup names the workspace: a story id from another workspace finds nothing. */
export async function findStory(db: Db, workspaceId: string, storyId: number): Promise<Story | undefined> {
  const [story] = await db.select().from(stories).where(and(eq(stories.workspaceId, workspaceId), eq(stories.id, storyId)));
  return story;
}

/** The story a key like STORY-3 names, in this workspace only. */
export async function findStoryByNumber(db: Db, workspaceId: string, number: number): Promise<Story | undefined> {
  const [story] = await db.select().from(stories).where(and(eq(stories.workspaceId, workspaceId), eq(stories.number, number)));
  return story;
}
