import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, outbox } from '../../src/db/schema.ts';
import { newActor, validBug } from '../support/bug-flow.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/db.ts';
import { startBot, type BotProcess } from '../support/process.ts';
import { type Actor, SIGNING_SECRET, sendInteraction, sendSlashCommand, viewSubmission } from '../../src/sandbox/deliver.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Enough cuts that a crash in one cut of three (as seen before postgres.js was patched) slips through with p < 0.01. */
const CUTS = 12;
const CUT_MS = 2000;
/** Filings under way at once: queries, transactions and outbox sends are in flight when a reset lands. */
const LANES = 8;

/**
 * The real bot process (as `npm start` runs it) on PostgreSQL behind a TCP proxy. Every connection is
 * reset (RST) while submissions are being saved and the outbox is sending, new connections are refused for
 * a while, then let through again: the process must stay up and lose nothing.
 */
describe.runIf(serverUrl)('database connections reset under load, the bot as `npm start` runs it', () => {
  let emulator: SlackEmulator;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let bot: BotProcess;
  let appUrl: string;

  beforeAll(async () => {
    emulator = await startSlackEmulator();
    database = await createTestDatabase('postgres');
    let url: string;
    ({ proxy, url } = await TcpProxy.inFrontOf(database.url!));
    bot = startBot({ SLACK_BOT_TOKEN: 'xoxb-reset-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: emulator.url, PORT: '0', DATABASE_URL: url, LOG_LEVEL: 'info' });
    appUrl = `http://127.0.0.1:${await bot.ready}`;
  }, 30_000);
  afterAll(async () => {
    if (bot && bot.child.exitCode === null) {
      bot.child.kill('SIGKILL');
      await bot.exited;
    }
    await proxy?.close();
    await database?.drop();
    await emulator?.close();
  });

  async function openModal(actor: Actor, text: string) {
    const triggerId = `trigger-${randomUUID()}`;
    const answer = await sendSlashCommand(appUrl, { ...actor, command: '/bug', text, channelId: 'C_RESET', triggerId, responseUrl: emulator.responseUrl() });
    expect(answer.status).toBe(200);
    const call = await emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    return { ...call.params.view, id: `V${randomUUID().slice(0, 10).toUpperCase()}` };
  }

  async function submit(view: unknown, summary: string, actor: Actor) {
    const response = await sendInteraction(appUrl, viewSubmission(view as never, { ...validBug, summary_block: summary }, actor));
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  }

  const health = async () => (await fetch(`${appUrl}/healthz`)).status;
  const delivered = () => emulator.callsTo('chat.postMessage').filter((c) => !c.failed).length;

  it(`when every connection is reset ${CUTS} times while bugs are filed and sent, then the process stays up, modals stay open during the cut, and everything is filed once and delivered afterwards`, async () => {
    const actor = newActor();
    const acknowledged: string[] = [];
    let filing = true;
    let refusedDuringCut = 0;
    // A steady stream of filings, as people would: each summary is resubmitted (the same view) until it is saved.
    const filer = async (lane: number) => {
      for (let n = 0; filing && n < 1000; n += 1) {
        const summary = `reset-${lane}-${n}`;
        const view = await openModal(actor, summary);
        for (let attempt = 0; attempt < 100; attempt += 1) {
          const answer = await submit(view, summary, actor);
          expect(answer.status).toBe(200);
          if (answer.body === undefined) {
            acknowledged.push(summary);
            break;
          }
          // The modal stays open with the reason on the summary field; nothing the person typed is lost.
          expect(answer.body.response_action).toBe('errors');
          expect(answer.body.errors.summary_block).toMatch(/Couldn't save/);
          refusedDuringCut += 1;
          await sleep(100);
        }
      }
    };
    // A filer that fails (the bot gone) stops the cuts; the assertions below say why, with the bot's stderr.
    const filers = Promise.all(Array.from({ length: LANES }, (_, lane) => filer(lane).catch((error: unknown) => {
      filing = false;
      return error;
    })));

    try {
      for (let cut = 0; cut < CUTS && filing; cut += 1) {
        // Let some filings and their posts get under way, so queries and outbox sends are in flight at the reset.
        const before = acknowledged.length;
        await expect.poll(() => acknowledged.length, { timeout: 10_000, interval: 20 }).toBeGreaterThan(before + LANES);
        await proxy.reset();
        await sleep(CUT_MS / 2);
        expect(await health()).toBe(503);
        await sleep(CUT_MS / 2);
        expect(bot.child.exitCode, `the bot exited during cut ${cut + 1}: ${bot.stderr()}`).toBe(null);
        const sentBefore = delivered();
        await proxy.restore();
        await expect.poll(health, { timeout: 15_000, interval: 100 }).toBe(200);
        // The outbox picks up again at once: a connection waiting in reconnect backoff once stalled it for 14 s.
        await expect.poll(delivered, { timeout: 5000, interval: 50 }).toBeGreaterThan(sentBefore);
      }
    } finally {
      filing = false;
      const failures = (await filers).filter((outcome) => outcome !== undefined);
      expect(bot.child.exitCode, `the bot exited: ${bot.stderr()}`).toBe(null);
      expect(failures).toEqual([]);
    }
    expect(refusedDuringCut).toBeGreaterThan(0);

    // Every acknowledged bug is stored once, and its confirmation and triage message go out without a restart.
    const stored = await database.db.select({ summary: bugs.summary }).from(bugs).where(eq(bugs.workspaceId, actor.teamId));
    expect(stored.map((b) => b.summary).sort()).toEqual([...acknowledged].sort());
    await expect
      .poll(async () => (await database.db.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.workspaceId, actor.teamId), inArray(outbox.status, ['pending'])))).length, { timeout: 30_000, interval: 250 })
      .toBe(0);
    const failed = await database.db.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.workspaceId, actor.teamId), eq(outbox.status, 'failed')));
    expect(failed).toEqual([]);
    const posts = emulator.callsTo('chat.postMessage').filter((c) => !c.failed && c.params.channel === 'C_RESET');
    // A post Slack accepted just before a cut, whose "sent" could not be recorded, is sent again (README, known limits).
    for (const summary of acknowledged) {
      const confirmations = posts.filter((c) => String(c.params.text).endsWith(` filed: ${summary}`));
      const triage = posts.filter((c) => String(c.params.text).startsWith(`BUG-`) && String(c.params.text).includes(` ${summary} — `));
      expect([confirmations.length > 0, triage.length > 0], `confirmation and triage message of ${summary}`).toEqual([true, true]);
    }
  }, 240_000);
});

