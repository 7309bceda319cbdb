import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, itemHistory, workspaces } from '../../src/db/schema.ts';
import { fileBugThrough, newActor, reload } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { viewLimitProblems } from '../support/slack-limits.ts';
import { homeBlockActions, sendEvent, sendInteraction } from '../../src/sandbox/deliver.ts';
import { writeStoryThrough } from '../support/story-flow.ts';

describe.each(dbKinds)('the App Home tab on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
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

  it('when both lists are longer than the tab shows and every item is stale, then each is cut at 10 with "and 5 more", in 49 blocks, under 100', async () => {
    const actor = newActor();
    await h.database.db.insert(workspaces).values({ id: actor.teamId });
    await h.database.db.insert(bugs).values(
      Array.from({ length: 15 }, (_, i) => ({
        workspaceId: actor.teamId, number: i + 1, summary: `Stale ${i + 1}`, steps: 's', expected: 'e', actual: 'a', reporterId: actor.userId, ownerId: actor.userId, channelId: 'C_X',
        updatedAt: sql`now() - interval '40 days'`,
      })),
    );
    await sendEvent(h.appUrl, actor.teamId, { type: 'app_home_opened', user: actor.userId, channel: 'D1', tab: 'home', event_ts: '1.1' });
    const publish = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.publish' && c.params.user_id === actor.userId));
    expect(publish.response?.ok).toBe(true);
    expect(viewLimitProblems(publish.params.view)).toEqual([]);
    const blocks = publish.params.view.blocks as any[];
    // The bound src/blocks/home.ts states: 4 + 2 × (1 + 10 × 2 + 1) + 1.
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(blocks).toHaveLength(49);
    expect(blocks.filter((b) => b.type === 'actions' && b.block_id?.startsWith('stale_controls:'))).toHaveLength(20);
    const cuts = blocks.filter((b) => b.type === 'context').map((b) => b.elements[0].text);
    expect(cuts).toEqual(['and 5 more — `/backlog mine` lists them all', 'and 5 more — `/backlog mine` lists them all']);
  });
});
