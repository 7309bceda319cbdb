import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { storyKey } from '../items/types.ts';
import type { Db } from '../db/client.ts';
import { commit, rollback, transact, waitedOn } from '../db/transact.ts';
import { itemHistory, type Story, type StoryStatus, stories, watchers } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { lockTeam } from '../teams/team-store.ts';
import type { ItemChange } from '../outbox/messages.ts';
import { queueNotice } from '../outbox/notices.ts';

export type StoryMove = 'ready' | 'start' | 'done' | 'wont_do' | 'idea';

const targets: Record<StoryMove, StoryStatus> = { ready: 'ready', start: 'in_progress', done: 'done', wont_do: 'wont_do', idea: 'idea' };
const allowedFrom: Record<StoryMove, StoryStatus[]> = {
  ready: ['idea'],
  start: ['ready'],
  done: ['in_progress'],
  wont_do: ['idea', 'ready', 'in_progress'],
  idea: ['ready', 'in_progress', 'wont_do'],
};
export const storyStatusLabels: Record<StoryStatus, string> = { idea: 'Idea', ready: 'Ready', in_progress: 'In progress', done: 'Done', wont_do: "Won't do" };

export type StoryMoveResult =
  | { ok: true; story: Story }
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'refused'; message: string }
  /** The backlog is full: the ready stories, oldest first, one of which must make room. */
  | { ok: false; error: 'cap_reached'; cap: number; ready: Story[] };

export interface StoryRef {
  workspaceId: string;
  storyId: number;
}

/** A move as history records it and its notice tells it. */
function changeOf(story: Story, move: StoryMove, actorId: string): ItemChange {
  if (move === 'done') return { action: 'done', actorId, title: story.title, flagKey: story.flagKey };
  return { action: move === 'idea' ? 'back_to_idea' : move, actorId };
}

/** Moves a locked story, records history, and queues its notices (on done, the DMs too) and the message update. */
async function applyMove(tx: Tx, story: Story, move: StoryMove, actorId: string): Promise<Story> {
  const status = targets[move];
  const [updated] = await tx
    .update(stories)
    .set({
      status,
      updatedAt: sql`now()`,
      ...(status === 'ready' ? { readyAt: sql`now()` } : {}),
      ...(status === 'done' ? { doneAt: sql`now()` } : {}),
    })
    .where(eq(stories.id, story.id))
    .returning();
  const change = changeOf(story, move, actorId);
  await tx.insert(itemHistory).values({ workspaceId: story.workspaceId, itemType: 'story', itemId: story.id, actorId, action: change.action, fromStatus: story.status, toStatus: status });
  const watching = status === 'done' ? await tx.select({ userId: watchers.userId }).from(watchers).where(and(eq(watchers.itemType, 'story'), eq(watchers.itemId, story.id))) : [];
  const notice = { item: { kind: 'story', id: story.id }, reporterId: story.reporterId, change, watcherIds: watching.map((w) => w.userId) } as const;
  await queueNotice(tx, story.workspaceId, notice, { type: 'story_update', storyId: story.id });
  return updated!;
}

async function lockStory(tx: Tx, ref: StoryRef): Promise<Story | undefined> {
  const [story] = await tx.select().from(stories).where(and(eq(stories.workspaceId, ref.workspaceId), eq(stories.id, ref.storyId))).for('update');
  return story;
}

/** A team's ready stories, oldest first: the backlog the cap counts. */
async function readyStories(db: Db | Tx, teamId: number): Promise<Story[]> {
  return db.select().from(stories).where(and(eq(stories.teamId, teamId), eq(stories.status, 'ready'))).orderBy(asc(stories.readyAt), asc(stories.id));
}

/** How many stories a team has ready: what its cap is held against (take the team's lock first). */
export async function countReady(tx: Tx, teamId: number): Promise<number> {
  const [row] = await tx.select({ value: count() }).from(stories).where(and(eq(stories.teamId, teamId), eq(stories.status, 'ready')));
  return row?.value ?? 0;
}

/** The team a story is in now, without locking it: the team lock comes first (see moveStory). */
async function teamOfStory(tx: Tx, ref: StoryRef): Promise<number | undefined> {
  const [row] = await tx.select({ teamId: stories.teamId }).from(stories).where(and(eq(stories.workspaceId, ref.workspaceId), eq(stories.id, ref.storyId)));
  return row?.teamId;
}

