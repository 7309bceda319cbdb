import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, comments } from '../../src/db/schema.ts';
import { SIGNING_SECRET } from '../../src/sandbox/deliver.ts';
import { Sandbox } from '../../src/sandbox/sandbox.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/** The sandbox page's API in front of the real bot (in this process, on a test database): a reply typed there is Slack's. */
describe.each(dbKinds)('a thread reply typed in the sandbox, on %s', (kind) => {
  let h: Harness;
  let page: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), 'shortlist-sandbox-comments-'));
  beforeAll(async () => {
    h = await startHarness(kind, { sandbox: (req, res, path) => page.handle(req, res, path) });
    page = new Sandbox({ emulator: h.emulator, dir, signingSecret: SIGNING_SECRET, botUrl: () => h.appUrl, assets: dir, reset: async () => {} });
  });
  afterAll(async () => {
    page?.forget();
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = async (name: string, body: Record<string, unknown>) => {
    const response = await fetch(`${h.appUrl}/sandbox/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, any>;
  };
  const state = async (user: string) => (await (await fetch(`${h.appUrl}/sandbox/api/state?user=${user}`)).json()) as Record<string, any>;

  it('when a triager replies in the thread of a bug filed on the page, then the reply is its comment and /backlog show lists it; the second workspace’s person replying there changes nothing', async () => {
    await api('command', { user: 'U_REPORTER', channel: 'C_BUGS', text: '/bug Checkout fails' });
    const view = await expect.poll(async () => (await state('U_REPORTER')).views[0]).toBeTruthy().then(async () => (await state('U_REPORTER')).views[0]);
    // The form filled by label, as a person would; what is left out is submitted empty.
    const fill: Record<string, string> = { 'Steps to reproduce': '1. Pay', Expected: 'Paid', Actual: 'Spinner forever' };
    const values: Record<string, any> = {};
    for (const block of view.blocks.filter((b: any) => b.type === 'input' && b.element.type === 'plain_text_input')) {
      values[block.block_id] = { [block.element.action_id]: { type: 'plain_text_input', value: fill[block.label.text] ?? block.element.initial_value ?? null } };
    }
    expect((await api('submit', { user: 'U_REPORTER', view_id: view.id, values })).errors).toBeUndefined();
    await expect.poll(async () => (await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, h.emulator.teamId)))[0]?.threadTs).toBeTruthy();
    const [bug] = await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, h.emulator.teamId));

    const { ts } = await api('message', { user: 'U_TRIAGER', channel: 'C_BUGS', thread_ts: bug!.threadTs, text: 'Seen it too <!here>' });
    await api('message', { user: 'U_OTHER', channel: 'C_BUGS', thread_ts: bug!.threadTs, text: 'from elsewhere' });
    await api('message', { user: 'U_REPORTER', channel: 'C_BUGS', text: 'top-level chatter' });
    await expect.poll(() => h.database.db.select().from(comments)).toHaveLength(1);
    const [comment] = await h.database.db.select().from(comments);
    expect(comment).toMatchObject({ workspaceId: h.emulator.teamId, itemType: 'bug', itemId: bug!.id, channelId: 'C_BUGS', ts, threadTs: bug!.threadTs, authorId: 'U_TRIAGER', text: 'Seen it too <!here>' });

    await api('command', { user: 'U_TRIAGER', channel: 'C_BUGS', text: '/backlog show BUG-1' });
    const shown = await expect
      .poll(async () => JSON.stringify((await state('U_TRIAGER')).ephemerals))
      .toContain('comments_block')
      .then(async () => JSON.stringify((await state('U_TRIAGER')).ephemerals));
    expect(shown).toContain('<@U_TRIAGER>');
    expect(shown).toContain('Seen it too @here');
    expect(shown).not.toContain('<!here>');
  });
});
