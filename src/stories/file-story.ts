import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { itemHistory, type Story, stories, workspaces } from '../db/schema.ts';
import { saveWithinBudget } from '../db/timeout.ts';
import { lockWorkspace } from '../items/workspace-lock.ts';
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
  fields: StoryInput;
}

/** Saves a new story as an idea, numbered STORY-N in its workspace, with its message queued in the same transaction. */
export async function fileStory(db: Db, request: FileStoryRequest): Promise<{ story: Story; created: boolean }> {
  return saveWithinBudget(db, async (tx) => {
    const workspace = await lockWorkspace(tx, request.workspaceId, request.enterpriseId, request.reporterId);
    const [existing] = await tx
      .select()
      .from(stories)
      .where(and(eq(stories.workspaceId, request.workspaceId), eq(stories.sourceViewId, request.viewId)));
    if (existing) return { story: existing, created: false };
    const number = workspace.storySeq + 1;
    await tx.update(workspaces).set({ storySeq: number }).where(eq(workspaces.id, request.workspaceId));
    const [story] = await tx
      .insert(stories)
      .values({
        workspaceId: request.workspaceId,
        number,
        ...request.fields,
        reporterId: request.reporterId,
        channelId: request.channelId ?? null,
        sourceViewId: request.viewId,
      })
      .returning();
    await tx.insert(itemHistory).values({ workspaceId: request.workspaceId, itemType: 'story', itemId: story!.id, actorId: request.reporterId, action: 'created', toStatus: 'idea' });
    const tip = implementationTip(request.fields);
    await enqueue(tx, request.workspaceId, { type: 'story_post', storyId: story!.id, channelId: request.channelId, ...(tip ? { tip } : {}) }, storyPostKey(story!.id));
    return { story: story!, created: true };
  });
}
