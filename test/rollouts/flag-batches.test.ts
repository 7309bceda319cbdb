import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagEvents, flagStates, outbox } from '../../src/db/schema.ts';
import type { FlagEvent } from '../../src/flags/types.ts';
import { applyFlagDeliveries } from '../../src/rollouts/apply-flag-events.ts';
import { createFlagApplier } from '../../src/rollouts/flag-batcher.ts';
import { newActor } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { rotateSecret } from '../../src/rollouts/connections.ts';
import { archiveConnection, connectFlags, deliverFlag, genericBody, signedHeaders, storyRow, storyWithFlag, testSecretKey, threadOf } from '../support/flag-flow.ts';
import { type Harness, startHarness } from '../support/harness.ts';

const event = (flagKey: string, eventId: string, at: string, fields: Partial<FlagEvent> = {}): FlagEvent => ({
  flagKey,
  environment: 'production',
  enabled: true,
  eventId,
  occurredAt: new Date(at),
  ...fields,
});

describe.each(dbKinds)('flag deliveries applied together on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const linesOf = async (workspaceId: string) =>
    (await h.database.db.select().from(outbox).where(and(eq(outbox.workspaceId, workspaceId), eq(sql`${outbox.payload}->'change'->>'action'`, 'flag_changed')))).map(
      (row) => (row.payload as any).change.line.rolloutPercent,
    );

  it('when one transaction holds a flag out of order, a repeat and another flag, then each is decided as if it had come alone, in that order', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    await storyWithFlag(h, actor, 'batched', 'idea');
    const outcomes = await applyFlagDeliveries(h.database.db, [
      { connection: connection.connection, events: [event('batched', 'e2', '2026-03-02T10:02:00Z', { rolloutPercent: 20 })] },
      { connection: connection.connection, events: [event('batched', 'e1', '2026-03-02T10:01:00Z', { rolloutPercent: 10 })] },
      { connection: connection.connection, events: [event('batched', 'e2', '2026-03-02T10:02:00Z', { rolloutPercent: 20 })] },
      { connection: connection.connection, events: [event('batched', 'e3', '2026-03-02T10:03:00Z', { rolloutPercent: 30 }), event('no_story', 'e4', '2026-03-02T10:03:00Z')] },
    ]);
    expect(outcomes.map(({ applied, duplicates, stale }) => [applied, duplicates, stale])).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
      [2, 0, 0],
    ]);
    const states = await h.database.db.select().from(flagStates).where(eq(flagStates.teamId, connection.connection.teamId));
    expect(states.map((s) => [s.flagKey, s.eventId, s.rolloutPercent]).sort()).toEqual([
      ['batched', 'e3', 30],
      ['no_story', 'e4', null],
    ]);
    // One line per applied event of the story's flag: 20 % then 30 %, none for the stale 10 %.
    expect(await linesOf(actor.teamId)).toEqual([20, 30]);
  });

  it('when many signed deliveries arrive at once, then every one is answered, stored once, and the newest state wins', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    const story = await storyWithFlag(h, actor, 'crowded');
    const bodies = Array.from({ length: 40 }, (_, i) => genericBody(i % 2 === 0 ? 'crowded' : 'crowded_other', { enabled: true, rollout: i + 1, at: new Date(Date.parse('2026-03-02T10:00:00Z') + i * 1000).toISOString() }));
    const answers = await Promise.all(bodies.map((body) => deliverFlag(h, connection, body)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    const told = (await Promise.all(answers.map((a) => a.json()))) as { applied: number; stale: number }[];
    expect(told.reduce((sum, t) => sum + t.applied + t.stale, 0)).toBe(40);
    const [stored] = await h.database.db.select({ n: count() }).from(flagEvents).where(eq(flagEvents.connectionId, connection.connection.id));
    expect(stored!.n).toBe(40);
    const states = await h.database.db.select().from(flagStates).where(eq(flagStates.teamId, connection.connection.teamId));
    expect(states.map((s) => [s.flagKey, s.rolloutPercent]).sort()).toEqual([
      ['crowded', 39],
      ['crowded_other', 40],
    ]);
    expect((await storyRow(h, story.id)).status).toBe('ready');
    await expect.poll(() => threadOf(h, story).some((text) => text.includes('`crowded` is on for 39 % of production'))).toBe(true);
  });

  it('when two instances apply the first event of a new flag at the same moment, then one state row holds the newer and nothing is applied twice', async () => {
    const actor = newActor();
    const connection = await connectFlags(h, actor, 'generic');
    const [one, two] = [createFlagApplier(h.database.db), createFlagApplier(h.database.db)];
    const outcomes = await Promise.all([
      one.apply({ connection: connection.connection, events: [event('first_seen', 'a', '2026-03-02T10:00:00Z', { rolloutPercent: 5 })] }),
      two.apply({ connection: connection.connection, events: [event('first_seen', 'b', '2026-03-02T10:05:00Z', { rolloutPercent: 50 })] }),
      two.apply({ connection: connection.connection, events: [event('first_seen', 'a', '2026-03-02T10:00:00Z', { rolloutPercent: 5 })] }),
    ]);
    expect(outcomes.reduce((sum, o) => sum + o.applied + o.stale + o.duplicates, 0)).toBe(3);
    expect(outcomes.reduce((sum, o) => sum + o.duplicates, 0)).toBe(1);
    const states = await h.database.db.select().from(flagStates).where(eq(flagStates.teamId, connection.connection.teamId));
    expect(states.map((s) => [s.eventId, s.rolloutPercent])).toEqual([['b', 50]]);
  });

  describe('a connection the app keeps between requests', () => {
    const countEvents = async (connectionId: string) => (await h.database.db.select({ n: count() }).from(flagEvents).where(eq(flagEvents.connectionId, connectionId)))[0]!.n;

    it('when another instance rotates the secret, then the new secret is accepted at once and the old one refused', async () => {
      const actor = newActor();
      const connection = await connectFlags(h, actor, 'generic');
      expect((await deliverFlag(h, connection, genericBody('kept', { enabled: true, rollout: 10, at: '2026-03-02T10:00:00Z' }))).status).toBe(200);
      // Rotated straight in the database, as an instance other than this one would.
      const rotated = await rotateSecret(h.database.db, testSecretKey, actor.teamId, connection.connection.id);
      const body = Buffer.from(genericBody('kept', { enabled: true, rollout: 20, at: '2026-03-02T11:00:00Z' }));
      const old = await deliverFlag(h, connection, body, signedHeaders('generic', connection.secret, body));
      expect(old.status).toBe(401);
      const renewed = await deliverFlag(h, { ...connection, secret: rotated!.secret }, body);
      expect(renewed.status).toBe(200);
      expect(await countEvents(connection.connection.id)).toBe(2);
    });

    it('when another instance archives it after a delivery was accepted, then the next is refused with 404 and nothing is stored', async () => {
      const actor = newActor();
      const connection = await connectFlags(h, actor, 'generic');
      expect((await deliverFlag(h, connection, genericBody('kept_archived', { enabled: true, at: '2026-03-02T10:00:00Z' }))).status).toBe(200);
      await archiveConnection(h, connection.connection);
      expect((await deliverFlag(h, connection, genericBody('kept_archived', { enabled: false, at: '2026-03-02T11:00:00Z' }))).status).toBe(404);
      expect(await countEvents(connection.connection.id)).toBe(1);
      const [state] = await h.database.db.select().from(flagStates).where(and(eq(flagStates.teamId, connection.connection.teamId), eq(flagStates.flagKey, 'kept_archived')));
      expect(state!.enabled).toBe(true);
    });
  });
});
