import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot } from '../support/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'shortlist-sandbox-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The sandbox's API as the page uses it. */
function client(port: number) {
  const base = `http://127.0.0.1:${port}/sandbox/api`;
  const state = async (user = 'U_REPORTER') => (await (await fetch(`${base}/state?user=${user}`)).json()) as Record<string, any>;
  const post = async (name: string, body: Record<string, unknown>) => (await (await fetch(`${base}/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, any>;
  const until = async <T>(read: (s: Record<string, any>) => T | undefined, user?: string): Promise<T> => {
    for (let i = 0; i < 100; i += 1) {
      // While a reset restarts the bot, the server is briefly away.
      const found = read(await state(user).catch(() => ({}) as Record<string, any>));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('sandbox state never got there');
  };
  /** Types /bug, fills the modal's text inputs from `fill` (by label) and submits; returns the submit answer. */
  const fileBug = async (summary: string, fill: Record<string, string>) => {
    await post('command', { user: 'U_REPORTER', channel: 'C_BUGS', text: `/bug ${summary}` });
    const view = await until((s) => s.views[0]);
    const values: Record<string, any> = {};
    for (const block of view.blocks.filter((b: any) => b.type === 'input' && b.element.type === 'plain_text_input')) {
      values[block.block_id] = { [block.element.action_id]: { type: 'plain_text_input', value: fill[block.label.text] ?? block.element.initial_value ?? null } };
    }
    return post('submit', { user: 'U_REPORTER', view_id: view.id, values });
  };
  return { state, post, until, fileBug };
}

const filed = (s: Record<string, any>, text: string) => s.messages.C_BUGS.find((m: any) => String(m.text).includes(text));
const steps = { 'Steps to reproduce': '1. Add to cart\n2. Pay', Expected: 'Paid', Actual: 'Spinner forever' };

describe('sandbox mode (npm start with no Slack variable)', () => {
  it('prints one line, files a bug through the page API, keeps it across a restart, and Reset clears it', async () => {
    const first = startBot({ PORT: '0', DATA_DIR: dataDir });
    const port = await first.ready;
    expect(first.stdout().trim().split('\n')).toEqual([`Shortlist sandbox: open http://localhost:${port}/sandbox (no Slack needed). To connect a real Slack, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see README).`]);
    const page = await fetch(`http://127.0.0.1:${port}/sandbox`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect((await fetch(`http://127.0.0.1:${port}/sandbox/sandbox.js`)).status).toBe(200);
    const api = client(port);
    const people = (await api.state()).people.map((p: any) => p.role);
    expect(people).toEqual(['reporter', 'triager', 'workspace admin', 'second workspace']);

    // An empty required field comes back as a per-field error, and the modal stays open.
    const refused = await api.fileBug('', { Summary: '' });
    expect(Object.keys(refused.errors ?? {})).not.toHaveLength(0);
    expect((await api.state()).views).toHaveLength(1);
    await api.post('close', { user: 'U_REPORTER' });
    expect((await api.state()).views).toHaveLength(0);

    expect((await api.fileBug('Checkout fails', steps)).errors).toBeUndefined();
    await api.until((s) => filed(s, 'BUG-1'));
    const state = await api.state();
    expect(state.views).toHaveLength(0);
    expect(state.log.some((e: any) => e.kind === 'api' && e.method === 'chat.postMessage')).toBe(true);
    expect(state.log.some((e: any) => e.kind === 'request' && e.method === 'view_submission')).toBe(true);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startBot({ PORT: '0', DATA_DIR: dataDir });
    const api2 = client(await second.ready);
    expect(filed(await api2.state(), 'BUG-1')).toBeTruthy();
    await api2.fileBug('Second one', steps);
    await api2.until((s) => filed(s, 'BUG-2'));

    expect((await api2.post('reset', {})).ok).toBe(true);
    await api2.until((s) => s.messages?.C_BUGS.length === 0 && s);
    await api2.fileBug('After reset', steps);
    await api2.until((s) => s.messages && filed(s, 'BUG-1'));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('when .env is a copy of .env.example, unchanged, then npm start still runs the sandbox (no placeholder counts as a Slack variable)', async () => {
    const bot = startBot({ PORT: '0', DATA_DIR: mkdtempSync(join(dataDir, 'copied-')), DOTENV_CONFIG_PATH: fileURLToPath(new URL('../../.env.example', import.meta.url)) });
    const port = await bot.ready;
    expect(bot.stdout()).toContain(`Shortlist sandbox: open http://localhost:${port}/sandbox`);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });

  it('with NODE_ENV=production and no Slack variable, start-up stops with the one-line configuration error', async () => {
    const bot = startBot({ PORT: '0', DATA_DIR: dataDir, NODE_ENV: 'production' });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^Configuration error: SLACK_BOT_TOKEN is missing/)]);
  });
});
