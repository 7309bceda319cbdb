import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';
import { triggerFor } from '../../src/sandbox/triggers.ts';

let standin: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  standin = await startSlackEmulator();
  // As the app calls Slack: the Web API client, pointed at the stand-in; no retries, so a refusal shows at once.
  client = new WebClient('xoxb-standin-test', { slackApiUrl: standin.url, retryConfig: { retries: 0 } });
});
afterAll(() => standin.close());
beforeEach(() => standin.reset());

/** The Slack error code a call is refused with (undefined when it succeeds). */
async function errorOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
}

const section = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'section', text: { type: 'mrkdwn', text }, ...extra });
const modal = (title: string, extra: Record<string, unknown> = {}) => ({ type: 'modal' as const, title: { type: 'plain_text' as const, text: title }, blocks: [section('hello')], ...extra });
const input = (element: Record<string, unknown>) => ({ type: 'input', block_id: 'in', label: { type: 'plain_text', text: 'Field' }, element: { action_id: 'a', ...element } });
const options = (count: number) => Array.from({ length: count }, (_, i) => ({ text: { type: 'plain_text', text: `o${i}` }, value: String(i) }));

describe('the Slack stand-in holds what Slack would after the calls', () => {
  it('when the app posts, replies in a thread and edits, then the channel, the thread and replies show it', async () => {
    const parent = await client.chat.postMessage({ channel: 'C_BUGS', text: 'BUG-1 filed' });
    const reply = await client.chat.postMessage({ channel: 'C_BUGS', text: 'a reply', thread_ts: parent.ts! });
    await client.chat.update({ channel: 'C_BUGS', ts: parent.ts!, text: 'BUG-1 closed' });

    expect(standin.messagesIn('C_BUGS').map((m) => [m.text, m.thread_ts])).toEqual([
      ['BUG-1 closed', parent.ts],
      ['a reply', parent.ts],
    ]);
    expect(standin.thread('C_BUGS', parent.ts!).map((m) => m.ts)).toEqual([parent.ts, reply.ts]);
    const replies = await client.conversations.replies({ channel: 'C_BUGS', ts: parent.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['BUG-1 closed', 'a reply']);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 1, latest_reply: reply.ts, edited: { user: 'UBOTT_EMULATOR' } });
  });

  it('when a DM goes to a user id, then it is stored in their D channel', async () => {
    const posted = await client.chat.postMessage({ channel: 'U_REPORTER', text: 'hi' });
    expect(posted.channel).toBe('D_REPORTER');
    expect(standin.messagesIn('D_REPORTER').map((m) => m.text)).toEqual(['hi']);
  });

  it('when an ephemeral is posted, then only that user has it, and no channel message', async () => {
    await client.chat.postEphemeral({ channel: 'C_BUGS', user: 'U_REPORTER', text: 'only you' });
    expect(standin.ephemeralsFor('U_REPORTER').map((e) => [e.channel, e.text])).toEqual([['C_BUGS', 'only you']]);
    expect(standin.ephemeralsFor('U_OTHER')).toEqual([]);
    expect(standin.messagesIn('C_BUGS')).toEqual([]);
  });

  it('when history is read two at a time, then it comes newest first, without replies, with a cursor', async () => {
    const posts: string[] = [];
    for (const text of ['one', 'two', 'three']) posts.push((await client.chat.postMessage({ channel: 'C_WEB', text })).ts!);
    await client.chat.postMessage({ channel: 'C_WEB', text: 'hidden reply', thread_ts: posts[0]! });

    const first = await client.conversations.history({ channel: 'C_WEB', limit: 2 });
    expect([first.messages?.map((m) => m.text), first.has_more]).toEqual([['three', 'two'], true]);
    const second = await client.conversations.history({ channel: 'C_WEB', limit: 2, cursor: first.response_metadata!.next_cursor! });
    expect([second.messages?.map((m) => m.text), second.has_more, second.response_metadata?.next_cursor]).toEqual([['one'], false, '']);
    expect(await errorOf(client.conversations.replies({ channel: 'C_WEB', ts: '1.000001' }))).toBe('thread_not_found');
  });

  it('when replies are paged, then the cursor walks the thread', async () => {
    const parent = (await client.chat.postMessage({ channel: 'C_T', text: 'parent' })).ts!;
    for (const text of ['r1', 'r2']) await client.chat.postMessage({ channel: 'C_T', text, thread_ts: parent });
    const first = await client.conversations.replies({ channel: 'C_T', ts: parent, limit: 2 });
    const rest = await client.conversations.replies({ channel: 'C_T', ts: parent, limit: 2, cursor: first.response_metadata!.next_cursor! });
    expect([first.messages?.map((m) => m.text), rest.messages?.map((m) => m.text)]).toEqual([['parent', 'r1'], ['r2']]);
  });

  it('when a modal is opened, pushed onto and updated, then the user has the stack with ids and fresh hashes', async () => {
    const trigger = triggerFor('U_REPORTER');
    const root = await client.views.open({ trigger_id: trigger, view: modal('File a bug') });
    const pushed = await client.views.push({ trigger_id: triggerFor('U_REPORTER'), view: modal('Details') });
    expect(pushed.view).toMatchObject({ root_view_id: root.view!.id, previous_view_id: root.view!.id });

    expect(await errorOf(client.views.update({ view_id: pushed.view!.id!, hash: 'stale', view: modal('Stale') }))).toBe('hash_conflict');
    const updated = await client.views.update({ view_id: pushed.view!.id!, hash: pushed.view!.hash!, view: modal('More details') });
    expect(updated.view?.hash).not.toBe(pushed.view!.hash);
    expect(standin.viewsOf('U_REPORTER').map((v) => [v.id, (v.title as { text: string }).text])).toEqual([
      [root.view!.id, 'File a bug'],
      [pushed.view!.id, 'More details'],
    ]);
    expect(await errorOf(client.views.update({ view_id: 'V_NOBODY', view: modal('x') }))).toBe('not_found');
  });

  it('when Home is published twice, then the user has the latest under one view id', async () => {
    const first = await client.views.publish({ user_id: 'U_GROOMER', view: { type: 'home', blocks: [section('v1')] } });
    const second = await client.views.publish({ user_id: 'U_GROOMER', view: { type: 'home', blocks: [section('v2')] } });
    expect(second.view?.id).toBe(first.view?.id);
    expect(standin.homeOf('U_GROOMER')?.blocks).toEqual([section('v2')]);
    expect(standin.homeOf('U_OTHER')).toBeUndefined();
  });

  it('when the bot reacts and un-reacts, then reactions.get shows it and repeats are refused as Slack does', async () => {
    const ts = (await client.chat.postMessage({ channel: 'C_BUGS', text: 'bug' })).ts!;
    await client.reactions.add({ channel: 'C_BUGS', timestamp: ts, name: 'bug' });
    expect(await errorOf(client.reactions.add({ channel: 'C_BUGS', timestamp: ts, name: 'bug' }))).toBe('already_reacted');
    const got = await client.reactions.get({ channel: 'C_BUGS', timestamp: ts });
    expect(got.message?.reactions).toEqual([{ name: 'bug', users: ['UBOTT_EMULATOR'], count: 1 }]);
    await client.reactions.remove({ channel: 'C_BUGS', timestamp: ts, name: 'bug' });
    expect(await errorOf(client.reactions.remove({ channel: 'C_BUGS', timestamp: ts, name: 'bug' }))).toBe('no_reaction');
    expect(standin.messagesIn('C_BUGS')[0]?.reactions).toEqual([]);
    expect(await errorOf(client.reactions.add({ channel: 'C_BUGS', timestamp: '1.000009', name: 'bug' }))).toBe('message_not_found');
  });

  it('when a file is uploaded into a thread (files.uploadV2), then files.info has it and the thread shows it', async () => {
    const parent = (await client.chat.postMessage({ channel: 'C_BUGS', text: 'BUG-2' })).ts!;
    const upload = await client.filesUploadV2({ channel_id: 'C_BUGS', thread_ts: parent, filename: 'trace.txt', title: 'Stack trace', content: 'at checkout()', initial_comment: 'the trace' });
    const id = (upload.files[0] as { files?: { id: string }[] }).files![0]!.id;

    const info = await client.files.info({ file: id });
    expect(info.file).toMatchObject({ id, name: 'trace.txt', title: 'Stack trace', size: 13, channels: ['C_BUGS'] });
    expect(standin.state.file(id)?.content.toString()).toBe('at checkout()');
    expect(standin.thread('C_BUGS', parent).map((m) => [m.text, m.files?.map((f) => f.id)])).toEqual([
      ['BUG-2', undefined],
      ['the trace', [id]],
    ]);
    expect(await errorOf(client.files.info({ file: 'F_NONE' }))).toBe('file_not_found');
  });

  it('when team.info is asked, then it names the token’s workspace', async () => {
    const answer = await client.team.info();
    expect(answer.team).toMatchObject({ id: 'T_EMULATOR', name: 'Emulator', domain: 't_emulator' });
  });

  it('when users are declared with roles, then users.info and users.list carry them', async () => {
    standin.users.set('U_ADMIN', { is_admin: true, is_owner: true });
    expect((await client.users.info({ user: 'U_ADMIN' })).user).toMatchObject({ id: 'U_ADMIN', is_admin: true, is_owner: true });
    expect((await client.users.info({ user: 'U_PLAIN' })).user).toMatchObject({ is_admin: false, is_owner: false });
    expect((await client.users.list({})).members?.map((m) => [m.id, m.is_admin])).toEqual([['U_ADMIN', true]]);
    standin.users.delete('U_ADMIN');
  });
});

