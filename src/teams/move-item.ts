import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { bugs, itemHistory, type StoryStatus, stories, type Team, teams } from '../db/schema.ts';
import { isOpenStatus } from '../items/open-statuses.ts';
import { type ItemKind, itemKey } from '../items/types.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { countReady } from '../stories/lifecycle.ts';
import { queueNotice } from '../outbox/notices.ts';

export interface MoveRequest {
  workspaceId: string;
  type: ItemKind;
  itemId: number;
  teamId: number;
  actorId: string;
}

export type MoveResult =
  | { ok: true; key: string; to: Team; arrivedAsIdea: boolean }
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'refused'; message: string };

const refuse = (message: string) => ({ ok: false, error: 'refused', message }) as const;

/** The item as a move needs it: its key, team, status, reporter, and (bugs) where its triage message is. */
interface Movable {
  id: number;
  number: number;
  teamId: number;
  status: string;
  reporterId: string;
  triageChannelId: string | null;
  triageTs: string | null;
}

async function lockItem(tx: Tx, { workspaceId, type, itemId }: MoveRequest): Promise<Movable | undefined> {
  if (type === 'bug') {
    const [bug] = await tx.select().from(bugs).where(and(eq(bugs.workspaceId, workspaceId), eq(bugs.id, itemId))).for('update');
    return bug;
  }
  const [story] = await tx.select().from(stories).where(and(eq(stories.workspaceId, workspaceId), eq(stories.id, itemId))).for('update');
  return story ? { ...story, triageChannelId: null, triageTs: null } : undefined;
}

/**
 * Moves an open item to another team of its workspace, in one transaction: both teams are locked (by id,
 * the lock order of moveStory and the swap) so the cap holds and neither can be archived meanwhile, then
 * the item. A ready story that would overfill the new team's backlog arrives there as an idea. History
 * gets a row for each side (`left_team` in the old team, `joined_team` in the new), so each team's trends
 * count the item out and in; the thread is told, and a bug's triage message moves to the new team's
 * triage channel (the old one says where it went).
 */
export async function moveItemToTeam(db: Db, request: MoveRequest): Promise<MoveResult> {
  const { workspaceId, type, itemId, actorId } = request;
  const table = type === 'bug' ? bugs : stories;
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ teamId: table.teamId }).from(table).where(and(eq(table.workspaceId, workspaceId), eq(table.id, itemId)));
    if (!current) return { ok: false, error: 'not_found' } as const;
    const locked = await tx
      .select()
      .from(teams)
      .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, [current.teamId, request.teamId])))
      .orderBy(asc(teams.id))
      .for('no key update');
    const from = locked.find((team) => team.id === current.teamId);
    const to = locked.find((team) => team.id === request.teamId);
    if (!to || to.archivedAt) return refuse('That team was archived or is not in this workspace. `/backlog teams` lists the teams.');
    const item = await lockItem(tx, request);
    if (!item) return { ok: false, error: 'not_found' } as const;
    const key = itemKey(type, item.number);
    if (item.teamId !== current.teamId) return refuse(`${key} was just moved by someone else; look again before moving it.`);
    if (item.teamId === to.id) return refuse(`${key} is already in the team ${to.name}.`);
    if (!isOpenStatus(type, item.status)) return refuse(`${key} is closed (${item.status.replace(/_/g, ' ')}); only open items move between teams.`);

    let status = item.status;
    if (type === 'story' && item.status === 'ready') {
      if ((await countReady(tx, to.id)) >= to.backlogCap) status = 'idea';
    }
    const arrivedAsIdea = status !== item.status;
    if (type === 'bug') {
      // A new triage message in the new team's triage channel: the old one is told where the bug went.
      await tx.update(bugs).set({ teamId: to.id, triageChannelId: null, triageTs: null, updatedAt: sql`now()` }).where(eq(bugs.id, item.id));
    } else {
      await tx
        .update(stories)
        .set({ teamId: to.id, status: status as StoryStatus, updatedAt: sql`now()` })
        .where(eq(stories.id, item.id));
    }
    const details = { fromTeamId: current.teamId, fromTeam: from?.name ?? null, toTeamId: to.id, toTeam: to.name, ...(arrivedAsIdea ? { arrivedAsIdea } : {}) };
    await tx.insert(itemHistory).values([
      { workspaceId, itemType: type, itemId: item.id, teamId: current.teamId, actorId, action: 'left_team', fromStatus: item.status, toStatus: null, details },
      { workspaceId, itemType: type, itemId: item.id, teamId: to.id, actorId, action: 'joined_team', fromStatus: null, toStatus: status, details },
    ]);
    const change = { action: 'moved', actorId, teamName: to.name, arrivedAsIdea } as const;
    const notice = { item: { kind: type, id: item.id }, reporterId: item.reporterId, change };
    if (type === 'bug') {
      await queueNotice(tx, workspaceId, notice, { type: 'triage_post', bugId: item.id });
      if (item.triageChannelId && item.triageTs) {
        await enqueue(tx, workspaceId, { type: 'triage_moved', bugId: item.id, channelId: item.triageChannelId, ts: item.triageTs, teamName: to.name });
      }
    } else {
      await queueNotice(tx, workspaceId, notice, { type: 'story_update', storyId: item.id });
    }
    return { ok: true, key, to, arrivedAsIdea } as const;
  });
}
