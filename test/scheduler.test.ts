import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { digestRuns } from '../src/db/schema.ts';
import { workspaceWithSettings } from './support/teams.ts';
import { createLogger } from '../src/logger.ts';
import { type Runtime, startRuntime } from '../src/runtime.ts';
import { newActor } from './support/bug-flow.ts';
import { createTestDatabase, type DbKind, serverUrl, type TestDatabase } from './support/db.ts';
import { fastRuntime, testConfig } from './support/harness.ts';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/slack-standin.ts';

/**
 * The production wiring: startRuntime with its default jobs (no `jobs` override), node-cron firing every
 * second through DIGEST_SCHEDULE, and the digest going out through the outbox to the Slack API emulator.
 */
describe('the scheduler as the runtime starts it, with DIGEST_SCHEDULE every second', () => {
  let emulator: SlackEmulator | undefined;
  let database: TestDatabase | undefined;
  let runtimes: Runtime[] = [];
  afterEach(async () => {
    await Promise.all(runtimes.map((runtime) => runtime.stop(2000)));
    runtimes = [];
    await database?.drop();
    await emulator?.close();
  });

  /** Each runtime logs to its own list, so the test can see which instance posted which firing. */
  function start(logs: Record<string, unknown>[]) {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    const config = { ...testConfig(emulator!), digestSchedule: '* * * * * *' };
    return startRuntime({ config, database: database!, logger: createLogger('debug', sink), outbox: fastRuntime.outbox });
  }

  async function run(kind: DbKind, instances: number) {
    emulator = await startSlackEmulator();
    database = await createTestDatabase(kind);
    const id = newActor().teamId;
    await workspaceWithSettings(database.db, { id }, { digestChannelId: 'C_CRON_DIGEST' });
    const logs = Array.from({ length: instances }, () => [] as Record<string, unknown>[]);
    runtimes = await Promise.all(logs.map((log) => start(log)));
    const runsOf = () => database!.db.select().from(digestRuns).where(eq(digestRuns.workspaceId, id));
    await expect.poll(async () => (await runsOf()).length, { timeout: 6000, interval: 100 }).toBeGreaterThanOrEqual(3);
    // Stopping waits for jobs in flight and sends what they queued.
    await Promise.all(runtimes.map((runtime) => runtime.stop(2000)));
    runtimes = [];

    const runs = await runsOf();
    const posts = emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_CRON_DIGEST' && String(c.params.text).startsWith('Backlog digest'));
    // One post per firing, none twice: the claim is per firing, whichever instance gets it.
    expect(runs.every((r) => /^cron:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(r.periodKey) && r.outcome === 'posted')).toBe(true);
    expect(posts).toHaveLength(runs.length);
    expect(posts.every((p) => p.response?.ok === true)).toBe(true);
    // Which instance posted each firing, as its own job log says; every instance ran the job.
    const postedBy = logs.map((log) => log.filter((line) => line.job === 'digest-override' && (line.result as { posted?: string[] } | undefined)?.posted?.includes(id)).length);
    const ranBy = logs.map((log) => log.filter((line) => line.job === 'digest-override' && line.msg === 'job done').length);
    expect(postedBy.reduce((a, b) => a + b, 0)).toBe(runs.length);
    for (const ran of ranBy) expect(ran).toBeGreaterThanOrEqual(2);
    return { runs, ranBy };
  }

  it('when one runtime runs on PGlite, then each firing posts the digest once', async () => {
    await run('pglite', 1);
  }, 20_000);

  it.runIf(serverUrl)('when two runtimes share one PostgreSQL database, then each firing posts the digest once, from one of them', async () => {
    const { runs, ranBy } = await run('postgres', 2);
    // Both instances fired for the same seconds: together they ran the job about twice as often as digests went out.
    expect(ranBy[0]! + ranBy[1]!).toBeGreaterThan(runs.length);
  }, 20_000);
});