describe("the Slack stand-in refuses what Slack would, with Slack's error names", () => {
  const post = (extra: Record<string, unknown>) => errorOf(client.chat.postMessage({ channel: 'C_LIMITS', text: 'x', ...extra }));
  const open = (view: Record<string, unknown>) => errorOf(client.views.open({ trigger_id: triggerFor('U_LIMITS'), view: view as any }));

  it('when a message has more than 50 blocks, then invalid_blocks; 50 pass', async () => {
    expect(await post({ blocks: Array.from({ length: 51 }, () => section('x')) })).toBe('invalid_blocks');
    expect(await post({ blocks: Array.from({ length: 50 }, () => section('x')) })).toBeUndefined();
  });

  it('when a message text is over 40 000 characters, then msg_too_long, counted in characters', async () => {
    expect(await post({ text: 'x'.repeat(40_001) })).toBe('msg_too_long');
    expect(await post({ text: '😀'.repeat(40_000) })).toBeUndefined();
  });

  it('when a section, a field, a header or a button is too long, or fields or options too many, then invalid_blocks', async () => {
    const actions = (element: Record<string, unknown>) => [{ type: 'actions', elements: [{ action_id: 'a', ...element }] }];
    const fields = (count: number, length = 1) => [{ type: 'section', fields: Array.from({ length: count }, () => ({ type: 'mrkdwn', text: 'f'.repeat(length) })) }];
    const over = {
      section: [section('s'.repeat(3001))],
      fields: fields(11),
      field: fields(1, 2001),
      header: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      button: actions({ type: 'button', text: { type: 'plain_text', text: 'b'.repeat(76) } }),
      options: actions({ type: 'static_select', placeholder: { type: 'plain_text', text: 'p' }, options: options(101) }),
      accessory: [section('s', { accessory: { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } } })],
      duplicate: [section('a', { block_id: 'same' }), section('b', { block_id: 'same' })],
    };
    for (const [what, blocks] of Object.entries(over)) expect([what, await post({ blocks })]).toEqual([what, 'invalid_blocks']);
    const atLimit = [section('s'.repeat(3000)), ...fields(10, 2000), { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } }, ...actions({ type: 'button', text: { type: 'plain_text', text: 'b'.repeat(75) } })];
    expect(await post({ blocks: atLimit })).toBeUndefined();
  });

  it('when a response URL is sent too many blocks, then invalid_blocks', async () => {
    const answer = await fetch(standin.responseUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ blocks: Array.from({ length: 51 }, () => section('x')) }) });
    expect(await answer.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
  });

  it('when a modal title is over 24 characters or private_metadata over 3000, then invalid_arguments', async () => {
    expect(await open(modal('t'.repeat(25)))).toBe('invalid_arguments');
    expect(await open(modal('t'.repeat(24), { private_metadata: 'm'.repeat(3001) }))).toBe('invalid_arguments');
    expect(await open(modal('t'.repeat(24), { private_metadata: 'm'.repeat(3000) }))).toBeUndefined();
  });

  it('when a modal or Home has more than 100 blocks, then invalid_arguments; 100 pass', async () => {
    const blocks = (count: number) => Array.from({ length: count }, () => section('x'));
    expect(await open(modal('Big', { blocks: blocks(101) }))).toBe('invalid_arguments');
    expect(await open(modal('Big', { blocks: blocks(100) }))).toBeUndefined();
    expect(await errorOf(client.views.publish({ user_id: 'U_LIMITS', view: { type: 'home', blocks: blocks(101) as any } }))).toBe('invalid_arguments');
  });

  it('when an input’s initial_value is longer than its max_length, or a select has over 100 options, then invalid_arguments', async () => {
    expect(await open(modal('Form', { blocks: [input({ type: 'plain_text_input', max_length: 3, initial_value: 'four' })] }))).toBe('invalid_arguments');
    expect(await open(modal('Form', { blocks: [input({ type: 'static_select', options: options(101) })] }))).toBe('invalid_arguments');
    expect(await open(modal('Form', { blocks: [input({ type: 'plain_text_input', max_length: 4, initial_value: 'four' })] }))).toBeUndefined();
  });

  it('when a fourth modal is pushed onto a stack of three, then push_limit_reached, and the stack stays at three', async () => {
    await client.views.open({ trigger_id: triggerFor('U_STACK'), view: modal('One') });
    for (const title of ['Two', 'Three']) await client.views.push({ trigger_id: triggerFor('U_STACK'), view: modal(title) });
    expect(await errorOf(client.views.push({ trigger_id: triggerFor('U_STACK'), view: modal('Four') }))).toBe('push_limit_reached');
    expect(standin.viewsOf('U_STACK')).toHaveLength(3);
    await client.views.open({ trigger_id: triggerFor('U_STACK'), view: modal('Fresh') });
    expect(standin.viewsOf('U_STACK')).toHaveLength(1);
  });
});