const movedMeanwhile = { ok: false, error: 'refused', message: 'That story just moved to another team; try again there.' } as const;

/**
 * Moves a story along its lifecycle. Moving to ready takes its team's lock and counts the team's ready
 * stories, so the cap holds even when two people press Ready at the same moment.
 *
 * Lock order, everywhere: team rows by id (only Ready, the swap and a move between teams take them), then
 * stories by id. Other moves lock only their story; the history and outbox rows they insert take a KEY
 * SHARE lock on the team and workspace, which FOR NO KEY UPDATE lets through, so they never wait on a Ready.
 */
export async function moveStory(db: Db, ref: StoryRef, actorId: string, move: StoryMove): Promise<StoryMoveResult> {
  return db.transaction(async (tx) => {
    const teamId = move === 'ready' ? await teamOfStory(tx, ref) : undefined;
    const team = teamId === undefined ? undefined : await lockTeam(tx, teamId);
    const story = await lockStory(tx, ref);
    if (!story) return { ok: false, error: 'not_found' } as const;
    if (team && story.teamId !== team.id) return movedMeanwhile;
    if (!allowedFrom[move].includes(story.status)) {
      return { ok: false, error: 'refused', message: `${storyKey(story.number)} is ${storyStatusLabels[story.status].toLowerCase()}; it cannot move to ${storyStatusLabels[targets[move]].toLowerCase()} from there.` } as const;
    }
    if (team) {
      const ready = await readyStories(tx, team.id);
      if (ready.length >= team.backlogCap) return { ok: false, error: 'cap_reached', cap: team.backlogCap, ready } as const;
    }
    return { ok: true, story: await applyMove(tx, story, move, actorId) } as const;
  });
}

/** One in, one out, in one transaction: `outgoing` leaves the backlog (to idea or won't do) and `incoming` becomes ready. */
export async function swapIntoBacklog(
  db: Db,
  workspaceId: string,
  actorId: string,
  swap: { incomingId: number; outgoingId: number; outgoingTo: 'idea' | 'wont_do' },
): Promise<StoryMoveResult> {
  // A modal submission waits on this: within the save budget, or not at all.
  return transact<StoryMoveResult, StoryMoveResult>(db, waitedOn, async (tx) => {
    const teamId = await teamOfStory(tx, { workspaceId, storyId: swap.incomingId });
    const team = teamId === undefined ? undefined : await lockTeam(tx, teamId);
    if (!team) return commit({ ok: false, error: 'not_found' });
    const locked = await tx
      .select()
      .from(stories)
      .where(and(eq(stories.workspaceId, workspaceId), inArray(stories.id, [swap.incomingId, swap.outgoingId])))
      .orderBy(asc(stories.id))
      .for('update');
    const incoming = locked.find((s) => s.id === swap.incomingId);
    const outgoing = locked.find((s) => s.id === swap.outgoingId);
    if (!incoming || !outgoing) return commit({ ok: false, error: 'not_found' });
    if (incoming.teamId !== team.id) return commit(movedMeanwhile);
    if (outgoing.teamId !== team.id) return commit({ ok: false, error: 'refused', message: `${storyKey(outgoing.number)} is in another team's backlog now; choose again.` });
    if (incoming.status !== 'idea') return commit({ ok: false, error: 'refused', message: `${storyKey(incoming.number)} is no longer an idea.` });
    if (outgoing.status !== 'ready') return commit({ ok: false, error: 'refused', message: `${storyKey(outgoing.number)} is no longer in the backlog; choose again.` });
    await applyMove(tx, outgoing, swap.outgoingTo, actorId);
    // Someone else filled the backlog meanwhile: the outgoing story's move is undone with the rest.
    if ((await countReady(tx, team.id)) >= team.backlogCap) return rollback({ ok: false, error: 'refused', message: 'The backlog is still full: someone else just added a story. Try again.' });
    return commit({ ok: true, story: await applyMove(tx, incoming, 'ready', actorId) });
  });
}

/** Watchers hear when a story ships. Watching twice is watching once. */
export async function watchStory(db: Db, ref: StoryRef, userId: string): Promise<Story | undefined> {
  const [story] = await db.select().from(stories).where(and(eq(stories.workspaceId, ref.workspaceId), eq(stories.id, ref.storyId)));
  if (!story) return undefined;
  await db.insert(watchers).values({ workspaceId: ref.workspaceId, itemType: 'story', itemId: story.id, userId }).onConflictDoNothing();
  return story;
}
