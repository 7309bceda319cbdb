import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireNeedsInfo } from '../../src/bugs/expire-needs-info.ts';
import { bugs, itemHistory, outbox } from '../../src/db/schema.ts';
import { fileBugThrough, newActor, openBugModal, pressTriage, reload, submitView } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { withDatabaseFault } from '../support/db-faults.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { type Actor, blockActions, messageShortcut, sendInteraction, viewSubmission } from '../../src/sandbox/deliver.ts';
import { blockLimitProblems } from '../support/slack-limits.ts';

describe.each(dbKinds)('bug triage and the reporter loop on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const postsIn = (channel: string, threadTs?: string) =>
    h.emulator.callsTo('chat.postMessage').filter((c) => !c.failed && c.params.channel === channel && (threadTs === undefined || c.params.thread_ts === threadTs));
  const dmsTo = (userId: string) => postsIn(userId);
  const ephemeralAt = (url: string) => h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === url));

  /** Opens the Close modal from the triage message and submits it with the given values. */
  async function closeBug(actor: Actor, bug: Awaited<ReturnType<typeof fileBugThrough>>, values: { resolution?: string; duplicateOf?: string; note?: string }) {
    await pressTriage(h, actor, bug, 'close');
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.view.callback_id === 'close_bug_modal' && JSON.parse(c.params.view.private_metadata).bugId === bug.id));
    const view = { ...open.params.view, id: `VCLOSE${bug.id}${Date.now()}` };
    const state: Record<string, Record<string, unknown>> = {
      resolution_block: { resolution_select: { type: 'static_select', selected_option: values.resolution ? { text: { type: 'plain_text', text: values.resolution }, value: values.resolution } : null } },
      duplicate_of_block: { duplicate_of_input: { type: 'plain_text_input', value: values.duplicateOf ?? null } },
      note_block: { note_input: { type: 'plain_text_input', value: values.note ?? null } },
    };
    const payload = viewSubmission(view, {}, actor) as { view: { state: { values: unknown } } };
    payload.view.state.values = state;
    const response = await sendInteraction(h.appUrl, payload);
    const text = await response.text();
    return text ? (JSON.parse(text) as { response_action: string; errors: Record<string, string> }) : undefined;
  }

  it('when a triager rates probability 4 and impact 4, then the bug is triaged at risk 16 (critical), the triage message is updated and the reporter hears in the thread', async () => {
    const reporter = newActor();
    const triager = { ...reporter, userId: 'UTRIAGER' };
    const bug = await fileBugThrough(h, reporter, 'Checkout total is wrong', 'C_SHOP');
    const triagePost = postsIn('C_SHOP').find((c) => JSON.stringify(c.params.blocks).includes(`bug_ratings:${bug.id}`));
    expect(JSON.stringify(triagePost?.params.blocks)).toContain('bug_probability_select');

    await pressTriage(h, triager, bug, 'probability', '4');
    await expect.poll(async () => (await reload(h, bug)).probability).toBe(4);
    await pressTriage(h, triager, bug, 'impact', '4');
    await expect.poll(async () => (await reload(h, bug)).status).toBe('triaged');
    const stored = await reload(h, bug);
    expect([stored.probability, stored.impact]).toEqual([4, 4]);

    const update = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.params.ts === bug.triageTs && JSON.stringify(c.params.blocks).includes('16 · critical')));
    expect(update.params.channel).toBe('C_SHOP');
    const reply = await h.emulator.waitFor(() => postsIn('C_SHOP', bug.threadTs!).find((c) => String(c.params.text).includes('risk 16 (critical)')));
    expect(reply.params.text).toContain('<@UTRIAGER>');
    const history = await h.database.db.select().from(itemHistory).where(eq(itemHistory.itemId, bug.id)).orderBy(itemHistory.id);
    expect(history.map((e) => [e.action, e.toStatus])).toEqual([['created', 'new'], ['rated', 'new'], ['triaged', 'triaged']]);
  });

  it('when every field of a bug is as long as it may be, then its triage message shows each of them and Slack accepts it', async () => {
    const reporter = newActor();
    const view = await openBugModal(h, reporter, '', 'C_LONGEST');
    const fields = { summary_block: '&'.repeat(150), steps_block: 'a&'.repeat(1500), expected_block: '<'.repeat(3000), actual_block: '🐛'.repeat(3000), environment_block: '>'.repeat(300) };
    expect((await submitView(h, view, fields, reporter)).body).toBeUndefined();
    await expect.poll(async () => (await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, reporter.teamId)))[0]?.triageTs, { timeout: 5000 }).toMatch(/^\d+\.\d+$/);
    const triage = postsIn('C_LONGEST').find((c) => JSON.stringify(c.params.blocks).includes('triage_summary_block'))!;
    const blocks = triage.params.blocks as { block_id?: string; text?: { text: string } }[];
    expect(blockLimitProblems(blocks)).toEqual([]);
    const text = (id: string) => blocks.find((b) => b.block_id === id)?.text?.text ?? '';
    expect(text('triage_steps_block')).toMatch(/^\*Steps to reproduce\*\n(a&amp;)+a?…$/);
    expect(text('triage_expected_block')).toMatch(/^\*Expected\*\n(&lt;)+…$/);
    expect(text('triage_actual_block')).toMatch(/^\*Actual\*\n(🐛)+…$/u);
    expect(JSON.stringify(blocks)).toContain('&gt;'.repeat(300));
  });

  it('when an owner is chosen and work starts, then both are recorded and replied in the thread', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Avatar upload fails');
    await pressTriage(h, reporter, bug, 'start');
    const refusal = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && String(c.params.text).includes('Rate BUG-1 first')));
    expect(refusal.params.response_type).toBe('ephemeral');
    // Actions are acknowledged before they are applied; wait for each, as a person's next click would.
    await pressTriage(h, reporter, bug, 'owner', 'UOWNER');
    await expect.poll(async () => (await reload(h, bug)).ownerId).toBe('UOWNER');
    await pressTriage(h, reporter, bug, 'probability', '2');
    await expect.poll(async () => (await reload(h, bug)).probability).toBe(2);
    await pressTriage(h, reporter, bug, 'impact', '3');
    await expect.poll(async () => (await reload(h, bug)).status).toBe('triaged');
    await pressTriage(h, reporter, bug, 'start');
    await expect.poll(async () => (await reload(h, bug)).status).toBe('in_progress');
    expect((await reload(h, bug)).ownerId).toBe('UOWNER');
    await h.emulator.waitFor(() => postsIn('C_GENERAL', bug.threadTs!).find((c) => String(c.params.text).includes('<@UOWNER> now owns BUG-1')));
    await h.emulator.waitFor(() => postsIn('C_GENERAL', bug.threadTs!).find((c) => String(c.params.text).includes('started working on BUG-1')));
  });

  it('when closing as a duplicate of a missing key or of itself, then the field gets an error and nothing changes', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Search is slow');
    expect(await closeBug(reporter, bug, { resolution: 'duplicate', duplicateOf: 'BUG-99' })).toEqual({ response_action: 'errors', errors: { duplicate_of_block: 'There is no BUG-99 in this workspace.' } });
    expect(await closeBug(reporter, bug, { resolution: 'duplicate', duplicateOf: 'bug-1' })).toEqual({ response_action: 'errors', errors: { duplicate_of_block: 'BUG-1 cannot be a duplicate of itself.' } });
    expect((await closeBug(reporter, bug, { resolution: 'duplicate' }))?.errors.duplicate_of_block).toMatch(/key of the bug/);
    expect((await closeBug(reporter, bug, {}))?.errors.resolution_block).toMatch(/Choose/);
    expect((await closeBug(reporter, bug, { resolution: 'fixed', note: 'x'.repeat(1001) }))?.errors.note_block).toMatch(/1000/);
    expect((await reload(h, bug)).status).toBe('new');
  });

  it('when closing as fixed with a note, then the thread gets a reply and the reporter a DM, both with the note escaped', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Logout button hidden', 'C_FIX');
    expect(await closeBug({ ...reporter, userId: 'UFIXER' }, bug, { resolution: 'fixed', note: 'Shipped in <v2> & later' })).toBeUndefined();
    const stored = await reload(h, bug);
    expect([stored.status, stored.resolution]).toEqual(['resolved', 'fixed']);
    const reply = await h.emulator.waitFor(() => postsIn('C_FIX', bug.threadTs!).find((c) => String(c.params.text).includes('resolved BUG-1 as fixed')));
    expect(reply.params.text).toContain('Shipped in &lt;v2&gt; &amp; later');
    const dm = await h.emulator.waitFor(() => dmsTo(reporter.userId).find((c) => String(c.params.text).includes('was resolved as fixed')));
    expect(dm.params.text).toContain('Shipped in &lt;v2&gt; &amp; later');
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.params.ts === bug.triageTs && String(c.params.text).includes('Resolved · fixed')));
  });

  it.runIf(kind === 'postgres')('when the database is slow while the Close modal is saved, then the modal stays open with an error and nothing changes', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Close under a slow database');
    const queuedBefore = await h.database.db.select().from(outbox).where(eq(outbox.workspaceId, reporter.teamId));
    // Each statement alone is under the statement timeout; together they take longer than the 2 s budget.
    const slowWrites = [
      { table: 'bugs', on: 'update', workspaceId: reporter.teamId },
      { table: 'item_history', on: 'insert', workspaceId: reporter.teamId },
    ] as const;
    await withDatabaseFault(h.database.db, { sleepSeconds: 1.3 }, [...slowWrites], async () => {
      const started = Date.now();
      const answer = await closeBug(reporter, bug, { resolution: 'fixed' });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(answer?.response_action).toBe('errors');
      expect(answer?.errors.resolution_block).toMatch(/Couldn't save/);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    });
    const stored = await reload(h, bug);
    expect([stored.status, stored.resolution, stored.updatedAt]).toEqual(['new', null, bug.updatedAt]);
    expect(await h.database.db.select().from(itemHistory).where(eq(itemHistory.itemId, bug.id))).toHaveLength(1);
    expect(await h.database.db.select().from(outbox).where(eq(outbox.workspaceId, reporter.teamId))).toHaveLength(queuedBefore.length);
    // The modal stayed open: submitting it again once the database is quick closes the bug.
    expect(await closeBug(reporter, bug, { resolution: 'fixed' })).toBeUndefined();
    expect((await reload(h, bug)).status).toBe('resolved');
  });

  it('when closing as a duplicate of another bug of the workspace, then it is resolved pointing at it', async () => {
    const reporter = newActor();
    const original = await fileBugThrough(h, reporter, 'Emails arrive twice');
    const copy = await fileBugThrough(h, reporter, 'Double notification emails');
    expect(await closeBug(reporter, copy, { resolution: 'duplicate', duplicateOf: 'BUG-1' })).toBeUndefined();
    const stored = await reload(h, copy);
    expect([stored.resolution, stored.duplicateOfId]).toEqual(['duplicate', original.id]);
  });

  it('when the database fails while a triage control is saved, then the person who clicked is told privately and nothing changes', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Ratings while the database fails');
    await withDatabaseFault(h.database.db, 'fail', [{ table: 'bugs', on: 'update', workspaceId: reporter.teamId }], async () => {
      const { responseUrl } = await pressTriage(h, reporter, bug, 'probability', '3');
      const told = await ephemeralAt(responseUrl);
      expect(told.params.response_type).toBe('ephemeral');
      expect(told.params.text).toMatch(/Couldn't save that just now.*try again/);
    });
    const stored = await reload(h, bug);
    expect([stored.probability, stored.updatedAt]).toEqual([null, bug.updatedAt]);
    expect(await h.database.db.select().from(itemHistory).where(eq(itemHistory.itemId, bug.id))).toHaveLength(1);
  });

  it('when a user of workspace B uses controls carrying a workspace A bug id, then nothing changes and they are told', async () => {
    const owner = newActor();
    const bug = await fileBugThrough(h, owner, 'Private to A');
    const intruder = newActor();
    const { responseUrl } = await pressTriage(h, intruder, bug, 'probability', '5');
    expect((await ephemeralAt(responseUrl)).params.text).toBe('That bug is not in this workspace.');
    const close = await pressTriage(h, intruder, bug, 'close');
    expect((await ephemeralAt(close.responseUrl)).params.text).toBe('That bug is not in this workspace.');
    await pressTriage(h, intruder, bug, 'needs_info');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stored = await reload(h, bug);
    expect([stored.status, stored.probability, stored.updatedAt]).toEqual(['new', null, bug.updatedAt]);
    expect(await h.database.db.select().from(itemHistory).where(eq(itemHistory.itemId, bug.id))).toHaveLength(1);
  });

  it('when a bug sat in needs_info for 15 days, then two schedulers expire it once and the reporter is told once', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Export hangs', 'C_EXPIRE');
    await pressTriage(h, reporter, bug, 'needs_info');
    await expect.poll(async () => (await reload(h, bug)).status).toBe('needs_info');
    await h.emulator.waitFor(() => postsIn('C_EXPIRE', bug.threadTs!).find((c) => String(c.params.text).includes(`<@${reporter.userId}>, <@${reporter.userId}> needs more information`)));

    const in13Days = new Date(Date.now() + 13 * 86_400_000);
    expect(await expireNeedsInfo(h.database.db, in13Days)).toBe(0);
    const in15Days = new Date(Date.now() + 15 * 86_400_000);
    const counts = await Promise.all([expireNeedsInfo(h.database.db, in15Days), expireNeedsInfo(h.database.db, in15Days)]);
    expect(counts.sort()).toEqual([0, 1]);
    const stored = await reload(h, bug);
    expect([stored.status, stored.resolution]).toEqual(['resolved', 'expired']);

    await h.emulator.waitFor(() => dmsTo(reporter.userId).find((c) => String(c.params.text).includes('closed as expired')));
    await h.emulator.waitFor(() => postsIn('C_EXPIRE', bug.threadTs!).find((c) => String(c.params.text).includes('closed as expired')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dmsTo(reporter.userId).filter((c) => String(c.params.text).includes('closed as expired'))).toHaveLength(1);
  });

  it('when a triager asks for more information, then the reply tells the reporter to answer and press Info added, carries that button, and pressing it sends the bug back', async () => {
    const reporter = newActor();
    const triager = { ...reporter, userId: 'UASKER' };
    const bug = await fileBugThrough(h, reporter, 'Crash on save', 'C_INFO');
    await pressTriage(h, triager, bug, 'needs_info');
    const ask = await h.emulator.waitFor(() => postsIn('C_INFO', bug.threadTs!).find((c) => String(c.params.text).includes('needs more information')));
    expect(ask.params.text).toMatch(/answer in this thread, then press \*Info added\*/);
    expect(ask.params.text).not.toMatch(/reply in this thread\./);
    const button = (ask.params.blocks as { block_id?: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.elements?.some((e) => e.action_id === 'bug_info_added_button'));
    expect(button?.block_id).toBe(`bug_status:${bug.id}`);

    await sendInteraction(h.appUrl, blockActions(reporter, { action_id: 'bug_info_added_button', block_id: button!.block_id!, type: 'button', value: button!.elements![0]!.value }, { channelId: 'C_INFO', messageTs: String(ask.response?.ts), responseUrl: h.emulator.responseUrl() }));
    await expect.poll(async () => (await reload(h, bug)).status).toBe('new');
    await h.emulator.waitFor(() => postsIn('C_INFO', bug.threadTs!).find((c) => String(c.params.text).includes('has the information needed')));
  });

  it('when the bot may no longer post in the thread\'s channel (not_in_channel), then a state change reaches the reporter by DM, Info added button included', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Thread gone', 'C_LEFT');
    h.emulator.failNext('chat.postMessage', { error: 'not_in_channel', match: (p) => p.channel === 'C_LEFT' && p.thread_ts === bug.threadTs });
    await pressTriage(h, { ...reporter, userId: 'UASKER' }, bug, 'needs_info');
    const dm = await h.emulator.waitFor(() => dmsTo(reporter.userId).find((c) => String(c.params.text).includes('needs more information')));
    expect(dm.params.text).toMatch(/^\*BUG-1\*: /);
    expect(JSON.stringify(dm.params.blocks)).toContain('bug_info_added_button');
    expect(postsIn('C_LEFT', bug.threadTs!).filter((c) => String(c.params.text).includes('needs more information'))).toEqual([]);
  });

  it('when the thread cannot be used and the change sends its own DM, then the reporter is told once', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Told once', 'C_ONCE_ONLY');
    h.emulator.failNext('chat.postMessage', { error: 'channel_not_found', match: (p) => p.channel === 'C_ONCE_ONLY' && p.thread_ts === bug.threadTs });
    expect(await closeBug({ ...reporter, userId: 'UFIXER' }, bug, { resolution: 'fixed' })).toBeUndefined();
    await expect.poll(async () => (await h.database.db.select().from(outbox).where(eq(outbox.workspaceId, reporter.teamId))).every((r) => r.status !== 'pending')).toBe(true);
    expect(dmsTo(reporter.userId).filter((c) => String(c.params.text).includes('BUG-1')).map((c) => c.params.text)).toEqual([expect.stringContaining('Your bug BUG-1 “Told once” was resolved as fixed')]);
  });

  it('when the bug was confirmed in the reporter\'s DM, then closing it tells them once, in that DM\'s thread', async () => {
    const reporter = newActor();
    const triggerId = `global-once-${Date.now()}`;
    await sendInteraction(h.appUrl, { type: 'shortcut', callback_id: 'report_bug', trigger_id: triggerId, team: { id: reporter.teamId }, user: { id: reporter.userId, team_id: reporter.teamId }, token: 't', action_ts: '1' });
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    expect((await submitView(h, { ...open.params.view, id: `VDMONCE${Date.now()}` }, { summary_block: 'Private one', steps_block: 's', expected_block: 'e', actual_block: 'a' }, reporter)).body).toBeUndefined();
    let [bug] = await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, reporter.teamId));
    await expect.poll(async () => (await reload(h, bug!)).threadChannelId).toBe(`D${reporter.userId.slice(1)}`);
    bug = await reload(h, bug!);
    expect(await closeBug({ ...reporter, userId: 'UFIXER' }, bug, { resolution: 'fixed' })).toBeUndefined();
    await h.emulator.waitFor(() => postsIn(bug!.threadChannelId!, bug!.threadTs!).find((c) => String(c.params.text).includes('resolved BUG-1 as fixed')));
    await expect.poll(async () => (await h.database.db.select().from(outbox).where(eq(outbox.workspaceId, reporter.teamId))).every((r) => r.status !== 'pending')).toBe(true);
    expect(dmsTo(reporter.userId).filter((c) => String(c.params.text).includes('resolved'))).toEqual([]);
  });

  it('when "Login button does nothing" is filed while "Login button broken on Safari" is open, then the confirmation suggests it and following it closes the new bug as its duplicate', async () => {
    const reporter = newActor();
    const original = await fileBugThrough(h, reporter, 'Login button broken on Safari', 'C_SIMILAR');
    await fileBugThrough(h, reporter, 'Invoices are missing VAT', 'C_SIMILAR');
    const copy = await fileBugThrough(h, reporter, 'Login button does nothing', 'C_SIMILAR');
    const confirmation = postsIn('C_SIMILAR').find((c) => String(c.params.text).startsWith('BUG-3 filed'));
    const suggestions = (confirmation!.params.blocks as { block_id?: string; accessory?: { value: string } }[]).filter((b) => b.block_id?.startsWith('similar_bug:'));
    expect(suggestions.map((b) => b.block_id)).toEqual([`similar_bug:${original.id}`]);
    const responseUrl = h.emulator.responseUrl();
    await sendInteraction(h.appUrl, blockActions(reporter, { action_id: 'follow_duplicate_button', block_id: suggestions[0]!.block_id!, type: 'button', value: suggestions[0]!.accessory!.value }, { channelId: 'C_SIMILAR', messageTs: copy.threadTs!, responseUrl }));
    expect((await ephemeralAt(responseUrl)).params.text).toContain('following BUG-1 instead');
    const stored = await reload(h, copy);
    expect([stored.status, stored.resolution, stored.duplicateOfId]).toEqual(['resolved', 'duplicate', original.id]);

    // The confirmation now says what happened, with nothing left to press.
    const update = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.params.channel === 'C_SIMILAR' && c.params.ts === copy.threadTs));
    expect(JSON.stringify(update.params.blocks)).toContain('Closed as a duplicate of *BUG-1*');
    expect(JSON.stringify(update.params.blocks)).not.toContain('"type":"button"');
    await h.emulator.waitFor(() => postsIn('C_SIMILAR', copy.threadTs!).find((c) => String(c.params.text).includes('resolved BUG-3 as duplicate of BUG-1')));
    await expect.poll(async () => (await h.database.db.select().from(outbox).where(eq(outbox.workspaceId, reporter.teamId))).every((r) => r.status === 'sent')).toBe(true);
    // The thread reply is enough: no DM about their own action.
    expect(dmsTo(reporter.userId)).toEqual([]);
    // Pressed again (the same view of the old message), nothing more happens.
    const again = h.emulator.responseUrl();
    await sendInteraction(h.appUrl, blockActions(reporter, { action_id: 'follow_duplicate_button', block_id: suggestions[0]!.block_id!, type: 'button', value: suggestions[0]!.accessory!.value }, { channelId: 'C_SIMILAR', messageTs: copy.threadTs!, responseUrl: again }));
    expect((await ephemeralAt(again)).params.text).toBe('BUG-3 is already resolved (duplicate).');
    expect(h.emulator.callsTo('chat.update').filter((c) => c.params.ts === copy.threadTs)).toHaveLength(1);
  });

  it('when someone other than the reporter, or someone of another workspace, presses "Follow this instead", then nothing changes and they are told why', async () => {
    const reporter = newActor();
    const original = await fileBugThrough(h, reporter, 'Upload stalls at 99%', 'C_NOT_YOURS');
    const copy = await fileBugThrough(h, reporter, 'Upload stalls near the end', 'C_NOT_YOURS');
    const confirmation = postsIn('C_NOT_YOURS').find((c) => String(c.params.text).startsWith('BUG-2 filed'));
    const suggestion = (confirmation!.params.blocks as { block_id?: string; accessory?: { value: string } }[]).find((b) => b.block_id === `similar_bug:${original.id}`)!;
    const press = async (actor: Actor) => {
      const responseUrl = h.emulator.responseUrl();
      await sendInteraction(h.appUrl, blockActions(actor, { action_id: 'follow_duplicate_button', block_id: suggestion.block_id!, type: 'button', value: suggestion.accessory!.value }, { channelId: 'C_NOT_YOURS', messageTs: copy.threadTs!, responseUrl }));
      return (await ephemeralAt(responseUrl)).params;
    };

    const colleague = await press({ ...reporter, userId: 'UCOLLEAGUE' });
    expect(colleague.response_type).toBe('ephemeral');
    expect(colleague.text).toBe(`Only <@${reporter.userId}>, who reported BUG-2, can close it as a duplicate. If you think it is one, say so in its thread or ask a triager to close it.`);
    expect((await press(newActor())).text).toBe('That bug is not in this workspace.');

    await new Promise((resolve) => setTimeout(resolve, 200));
    const stored = await reload(h, copy);
    expect([stored.status, stored.resolution, stored.updatedAt]).toEqual(['new', null, copy.updatedAt]);
    expect(await h.database.db.select().from(itemHistory).where(eq(itemHistory.itemId, copy.id))).toHaveLength(1);
    expect(h.emulator.callsTo('chat.update').filter((c) => c.params.ts === copy.threadTs)).toEqual([]);
  });

  it('when "Report as bug" is used on a message, then the modal is prefilled from it and the bug carries its permalink and is confirmed in its thread', async () => {
    const reporter = newActor();
    const text = 'The export button crashes the page\nIt happened twice today <@U999>';
    await sendInteraction(h.appUrl, messageShortcut(reporter, 'report_as_bug', { channelId: 'C_SUPPORT', ts: '1700000000.000100', text }, h.emulator.responseUrl()));
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.view.private_metadata?.includes('1700000000.000100')));
    const fields = Object.fromEntries(open.params.view.blocks.filter((b: any) => b.element).map((b: any) => [b.block_id, b.element.initial_value]));
    expect(fields.summary_block).toBe('The export button crashes the page');
    expect(fields.actual_block).toBe('The export button crashes the page\nIt happened twice today @U999');
    expect(h.emulator.callsTo('chat.getPermalink').at(-1)?.params).toMatchObject({ channel: 'C_SUPPORT', message_ts: '1700000000.000100' });

    const view = { ...open.params.view, id: `VSHORTCUT${Date.now()}` };
    expect((await submitView(h, view, { summary_block: fields.summary_block, steps_block: 'Click export', expected_block: 'A file', actual_block: text }, reporter)).body).toBeUndefined();
    const confirmation = await h.emulator.waitFor(() => postsIn('C_SUPPORT', '1700000000.000100').find((c) => String(c.params.text).includes('filed')));
    expect(confirmation.params.text).toContain('The export button crashes the page');
    const [bug] = await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, reporter.teamId));
    expect(bug?.sourcePermalink).toBe('https://emulator.slack.test/archives/C_SUPPORT/p1700000000000100');
    await expect.poll(async () => (await reload(h, bug!)).threadTs).toBe('1700000000.000100');
  });

  it('when the global shortcut "Report a bug" is used, then the modal opens and the reporter is confirmed by DM', async () => {
    const reporter = newActor();
    const triggerId = `global-${Date.now()}`;
    await sendInteraction(h.appUrl, { type: 'shortcut', callback_id: 'report_bug', trigger_id: triggerId, team: { id: reporter.teamId }, user: { id: reporter.userId, team_id: reporter.teamId }, token: 't', action_ts: '1' });
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    const view = { ...open.params.view, id: `VGLOBAL${Date.now()}` };
    expect((await submitView(h, view, { summary_block: 'From anywhere', steps_block: 's', expected_block: 'e', actual_block: 'a' }, reporter)).body).toBeUndefined();
    await h.emulator.waitFor(() => dmsTo(reporter.userId).find((c) => String(c.params.text).includes('BUG-1 filed: From anywhere')));
  });

});
