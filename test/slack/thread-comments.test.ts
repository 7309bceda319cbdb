import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/blocks/digest.ts';
import { collectDigest } from '../../src/digest/collect-digest.ts';
import { type Bug, bugs, comments, itemHistory, processedEvents, stories } from '../../src/db/schema.ts';
import { type Actor, sendEvent } from '../../src/sandbox/deliver.ts';
import { fileBugThrough, newActor, pressTriage, reload } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { capturedLogger } from '../support/log-lines.ts';
import { allText, blockLimitProblems } from '../support/slack-limits.ts';
import { backlog, writeStoryThrough } from '../support/story-flow.ts';
import { addTeam, defaultTeamOf } from '../support/teams.ts';

/** The bot's own user and bot ids, as auth.test answers for the test token (single-workspace mode). */
const BOT_USER = 'UBOTT_EMULATOR';
const BOT_ID = 'BT_EMULATOR';

describe.each(dbKinds)('thread replies become comments on %s', (kind) => {
  let h: Harness;
  const { logger, lines } = capturedLogger('debug');
  beforeAll(async () => {
    h = await startHarness(kind, { logger });
  });
  afterAll(async () => {
    await h?.stop();
  });

  let seq = 0;
  /** A fresh message ts, as Slack hands them out (now, so a digest of this week counts it), never one the stand-in handed out to the bot. */
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${500_000 + ++seq}`;

  /** Slack delivers a `message` event of `teamId` (a person's message unless `event` says otherwise); the app answers 200. */
  async function deliver(teamId: string, event: Record<string, unknown>, eventId?: string, headers: Record<string, string> = {}) {
    const response = await sendEvent(h.appUrl, teamId, { type: 'message', channel_type: 'channel', event_ts: String(event.ts ?? nextTs()), ...event }, { headers }, eventId);
    expect(response.status).toBe(200);
  }

  /** A person's reply in a thread, as Slack sends it; returns its ts. */
  async function reply(actor: Actor, channel: string, threadTs: string, text: string, extra: Record<string, unknown> = {}) {
    const ts = nextTs();
    await deliver(actor.teamId, { channel, user: actor.userId, team: actor.teamId, text, ts, thread_ts: threadTs, client_msg_id: `c-${ts}`, ...extra });
    return ts;
  }

  /** Waits for the listener's log line about the message `ts` (every message event ends in one). */
  const handled = (ts: string) => expect.poll(() => lines.find((line) => line.ts === ts && ['thread reply', 'message edited', 'message deleted'].includes(line.msg)), { timeout: 5000 }).toBeTruthy();
  const ignoredAs = (reason: string, since: number) => expect.poll(() => lines.slice(since).find((line) => line.msg === 'message event ignored' && line.reason === reason), { timeout: 5000 }).toBeTruthy();
  const commentsOf = (workspaceId: string) => h.database.db.select().from(comments).where(eq(comments.workspaceId, workspaceId)).orderBy(comments.id);
  const historyOf = (bug: Bug) => h.database.db.select().from(itemHistory).where(and(eq(itemHistory.itemType, 'bug'), eq(itemHistory.itemId, bug.id))).orderBy(itemHistory.id);
  const threadPosts = (bug: Bug) => h.emulator.callsTo('chat.postMessage').filter((c) => !c.failed && c.params.channel === bug.threadChannelId && c.params.thread_ts === bug.threadTs);

  it('when the reporter answers in the thread of a bug that needs info, then the answer is a comment, the bug is back to new, its triage message updates and the triager who asked is told in the thread', async () => {
    const reporter = newActor();
    const triager = { ...reporter, userId: 'UASKER' };
    const bug = await fileBugThrough(h, reporter, 'Crash on export', 'C_NEEDS_INFO');
    await pressTriage(h, triager, bug, 'needs_info');
    await expect.poll(async () => (await reload(h, bug)).status).toBe('needs_info');
    const asked = await reload(h, bug);

    const ts = await reply(reporter, bug.threadChannelId!, bug.threadTs!, 'It crashes on Safari 17, every time');
    await expect.poll(async () => (await reload(h, bug)).status).toBe('new');
    const [comment] = await commentsOf(reporter.teamId);
    expect(comment).toMatchObject({ itemType: 'bug', itemId: bug.id, channelId: 'C_NEEDS_INFO', ts, threadTs: bug.threadTs, authorId: reporter.userId, text: 'It crashes on Safari 17, every time', files: [], editedAt: null });
    expect(comment!.postedAt.getTime()).toBe(Math.round(Number(ts) * 1000));
    expect((await reload(h, bug)).updatedAt.getTime()).toBeGreaterThan(asked.updatedAt.getTime());
    expect((await historyOf(bug)).map((e) => [e.action, e.actorId, e.toStatus])).toEqual([
      ['created', reporter.userId, 'new'],
      ['needs_info', 'UASKER', 'needs_info'],
      ['info_added', reporter.userId, 'new'],
    ]);
    const told = await h.emulator.waitFor(() => threadPosts(bug).find((c) => String(c.params.text).includes('answered in this thread')));
    expect(told.params.text).toBe(`<@UASKER>, <@${reporter.userId}> answered in this thread; BUG-1 is back to new.`);
    await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.params.ts === bug.triageTs && String(c.params.text).includes('— New')));
  });

  it('when a triager replies in the thread of the triage message, then it is a comment and no status changes, not even of a bug that waits for information', async () => {
    const reporter = newActor();
    const triager = { ...reporter, userId: 'UTRIAGER' };
    const bug = await fileBugThrough(h, reporter, 'Slow search', 'C_TRIAGE_REPLY');
    // Untouched for 40 days: stale, until someone says something about it.
    await h.database.db.update(bugs).set({ updatedAt: sql`now() - interval '40 days'` }).where(eq(bugs.id, bug.id));
    const ts = await reply(triager, bug.triageChannelId!, bug.triageTs!, 'Can reproduce on staging');
    await handled(ts);
    expect((await commentsOf(reporter.teamId)).map((c) => [c.itemId, c.authorId, c.text])).toEqual([[bug.id, 'UTRIAGER', 'Can reproduce on staging']]);
    const after = await reload(h, bug);
    expect(after.status).toBe('new');
    expect(Date.now() - after.updatedAt.getTime()).toBeLessThan(60_000);
    // A second reply within the minute touches it no more (the touch is once a minute at most).
    await handled(await reply(triager, bug.triageChannelId!, bug.triageTs!, 'And on production'));
    expect((await reload(h, bug)).updatedAt).toEqual(after.updatedAt);

    await pressTriage(h, triager, bug, 'needs_info');
    await expect.poll(async () => (await reload(h, bug)).status).toBe('needs_info');
    await handled(await reply(triager, bug.threadChannelId!, bug.threadTs!, 'Which browser?'));
    expect((await reload(h, bug)).status).toBe('needs_info');
    expect((await historyOf(bug)).map((e) => e.action)).toEqual(['created', 'needs_info']);
    expect(await commentsOf(reporter.teamId)).toHaveLength(3);
  });

  it('when a reply in a story\'s thread is edited and then deleted, then the comment follows: its new text and files, then gone', async () => {
    const actor = newActor();
    const story = await writeStoryThrough(h, actor);
    const ts = await reply(actor, story.threadChannelId!, story.threadTs!, 'First thought');
    await handled(ts);
    const [stored] = await commentsOf(actor.teamId);
    expect(stored).toMatchObject({ itemType: 'story', itemId: story.id, text: 'First thought' });

    const edit = (text: string, editedTs: string) =>
      deliver(actor.teamId, {
        subtype: 'message_changed',
        hidden: true,
        channel: story.threadChannelId,
        ts: editedTs,
        message: { type: 'message', user: actor.userId, text, ts, thread_ts: story.threadTs, edited: { user: actor.userId, ts: editedTs }, files: [{ id: 'F0SHOT', name: 'shot.png', mimetype: 'image/png', filetype: 'png', size: 2048, permalink: 'https://files.example/shot.png' }] },
        previous_message: { type: 'message', user: actor.userId, text: 'First thought', ts, thread_ts: story.threadTs },
      });
    // Edits a second apart, as people make them (a comment's times are kept to the millisecond).
    const later = (seconds: number) => `${Math.floor(Number(ts)) + seconds}.000001`;
    const editedTs = later(1);
    await edit('Second thought', editedTs);
    await expect.poll(async () => (await commentsOf(actor.teamId))[0]?.text).toBe('Second thought');
    const [edited] = await commentsOf(actor.teamId);
    expect(edited!.editedAt?.getTime()).toBe(Math.round(Number(editedTs) * 1000));
    expect(edited!.files).toEqual([{ id: 'F0SHOT', name: 'shot.png', mimetype: 'image/png', filetype: 'png', size: 2048, permalink: 'https://files.example/shot.png' }]);
    // The first edit again, late (a retry), after a newer one: the newer text stays.
    await edit('Third thought', later(2));
    await expect.poll(async () => (await commentsOf(actor.teamId))[0]?.text).toBe('Third thought');
    const since = lines.length;
    await edit('Second thought', editedTs);
    await expect.poll(() => lines.slice(since).find((line) => line.msg === 'message edited' && line.ts === ts)).toBeTruthy();
    expect((await commentsOf(actor.teamId))[0]?.text).toBe('Third thought');

    await deliver(actor.teamId, { subtype: 'message_deleted', hidden: true, channel: story.threadChannelId, ts: nextTs(), deleted_ts: ts, previous_message: { type: 'message', user: actor.userId, text: 'Third thought', ts, thread_ts: story.threadTs } });
    await expect.poll(() => commentsOf(actor.teamId)).toEqual([]);
  });

  it("when a bot replies, or Shortlist's own reply comes back as an event, then nothing is stored", async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Echo loop', 'C_BOTS');
    const since = lines.length;
    const thread = { channel: bug.threadChannelId, thread_ts: bug.threadTs };
    // Another app's bot, an old-style bot_message, and a workflow (a bot that also names a user).
    await deliver(reporter.teamId, { ...thread, ts: nextTs(), user: 'UOTHERBOT', bot_id: 'B_OTHER', app_id: 'A_OTHER', text: 'I am a bot' });
    await deliver(reporter.teamId, { ...thread, ts: nextTs(), subtype: 'bot_message', bot_id: 'B_LEGACY', username: 'legacy', text: 'beep' });
    // Shortlist's own thread reply, as Slack sends it back: the bot user, the bot id, the app.
    const own = nextTs();
    await deliver(reporter.teamId, { ...thread, ts: own, user: BOT_USER, bot_id: BOT_ID, app_id: 'A_SHORTLIST', text: `<@${reporter.userId}> rated BUG-1` });
    // Its own reply without a bot_id (dropped before the listener, as Bolt's ignoreSelf does) and an edit of its own message.
    await deliver(reporter.teamId, { ...thread, ts: nextTs(), user: BOT_USER, text: 'mine' });
    await deliver(reporter.teamId, { subtype: 'message_changed', channel: bug.threadChannelId, ts: nextTs(), message: { user: BOT_USER, bot_id: BOT_ID, text: 'edited', ts: own, thread_ts: bug.threadTs } });
    // Three reach the listener and are refused there as bots'; the two that name the bot user as theirs are dropped first (as Bolt's ignoreSelf does).
    await expect.poll(() => lines.slice(since).filter((line) => line.msg === 'message event ignored' && line.reason === 'bot_message').length).toBe(3);
    // A person's reply after them is stored: the pipeline works, and only it is kept.
    await handled(await reply(reporter, bug.threadChannelId!, bug.threadTs!, 'a person'));
    expect((await commentsOf(reporter.teamId)).map((c) => c.text)).toEqual(['a person']);
  });

  it("when a reply comes from another workspace with the same channel and thread ts as a tracked bug, then it is stored nowhere", async () => {
    const owner = newActor();
    const bug = await fileBugThrough(h, owner, 'Shared channel ids', 'C_SHARED_ID');
    const stranger = newActor();
    const ts = await reply(stranger, bug.threadChannelId!, bug.threadTs!, 'not yours');
    await expect.poll(() => lines.find((line) => line.ts === ts && line.msg === 'thread reply')?.outcome).toBe('untracked');
    expect(await commentsOf(stranger.teamId)).toEqual([]);
    expect(await commentsOf(owner.teamId)).toEqual([]);
    // The same for its triage message's thread.
    const triageTs = await reply(stranger, bug.triageChannelId!, bug.triageTs!, 'nor this');
    await expect.poll(() => lines.find((line) => line.ts === triageTs && line.msg === 'thread reply')?.outcome).toBe('untracked');
    expect((await h.database.db.select().from(comments)).filter((c) => c.ts === ts || c.ts === triageTs)).toEqual([]);
  });

  it('when a top-level message is posted, or a thread of no item is replied to, then nothing is written: no comment, no event claim', async () => {
    const actor = newActor();
    const bug = await fileBugThrough(h, actor, 'Busy channel', 'C_BUSY');
    const since = lines.length;
    const topLevelEvent = `EvTOP${nextTs().replace('.', '')}`;
    await deliver(actor.teamId, { channel: 'C_BUSY', user: actor.userId, text: 'lunch?', ts: nextTs() }, topLevelEvent);
    // A thread's parent, as Slack sends it once it has replies: thread_ts is its own ts.
    const parent = nextTs();
    await deliver(actor.teamId, { channel: 'C_BUSY', user: actor.userId, text: 'parent', ts: parent, thread_ts: parent }, `EvPARENT${seq}`);
    await expect.poll(() => lines.slice(since).filter((line) => line.msg === 'message event ignored' && line.reason === 'not_a_reply').length).toBe(2);
    const elsewhere = await reply(actor, 'C_BUSY', '1700000000.000001', 'in a thread nobody tracks');
    await expect.poll(() => lines.find((line) => line.ts === elsewhere && line.msg === 'thread reply')?.outcome).toBe('untracked');
    expect(await commentsOf(actor.teamId)).toEqual([]);
    expect(await h.database.db.select().from(processedEvents).where(eq(processedEvents.eventId, topLevelEvent))).toEqual([]);
    expect((await reload(h, bug)).updatedAt).toEqual(bug.updatedAt);
  });

  it('when the same reply is delivered twice (a retry, and again under a new event id), then it is stored once and sends the bug back once', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Twice told', 'C_TWICE');
    await pressTriage(h, { ...reporter, userId: 'UASKER' }, bug, 'needs_info');
    await expect.poll(async () => (await reload(h, bug)).status).toBe('needs_info');
    const ts = nextTs();
    const event = { channel: bug.threadChannelId, user: reporter.userId, text: 'Here you go', ts, thread_ts: bug.threadTs };
    await Promise.all([deliver(reporter.teamId, event, `EvTWICE${ts}`), deliver(reporter.teamId, event, `EvTWICE${ts}`, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }), deliver(reporter.teamId, event, `EvAGAIN${ts}`)]);
    await expect.poll(() => lines.filter((line) => line.ts === ts && line.msg === 'thread reply').length).toBe(3);
    expect(await commentsOf(reporter.teamId)).toHaveLength(1);
    expect((await historyOf(bug)).filter((e) => e.action === 'info_added')).toHaveLength(1);
    expect((await reload(h, bug)).status).toBe('new');
  });

  it('when 60 replies arrive at once in the threads of a bug, a story and an untracked message, then they are stored in batches, each once, and the untracked ones nowhere', async () => {
    const actor = newActor();
    const bug = await fileBugThrough(h, actor, 'Busy thread', 'C_BURST');
    const story = await writeStoryThrough(h, actor, {}, 'C_BURST');
    const threads = [
      [bug.threadChannelId!, bug.threadTs!],
      [story.threadChannelId!, story.threadTs!],
      ['C_BURST', '1700000200.000300'],
    ] as const;
    const sent = await Promise.all(Array.from({ length: 60 }, (_, i) => reply({ ...actor, userId: `U0B${i % 7}` }, threads[i % 3]![0], threads[i % 3]![1], `reply ${i}`)));
    await expect.poll(() => lines.filter((line) => line.msg === 'thread reply' && sent.includes(line.ts)).length, { timeout: 10_000 }).toBe(60);
    const stored = await commentsOf(actor.teamId);
    expect(stored.map((c) => c.text).sort()).toEqual(sent.flatMap((_, i) => (i % 3 === 2 ? [] : [`reply ${i}`])).sort());
    expect(stored.filter((c) => c.itemType === 'story')).toHaveLength(20);
    expect(lines.filter((line) => line.msg === 'thread reply' && sent.includes(line.ts) && line.outcome === 'untracked')).toHaveLength(20);
  });

  it('when a reply is in the thread of the message a bug was reported from, then it is a comment of that bug', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'From a message', 'C_SOURCE');
    // As a report of a message records it (its channel and ts), the bug confirmed elsewhere.
    await h.database.db.update(bugs).set({ sourceChannelId: 'C_SUPPORT', sourceTs: '1700000100.000200' }).where(eq(bugs.id, bug.id));
    await handled(await reply({ ...reporter, userId: 'UCUSTOMER' }, 'C_SUPPORT', '1700000100.000200', 'Still broken for me'));
    expect((await commentsOf(reporter.teamId)).map((c) => [c.itemId, c.authorId])).toEqual([[bug.id, 'UCUSTOMER']]);
  });

  it('when /backlog show lists a bug with seven comments, then it shows the last five, escaped, cut to Slack’s limits, and how many more', async () => {
    const reporter = newActor();
    const bug = await fileBugThrough(h, reporter, 'Talkative', 'C_TALK');
    const said = ['one', 'two', 'three', '<!channel> &lt;script&gt; for <@U0BOB|bob> &amp; <@U0ANN>', 'x'.repeat(39_000), 'six', 'seven\nlines'];
    for (const text of said) await handled(await reply({ ...reporter, userId: `U0P${said.indexOf(text)}` }, bug.threadChannelId!, bug.threadTs!, text, text === 'six' ? { subtype: 'file_share', files: [{ id: 'F0LOG', name: 'log <b>.txt', mimetype: 'text/plain', filetype: 'text', size: 12 }] } : {}));
    const answer = await backlog(h, reporter, `show BUG-1`);
    expect(blockLimitProblems(answer.blocks)).toEqual([]);
    const block = answer.blocks.find((b) => b.block_id === 'comments_block')!;
    const text = block.text!.text;
    expect(text.length).toBeLessThanOrEqual(3000);
    const shown = text.split('\n');
    expect(shown[0]).toBe('*Comments* (7)');
    expect(shown.slice(1, 6).map((line) => /^• <@(U0P\d)> \d{4}-\d\d-\d\d \d\d:\d\d UTC: /.exec(line)?.[1])).toEqual(['U0P2', 'U0P3', 'U0P4', 'U0P5', 'U0P6']);
    expect(shown[2]).toMatch(/: @channel &lt;script&gt; for @bob &amp; @U0ANN$/);
    expect(shown[3]).toMatch(/: x+…$/);
    expect(shown[4]).toMatch(/: six · :paperclip: log &lt;b&gt;\.txt$/);
    expect(shown[5]).toMatch(/: seven lines$/);
    expect(shown[6]).toBe('_and 2 more_');
    expect(allText(answer)).not.toContain('<!channel>');
    expect(allText(answer)).not.toContain('<@U0BOB');
    expect(answer.blocks.findIndex((b) => b.block_id === 'comments_block')).toBeLessThan(answer.blocks.findIndex((b) => b.block_id === 'history_block'));
  });

  it("when the week's digest is collected, then it counts the team's items with new comments, once each, and not another team's", async () => {
    const reporter = newActor();
    const first = await fileBugThrough(h, reporter, 'Discussed', 'C_DIGEST_A');
    const second = await fileBugThrough(h, reporter, 'Also discussed', 'C_DIGEST_A');
    const quiet = await fileBugThrough(h, reporter, 'Nobody talks', 'C_DIGEST_A');
    const elsewhere = await fileBugThrough(h, reporter, 'Another team', 'C_DIGEST_A');
    const other = await addTeam(h.database.db, reporter.teamId, { name: 'Platform' });
    await h.database.db.update(bugs).set({ teamId: other.id }).where(eq(bugs.id, elsewhere.id));
    for (const bug of [first, first, second, elsewhere]) await handled(await reply(reporter, bug.threadChannelId!, bug.threadTs!, `about ${bug.summary}`));
    expect(quiet.id).toBeGreaterThan(0);
    const team = await defaultTeamOf(h.database.db, reporter.teamId);
    const data = await collectDigest(h.database.db, team, new Date(Date.now() + 60_000), 'UTC');
    expect(data.commentedItems).toBe(2);
    expect(JSON.stringify(buildDigest(data).blocks)).toContain('Comments: new on 2 items');
    expect((await collectDigest(h.database.db, other, new Date(Date.now() + 60_000), 'UTC')).commentedItems).toBe(1);
    // A week later they are last week's.
    expect((await collectDigest(h.database.db, team, new Date(Date.now() + 8 * 86_400_000), 'UTC')).commentedItems).toBe(0);
  });

  it('when message events are not what Slack sends or mean nothing here, then each is answered 200, logged and ignored, and nothing changes', async () => {
    const actor = newActor();
    const bug = await fileBugThrough(h, actor, 'Hostile events', 'C_HOSTILE');
    const thread = { channel: bug.threadChannelId, thread_ts: bug.threadTs };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...thread, subtype: 'channel_join', user: actor.userId, ts: nextTs(), text: 'joined' }, 'subtype channel_join'],
      [{ ...thread, subtype: 'something_new', user: actor.userId, ts: nextTs() }, 'subtype something_new'],
      [{ ...thread, text: 'who?', ts: nextTs() }, 'no_user'],
      [{ ...thread, user: 'not a user', text: 'x', ts: nextTs() }, 'no_user'],
      [{ ...thread, user: actor.userId, text: 'when?' }, 'no_ts'],
      [{ ...thread, user: actor.userId, text: 'x', ts: '12' }, 'no_ts'],
      [{ channel: bug.threadChannelId, thread_ts: 'soon', user: actor.userId, text: 'x', ts: nextTs() }, 'bad_thread_ts'],
      [{ thread_ts: bug.threadTs, user: actor.userId, text: 'nowhere', ts: nextTs() }, 'no_channel'],
      [{ ...thread, subtype: 42, user: actor.userId, ts: nextTs() }, 'not_a_message'],
      [{ subtype: 'message_changed', channel: bug.threadChannelId, ts: nextTs(), message: 'gone' }, 'no_edited_message'],
      [{ subtype: 'message_deleted', channel: bug.threadChannelId, ts: nextTs() }, 'no_deleted_ts'],
    ];
    for (const [event, reason] of cases) {
      const since = lines.length;
      await deliver(actor.teamId, event);
      await ignoredAs(reason, since);
    }
    expect(await commentsOf(actor.teamId)).toEqual([]);
    expect((await reload(h, bug)).updatedAt).toEqual(bug.updatedAt);

    // A reply whose file objects are not Slack's: the reply is kept, those files are left out (and logged).
    const files = [{ id: 'not-an-id', name: 'x' }, 42, { id: 'F0BIG', name: 'big', size: -1 }, { id: 'F0OK', name: 'ok.pdf', mimetype: 'application/pdf', size: 10, permalink: 'javascript:alert(1)' }, { id: 'F0FINE', title: 'untitled', mimetype: 'x'.repeat(300) }, { id: 'F0GOOD' }];
    const ts = await reply(actor, bug.threadChannelId!, bug.threadTs!, 'see attached', { subtype: 'file_share', files });
    await handled(ts);
    expect(lines.find((line) => line.ts === ts && line.msg.startsWith('file objects'))?.dropped).toBe(5);
    expect((await commentsOf(actor.teamId)).map((c) => c.files)).toEqual([[{ id: 'F0GOOD', name: 'F0GOOD', mimetype: null, filetype: null, size: null, permalink: null }]]);
    const notAnArray = await reply(actor, bug.threadChannelId!, bug.threadTs!, 'odd', { files: 'F0NOPE' });
    await handled(notAnArray);
    expect((await commentsOf(actor.teamId)).at(-1)).toMatchObject({ text: 'odd', files: [] });
  });

  it('when a reply carries a NUL byte or text longer than Slack allows, then it is stored without the NUL and cut to 40 000 characters', async () => {
    const actor = newActor();
    const bug = await fileBugThrough(h, actor, 'Odd text', 'C_ODD');
    await handled(await reply(actor, bug.threadChannelId!, bug.threadTs!, `a\u0000b${'c'.repeat(50_000)}`));
    const [comment] = await commentsOf(actor.teamId);
    expect(comment!.text.startsWith('abc')).toBe(true);
    expect(Array.from(comment!.text)).toHaveLength(40_000);
    expect(await h.database.db.select().from(stories).where(eq(stories.workspaceId, actor.teamId))).toEqual([]);
  });
});
