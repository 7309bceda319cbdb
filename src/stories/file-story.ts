import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { itemHistory, type Story, stories } from '../db/schema.ts';
import { fileOnce } from '../items/file-once.ts';
import { nextNumberStatement, takenNumber } from '../items/workspace-lock.ts';
import { pipeline } from '../db/pipeline.ts';
import { filingTeam } from '../teams/team-choice.ts';
import { enqueueStatement, payloadSql } from '../outbox/enqueue.ts';
import { keySql, storyPostKey } from '../outbox/keys.ts';
import type { PayloadOf } from '../outbox/messages.ts';
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
      // In one round trip, as a bug is filed (fileBug says why); the statements after the insert find the
      // story by its view.
      const filed = sql`(select ${stories.id} from ${stories} where ${stories.workspaceId} = ${workspaceId} and ${stories.sourceViewId} = ${viewId})`;
      const tip = implementationTip(request.fields);
      const [, [story]] = await pipeline(
        nextNumberStatement(tx, 'story', workspaceId, request.enterpriseId, request.reporterId),
        tx
          .insert(stories)
          .values({
            workspaceId,
            teamId: filingTeam(workspaceId, request.channelId, request.teamId),
            number: takenNumber('story', workspaceId),
            ...request.fields,
            reporterId: request.reporterId,
            channelId: request.channelId ?? null,
            sourceViewId: viewId,
          })
          .onConflictDoNothing({ target: [stories.workspaceId, stories.sourceViewId] })
          .returning(),
        // When the view was filed before, these find that story and are rolled back with the rest.
        tx.insert(itemHistory).values({ workspaceId, itemType: 'story', itemId: filed, actorId: request.reporterId, action: 'created', toStatus: 'idea' }),
        enqueueStatement(tx, workspaceId, [
          {
            payload: payloadSql<PayloadOf<'story_post'>, 'storyId'>({ type: 'story_post', channelId: request.channelId, ...(tip ? { tip } : {}) }, 'storyId', filed),
            dedupeKey: keySql(storyPostKey, filed),
          },
        ]),
      );
      return story;
    },
    async () => (await db.select().from(stories).where(and(eq(stories.workspaceId, workspaceId), eq(stories.sourceViewId, viewId))))[0]!,
  );
  return { story: item, created };
}
