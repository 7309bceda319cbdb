import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, workspaces } from '../../src/db/schema.ts';
import { fileBugThrough, newActor } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { messageLimitProblems } from '../support/slack-limits.ts';
import { blockActions, sendInteraction, sendSlashCommand } from '../../src/sandbox/deliver.ts';
import { backlog, reloadStory, writeStoryThrough } from '../support/story-flow.ts';

describe.each(dbKinds)('/backlog: lists, search, show, triage and paging on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('when /backlog show STORY-1 is asked in another workspace, then it says there is no such story there', async () => {
    const owner = newActor();
    await writeStoryThrough(h, owner);
    const mine = await backlog(h, owner, 'show STORY-1');
    expect(JSON.stringify(mine.blocks)).toContain('night-shift nurse');
    expect(JSON.stringify(mine.blocks)).toContain('history_block');
    const other = await backlog(h, newActor(), 'show story-1');
    expect(other.text).toBe('No STORY-1 in this workspace.');
    expect((await backlog(h, newActor(), 'show BUG-999')).text).toBe('No BUG-999 in this workspace.');
  });

  it('when /backlog frobnicate is sent, then help comes back quoting frobnicate', async () => {
    const answer = await backlog(h, newActor(), 'frobnicate now');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('`frobnicate`');
    expect(JSON.stringify(answer.blocks)).toContain('/backlog list');
    expect((await backlog(h, newActor(), '')).text).toBe('Here is what `/backlog` can do:');
    expect((await backlog(h, newActor(), 'list bugs sleepy')).text).toMatch(/“sleepy” is not a status/);
  });

  it('when /backlog search names a word of an item body, then it finds it, and not items of other workspaces', async () => {
    const actor = newActor();
    await writeStoryThrough(h, actor, { criteria_block: 'Works offline on the subway' });
    const bug = await fileBugThrough(h, actor, 'Sync fails');
    const stranger = newActor();
    await writeStoryThrough(h, stranger, { criteria_block: 'Works offline too' });
    const found = await backlog(h, actor, 'search offline');
    const items = found.blocks.filter((b) => b.block_id?.startsWith('item:'));
    expect(items).toHaveLength(1);
    expect(items[0]!.text!.text).toContain('STORY-1');
    const byStep = await backlog(h, actor, 'search click');
    expect(byStep.blocks.filter((b) => b.block_id?.startsWith('item:')).map((b) => b.block_id)).toEqual([`item:bug:${bug.id}`]);
  });

  it('when items are stale or waiting for triage, then lists say so, and Keep touches a stale item', async () => {
    const actor = newActor();
    const bug = await fileBugThrough(h, actor, 'Old and forgotten');
    await h.database.db.update(bugs).set({ updatedAt: sql`now() - interval '40 days'`, createdAt: sql`now() - interval '41 days'` }).where(eq(bugs.id, bug.id));
    const triage = await backlog(h, actor, 'triage');
    const line = triage.blocks.find((b) => b.block_id === `item:bug:${bug.id}`)!.text!.text;
    expect(line).toContain('waiting for triage 41 days');
    expect(line).toContain('stale, untouched 40 days');
    // One actions block holds the rating pickers and Keep/Close, so a page of 20 stays under 50 blocks.
    const controls = triage.blocks.find((b) => b.block_id === `bug_ratings:${bug.id}`)!;
    expect(controls.elements!.map((e) => e.action_id)).toEqual(['bug_probability_select', 'bug_impact_select', 'bug_owner_select', 'item_keep_button', 'item_close_button']);
    const keep = controls.elements!.find((e) => e.action_id === 'item_keep_button')!;
    const responseUrl = h.emulator.responseUrl();
    await sendInteraction(h.appUrl, blockActions(actor, { action_id: 'item_keep_button', block_id: controls.block_id!, type: 'button', value: keep.value }, { channelId: 'C_GENERAL', messageTs: '1.1', responseUrl }));
    const kept = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl));
    expect(kept.params.text).toMatch(/Kept BUG-1/);
    const after = await backlog(h, actor, 'list bugs');
    expect(after.blocks.find((b) => b.block_id === `item:bug:${bug.id}`)!.text!.text).not.toContain('stale');
  });

  it('when stories are listed, then each carries its lifecycle controls, which work from the list', async () => {
    const actor = newActor();
    const story = await writeStoryThrough(h, actor);
    const listed = await backlog(h, actor, 'list stories idea');
    const controls = listed.blocks.find((b) => b.block_id === `item_controls:story:${story.id}`)!;
    expect(controls.elements!.map((e) => e.action_id)).toEqual(['story_ready_button', 'story_wont_do_button']);
    await sendInteraction(h.appUrl, blockActions(actor, { action_id: 'story_ready_button', block_id: controls.block_id!, type: 'button', value: controls.elements![0].value }, { channelId: 'C_X', messageTs: '1.1', responseUrl: h.emulator.responseUrl() }));
    await expect.poll(async () => (await reloadStory(h, story)).status).toBe('ready');
  });

  it('when a workspace has 300 bugs, then /backlog list shows 20 within block limits, says how many more, and More pages on', async () => {
    const actor = newActor();
    await h.database.db.insert(workspaces).values({ id: actor.teamId });
    await h.database.db.insert(bugs).values(Array.from({ length: 300 }, (_, i) => ({ workspaceId: actor.teamId, number: i + 1, summary: `Bug number ${i + 1} <!here>`, steps: 's', expected: 'e', actual: 'a', reporterId: actor.userId, channelId: 'C_X', updatedAt: sql`now() - interval '60 days'` })));
    const first = await backlog(h, actor, 'list bugs');
    expect(first.blocks.length).toBeLessThanOrEqual(50);
    expect(first.blocks.filter((b) => b.block_id?.startsWith('item:'))).toHaveLength(20);
    expect(JSON.stringify(first.blocks)).toContain('and 280 more');
    expect(JSON.stringify(first.blocks)).not.toContain('<!here>');
    const more = first.blocks.find((b) => b.block_id === 'list_paging_block')!.elements![0];
    const responseUrl = h.emulator.responseUrl();
    await sendInteraction(h.appUrl, blockActions(actor, { action_id: more.action_id, block_id: 'list_paging_block', type: 'button', value: more.value }, { channelId: 'C_X', messageTs: '1.1', responseUrl }));
    const second = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl && !c.failed));
    expect(second.params.replace_original).toBe(true);
    expect(JSON.stringify(second.params.blocks)).toContain('Showing 21–40 of 300');
    expect(second.params.blocks.length).toBeLessThanOrEqual(50);
  });

  it('when 25 stale bugs wait for triage, then /backlog triage shows 20 with their pickers and Keep/Close, and Slack accepts the answer', async () => {
    const actor = newActor();
    await h.database.db.insert(workspaces).values({ id: actor.teamId });
    await h.database.db.insert(bugs).values(
      Array.from({ length: 25 }, (_, i) => ({
        workspaceId: actor.teamId, number: i + 1, summary: `Untriaged ${i + 1}`, steps: 's', expected: 'e', actual: 'a', reporterId: actor.userId, channelId: 'C_X',
        createdAt: sql`now() - interval '41 days'`, updatedAt: sql`now() - interval '40 days'`,
      })),
    );
    const responseUrl = h.emulator.responseUrl();
    await sendSlashCommand(h.appUrl, { ...actor, command: '/backlog', text: 'triage', responseUrl });
    const call = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl && c.response));
    expect(call.response).toEqual({ ok: true });
    expect(messageLimitProblems(call.params)).toEqual([]);
    const blocks = call.params.blocks as { block_id?: string; elements?: { action_id: string }[] }[];
    expect(blocks.filter((b) => b.block_id?.startsWith('item:bug:'))).toHaveLength(20);
    const controls = blocks.filter((b) => b.block_id?.startsWith('bug_ratings:'));
    expect(controls).toHaveLength(20);
    for (const block of controls) expect(block.elements!.map((e) => e.action_id)).toEqual(expect.arrayContaining(['bug_probability_select', 'item_keep_button', 'item_close_button']));
    expect(JSON.stringify(blocks)).toContain('and 5 more');
  });
});
