import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { itemHistory, type Story, stories } from '../db/schema.ts';
import { fileOnce } from '../items/file-once.ts';
import { takeNextNumber } from '../items/workspace-lock.ts';
import { lockFilingTeam } from '../teams/team-choice.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { storyPostKey } from '../outbox/keys.ts';
import { implementationTip, type StoryInput } from './story-input.ts';

export interface FileStoryRequest {
  workspaceId: string;
  enterpriseId: string | null;
  reporterId: string;
  /** Where it was written; absent for the global shortcut (the story message then goes to the reporter by DM). */
  channelId?: string;
  viewId: string;
  /** The team chosen on the form (a workspace with several teams); else the channel's team, else the default. */
  teamId?: number;
  fields: StoryInput;
}

/** Saves a new story as an idea, numbered STORY-N in its workspace, with its message queued in the same transaction. */
export async function fileStory(db: Db, request: FileStoryRequest): Promise<{ story: Story; created: boolean }> {
  const { workspaceId, viewId } = request;
  const { item, created } = await fileOnce(
    db,
    async (tx) => {
      const number = await takeNextNumber(tx, 'story', workspaceId, request.enterpriseId, request.reporterId);
      const teamId = await lockFilingTeam(tx, workspaceId, request.channelId, request.teamId);
      const [story] = await tx
        .insert(stories)
        .values({ workspaceId, teamId, number, ...request.fields, reporterId: request.reporterId, channelId: request.channelId ?? null, sourceViewId: viewId })
        .onConflictDoNothing({ target: [stories.workspaceId, stories.sourceViewId] })
        .returning();
      if (!story) return undefined;
      const tip = implementationTip(request.fields);
      await Promise.all([
        tx.insert(itemHistory).values({ workspaceId, itemType: 'story', itemId: story.id, actorId: request.reporterId, action: 'created', toStatus: 'idea' }),
        enqueue(tx, workspaceId, { type: 'story_post', storyId: story.id, channelId: request.channelId, ...(tip ? { tip } : {}) }, storyPostKey(story.id)),
      ]);
      return story;
    },
    async () => (await db.select().from(stories).where(and(eq(stories.workspaceId, workspaceId), eq(stories.sourceViewId, viewId))))[0]!,
  );
  return { story: item, created };
}
