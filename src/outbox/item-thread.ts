import { and, eq } from 'drizzle-orm';
import { bugKey, storyKey } from '../items/types.ts';

import { findBug } from '../bugs/find-bug.ts';
import type { Db } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
import { findStory } from '../stories/find-story.ts';

import { confirmationKey, storyPostKey } from './keys.ts';

/** Whether a message with this dedupe key is still waiting to be sent. */
export async function pending(db: Db, workspaceId: string, dedupeKey: string): Promise<boolean> {
  const [row] = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.workspaceId, workspaceId), eq(outbox.dedupeKey, dedupeKey), eq(outbox.status, 'pending')));
  return row !== undefined;
}

export interface ItemThread {
  itemId: number;
  key: string;
  reporterId: string;
  /** Where the item's conversation lives; null while (or when) it has none. */
  channel: string | null;
  ts: string | null;
  /** The dedupe key of the item's first message, which creates the thread. */
  firstPost: string;
  /** A bug waiting for its reporter's information. */
  waitingForInfo: boolean;
}

/** Where an item's conversation lives, and who to tell privately when it has none. */
export async function itemThread(db: Db, workspaceId: string, itemType: 'bug' | 'story', itemId: number): Promise<ItemThread | undefined> {
  if (itemType === 'bug') {
    const bug = await findBug(db, workspaceId, itemId);
    return bug && { itemId, key: bugKey(bug.number), reporterId: bug.reporterId, channel: bug.threadChannelId, ts: bug.threadTs, firstPost: confirmationKey(bug.id), waitingForInfo: bug.status === 'needs_info' };
  }
  const story = await findStory(db, workspaceId, itemId);
  return story && { itemId, key: storyKey(story.number), reporterId: story.reporterId, channel: story.threadChannelId, ts: story.threadTs, firstPost: storyPostKey(story.id), waitingForInfo: false };
}

/**
 * Confirmations and story messages go to a DM only when they go to the reporter (the bot's DM with them),
 * so a thread in a DM is a thread the reporter reads privately.
 */
export const isReporterDm = (thread: Pick<ItemThread, 'channel' | 'ts'>) => Boolean(thread.ts && thread.channel?.startsWith('D'));
