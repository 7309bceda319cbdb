import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, itemHistory } from '../../src/db/schema.ts';
import { newActor, openBugModal, submitView, validBug } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { withDatabaseFault } from '../support/db-faults.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { sendSlashCommand } from '../../src/sandbox/deliver.ts';

describe.each(dbKinds)('bug intake on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const bugsOf = (teamId: string) => h.database.db.select().from(bugs).where(eq(bugs.workspaceId, teamId)).orderBy(bugs.number);
  const confirmationsTo = (channel: string) =>
    h.emulator.callsTo('chat.postMessage').filter((c) => c.params.channel === channel && String(c.params.text).includes(' filed: '));

  it('when /bug login fails is sent, then a modal opens with the summary prefilled and the documented lengths', async () => {
    const view = await openBugModal(h, newActor(), 'login fails');
    expect(view.callback_id).toBe('bug_modal');
    const byBlock = Object.fromEntries(view.blocks.map((b: any) => [b.block_id, b.element]));
    expect(byBlock.summary_block.initial_value).toBe('login fails');
    expect(byBlock.summary_block.max_length).toBe(150);
    expect(byBlock.steps_block.max_length).toBe(3000);
    expect(byBlock.expected_block.max_length).toBe(3000);
    expect(byBlock.actual_block.max_length).toBe(3000);
    expect(byBlock.environment_block.max_length).toBe(300);
  });

  it('when /bug text is longer than a summary may be, then the prefill is cut to 150 characters', async () => {
    const view = await openBugModal(h, newActor(), 'x'.repeat(400));
    const summary = view.blocks.find((b: any) => b.block_id === 'summary_block').element.initial_value;
    expect([...summary].length).toBe(150);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('when the modal is submitted, then BUG-1 is stored with its history and confirmed in the channel', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'login fails', 'C_INTAKE');
    const answer = await submitView(h, view, { ...validBug, summary_block: 'login fails', environment_block: 'Safari 17', link_block: 'https://example.com/x' }, actor);
    expect(answer).toEqual({ status: 200, body: undefined });

    const [bug] = await bugsOf(actor.teamId);
    expect(bug).toMatchObject({ number: 1, summary: 'login fails', status: 'new', reporterId: actor.userId, channelId: 'C_INTAKE', environment: 'Safari 17', link: 'https://example.com/x' });
    const history = await h.database.db.select().from(itemHistory).where(eq(itemHistory.itemId, bug!.id));
    expect(history).toMatchObject([{ action: 'created', toStatus: 'new', actorId: actor.userId, itemType: 'bug' }]);

    const post = await h.emulator.waitFor(() => confirmationsTo('C_INTAKE')[0]);
    expect(post.params.text).toContain('BUG-1');
    const blocksText = JSON.stringify(post.params.blocks);
    expect(blocksText).toContain('*BUG-1* login fails');
    expect(blocksText).toContain(`<@${actor.userId}>`);
    expect(blocksText).toContain('New');
    await expect.poll(async () => (await bugsOf(actor.teamId))[0]?.threadTs).toMatch(/^\d+\.\d+$/);
  });

  it('when a workspace files twice and another files once, then keys are BUG-1, BUG-2 and BUG-1', async () => {
    const first = newActor();
    const second = newActor();
    for (const [actor, summary] of [[first, 'one'], [first, 'two'], [second, 'other']] as const) {
      const view = await openBugModal(h, actor, summary);
      expect((await submitView(h, view, { ...validBug, summary_block: summary }, actor)).status).toBe(200);
    }
    expect((await bugsOf(first.teamId)).map((b) => [b.number, b.summary])).toEqual([[1, 'one'], [2, 'two']]);
    expect((await bugsOf(second.teamId)).map((b) => [b.number, b.summary])).toEqual([[1, 'other']]);
  });

  it('when the signature is wrong or older than 5 minutes, then the app answers 401 and does nothing', async () => {
    const actor = newActor();
    const command = { ...actor, command: '/bug', text: 'forged', responseUrl: h.emulator.responseUrl(), triggerId: 'forged-trigger' };
    const forged = await sendSlashCommand(h.appUrl, command, { secret: 'notTheSigningSecret1234567890' });
    const stale = await sendSlashCommand(h.appUrl, command, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.emulator.calls.filter((c) => c.params.trigger_id === 'forged-trigger')).toEqual([]);
    expect(await bugsOf(actor.teamId)).toEqual([]);
  });

  it('when a required field is empty or a field has 3001 characters, then each gets its own error and nothing is stored', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'bad input');
    const answer = await submitView(h, view, { ...validBug, steps_block: '   ', actual_block: 'a'.repeat(3001), link_block: 'ftp://example.com' }, actor);
    expect(answer.status).toBe(200);
    expect(answer.body?.response_action).toBe('errors');
    expect(Object.keys(answer.body?.errors).sort()).toEqual(['actual_block', 'link_block', 'steps_block']);
    expect(answer.body?.errors.actual_block).toMatch(/3000 characters/);
    expect(answer.body?.errors.link_block).toMatch(/http/);
    expect(await bugsOf(actor.teamId)).toEqual([]);
  });

  it('when the summary holds mentions and markup, then the confirmation shows them escaped', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, '', 'C_ESCAPE');
    await submitView(h, view, { ...validBug, summary_block: '<!channel> <@U123> & co' }, actor);
    const post = await h.emulator.waitFor(() => confirmationsTo('C_ESCAPE')[0]);
    const sent = JSON.stringify(post.params.blocks) + post.params.text;
    expect(sent).toContain('&lt;!channel&gt; &lt;@U123&gt; &amp; co');
    expect(sent).not.toContain('<!channel>');
    expect(sent).not.toContain('<@U123>');
    expect((await bugsOf(actor.teamId))[0]?.summary).toBe('<!channel> <@U123> & co');
  });

  it('when the database fails during submission, then the modal stays open with an error and nothing is stored', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'db down');
    await h.database.db.execute(sql`alter table bugs rename to bugs_away`);
    let answer: Awaited<ReturnType<typeof submitView>>;
    try {
      answer = await submitView(h, view, { ...validBug, summary_block: 'db down' }, actor);
    } finally {
      await h.database.db.execute(sql`alter table bugs_away rename to bugs`);
    }
    expect(answer.body?.response_action).toBe('errors');
    expect(answer.body?.errors.summary_block).toMatch(/Couldn't save/);
    expect(await bugsOf(actor.teamId)).toEqual([]);
    // Slack keeps the modal open, so the same view can be submitted again once the database is back.
    expect((await submitView(h, view, { ...validBug, summary_block: 'db down' }, actor)).body).toBeUndefined();
    expect((await bugsOf(actor.teamId)).map((b) => b.summary)).toEqual(['db down']);
  });

  it.runIf(kind === 'postgres')('when the database takes longer than 2 s, then the modal stays open and nothing is stored', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'slow');
    await withDatabaseFault(h.database.db, { sleepSeconds: 4 }, [{ table: 'bugs', on: 'insert', workspaceId: actor.teamId }], async () => {
      const started = Date.now();
      const answer = await submitView(h, view, validBug, actor);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(answer.body?.errors.summary_block).toMatch(/Couldn't save/);
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await bugsOf(actor.teamId)).toEqual([]);
  });

  it.runIf(kind === 'postgres')('when every statement is quick enough but the whole save takes longer than 2 s, then the modal stays open and nothing commits later', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'slow overall');
    // Each statement stays under statement_timeout; only the transaction's own deadline can stop the commit.
    const slowWrites = [
      { table: 'bugs', on: 'insert', workspaceId: actor.teamId },
      { table: 'item_history', on: 'insert', workspaceId: actor.teamId },
    ] as const;
    await withDatabaseFault(h.database.db, { sleepSeconds: 1.3 }, [...slowWrites], async () => {
      const started = Date.now();
      const answer = await submitView(h, view, validBug, actor);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(answer.body?.errors.summary_block).toMatch(/Couldn't save/);
      // The transaction is still running when the modal is answered; give it time to commit if it were going to.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    });
    expect(await bugsOf(actor.teamId)).toEqual([]);
    expect((await submitView(h, view, validBug, actor)).body).toBeUndefined();
    expect(await bugsOf(actor.teamId)).toHaveLength(1);
  });

  it('when the same view is submitted twice, even at once, then one bug is stored and confirmed once', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'twice', 'C_TWICE');
    const answers = await Promise.all([submitView(h, view, validBug, actor), submitView(h, view, validBug, actor)]);
    const again = await submitView(h, view, validBug, actor);
    expect([...answers, again].map((a) => a.body)).toEqual([undefined, undefined, undefined]);
    expect(await bugsOf(actor.teamId)).toHaveLength(1);
    await h.emulator.waitFor(() => confirmationsTo('C_TWICE')[0]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(confirmationsTo('C_TWICE')).toHaveLength(1);
  });

  it.each(['not_in_channel', 'channel_not_found'])('when posting fails with %s, then the reporter gets the confirmation privately and the bug stays', async (error) => {
    const actor = newActor();
    // A channel of its own, and a fault only for the confirmation: no other case's post can take this fault.
    const channel = `C_PRIVATE_${error.toUpperCase()}`;
    const view = await openBugModal(h, actor, 'private', channel);
    h.emulator.failNext('chat.postMessage', { error, match: (p) => p.channel === channel && String(p.text).includes(' filed: ') });
    expect((await submitView(h, view, validBug, actor)).body).toBeUndefined();
    // This case's own response URL: the previous case's answer must not satisfy this one.
    const { responseUrl } = JSON.parse(view.private_metadata);
    const privately = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl && String(c.params.text).includes('BUG-1') && c.params.response_type === 'ephemeral'));
    expect(JSON.stringify(privately.params.blocks)).toContain('Invite me');
    expect(await bugsOf(actor.teamId)).toHaveLength(1);
  });

  it('when neither the channel nor the response URL take the confirmation, then it goes to the reporter by DM', async () => {
    const actor = newActor();
    const view = await openBugModal(h, actor, 'dm', 'C_NOWHERE');
    h.emulator.failNext('chat.postMessage', { error: 'not_in_channel', match: (p) => p.channel === 'C_NOWHERE' });
    const { responseUrl } = JSON.parse(view.private_metadata);
    h.emulator.failNext('response_url', { status: 404, match: (p) => p.url === responseUrl });
    await submitView(h, view, validBug, actor);
    const dm = await h.emulator.waitFor(() => h.emulator.callsTo('chat.postMessage').find((c) => c.params.channel === actor.userId));
    expect(dm.params.text).toContain('BUG-1');
    await expect.poll(async () => (await bugsOf(actor.teamId))[0]?.threadChannelId).toBe(`D${actor.userId.slice(1)}`);
  });
});
