import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { triggerFor } from '../../src/sandbox/triggers.ts';
import { type PageSandbox, startPageSandbox } from '../support/page-sandbox.ts';

let sandbox: PageSandbox;
beforeAll(async () => {
  sandbox = await startPageSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.emulator.reset();
  sandbox.received.length = 0;
});

/** The page's API as the page calls it: the answer's status and JSON. */
async function call(name: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }, query = '') {
  const response = await fetch(`${sandbox.url}/sandbox/api/${name}${query}`, { method: 'POST', headers, body });
  return { status: response.status, answer: (await response.json()) as Record<string, any> };
}
const post = (name: string, body: Record<string, unknown>) => call(name, JSON.stringify(body));
const upload = (user: string, name: string, content: string | Buffer, type = 'text/plain') => call('upload', typeof content === 'string' ? content : new Uint8Array(content), { 'content-type': type }, `?${new URLSearchParams({ user, name })}`);

const fileForm = {
  type: 'modal' as const,
  callback_id: 'files_form',
  title: { type: 'plain_text' as const, text: 'Attach' },
  submit: { type: 'plain_text' as const, text: 'Send' },
  blocks: [{ type: 'input', block_id: 'files_block', label: { type: 'plain_text', text: 'Attachments' }, element: { type: 'file_input', action_id: 'files_action', max_files: 2 } }],
};

describe('a file picked in a sandbox modal', () => {
  it('when it is uploaded and the form submitted, then the bot gets Slack’s file objects and can read the file with its token', async () => {
    const opened = await sandbox.client.views.open({ trigger_id: triggerFor('U_REPORTER'), view: fileForm as any });
    const uploaded = await upload('U_REPORTER', 'trace.txt', 'at checkout()');
    expect(uploaded).toMatchObject({ status: 200, answer: { ok: true, file: { name: 'trace.txt', size: 13 } } });
    const id = uploaded.answer.file.id;

    const submitted = await post('submit', { user: 'U_REPORTER', view_id: opened.view!.id, values: { files_block: { files_action: { type: 'file_input', files: [{ id }] } } } });
    expect(submitted.answer).toEqual({ ok: true });
    const [submission] = sandbox.interactions('view_submission');
    const value = submission!.view.state.values.files_block.files_action;
    expect(value.type).toBe('file_input');
    expect(value.files).toEqual([expect.objectContaining({ id, name: 'trace.txt', title: 'trace.txt', mimetype: 'text/plain', filetype: 'txt', size: 13, user: 'U_REPORTER' })]);
    expect(Object.keys(value.files[0])).toEqual(expect.arrayContaining(['url_private', 'url_private_download', 'permalink', 'created', 'timestamp']));

    // As the bot reads it: files.info, then url_private with its bot token.
    const info = await sandbox.client.files.info({ file: id });
    const bytes = await fetch(info.file!.url_private!, { headers: { authorization: 'Bearer xoxb-page-sandbox' } });
    expect(await bytes.text()).toBe('at checkout()');
    expect(sandbox.emulator.viewsOf('U_REPORTER')).toEqual([]);
  });

  it('when a file has no name, is over 10 MB, or is someone else’s, then the page is told why and nothing reaches the bot', async () => {
    expect(await upload('U_REPORTER', '', 'x')).toEqual({ status: 400, answer: { ok: false, error: 'upload: the file needs a name (?name=)' } });
    expect(await upload('U_NOBODY', 'a.txt', 'x')).toEqual({ status: 400, answer: { ok: false, error: 'no such person: U_NOBODY' } });
    expect(await upload('U_REPORTER', 'huge.bin', Buffer.alloc(10 * 1024 * 1024 + 1), 'application/octet-stream')).toEqual({ status: 413, answer: { ok: false, error: 'huge.bin is over 10 MB' } });

    const opened = await sandbox.client.views.open({ trigger_id: triggerFor('U_REPORTER'), view: fileForm as any });
    const theirs = (await upload('U_TRIAGER', 'theirs.txt', 'x')).answer.file.id;
    const refused = await post('submit', { user: 'U_REPORTER', view_id: opened.view!.id, values: { files_block: { files_action: { type: 'file_input', files: [{ id: theirs }] } } } });
    expect(refused).toEqual({ status: 400, answer: { ok: false, error: `no file ${theirs} uploaded by U_REPORTER` } });
    expect(sandbox.interactions('view_submission')).toEqual([]);
  });
});

