import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, workspaces } from '../../src/db/schema.ts';
import { OUTBOX_POOL_SIZE } from '../../src/db/client.ts';
import { enqueueAll } from '../../src/outbox/enqueue.ts';
import { newActor } from '../support/bug-flow.ts';
import { serverUrl } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';

const connectionsOf = async (h: Harness, name: string) => {
  const rows = await h.database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = ${name}`);
  return Number(((rows as unknown as { n: number }[])[0] ?? (rows as unknown as { rows: { n: number }[] }).rows[0])!.n);
};

describe.skipIf(!serverUrl)('the outbox\'s own connections on PostgreSQL', () => {
  let h: Harness;
  beforeAll(async () => {
    // Many sends at once, as in production (OUTBOX_CONCURRENCY 32), against a Slack that takes its time.
    h = await startHarness('postgres', { outbox: { baseDelayMs: 20, maxDelayMs: 500, pollMs: 50, concurrency: 32 } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('when 32 messages are being sent at once, then the outbox holds at most its own few connections and a person\'s query is answered meanwhile', async () => {
    const teamId = newActor().teamId;
    await h.database.db.insert(workspaces).values({ id: teamId });
    h.emulator.pace.configure({ latencyMs: 150 });
    await enqueueAll(
      h.database.db,
      teamId,
      Array.from({ length: 96 }, (_, i) => ({ payload: { type: 'post' as const, channelId: `C_POOL_${i % 48}`, text: `pool ${i}` } })),
    );
    let peak = 0;
    let peopleAnswered = 0;
    const pending = async () => (await h.database.db.select({ status: outbox.status }).from(outbox).where(inArray(outbox.workspaceId, [teamId]))).filter((r) => r.status === 'pending').length;
    for (let left = await pending(); left > 0; left = await pending()) {
      peak = Math.max(peak, await connectionsOf(h, 'shortlist-outbox'));
      peopleAnswered += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const slackAtOnce = h.emulator.pace.peakInFlight;
    h.emulator.pace.configure({});
    expect(slackAtOnce).toBeGreaterThan(OUTBOX_POOL_SIZE);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(OUTBOX_POOL_SIZE);
    expect(peopleAnswered).toBeGreaterThan(0);
    expect(h.emulator.calls.filter((c) => c.method === 'chat.postMessage' && String(c.params.text).startsWith('pool ')).length).toBe(96);
  });
});