describe('the Slack stand-in reads history and threads as Slack does', () => {
  /** Posts `texts` to `channel` in order; their timestamps. */
  async function postAll(channel: string, texts: string[], threadTs?: string): Promise<string[]> {
    const posted: string[] = [];
    for (const text of texts) posted.push((await client.chat.postMessage({ channel, text, ...(threadTs ? { thread_ts: threadTs } : {}) })).ts!);
    return posted;
  }
  const texts = (answer: { messages?: { text?: string }[] }) => answer.messages?.map((m) => m.text);

  it('when history is asked for a window, then oldest and latest bound it, exclusive unless inclusive, newest first', async () => {
    const [one, two, , four] = await postAll('C_WINDOW', ['one', 'two', 'three', 'four']);
    expect(texts(await client.conversations.history({ channel: 'C_WINDOW', oldest: one!, latest: four! }))).toEqual(['three', 'two']);
    expect(texts(await client.conversations.history({ channel: 'C_WINDOW', oldest: one!, latest: four!, inclusive: true }))).toEqual(['four', 'three', 'two', 'one']);
    expect(texts(await client.conversations.history({ channel: 'C_WINDOW', oldest: two! }))).toEqual(['four', 'three']);
    expect(texts(await client.conversations.history({ channel: 'C_WINDOW', latest: two!, inclusive: true }))).toEqual(['two', 'one']);
    const page = await client.conversations.history({ channel: 'C_WINDOW', oldest: one!, inclusive: true, limit: 3 });
    expect([texts(page), page.has_more]).toEqual([['four', 'three', 'two'], true]);
    expect(texts(await client.conversations.history({ channel: 'C_WINDOW', oldest: one!, inclusive: true, limit: 3, cursor: page.response_metadata!.next_cursor! }))).toEqual(['one']);
  });

  it('when timestamps differ only in their last micro-second digits, then the window still tells them apart', async () => {
    const [first, second] = await postAll('C_CLOSE', ['first', 'second']);
    expect(first!.split('.')[0]).toBe(second!.split('.')[0]);
    expect(texts(await client.conversations.history({ channel: 'C_CLOSE', oldest: first! }))).toEqual(['second']);
  });

  it('when history is asked of a channel Slack does not have, or with a bad bound or cursor, then Slack’s error', async () => {
    await postAll('C_KNOWN', ['hello']);
    expect(await errorOf(client.conversations.history({ channel: 'C_NOWHERE' }))).toBe('channel_not_found');
    expect(await errorOf(client.conversations.history({ channel: 'not-a-channel' }))).toBe('channel_not_found');
    expect(await errorOf(client.conversations.replies({ channel: 'C_NOWHERE', ts: '1.000001' }))).toBe('channel_not_found');
    expect(await errorOf(client.conversations.history({ channel: 'C_KNOWN', oldest: 'yesterday' }))).toBe('invalid_ts_oldest');
    expect(await errorOf(client.conversations.history({ channel: 'C_KNOWN', latest: 'now' }))).toBe('invalid_ts_latest');
    expect(await errorOf(client.conversations.history({ channel: 'C_KNOWN', cursor: 'bm9wZQ==' }))).toBe('invalid_cursor');
    standin.channels.set('C_DECLARED', { name: 'declared' });
    expect((await client.conversations.history({ channel: 'C_DECLARED' })).messages).toEqual([]);
    standin.channels.set('G_SECRET', { is_private: true, is_member: false });
    expect(await errorOf(client.conversations.history({ channel: 'G_SECRET' }))).toBe('channel_not_found');
    for (const id of ['C_DECLARED', 'G_SECRET']) standin.channels.delete(id);
  });

  it('when replies are asked for a window, then the parent comes first whatever the window, and the replies in it oldest first', async () => {
    const [parent] = await postAll('C_THREAD', ['parent']);
    const [r1, r2, r3] = await postAll('C_THREAD', ['r1', 'r2', 'r3'], parent);
    expect(texts(await client.conversations.replies({ channel: 'C_THREAD', ts: parent!, oldest: r1! }))).toEqual(['parent', 'r2', 'r3']);
    expect(texts(await client.conversations.replies({ channel: 'C_THREAD', ts: parent!, oldest: r1!, latest: r3!, inclusive: true }))).toEqual(['parent', 'r1', 'r2', 'r3']);
    expect(texts(await client.conversations.replies({ channel: 'C_THREAD', ts: parent!, latest: r2! }))).toEqual(['parent', 'r1']);
    expect(await errorOf(client.conversations.replies({ channel: 'C_THREAD', ts: parent!, latest: 'soon' }))).toBe('invalid_ts_latest');
  });

  it('when replies are asked with a reply’s ts, then Slack answers the thread it is in, parent first; one reply alone with a window on its ts', async () => {
    const [parent] = await postAll('C_BYREPLY', ['parent']);
    const [r1, r2] = await postAll('C_BYREPLY', ['r1', 'r2'], parent);
    expect(texts(await client.conversations.replies({ channel: 'C_BYREPLY', ts: r2! }))).toEqual(['parent', 'r1', 'r2']);
    expect(texts(await client.conversations.replies({ channel: 'C_BYREPLY', ts: r1!, oldest: r1!, latest: r1!, inclusive: true }))).toEqual(['parent', 'r1']);
  });

  it("when history is read in a public channel the bot is not in, then not_in_channel; a bot's messages carry its bot_id, a person's none", async () => {
    standin.channels.set('C_OUTSIDE', { is_member: false });
    standin.state.post('C_OUTSIDE', standin.nextTs(), { text: 'hi' }, 'U_PERSON');
    expect(await errorOf(client.conversations.history({ channel: 'C_OUTSIDE' }))).toBe('not_in_channel');
    standin.channels.delete('C_OUTSIDE');
    await postAll('C_AUTHORS', ['from the bot']);
    standin.state.post('C_AUTHORS', standin.nextTs(), { text: 'from a person' }, 'U_PERSON');
    const messages = (await client.conversations.history({ channel: 'C_AUTHORS' })).messages!;
    expect(messages.map((m) => [m.text, m.user, m.bot_id])).toEqual([['from a person', 'U_PERSON', undefined], ['from the bot', 'UBOTT_EMULATOR', 'BT_EMULATOR']]);
  });
});

