import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { type FlagConnection, flagConnections, flagEvents, flagStates, itemHistory, type Story, stories, watchers } from '../db/schema.ts';
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
  /**
   * The connection is no longer as the delivery was verified against (archived, secret rotated, changed):
   * nothing of it was stored. The caller looks it up again and verifies afresh.
   */
  changedConnection: boolean;
}

/** Who history says shipped a story by flag: not a person, so it reads "Shortlist". */
const FLAG_ACTOR = 'flag';

/** Statuses a full production rollout finishes: work not started as an idea or given up is left alone. */
const shippable = new Set<Story['status']>(['ready', 'in_progress']);

const stateOf = (row: typeof flagStates.$inferSelect): AppliedFlagState => ({ eventId: row.eventId, occurredAt: row.occurredAt, enabled: row.enabled, rolloutPercent: row.rolloutPercent });

/** One verified webhook delivery: its connection and the events its body named. */
export interface FlagDelivery {
  connection: FlagConnection;
  events: FlagEvent[];
}

/** Another instance inserted a flag's first state row after this transaction looked: the batch is taken again (then the row is there to lock). */
export class FlagStateRaced extends Error {
  constructor() {
    super('a flag state row was inserted meanwhile');
  }
}

/** An applied event and the decision it gave, in arrival order within its flag. */
interface Applied {
  connection: FlagConnection;
  decision: RolloutDecision;
  outcome: DeliveryOutcome;
}

/** The (team, flag, environment) a state row is kept for. */
const stateKey = (teamId: number, flagKey: string, environment: string) => `${teamId}\u0000${flagKey}\u0000${environment}`;

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

/** Records each event once per connection; answers which of `deliveries`' events are new, in their order (a repeat within the batch is a duplicate too). */
async function recordEvents(tx: Tx, deliveries: FlagDelivery[]): Promise<boolean[][]> {
  const rows = deliveries.flatMap(({ connection, events }) => events.map((event) => ({ connectionId: connection.id, eventId: event.eventId, flagKey: event.flagKey, environment: event.environment })));
  if (rows.length === 0) return deliveries.map(() => []);
  const inserted = await tx.insert(flagEvents).values(rows).onConflictDoNothing().returning({ connectionId: flagEvents.connectionId, eventId: flagEvents.eventId, flagKey: flagEvents.flagKey, environment: flagEvents.environment });
  const unclaimed = new Set(inserted.map((row) => JSON.stringify([row.connectionId, row.eventId, row.flagKey, row.environment])));
  return deliveries.map(({ connection, events }) =>
    events.map((event) => unclaimed.delete(JSON.stringify([connection.id, event.eventId, event.flagKey, event.environment]))),
  );
}

type Key = { teamId: number; flagKey: string; environment: string };

/** Locks the state rows of these (team, flag, environment) keys, in one fixed order so concurrent batches take turns instead of deadlocking. */
function lockStates(tx: Tx, keys: Key[]): Promise<(typeof flagStates.$inferSelect)[]> {
  if (keys.length === 0) return Promise.resolve([]);
  const tuples = sql.join(
    keys.map((key) => sql`(${key.teamId}::bigint, ${key.flagKey}::text, ${key.environment}::text)`),
    sql`, `,
  );
  return tx
    .select()
    .from(flagStates)
    .where(sql`(${flagStates.teamId}, ${flagStates.flagKey}, ${flagStates.environment}) in (${tuples})`)
    .orderBy(asc(flagStates.teamId), asc(flagStates.flagKey), asc(flagStates.environment))
    .for('update');
}