describe('a message typed in the sandbox', () => {
  it('when a person replies in a thread, then the bot gets the message event Slack sends: author, team, channel, its ts and the thread’s', async () => {
    const parent = (await sandbox.client.chat.postMessage({ channel: 'C_BUGS', text: 'BUG-1' })).ts!;
    const { answer } = await post('message', { user: 'U_REPORTER', channel: 'C_BUGS', thread_ts: parent, text: 'same here' });
    const [event] = sandbox.received.filter((r) => r.kind === 'event').map((r) => r.body);
    expect(event).toMatchObject({ type: 'event_callback', team_id: 'T_EMULATOR' });
    expect(event!.event).toEqual({ type: 'message', client_msg_id: expect.any(String), channel: 'C_BUGS', user: 'U_REPORTER', team: 'T_EMULATOR', text: 'same here', ts: answer.ts, event_ts: answer.ts, channel_type: 'channel', thread_ts: parent, parent_user_id: 'UBOTT_EMULATOR' });
    expect(sandbox.emulator.thread('C_BUGS', parent).map((m) => m.text)).toEqual(['BUG-1', 'same here']);
  });
});

describe('reactions and response URLs through the sandbox', () => {
  it('when a person adds and takes back a reaction, then the message shows it and the bot gets reaction_added, then reaction_removed', async () => {
    const ts = (await sandbox.client.chat.postMessage({ channel: 'C_BUGS', text: 'BUG-1' })).ts!;
    expect((await post('reaction', { user: 'U_REPORTER', channel: 'C_BUGS', ts, name: ':bug:' })).answer).toEqual({ ok: true });
    expect(sandbox.emulator.messagesIn('C_BUGS')[0]?.reactions).toEqual([{ name: 'bug', users: ['U_REPORTER'], count: 1 }]);
    expect((await post('reaction', { user: 'U_REPORTER', channel: 'C_BUGS', ts, name: 'bug', remove: true })).answer).toEqual({ ok: true });
    expect(sandbox.emulator.messagesIn('C_BUGS')[0]?.reactions).toEqual([]);
    const events = sandbox.received.filter((r) => r.kind === 'event').map((r) => [r.body.event.type, r.body.event.reaction, r.body.event.item.ts, r.body.event.item_user]);
    expect(events).toEqual([
      ['reaction_added', 'bug', ts, 'UBOTT_EMULATOR'],
      ['reaction_removed', 'bug', ts, 'UBOTT_EMULATOR'],
    ]);
  });

  it('when the emoji is not one Slack has here, then it is refused with the reason, and no event goes', async () => {
    const ts = (await sandbox.client.chat.postMessage({ channel: 'C_BUGS', text: 'BUG-1' })).ts!;
    const refused = await post('reaction', { user: 'U_REPORTER', channel: 'C_BUGS', ts, name: 'not_an_emoji' });
    expect(refused.status).toBe(400);
    expect(refused.answer.error).toBe('no emoji called :not_an_emoji: here (the sandbox has no custom emoji; try bug, eyes, white_check_mark, +1, tada, fire, rotating_light, heavy_plus_sign …)');
    expect(sandbox.received).toEqual([]);
  });

  it('when a button on a message is pressed, then its response URL replaces that very message', async () => {
    const ts = (await sandbox.client.chat.postMessage({ channel: 'C_TRIAGE', text: 'rate me', blocks: [{ type: 'actions', block_id: 'rate', elements: [{ type: 'button', action_id: 'rate_button', text: { type: 'plain_text', text: 'Rate' } }] }] })).ts!;
    await post('action', { user: 'U_TRIAGER', channel: 'C_TRIAGE', ts, action: { type: 'button', action_id: 'rate_button', block_id: 'rate' } });
    const [press] = sandbox.interactions('block_actions');
    await fetch(press!.response_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ replace_original: true, text: 'rated' }) });
    expect(sandbox.emulator.messagesIn('C_TRIAGE').map((m) => [m.ts, m.text, m.blocks])).toEqual([[ts, 'rated', undefined]]);
    expect(sandbox.emulator.ephemeralsFor('U_TRIAGER')).toEqual([]);
  });
});
