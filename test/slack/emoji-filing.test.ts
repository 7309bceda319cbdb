import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs } from '../../src/db/schema.ts';
import { WebClient } from '@slack/web-api';
import { type Actor, blockActions, sendEvent, sendInteraction } from '../../src/sandbox/deliver.ts';
import { newActor, submitView, validBug } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { ephemeralTo, freshChannel, initialValues, personSays, pressReport, react } from '../support/emoji-flow.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { openSettings, submitSettings } from '../support/settings-flow.ts';
import { editTeamModal, submitTeam } from '../support/team-flow.ts';
import { addTeam, defaultTeamOf, setDefaultTeam } from '../support/teams.ts';

describe.each(dbKinds)('filing a bug by emoji on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const bugsOf = (actor: Actor) => h.database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId));
  /** Files the message at `ts` through the offer an emoji brought: press, fill in, submit; the bug once confirmed. */
  async function fileThroughOffer(actor: Actor, channel: string, ts: string) {
    const since = h.emulator.calls.length;
    await react(h, actor, channel, ts);
    const view = await pressReport(h, actor, await ephemeralTo(h, actor, channel, since));
    const answer = await submitView(h, view, { ...validBug, summary_block: initialValues(view).summary_block }, actor);
    expect(answer.body).toBeUndefined();
    await expect.poll(async () => (await bugsOf(actor)).find((b) => b.sourceViewId === view.id)?.threadTs, { timeout: 5000 }).toBeTruthy();
    return (await bugsOf(actor)).find((b) => b.sourceViewId === view.id)!;
  }
  /**
   * What the app did about a reaction that should change nothing: another person's intake emoji, sent after it, is
   * answered (so the first was handled by then), and the first got no answer.
   */
  async function answeredNothing(actor: Actor, channel: string, since: number) {
    const sentinel = freshChannel();
    await react(h, actor, sentinel, personSays(h, sentinel, 'a sentinel'));
    await ephemeralTo(h, actor, sentinel, since);
    expect(h.emulator.calls.slice(since).filter((c) => c.method === 'chat.postEphemeral' && c.params.channel === channel)).toEqual([]);
    expect(await bugsOf(actor)).toEqual([]);
  }

  it('when a person adds :bug: to a message, then only they are offered Report as bug, and pressing it opens the form filled in from the message, confirmed in its thread', async () => {
    const reporter = newActor();
    const channel = freshChannel();
    const ts = personSays(h, channel, 'Checkout shows &lt;NaN&gt; for <@U123|bob>\nafter paying');
    const since = h.emulator.calls.length;
    await react(h, reporter, channel, ts);
    const offer = await ephemeralTo(h, reporter, channel, since);
    // The bot read the message, as Slack says to read one: history up to its ts, inclusive, one message.
    expect(h.emulator.calls.slice(since).find((c) => c.method === 'conversations.history')?.params).toMatchObject({ channel, latest: ts, inclusive: 'true', limit: '1' });
    expect(offer.params.text).toBe('You added :bug: to this message. Report it as a bug? The form opens filled in from it.');
    expect(offer.params.thread_ts).toBeUndefined();
    expect(h.emulator.ephemeralsFor(reporter.userId).filter((e) => e.channel === channel)).toHaveLength(1);

    const view = await pressReport(h, reporter, offer);
    expect(initialValues(view)).toMatchObject({ summary_block: 'Checkout shows <NaN> for @bob', actual_block: 'Checkout shows <NaN> for @bob\nafter paying' });
    const permalink = `https://emulator.slack.test/archives/${channel}/p${ts.replace('.', '')}`;
    expect(JSON.parse(view.private_metadata)).toMatchObject({ channelId: channel, threadTs: ts, sourceTs: ts, permalink });
    expect(view.blocks.find((b: any) => b.block_id === 'source_block').elements[0].text).toBe(`Reported from <${permalink}|this message>`);

    expect((await submitView(h, view, { ...validBug, summary_block: 'Checkout shows <NaN>' }, reporter)).body).toBeUndefined();
    const confirmation = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.params.channel === channel && String(c.params.text).includes(' filed: ')));
    expect(confirmation.params.thread_ts).toBe(ts);
    expect(confirmation.params.text).toBe('BUG-1 filed: Checkout shows &lt;NaN&gt;');
    await expect.poll(async () => (await bugsOf(reporter)).map((b) => [b.sourceChannelId, b.sourceTs, b.sourcePermalink, b.threadTs]), { timeout: 5000 }).toEqual([[channel, ts, permalink, ts]]);
  });

  it('when the emoji goes on a message already reported, then the person is told its key instead, and pressing an old offer says so too', async () => {
    const reporter = newActor();
    const other = { ...newActor(), teamId: reporter.teamId };
    const channel = freshChannel();
    const ts = personSays(h, channel, 'Search is slow');
    const before = h.emulator.calls.length;
    await react(h, other, channel, ts);
    const offerBefore = await ephemeralTo(h, other, channel, before);
    const bug = await fileThroughOffer(reporter, channel, ts);

    const since = h.emulator.calls.length;
    await react(h, other, channel, ts);
    const answer = await ephemeralTo(h, other, channel, since);
    expect(answer.params.text).toBe(`This message is already reported as *BUG-${bug.number}*: follow it in its thread, or see it with \`/backlog show BUG-${bug.number}\`.`);
    expect(JSON.stringify(answer.params.blocks)).not.toContain('emoji_report_button');

    // The offer it got before the bug was filed now answers with the key too, in place of the offer.
    const responseUrl = h.emulator.responseUrl();
    const button = offerBefore.params.blocks[0].accessory;
    await sendInteraction(h.appUrl, blockActions(other, { action_id: button.action_id, block_id: 'emoji_offer_block', type: 'button', value: button.value }, { channelId: channel, messageTs: '1.1', responseUrl }));
    const replaced = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl));
    expect([replaced.params.replace_original, replaced.params.text]).toEqual([true, answer.params.text]);
    expect(await bugsOf(reporter)).toHaveLength(1);
  });

  it('when the message is a thread reply, then the bot finds it with conversations.replies, offers in the thread, and confirms in that thread', async () => {
    const reporter = newActor();
    const channel = freshChannel();
    const parent = personSays(h, channel, 'Release notes');
    const reply = personSays(h, channel, 'The PDF export is blank', { threadTs: parent });
    const since = h.emulator.calls.length;
    await react(h, reporter, channel, reply);
    const offer = await ephemeralTo(h, reporter, channel, since);
    expect(offer.params.thread_ts).toBe(parent);
    expect(h.emulator.calls.slice(since).find((c) => c.method === 'conversations.replies')?.params).toMatchObject({ channel, ts: reply });
    const view = await pressReport(h, reporter, offer);
    expect(initialValues(view).summary_block).toBe('The PDF export is blank');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ threadTs: parent, sourceTs: reply });
    await submitView(h, view, validBug, reporter);
    await expect.poll(async () => (await bugsOf(reporter))[0]?.threadTs, { timeout: 5000 }).toBe(parent);
    expect((await bugsOf(reporter))[0]!.sourceTs).toBe(reply);
  });

  it('when the team has its own intake emoji, then that one offers (with any skin tone) and :bug: does nothing', async () => {
    const reporter = newActor();
    const channel = freshChannel();
    await addTeam(h.database.db, reporter.teamId, { name: 'Payments', channels: [channel], intakeEmoji: 'raised_hand' });
    await setDefaultTeam(h.database.db, reporter.teamId, { intakeEmoji: 'beetle' });
    const ts = personSays(h, channel, 'Refunds fail');
    const since = h.emulator.calls.length;
    await react(h, reporter, channel, ts, 'bug');
    await react(h, reporter, channel, ts, 'beetle');
    await react(h, reporter, channel, ts, 'raised_hand::skin-tone-3');
    const offer = await ephemeralTo(h, reporter, channel, since);
    expect(offer.params.text).toMatch(/^You added :raised_hand: to this message/);
    const sentinel = freshChannel();
    await react(h, reporter, sentinel, personSays(h, sentinel, 'elsewhere'), 'beetle');
    await ephemeralTo(h, reporter, sentinel, since);
    expect(h.emulator.calls.slice(since).filter((c) => c.method === 'chat.postEphemeral' && c.params.channel === channel)).toHaveLength(1);
  });

  it('when the emoji is another one, then the app reads nothing and answers nothing', async () => {
    const reporter = newActor();
    const channel = freshChannel();
    const ts = personSays(h, channel, 'Nice work');
    const since = h.emulator.calls.length;
    await react(h, reporter, channel, ts, 'tada');
    await answeredNothing(reporter, channel, since);
    expect(h.emulator.calls.slice(since).filter((c) => c.params.channel === channel)).toEqual([]);
  });

  it("when the message is a bot's, then nothing is offered", async () => {
    const reporter = newActor();
    const channel = freshChannel();
    const bot = new WebClient('xoxb-another-app', { slackApiUrl: h.emulator.url });
    const ts = (await bot.chat.postMessage({ channel, text: 'BUG-9 filed: something' })).ts!;
    const since = h.emulator.calls.length;
    await react(h, reporter, channel, ts);
    await answeredNothing(reporter, channel, since);
  });

  it('when the bot is not in the channel (public or private), the item is not a message, or the workspace has not approved the history scopes, then nothing happens and nothing fails', async () => {
    const reporter = newActor();
    const outside = freshChannel();
    const secret = freshChannel('G');
    h.emulator.channels.set(outside, { is_member: false });
    h.emulator.channels.set(secret, { is_member: false, is_private: true });
    const since = h.emulator.calls.length;
    await react(h, reporter, outside, personSays(h, outside, 'not for the bot'));
    await react(h, reporter, secret, personSays(h, secret, 'private'));
    const fileItem = await sendEvent(h.appUrl, reporter.teamId, { type: 'reaction_added', user: reporter.userId, reaction: 'bug', item: { type: 'file', file: 'F123' }, item_user: 'U1', event_ts: '1.1' });
    const noItem = await sendEvent(h.appUrl, reporter.teamId, { type: 'reaction_added', user: reporter.userId, reaction: 'bug', event_ts: '1.1' });
    expect([fileItem.status, noItem.status]).toEqual([200, 200]);
    const unscoped = freshChannel();
    h.emulator.failNext('conversations.history', { error: 'missing_scope', match: (p) => p.channel === unscoped });
    await react(h, reporter, unscoped, personSays(h, unscoped, 'old install'));
    await answeredNothing(reporter, outside, since);
    // Reactions are handled concurrently: the sentinel's answer can come before the others' reads.
    const answers = () => h.emulator.calls.slice(since).filter((c) => c.method === 'conversations.history' && [outside, secret, unscoped].includes(c.params.channel)).map((c) => [c.params.channel, c.response?.error]).sort();
    await expect.poll(answers, { timeout: 5000 }).toEqual([[outside, 'not_in_channel'], [secret, 'channel_not_found'], [unscoped, 'missing_scope']].sort());
    expect(h.emulator.calls.slice(since).filter((c) => c.method === 'chat.postEphemeral' && [secret, unscoped].includes(c.params.channel))).toEqual([]);
  });

  it('when an admin sets the intake emoji in settings or the team modal, then it is kept as Slack names it; a form without the field keeps it; a bad name is refused', async () => {
    const admin = newActor();
    h.emulator.users.set(admin.userId, { is_admin: true });
    const settings = (await openSettings(h, admin)).params.view;
    const field = settings.blocks.find((b: any) => b.block_id === 'intake_emoji_block');
    expect([field.label.text, field.element.initial_value]).toEqual(['Intake emoji', 'bug']);
    const values = { weekday: '1', time: '09:00', tz: 'Europe/Rome' };
    expect(await submitSettings(h, settings, admin, { ...values, emoji: ' :Beetle: ' })).toBeUndefined();
    expect((await defaultTeamOf(h.database.db, admin.teamId)).intakeEmoji).toBe('beetle');
    // Opened before the field existed (or sent without it): the emoji stays as it is.
    expect(await submitSettings(h, settings, admin, { ...values, cap: '9' })).toBeUndefined();
    expect(await defaultTeamOf(h.database.db, admin.teamId)).toMatchObject({ intakeEmoji: 'beetle', backlogCap: 9 });
    for (const bad of ['two words', ':', 'ünïcode', 'x'.repeat(101)]) {
      expect(JSON.parse((await submitSettings(h, settings, admin, { ...values, emoji: bad }))!).errors).toEqual({ intake_emoji_block: 'Enter an emoji name like bug or :bug: (letters, digits, _ + and -).' });
    }
    const team = await defaultTeamOf(h.database.db, admin.teamId);
    const view = await editTeamModal(h, admin, team.id);
    expect(view.blocks.find((b: any) => b.block_id === 'intake_emoji_block').element.initial_value).toBe('beetle');
    expect(await submitTeam(h, view, admin, { name: 'Core', emoji: 'rotating_light' })).toBeUndefined();
    expect((await defaultTeamOf(h.database.db, admin.teamId)).intakeEmoji).toBe('rotating_light');

    const channel = freshChannel();
    const since = h.emulator.calls.length;
    await react(h, admin, channel, personSays(h, channel, 'Alarm'), 'rotating_light');
    expect((await ephemeralTo(h, admin, channel, since)).params.text).toMatch(/^You added :rotating_light:/);
  });
});