/** The migration lock is held on its own connection at start-up: a reset while a second instance waits for it. */
describe.runIf(serverUrl)('a reset while an instance waits for the migration lock', () => {
  it('when the connection waiting for the migration lock is reset, then start-up tries again and the bot comes up once the database is back', async () => {
    const emulator = await startSlackEmulator();
    const database = await createTestDatabase('postgres');
    const { proxy, url } = await TcpProxy.inFrontOf(database.url!);
    const holder = postgres(database.url!, { max: 1, onnotice: () => {} });
    let bot: BotProcess | undefined;
    try {
      await holder`select pg_advisory_lock(727001)`;
      bot = startBot({ SLACK_BOT_TOKEN: 'xoxb-reset-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: emulator.url, PORT: '0', DATABASE_URL: url, LOG_LEVEL: 'info' });
      // The bot is waiting on the lock through the proxy.
      await expect.poll(() => proxy.accepted, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
      await sleep(300);
      await proxy.reset();
      await sleep(1500);
      expect(bot.child.exitCode, bot.stderr()).toBe(null);
      await proxy.restore();
      await holder`select pg_advisory_unlock(727001)`;
      const port = await bot.ready;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      if (bot && bot.child.exitCode === null) {
        bot.child.kill('SIGKILL');
        await bot.exited;
      }
      await holder.end();
      await proxy.close();
      await database.drop();
      await emulator.close();
    }
  }, 60_000);
});

/** The driver itself, as porsager/postgres#1208 reproduces it: a reserved connection whose socket was reset. */
describe.runIf(serverUrl)('postgres.js on a reset connection (patches/postgres+3.4.9.patch)', () => {
  it('when a reserved connection is reset, then its next queries reject with CONNECTION_CLOSED instead of crashing the process, and the pool answers once the database is back', async () => {
    const database = await createTestDatabase('postgres');
    const { proxy, url } = await TcpProxy.inFrontOf(database.url!);
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    try {
      const reserved = await sql.reserve();
      expect(await reserved`select 1 as one`).toEqual([{ one: 1 }]);
      await proxy.reset();
      await sleep(100);
      // Small queries are written from a setImmediate: unpatched, the second one throws from the timer and kills the process.
      await expect(reserved`select 2`).rejects.toMatchObject({ code: expect.stringMatching(/^CONNECTION_(CLOSED|DESTROYED)$/) });
      await expect(reserved`select 3`).rejects.toMatchObject({ code: expect.stringMatching(/^CONNECTION_(CLOSED|DESTROYED)$/) });
      reserved.release();
      await proxy.restore();
      expect(await sql`select 4 as four`).toEqual([{ four: 4 }]);
      // A transaction in flight when the reset lands: its query and postgres.js's own ROLLBACK settle, catchably.
      const transaction = sql.begin(async (tx) => {
        await tx`select pg_sleep(1)`;
        await tx`select ${'x'.repeat(2048)} as big`;
      });
      await sleep(300);
      await proxy.reset();
      await expect(transaction).rejects.toMatchObject({ code: expect.stringMatching(/^(CONNECTION_CLOSED|CONNECTION_DESTROYED|ECONNRESET)$/) });
      await proxy.restore();
      // No connection is left parked: more queries than the pool has connections, small and large (written at once), all answer.
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => sql`select ${i % 2 ? 'y'.repeat(2048) : 'y'} as v`));
      expect(answers.map(([row]) => row!.v.length)).toEqual([1, 2048, 1, 2048, 1, 2048, 1, 2048]);
    } finally {
      await sql.end({ timeout: 2 });
      await proxy.close();
      await database.drop();
    }
  });

  it('when a new connection is reset while postgres.js fetches the array types, then the waiting query rejects and nothing is left unhandled', async () => {
    const database = await createTestDatabase('postgres');
    const { proxy, url } = await TcpProxy.inFrontOf(database.url!);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      // Every new connection first asks for the array types; unpatched, a reset then rejected that promise with no handler.
      proxy.resetWhenSent('typcategory');
      await expect(sql`select 1`).rejects.toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|CONNECTION_CLOSED)$/) });
      await sleep(100);
      expect(unhandled).toEqual([]);
      expect(await sql`select 2 as two`).toEqual([{ two: 2 }]);
    } finally {
      process.off('unhandledRejection', record);
      await sql.end({ timeout: 2 });
      await proxy.close();
      await database.drop();
    }
  });
});
