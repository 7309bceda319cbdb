import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { type FlagConnection, flagEvents, flagStates, itemHistory, type Story, stories, watchers } from '../db/schema.ts';
import { type AppliedFlagState, decideRollout, type RolloutDecision } from '../flags/rollout.ts';
import type { FlagEvent } from '../flags/types.ts';
import { enqueueAll } from '../outbox/enqueue.ts';
import type { OutboxPayload } from '../outbox/messages.ts';
import { queueNotice } from '../outbox/notices.ts';

/** What one delivery did: events applied, seen before (same id on this connection), or older than the state kept. */
export interface DeliveryOutcome {
  applied: number;
  duplicates: number;
  stale: number;
  /** Stories it moved to done. */
  shipped: number;
  /** Whether anything was queued for Slack (the caller wakes the outbox). */
  queued: boolean;
}

/** Who history says shipped a story by flag: not a person, so it reads "Shortlist". */
const FLAG_ACTOR = 'flag';

/** Statuses a full production rollout finishes: work not started as an idea or given up is left alone. */
const shippable = new Set<Story['status']>(['ready', 'in_progress']);

const stateOf = (row: typeof flagStates.$inferSelect): AppliedFlagState => ({ eventId: row.eventId, occurredAt: row.occurredAt, enabled: row.enabled, rolloutPercent: row.rolloutPercent });

function lockState(tx: Tx, teamId: number, event: FlagEvent) {
  return tx
    .select()
    .from(flagStates)
    .where(and(eq(flagStates.teamId, teamId), eq(flagStates.flagKey, event.flagKey), eq(flagStates.environment, event.environment)))
    .for('update');
}

/**
 * The decision for one event, with the flag's state row for (team, flag, environment) locked, so deliveries
 * of the same flag take turns. The first event of a flag inserts the row; when another delivery inserted it
 * meanwhile, the decision is taken again over that one.
 */
async function decideLocked(tx: Tx, connection: FlagConnection, event: FlagEvent): Promise<RolloutDecision> {
  const [row] = await lockState(tx, connection.teamId, event);
  const decision = decideRollout(row ? stateOf(row) : undefined, event, connection.productionEnvironment);
  const values = {
    eventId: decision.state.eventId,
    occurredAt: decision.state.occurredAt,
    enabled: decision.state.enabled,
    // The column is whole percent; LaunchDarkly weights can say 33.333.
    rolloutPercent: decision.state.rolloutPercent === null ? null : Math.round(decision.state.rolloutPercent),
    production: event.environment === connection.productionEnvironment,
  };
  if (row) {
    if (decision.apply) {
      await tx
        .update(flagStates)
        .set({ ...values, updatedAt: sql`now()` })
        .where(and(eq(flagStates.teamId, connection.teamId), eq(flagStates.flagKey, event.flagKey), eq(flagStates.environment, event.environment)));
    }
    return decision;
  }
  const inserted = await tx
    .insert(flagStates)
    .values({ workspaceId: connection.workspaceId, teamId: connection.teamId, flagKey: event.flagKey, environment: event.environment, ...values })
    .onConflictDoNothing()
    .returning({ flagKey: flagStates.flagKey });
  return inserted.length > 0 ? decision : decideLocked(tx, connection, event);
}

/** Ships a locked story by flag: done, with history, the thread told and the reporter and watchers once by DM. */
async function shipByFlag(tx: Tx, story: Story, decision: RolloutDecision): Promise<void> {
  await tx.update(stories).set({ status: 'done', doneAt: sql`now()`, updatedAt: sql`now()`, shippedByFlag: decision.line.flagKey }).where(eq(stories.id, story.id));
  await tx.insert(itemHistory).values({ workspaceId: story.workspaceId, itemType: 'story', itemId: story.id, actorId: FLAG_ACTOR, action: 'shipped_by_flag', fromStatus: story.status, toStatus: 'done' });
  const watching = await tx.select({ userId: watchers.userId }).from(watchers).where(and(eq(watchers.itemType, 'story'), eq(watchers.itemId, story.id)));
  await queueNotice(
    tx,
    story.workspaceId,
    { item: { kind: 'story', id: story.id }, reporterId: story.reporterId, change: { action: 'shipped_by_flag', title: story.title, line: decision.line }, watcherIds: watching.map((w) => w.userId) },
    { type: 'story_update', storyId: story.id },
  );
}

