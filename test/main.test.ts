import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { bugs } from '../src/db/schema.ts';
import { newActor, validBug } from './support/bug-flow.ts';
import { startBot } from './support/process.ts';
import { SIGNING_SECRET, sendInteraction, sendSlashCommand, viewSubmission } from '../src/sandbox/deliver.ts';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/slack-standin.ts';

const BOT_TOKEN = 'xoxb-process-test-secret-token';

describe('the bot as `npm start` runs it, on embedded PGlite', () => {
  let emulator: SlackEmulator;
  let dataDir: string;
  beforeAll(async () => {
    emulator = await startSlackEmulator();
    dataDir = mkdtempSync(join(tmpdir(), 'shortlist-main-'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: emulator.url, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'debug' });

  async function fileBugThrough(appUrl: string, actor: ReturnType<typeof newActor>, summary: string) {
    const triggerId = `trigger-${summary}`;
    await sendSlashCommand(appUrl, { ...actor, command: '/bug', text: summary, triggerId, responseUrl: emulator.responseUrl() });
    const open = await emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    const view = { ...open.params.view, id: `V-${summary}` };
    return sendInteraction(appUrl, viewSubmission(view, { ...validBug, summary_block: summary }, actor));
  }

  it('when started, then /healthz answers 200, bugs survive a restart, SIGTERM finishes in-flight work and exits 0, and no secret is logged', async () => {
    const actor = newActor();
    const first = startBot(env());
    const port = await first.ready;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    // The sandbox's page and API exist only in sandbox mode.
    for (const path of ['/sandbox', '/sandbox/api/state?user=U_REPORTER']) expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/sandbox/api/reset`, { method: 'POST' })).status).toBe(404);
    expect((await fileBugThrough(`http://127.0.0.1:${port}`, actor, 'before-restart')).status).toBe(200);
    await emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && String(c.params.text).includes('before-restart')));
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startBot(env());
    const secondPort = await second.ready;
    const secondUrl = `http://127.0.0.1:${secondPort}`;
    // Slack is slow: SIGTERM arrives while the confirmation is being posted and a /bug is opening its modal.
    emulator.failNext('chat.postMessage', { delayMs: 1500 });
    expect((await fileBugThrough(secondUrl, actor, 'during-shutdown')).status).toBe(200);
    emulator.failNext('views.open', { delayMs: 1500 });
    await sendSlashCommand(secondUrl, { ...actor, command: '/bug', text: 'in flight', triggerId: 'in-flight', responseUrl: emulator.responseUrl() });
    second.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const draining = await fetch(`${secondUrl}/healthz`);
    expect([draining.status, await draining.json()]).toEqual([503, { ok: false, reason: 'shutting down' }]);
    expect(await second.exited).toBe(0);
    expect(emulator.callsTo('chat.postMessage').some((c) => String(c.params.text).includes('BUG-2 filed: during-shutdown'))).toBe(true);
    expect(emulator.callsTo('views.open').some((c) => c.params.trigger_id === 'in-flight')).toBe(true);

    const logs = first.stdout() + first.stderr() + second.stdout() + second.stderr();
    expect(logs).toContain('"msg":"stopped"');
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
    for (const line of first.stdout().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();

    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const stored = await database.db.select({ number: bugs.number, summary: bugs.summary }).from(bugs).orderBy(bugs.number);
      expect(stored).toEqual([{ number: 1, summary: 'before-restart' }, { number: 2, summary: 'during-shutdown' }]);
    } finally {
      await database.close();
    }
    // Two real start-ups on PGlite, two graceful stops and a deliberately slow Slack: ~15 s on a quiet machine,
    // well past the 20 s default when the whole suite runs in parallel.
  }, 60_000);

  it('when the process is killed (SIGKILL) after a bug is saved and before its confirmation is sent, then the next start sends it, once', async () => {
    const killDir = mkdtempSync(join(tmpdir(), 'shortlist-kill-'));
    try {
      const actor = newActor();
      const killEnv = { ...env(), DATA_DIR: killDir };
      // Slack is down while the first process runs: the bug is saved and acknowledged, its posts stay queued.
      emulator.failNext('chat.postMessage', { status: 503, match: (p) => String(p.text).includes('killed-before-send') }, 1000);
      const first = startBot(killEnv);
      const firstUrl = `http://127.0.0.1:${await first.ready}`;
      expect((await fileBugThrough(firstUrl, actor, 'killed-before-send')).status).toBe(200);
      await emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.failed && String(c.params.text).includes('killed-before-send')));
      // Killed while the messages wait for their retry (a send cut off mid-way waits for its lease, 15 s, instead).
      await new Promise((resolve) => setTimeout(resolve, 300));
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe(null);

      emulator.reset();
      const second = startBot(killEnv);
      await second.ready;
      const posted = () => emulator.callsTo('chat.postMessage').filter((c) => !c.failed && String(c.params.text).includes('BUG-1 filed: killed-before-send'));
      await emulator.waitFor(() => posted()[0], 15_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(posted()).toHaveLength(1);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      const database = await openDatabase({ kind: 'pglite', dataDir: killDir });
      try {
        expect(await database.db.select({ number: bugs.number }).from(bugs)).toEqual([{ number: 1 }]);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(killDir, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    [{ SLACK_BOT_TOKEN: '' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'not-a-token' }, 'SLACK_BOT_TOKEN'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  ])('when the environment has %o, then start-up stops with one line naming %s and exit code 1', async (override, variable) => {
    const bot = startBot({ ...env(), ...override });
    expect(await bot.exited).toBe(1);
    const lines = bot.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${variable} `));
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
  });
});