/** Locks the stories that carry any of these (team, flag) keys, by id. */
function lockStories(tx: Tx, keys: Key[]): Promise<Story[]> {
  const pairs = new Map(keys.map((key) => [`${key.teamId}\u0000${key.flagKey}`, sql`(${key.teamId}::bigint, ${key.flagKey}::text)`]));
  if (pairs.size === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(stories)
    .where(sql`(${stories.teamId}, ${stories.flagKey}) in (${sql.join([...pairs.values()], sql`, `)})`)
    .orderBy(asc(stories.id))
    .for('update');
}

/** The values a state row is written with after `decision`, for `connection`. */
function stateValues(connection: FlagConnection, event: FlagEvent, decision: RolloutDecision) {
  return {
    eventId: decision.state.eventId,
    occurredAt: decision.state.occurredAt,
    enabled: decision.state.enabled,
    // The column is whole percent; LaunchDarkly weights can say 33.333.
    rolloutPercent: decision.state.rolloutPercent === null ? null : Math.round(decision.state.rolloutPercent),
    production: event.environment === connection.productionEnvironment,
  };
}

type StateValues = ReturnType<typeof stateValues> & { teamId: number; workspaceId: string; flagKey: string; environment: string };

/** Rows that were there, in one UPDATE … FROM (VALUES …). */
async function updateStates(tx: Tx, updates: StateValues[]): Promise<void> {
  if (updates.length === 0) return;
  const values = sql.join(
    updates.map(
      (v) =>
        sql`(${v.teamId}::bigint, ${v.flagKey}::text, ${v.environment}::text, ${v.eventId}::text, ${v.occurredAt.toISOString()}::timestamptz, ${v.enabled}::boolean, ${v.rolloutPercent}::integer, ${v.production}::boolean)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update flag_states as s
    set event_id = v.event_id, occurred_at = v.occurred_at, enabled = v.enabled, rollout_percent = v.rollout_percent, production = v.production, updated_at = now()
    from (values ${values}) as v (team_id, flag_key, environment, event_id, occurred_at, enabled, rollout_percent, production)
    where s.team_id = v.team_id and s.flag_key = v.flag_key and s.environment = v.environment`);
}

/** First states, in one INSERT; one that another instance inserted meanwhile makes the batch start over (FlagStateRaced). */
async function insertStates(tx: Tx, inserts: StateValues[]): Promise<void> {
  if (inserts.length === 0) return;
  const inserted = await tx.insert(flagStates).values(inserts).onConflictDoNothing().returning({ flagKey: flagStates.flagKey });
  if (inserted.length < inserts.length) throw new FlagStateRaced();
}

/**
 * Merges each new event over its flag's state in arrival order (an event older than the state changes
 * nothing). Answers the applied events with their decisions, and the states to write.
 */
function decideAll(deliveries: FlagDelivery[], fresh: boolean[][], rows: (typeof flagStates.$inferSelect)[], outcomes: DeliveryOutcome[]) {
  const current = new Map<string, AppliedFlagState>(rows.map((row) => [stateKey(row.teamId, row.flagKey, row.environment), stateOf(row)]));
  const existed = new Set(current.keys());
  const written = new Map<string, StateValues>();
  const applied: Applied[] = [];
  deliveries.forEach(({ connection, events }, d) => {
    const outcome = outcomes[d]!;
    events.forEach((event, e) => {
      if (!fresh[d]![e]) return;
      const key = stateKey(connection.teamId, event.flagKey, event.environment);
      const decision = decideRollout(current.get(key), event, connection.productionEnvironment);
      if (!decision.apply) {
        outcome.stale += 1;
        return;
      }
      outcome.applied += 1;
      const values = stateValues(connection, event, decision);
      // The next event of this flag in the batch is decided over what the row will hold (whole percent).
      current.set(key, { eventId: values.eventId, occurredAt: values.occurredAt, enabled: values.enabled, rolloutPercent: values.rolloutPercent });
      written.set(key, { ...values, teamId: connection.teamId, workspaceId: connection.workspaceId, flagKey: event.flagKey, environment: event.environment });
      applied.push({ connection, decision, outcome });
    });
  });
  const all = [...written.entries()];
  return {
    applied,
    updates: all.filter(([key]) => existed.has(key)).map(([, v]) => v),
    inserts: all.filter(([key]) => !existed.has(key)).map(([, v]) => v),
  };
}

/**
 * What the stories carrying the applied events' keys hear: a line and a redraw each, queued by workspace,
 * or for a ready or in-progress story on a full production rollout, done (answered as the stories to ship).
 */
function tellStories(applied: Applied[], matching: Story[]) {
  const told = new Map<string, { payload: OutboxPayload }[]>();
  const ships: { story: Story; decision: RolloutDecision }[] = [];
  for (const { connection, decision, outcome } of applied) {
    if (!decision.changed && !decision.shipped && !decision.rolledBack) continue;
    for (const story of matching) {
      if (story.teamId !== connection.teamId || story.flagKey !== decision.line.flagKey) continue;
      if (decision.shipped && shippable.has(story.status)) {
        ships.push({ story: { ...story }, decision });
        // A later event of the same batch finds it done, as it would after this one committed.
        story.status = 'done';
        outcome.shipped += 1;
        outcome.queued = true;
      } else if (decision.changed || decision.rolledBack) {
        const list = told.get(story.workspaceId) ?? [];
        list.push({ payload: { type: 'item_notice', item: { kind: 'story', id: story.id }, change: { action: 'flag_changed', line: decision.line }, to: 'thread' } });
        list.push({ payload: { type: 'story_update', storyId: story.id } });
        told.set(story.workspaceId, list);
        outcome.queued = true;
      }
    }
  }
  return { told, ships };
}

/** Connections that are no longer as their deliveries were verified against: the batch is taken again without their deliveries. */
class ConnectionsChanged extends Error {
  constructor(readonly ids: Set<string>) {
    super('flag connections changed since their deliveries were verified');
  }
}

/** Whether a connection read now is the one a delivery was verified against (same secret, provider, team, production name). */
const sameConnection = (now: FlagConnection, then: FlagConnection): boolean =>
  now.archivedAt === null &&
  now.secretEncrypted === then.secretEncrypted &&
  now.unsigned === then.unsigned &&
  now.provider === then.provider &&
  now.teamId === then.teamId &&
  now.workspaceId === then.workspaceId &&
  now.productionEnvironment === then.productionEnvironment;

const newOutcome = (): DeliveryOutcome => ({ applied: 0, duplicates: 0, stale: 0, shipped: 0, queued: false, changedConnection: false });

/**
 * One transaction over the batch, in three round trips on PostgreSQL besides begin and commit: the reads
 * and the event insert are sent together (postgres.js pipelines what a transaction issues at once, and
 * runs it in order), the decisions are taken here, then the writes are sent together.
 */
function applyOnce(db: Db, deliveries: FlagDelivery[]): Promise<DeliveryOutcome[]> {
  return db.transaction(async (tx) => {
    const outcomes = deliveries.map(newOutcome);
    const keys = new Map<string, Key>();
    for (const { connection, events } of deliveries) {
      for (const event of events) keys.set(stateKey(connection.teamId, event.flagKey, event.environment), { teamId: connection.teamId, flagKey: event.flagKey, environment: event.environment });
    }
    const ids = [...new Set(deliveries.map((d) => d.connection.id))];
    // The webhook verified each delivery against a connection it may have kept from an earlier request:
    // what counts is the connection as it is now.
    const [connections, fresh, rows, matching] = await Promise.all([
      tx.select().from(flagConnections).where(inArray(flagConnections.id, ids)),
      recordEvents(tx, deliveries),
      lockStates(tx, [...keys.values()]),
      lockStories(tx, [...keys.values()]),
    ]);
    const current = new Map(connections.map((row) => [row.id, row]));
    const changed = new Set(
      deliveries
        .filter(({ connection }) => {
          const now = current.get(connection.id);
          return now === undefined || !sameConnection(now, connection);
        })
        .map(({ connection }) => connection.id),
    );
    if (changed.size > 0) throw new ConnectionsChanged(changed);
    fresh.forEach((flags, d) => {
      outcomes[d]!.duplicates = flags.filter((isFresh) => !isFresh).length;
    });
    const { applied, updates, inserts } = decideAll(deliveries, fresh, rows, outcomes);
    const { told, ships } = tellStories(applied, matching);
    await Promise.all([updateStates(tx, updates), insertStates(tx, inserts), ...[...told].map(([workspaceId, messages]) => enqueueAll(tx, workspaceId, messages))]);
    for (const { story, decision } of ships) await shipByFlag(tx, story, decision);
    return outcomes;
  });
}

/** `error` itself or the first of its causes (drizzle wraps what a transaction throws) that is a `type`. */
export const causedBy = <T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined => {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) if (cause instanceof type) return cause as T;
  return undefined;
};

/**
 * Applies verified deliveries' events in one transaction: each event is recorded once per connection (a
 * retry finds its row and changes nothing), merged over the flag's last state unless older than it, and
 * told to the team's stories that carry its key through the outbox. Keys no story has keep their state too.
 * Several deliveries in one transaction cost what one did (the webhook route batches those that arrive
 * together); the answer is one outcome per delivery, in order. A delivery whose connection was archived or
 * changed since it was verified stores nothing and says so (`changedConnection`).
 */
export async function applyFlagDeliveries(db: Db, deliveries: FlagDelivery[]): Promise<DeliveryOutcome[]> {
  const excluded = new Set<string>();
  for (;;) {
    const usable = deliveries.filter(({ connection }) => !excluded.has(connection.id));
    try {
      const outcomes = usable.length > 0 ? await applyOnce(db, usable) : [];
      let next = 0;
      return deliveries.map(({ connection }) => (excluded.has(connection.id) ? { ...newOutcome(), changedConnection: true } : outcomes[next++]!));
    } catch (error) {
      const changed = causedBy(error, ConnectionsChanged);
      if (!changed) throw error;
      for (const id of changed.ids) excluded.add(id);
    }
  }
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