/** What the team's stories with this key hear of an applied event: a line and a redraw, or for a ready or in-progress story on a full production rollout, done. */
async function tellStories(tx: Tx, connection: FlagConnection, decision: RolloutDecision): Promise<{ shipped: number; queued: boolean }> {
  if (!decision.changed && !decision.shipped && !decision.rolledBack) return { shipped: 0, queued: false };
  const matching = await tx
    .select()
    .from(stories)
    .where(and(eq(stories.teamId, connection.teamId), eq(stories.flagKey, decision.line.flagKey)))
    .orderBy(asc(stories.id))
    .for('update');
  let shipped = 0;
  const told: { payload: OutboxPayload }[] = [];
  for (const story of matching) {
    if (decision.shipped && shippable.has(story.status)) {
      await shipByFlag(tx, story, decision);
      shipped += 1;
    } else if (decision.changed || decision.rolledBack) {
      told.push({ payload: { type: 'item_notice', item: { kind: 'story', id: story.id }, change: { action: 'flag_changed', line: decision.line }, to: 'thread' } });
      told.push({ payload: { type: 'story_update', storyId: story.id } });
    }
  }
  if (told.length > 0) await enqueueAll(tx, connection.workspaceId, told);
  return { shipped, queued: shipped > 0 || told.length > 0 };
}

/**
 * Applies a verified delivery's events in one transaction: each event is recorded once per connection (a
 * retry finds its row and changes nothing), merged over the flag's last state unless older than it, and
 * told to the team's stories that carry its key through the outbox. Keys no story has keep their state too.
 */
export function applyFlagEvents(db: Db, connection: FlagConnection, events: FlagEvent[]): Promise<DeliveryOutcome> {
  return db.transaction(async (tx) => {
    const outcome: DeliveryOutcome = { applied: 0, duplicates: 0, stale: 0, shipped: 0, queued: false };
    if (events.length === 0) return outcome;
    const fresh = await tx
      .insert(flagEvents)
      .values(events.map((event) => ({ connectionId: connection.id, eventId: event.eventId, flagKey: event.flagKey, environment: event.environment })))
      .onConflictDoNothing()
      .returning({ eventId: flagEvents.eventId, flagKey: flagEvents.flagKey, environment: flagEvents.environment });
    const isFresh = (event: FlagEvent) => fresh.some((row) => row.eventId === event.eventId && row.flagKey === event.flagKey && row.environment === event.environment);
    // Flags in a fixed order, so two deliveries naming the same flags lock their rows in the same order.
    const ordered = [...events].sort((a, b) => (a.flagKey + '\u0000' + a.environment).localeCompare(b.flagKey + '\u0000' + b.environment));
    for (const event of ordered) {
      if (!isFresh(event)) {
        outcome.duplicates += 1;
        continue;
      }
      const decision = await decideLocked(tx, connection, event);
      if (!decision.apply) {
        outcome.stale += 1;
        continue;
      }
      outcome.applied += 1;
      const told = await tellStories(tx, connection, decision);
      outcome.shipped += told.shipped;
      outcome.queued ||= told.queued;
    }
    return outcome;
  });
}

/** The states kept for these keys in a team, per environment, production first. */
export function flagStatesOf(db: Db | Tx, teamId: number, flagKeys: string[]): Promise<(typeof flagStates.$inferSelect)[]> {
  if (flagKeys.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(flagStates)
    .where(and(eq(flagStates.teamId, teamId), inArray(flagStates.flagKey, flagKeys)))
    .orderBy(asc(flagStates.flagKey), sql`${flagStates.production} desc`, asc(flagStates.environment));
}
