import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stories, teams } from '../../src/db/schema.ts';
import { newActor, submitView } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { withDatabaseFault } from '../support/db-faults.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { sendInteraction, viewSubmission } from '../../src/sandbox/deliver.ts';
import { openStoryModal, pressStory, reloadStory, validStory, writeStoryThrough } from '../support/story-flow.ts';

describe.each(dbKinds)('stories, the capped backlog and grooming on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const readyCount = async (teamId: string) => (await h.database.db.select().from(stories).where(eq(stories.workspaceId, teamId))).filter((s) => s.status === 'ready').length;
  const setCap = (teamId: string, cap: number) => h.database.db.update(teams).set({ backlogCap: cap }).where(eq(teams.workspaceId, teamId));

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
});
