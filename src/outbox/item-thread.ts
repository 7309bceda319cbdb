import { and, eq } from 'drizzle-orm';
import { bugKey, storyKey } from '../items/types.ts';

import { findBug } from '../bugs/find-bug.ts';
import type { Db } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
import { findStory } from '../stories/find-story.ts';

import { confirmationKey, storyPostKey } from './keys.ts';
import type { SendOutcome } from './outcome.ts';

/** Whether a message with this dedupe key is still waiting to be sent. */
export async function pending(db: Db, workspaceId: string, dedupeKey: string): Promise<boolean> {
  const [row] = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.workspaceId, workspaceId), eq(outbox.dedupeKey, dedupeKey), eq(outbox.status, 'pending')));
  return row !== undefined;
}

/**
 * The one rule for a message that needs its item's first post (the thread, the triage or story message):
 * while that post is still queued, wait for it; once it is not, there is nothing to wait for.
 */
export async function untilFirstPost(db: Db, workspaceId: string, firstPost: string): Promise<SendOutcome | undefined> {
  return (await pending(db, workspaceId, firstPost)) ? { kind: 'defer', ms: 1000, reason: 'first message not posted yet' } : undefined;
}

export interface ItemThread {
  itemId: number;
  key: string;
  reporterId: string;
  /** The channel it was filed in; null when filed from a global shortcut. */
  filedIn: string | null;
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
    return bug && { itemId, key: bugKey(bug.number), reporterId: bug.reporterId, filedIn: bug.channelId, channel: bug.threadChannelId, ts: bug.threadTs, firstPost: confirmationKey(bug.id), waitingForInfo: bug.status === 'needs_info' };
  }
  const story = await findStory(db, workspaceId, itemId);
  return story && { itemId, key: storyKey(story.number), reporterId: story.reporterId, filedIn: story.channelId, channel: story.threadChannelId, ts: story.threadTs, firstPost: storyPostKey(story.id), waitingForInfo: false };
}

/**
 * Whether the reporter reads the item's thread privately: its first post went to them (the bot's DM with
 * them) because it could not go where the item was filed, or none was named (a global shortcut). An item
 * filed in the bot's DM with the reporter (Slack's IM ids start with D; the bot can post in no other DM)
 * has its thread there too.
 */
export const isReporterDm = (thread: Pick<ItemThread, 'channel' | 'ts' | 'filedIn'>) =>
  Boolean(thread.ts && thread.channel && (thread.channel !== thread.filedIn || thread.filedIn.startsWith('D')));
