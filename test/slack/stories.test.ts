import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, itemHistory, stories, workspaces } from '../../src/db/schema.ts';
import { fileBugThrough, newActor, reload, submitView } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { withDatabaseFault } from '../support/db-faults.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { messageLimitProblems, viewLimitProblems } from '../support/slack-limits.ts';
import { blockActions, homeBlockActions, sendEvent, sendInteraction, sendSlashCommand, viewSubmission } from '../support/slack-requests.ts';
import { backlog, openStoryModal, pressStory, reloadStory, validStory, writeStoryThrough } from '../support/story-flow.ts';

describe.each(dbKinds)('stories, the capped backlog and grooming on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const readyCount = async (teamId: string) => (await h.database.db.select().from(stories).where(eq(stories.workspaceId, teamId))).filter((s) => s.status === 'ready').length;
  const setCap = (teamId: string, cap: number) => h.database.db.update(workspaces).set({ backlogCap: cap }).where(eq(workspaces.id, teamId));

  it('when acceptance criteria are missing or 21 lines long, then the field gets an error and nothing is stored', async () => {
    const actor = newActor();
    const view = await openStoryModal(h, actor, 'Night mode');
    const none = await submitView(h, view, { ...validStory, criteria_block: ' \n \n' }, actor);
    expect(none.body?.errors).toEqual({ criteria_block: 'Add at least one acceptance criterion, one per line.' });
    const tooMany = await submitView(h, view, { ...validStory, criteria_block: Array.from({ length: 21 }, (_, i) => `criterion ${i}`).join('\n'), flag_key_block: 'Bad Key!' }, actor);
    expect(tooMany.body?.errors.criteria_block).toMatch(/20 criteria or fewer \(there are 21\)/);
    expect(tooMany.body?.errors.flag_key_block).toMatch(/lowercase/);
    expect(await h.database.db.select().from(stories).where(eq(stories.workspaceId, actor.teamId))).toEqual([]);
  });

  it('when /story is given a title, then the modal opens with it, and the story is saved as STORY-1, an idea, confirmed with its controls', async () => {
    const actor = newActor();
    const view = await openStoryModal(h, actor, 'Read at night');
    expect(view.blocks.find((b: any) => b.block_id === 'title_block').element.initial_value).toBe('Read at night');
    expect((await submitView(h, view, validStory, actor)).body).toBeUndefined();
    const [saved] = await h.database.db.select().from(stories).where(eq(stories.workspaceId, actor.teamId));
    const post = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && JSON.stringify(c.params.blocks ?? []).includes(`story_controls:${saved!.id}`)));
    expect(post.params.text).toMatch(/^STORY-1 /);
    expect(JSON.stringify(post.params.blocks)).toContain('story_ready_button');
    expect(JSON.stringify(post.params.blocks)).not.toContain('story_tip_block');
    const [story] = await h.database.db.select().from(stories).where(eq(stories.workspaceId, actor.teamId));
    expect(story).toMatchObject({ number: 1, status: 'idea', title: validStory.title_block, criteria: validStory.criteria_block });
  });

  it.runIf(kind === 'postgres')('when the whole save takes longer than 2 s, then the story modal stays open and nothing commits later', async () => {
    const actor = newActor();
    const view = await openStoryModal(h, actor, 'Slow story');
    const slowWrites = [
      { table: 'stories', on: 'insert', workspaceId: actor.teamId },
      { table: 'item_history', on: 'insert', workspaceId: actor.teamId },
    ] as const;
    await withDatabaseFault(h.database.db, { sleepSeconds: 1.3 }, [...slowWrites], async () => {
      const started = Date.now();
      const answer = await submitView(h, view, validStory, actor);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(answer.body?.errors.title_block).toMatch(/Couldn't save/);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    });
    expect(await h.database.db.select().from(stories).where(eq(stories.workspaceId, actor.teamId))).toEqual([]);
  });

  it('when the database fails while a story button is saved, then the person who clicked is told privately and the story stays', async () => {
    const actor = newActor();
    const story = await writeStoryThrough(h, actor);
    await withDatabaseFault(h.database.db, 'fail', [{ table: 'stories', on: 'update', workspaceId: actor.teamId }], async () => {
      const { responseUrl } = await pressStory(h, actor, story, 'ready');
      const told = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl));
      expect([told.params.response_type, told.params.replace_original, told.params.text]).toEqual(['ephemeral', false, expect.stringMatching(/Couldn't save that just now.*try again/)]);
    });
    expect((await reloadStory(h, story)).status).toBe('idea');
  });

  it('when the title is "Add a dark mode toggle", then the story is saved and its message carries a rewrite tip', async () => {
    const actor = newActor();
    const story = await writeStoryThrough(h, actor, { title_block: 'Add a dark mode toggle' }, 'C_TIP');
    expect(story.status).toBe('idea');
    const post = h.emulator.callsTo('chat.postMessage').find((c) => c.params.channel === 'C_TIP' && String(c.params.text).includes('Add a dark mode toggle'));
    const tip = (post!.params.blocks as any[]).find((b) => b.block_id === 'story_tip_block');
    expect(tip.elements[0].text).toMatch(/names a solution/);
  });

  it('when the cap is 2 and two stories are ready, then Ready on a third opens the swap modal, and swapping keeps the backlog at 2', async () => {
    const actor = newActor();
    const [first, second, third] = [await writeStoryThrough(h, actor), await writeStoryThrough(h, actor), await writeStoryThrough(h, actor)];
    await setCap(actor.teamId, 2);
    for (const story of [first!, second!]) {
      await pressStory(h, actor, story, 'ready');
      await expect.poll(async () => (await reloadStory(h, story)).status).toBe('ready');
    }
    const { triggerId } = await pressStory(h, actor, third!, 'ready');
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    const modal = open.params.view;
    expect(modal.callback_id).toBe('backlog_swap_modal');
    const options = modal.blocks.find((b: any) => b.block_id === 'outgoing_block').element.options.map((o: any) => o.value);
    expect(options).toEqual([String(first!.id), String(second!.id)]);
    expect((await reloadStory(h, third!)).status).toBe('idea');

    const payload = viewSubmission({ ...modal, id: `VSWAP${Date.now()}` }, {}, actor) as any;
    payload.view.state.values = {
      outgoing_block: { outgoing_select: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: String(first!.id) } } },
      destination_block: { destination_radio: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'wont_do' } } },
    };
    const answer = await sendInteraction(h.appUrl, payload);
    expect(await answer.text()).toBe('');
    expect([(await reloadStory(h, first!)).status, (await reloadStory(h, second!)).status, (await reloadStory(h, third!)).status]).toEqual(['wont_do', 'ready', 'ready']);
    expect(await readyCount(actor.teamId)).toBe(2);
  });

  it('when two people press Ready at the same moment at cap 2 with one story ready, then exactly 2 are ready', async () => {
    const actor = newActor();
    const [a, b, c] = [await writeStoryThrough(h, actor), await writeStoryThrough(h, actor), await writeStoryThrough(h, actor)];
    await setCap(actor.teamId, 2);
    await pressStory(h, actor, a!, 'ready');
    await expect.poll(async () => (await reloadStory(h, a!)).status).toBe('ready');
    await Promise.all([pressStory(h, { ...actor, userId: 'UALICE' }, b!, 'ready'), pressStory(h, { ...actor, userId: 'UBOB' }, c!, 'ready')]);
    await h.emulator.waitFor((calls) => calls.find((call) => call.method === 'views.open' && call.params.view?.callback_id === 'backlog_swap_modal' && String(call.params.view.private_metadata).match(new RegExp(`"storyId":(${b!.id}|${c!.id})\\b`))));
    expect(await readyCount(actor.teamId)).toBe(2);
  });

  it('when a story with a feature flag is done, then its reporter and watchers get a DM naming the flag, and the thread is told', async () => {
    const reporter = newActor();
    const story = await writeStoryThrough(h, reporter, { flag_key_block: 'reader.night-mode' }, 'C_SHIP');
    await pressStory(h, { ...reporter, userId: 'UWATCHER' }, story, 'watch');
    for (const move of ['ready', 'start', 'done'] as const) {
      await pressStory(h, reporter, await reloadStory(h, story), move);
      await expect.poll(async () => (await reloadStory(h, story)).status).toBe({ ready: 'ready', start: 'in_progress', done: 'done' }[move]);
    }
    const dm = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === reporter.userId && String(c.params.text).includes('shipped')));
    expect(dm.params.text).toContain('`reader.night-mode`');
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === 'UWATCHER' && String(c.params.text).includes('reader.night-mode')));
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.thread_ts === story.threadTs && String(c.params.text).includes('shipped')));
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

  it('when a user with a stale bug opens the Home tab, then it carries Keep and Close, and Keep there records a touch and refreshes the tab', async () => {
    const actor = newActor();
    const bug = await fileBugThrough(h, actor, 'Forgotten on Home');
    // Reported by and assigned to the same person: listed twice, with distinct block ids.
    await h.database.db.update(bugs).set({ ownerId: actor.userId, updatedAt: sql`now() - interval '40 days'` }).where(eq(bugs.id, bug.id));
    const openHome = async () => {
      const before = h.emulator.callsTo('views.publish').length;
      await sendEvent(h.appUrl, actor.teamId, { type: 'app_home_opened', user: actor.userId, channel: 'D1', tab: 'home', event_ts: '1.1' });
      return h.emulator.waitFor((calls) => calls.filter((c) => c.method === 'views.publish' && c.params.user_id === actor.userId).length > before && calls.filter((c) => c.method === 'views.publish' && c.params.user_id === actor.userId).at(-1));
    };
    const publish = await openHome();
    expect(publish.response?.ok).toBe(true);
    expect(viewLimitProblems(publish.params.view)).toEqual([]);
    const controls = (publish.params.view.blocks as any[]).filter((b) => b.type === 'actions' && b.block_id?.startsWith('stale_controls:'));
    expect(controls).toHaveLength(2);
    for (const block of controls) expect(block.elements.map((e: any) => [e.action_id, e.value])).toEqual([['item_keep_button', `bug:${bug.id}`], ['item_close_button', `bug:${bug.id}`]]);

    const published = h.emulator.callsTo('views.publish').length;
    const keep = controls[0].elements[0];
    const response = await sendInteraction(h.appUrl, homeBlockActions(actor, { action_id: keep.action_id, block_id: controls[0].block_id, type: 'button', value: keep.value }));
    expect(response.status).toBe(200);
    const refreshed = await h.emulator.waitFor((calls) => calls.filter((c) => c.method === 'views.publish').length > published && calls.filter((c) => c.method === 'views.publish').at(-1));
    expect(refreshed.params.user_id).toBe(actor.userId);
    expect(JSON.stringify(refreshed.params.view.blocks)).not.toContain('item_keep_button');
    const history = await h.database.db.select().from(itemHistory).where(and(eq(itemHistory.itemType, 'bug'), eq(itemHistory.itemId, bug.id)));
    expect(history.filter((entry) => entry.action === 'kept').map((entry) => entry.actorId)).toEqual([actor.userId]);
    expect((await reload(h, bug)).updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('when a user opens the Home tab, then it shows backlog health and lists their reports', async () => {
    const actor = newActor();
    await fileBugThrough(h, actor, 'Home tab bug');
    await writeStoryThrough(h, actor, { title_block: 'Home tab story' });
    await sendEvent(h.appUrl, actor.teamId, { type: 'app_home_opened', user: actor.userId, channel: 'D1', tab: 'home', event_ts: '1.1' });
    const publish = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.publish' && c.params.user_id === actor.userId));
    const text = JSON.stringify(publish.params.view.blocks);
    expect(publish.params.view.blocks.length).toBeLessThanOrEqual(100);
    expect(text).toContain('Home tab bug');
    expect(text).toContain('Home tab story');
    expect(text).toContain('unrated 1');
    expect(text).toContain('home_report_bug_button');
  });
});