describe('the Slack stand-in answers response URLs as Slack does', () => {
  const respond = (url: string, body: Record<string, unknown>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

  it('when a button’s message is answered with replace_original, then that message changes, for everyone, and nothing is added', async () => {
    const ts = (await client.chat.postMessage({ channel: 'C_RESP', text: 'triage BUG-1' })).ts!;
    const url = standin.responseUrlFor({ user: 'U_TRIAGER', channel: 'C_RESP', source: { ts, ephemeral: false } });
    expect(await respond(url, { replace_original: true, text: 'BUG-1 rated' })).toEqual({ ok: true });
    expect(standin.messagesIn('C_RESP').map((m) => [m.ts, m.text])).toEqual([[ts, 'BUG-1 rated']]);
    expect(standin.ephemeralsFor('U_TRIAGER')).toEqual([]);
  });

  it('when it is answered without replace_original, then a new ephemeral for the person, or with in_channel a new message', async () => {
    const ts = (await client.chat.postMessage({ channel: 'C_RESP', text: 'triage BUG-2' })).ts!;
    const target = { user: 'U_TRIAGER', channel: 'C_RESP', source: { ts, ephemeral: false } };
    await respond(standin.responseUrlFor(target), { text: 'only you' });
    await respond(standin.responseUrlFor(target), { response_type: 'in_channel', text: 'everyone' });
    expect(standin.ephemeralsFor('U_TRIAGER').map((e) => [e.channel, e.text])).toEqual([['C_RESP', 'only you']]);
    expect(standin.messagesIn('C_RESP').map((m) => m.text)).toEqual(['triage BUG-2', 'everyone']);
  });

  it('when it is answered with delete_original, then the message goes', async () => {
    const ts = (await client.chat.postMessage({ channel: 'C_RESP', text: 'going' })).ts!;
    await respond(standin.responseUrlFor({ user: 'U_TRIAGER', channel: 'C_RESP', source: { ts, ephemeral: false } }), { delete_original: true });
    expect(standin.messagesIn('C_RESP')).toEqual([]);
  });

  it('when the button was on an ephemeral, then replacing and deleting act on that ephemeral alone', async () => {
    await client.chat.postMessage({ channel: 'C_RESP', text: 'public' });
    const ts = (await client.chat.postEphemeral({ channel: 'C_RESP', user: 'U_REPORTER', text: 'page 1' })).message_ts!;
    const target = { user: 'U_REPORTER', channel: 'C_RESP', source: { ts, ephemeral: true } };
    await respond(standin.responseUrlFor(target), { replace_original: true, text: 'page 2' });
    expect(standin.ephemeralsFor('U_REPORTER').map((e) => e.text)).toEqual(['page 2']);
    await respond(standin.responseUrlFor(target), { delete_original: true });
    expect(standin.ephemeralsFor('U_REPORTER')).toEqual([]);
    expect(standin.messagesIn('C_RESP').map((m) => m.text)).toEqual(['public']);
  });

  it('when a slash command’s response URL says replace_original, then there is no original: a new ephemeral', async () => {
    await respond(standin.responseUrlFor({ user: 'U_REPORTER', channel: 'C_RESP' }), { replace_original: true, text: 'hello' });
    expect(standin.ephemeralsFor('U_REPORTER').map((e) => e.text)).toEqual(['hello']);
  });
});

describe('the Slack stand-in serves files as Slack does', () => {
  it('when a person’s file is in the store, then files.info describes it and url_private gives its bytes to a token, and only to one', async () => {
    const stored = standin.state.files.store({ name: 'trace.txt', content: Buffer.from('at checkout()'), user: 'U_REPORTER', mimetype: 'text/plain' });
    const { file } = await client.files.info({ file: stored.id });
    expect(file).toMatchObject({ id: stored.id, name: 'trace.txt', title: 'trace.txt', mimetype: 'text/plain', filetype: 'txt', size: 13, user: 'U_REPORTER', is_public: false });
    const download = await fetch(file!.url_private!, { headers: { authorization: 'Bearer xoxb-standin-test' } });
    expect([download.status, download.headers.get('content-type'), await download.text()]).toEqual([200, 'text/plain', 'at checkout()']);
    expect((await fetch(file!.url_private_download!, { headers: { authorization: 'Bearer xoxb-standin-test' } })).status).toBe(200);
    const anonymous = await fetch(file!.url_private!);
    expect([anonymous.status, await anonymous.text()]).toEqual([403, 'not_authed: url_private needs the header Authorization: Bearer <bot token>']);
    expect((await fetch(file!.url_private!.replace(stored.id, 'F99999999'), { headers: { authorization: 'Bearer xoxb-standin-test' } })).status).toBe(404);
    expect(standin.callsTo('url_private').map((c) => c.response?.ok ?? false)).toEqual([true, true, false, false]);
  });

  it('when a file is deleted, then files.info says file_deleted, url_private 404 and sharing it file_not_found', async () => {
    const stored = standin.state.files.store({ name: 'old.png', content: Buffer.from('PNG'), user: 'U_REPORTER' });
    const { file } = await client.files.info({ file: stored.id });
    expect(standin.state.files.delete(stored.id)).toBe(true);
    expect(await errorOf(client.files.info({ file: stored.id }))).toBe('file_deleted');
    expect((await fetch(file!.url_private!, { headers: { authorization: 'Bearer xoxb-standin-test' } })).status).toBe(404);
    expect(await errorOf(client.files.completeUploadExternal({ files: [{ id: stored.id }], channel_id: 'C_BUGS' }))).toBe('file_not_found');
  });

  it('when a message draws an image from a slack_file, then it must be a PNG, JPG or GIF Slack has: otherwise invalid_blocks', async () => {
    const image = (id: string) => [{ type: 'image', slack_file: { id }, alt_text: 'shot' }];
    const png = standin.state.files.store({ name: 'shot.png', content: Buffer.from('PNG'), user: 'U_REPORTER' });
    const pdf = standin.state.files.store({ name: 'spec.pdf', content: Buffer.from('%PDF'), user: 'U_REPORTER' });
    const gone = standin.state.files.store({ name: 'gone.gif', content: Buffer.from('GIF'), user: 'U_REPORTER' });
    standin.state.files.delete(gone.id);
    const post = (id: string) => errorOf(client.chat.postMessage({ channel: 'C_IMAGES', text: 'x', blocks: image(id) as any }));
    expect([await post(png.id), await post(pdf.id), await post(gone.id), await post('F00000404')]).toEqual([undefined, 'invalid_blocks', 'invalid_blocks', 'invalid_blocks']);
  });

  it('when a file input allows no files or more than ten, then invalid_arguments', async () => {
    const form = (maxFiles: number) => errorOf(client.views.open({ trigger_id: triggerFor('U_FILES'), view: modal('Files', { blocks: [input({ type: 'file_input', max_files: maxFiles })] }) as any }));
    expect([await form(0), await form(11), await form(10)]).toEqual(['invalid_arguments', 'invalid_arguments', undefined]);
  });
});
