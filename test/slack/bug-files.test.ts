import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugFiles, bugs } from '../../src/db/schema.ts';
import { type Actor, messageShortcut, sendInteraction, sendSlashCommand } from '../../src/sandbox/deliver.ts';
import { newActor, openBugModal, submitView, validBug } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { freshChannel, personSays } from '../support/emoji-flow.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { messageLimitProblems } from '../support/slack-limits.ts';

describe.each(dbKinds)("a bug's screenshots and files on %s", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** A file `actor` picked in the form's file input: in Slack's store, and as Slack describes it in the view's state. */
  function picked(actor: Actor, name: string, content: string | Buffer, mimetype?: string) {
    const file = h.emulator.state.files.store({ name, content: Buffer.from(content), user: actor.userId, mimetype });
    return h.emulator.state.files.shape(file);
  }
  const bugOf = async (actor: Actor) => (await h.database.db.select().from(bugs).where(eq(bugs.workspaceId, actor.teamId)))[0];
  const filesOf = async (bugId: number) => h.database.db.select().from(bugFiles).where(eq(bugFiles.bugId, bugId)).orderBy(asc(bugFiles.id));
  /** The files shared into a thread (its replies, not the message it hangs on), by name. */
  const sharedInto = (channel: string, ts: string) => h.emulator.thread(channel, ts).slice(1).flatMap((m) => (m.files ?? []).map((f) => f.name));
  const triageUpdates = (channel: string) => h.emulator.callsTo('chat.update').filter((c) => c.params.channel === channel && c.response?.ok);

  it('when a bug is filed with two screenshots and a PDF and sharing fails twice with 500, then each is shared into its thread exactly once, and the triage message draws the screenshots', async () => {
    const reporter = newActor();
    const channel = freshChannel();
    const view = await openBugModal(h, reporter, 'Cart total wrong', channel);
    const input = view.blocks.find((b: any) => b.block_id === 'files_block');
    expect([input.label.text, input.optional, input.element.type, input.element.max_files]).toEqual(['Screenshots or files', true, 'file_input', 5]);
    expect(input.element.filetypes).toEqual(expect.arrayContaining(['png', 'jpg', 'pdf', 'txt', 'log', 'mp4']));
    const files = [picked(reporter, 'cart.png', 'PNG-1'), picked(reporter, 'total.png', 'PNG-2'), picked(reporter, 'invoice.pdf', '%PDF-1.7')];
    h.emulator.failNext('files.completeUploadExternal', { status: 500, match: (p) => p.channel_id === channel }, 2);

    expect((await submitView(h, view, { ...validBug, summary_block: 'Cart total wrong', files_block: { files } }, reporter)).body).toBeUndefined();
    const bug = (await bugOf(reporter))!;
    // Kept with the bug in its filing transaction: id, name, type, size and permalink.
    expect((await filesOf(bug.id)).map((f) => [f.slackFileId, f.name, f.filetype, f.mimetype, f.size, f.permalink])).toEqual(files.map((f) => [f.id, f.name, f.filetype, f.mimetype, f.size, f.permalink]));

    await expect.poll(async () => (await filesOf(bug.id)).map((f) => f.sharedAt !== null), { timeout: 10_000 }).toEqual([true, true, true]);
    const { threadChannelId, threadTs } = (await bugOf(reporter))!;
    expect(threadChannelId).toBe(channel);
    expect(sharedInto(channel, threadTs!)).toEqual(['cart.png', 'total.png', 'invoice.pdf']);
    const completes = h.emulator.callsTo('files.completeUploadExternal').filter((c) => c.params.channel_id === channel);
    expect(completes.map((c) => c.failed)).toEqual([true, true, false, false, false]);
    expect(completes.every((c) => c.params.thread_ts === threadTs)).toBe(true);
    // Read with the bot's token from url_private; each upload holds the file's own bytes.
    const downloads = h.emulator.callsTo('url_private').filter((c) => files.some((f) => c.params.url === f.url_private_download || c.params.url === f.url_private));
    expect(downloads.length).toBeGreaterThanOrEqual(3);
    expect(downloads.every((c) => c.token === 'xoxb-test-token')).toBe(true);
    const shared = h.emulator.thread(channel, threadTs!).slice(1).flatMap((m) => m.files ?? []);
    expect(shared.map((f) => f.content.toString())).toEqual(['PNG-1', 'PNG-2', '%PDF-1.7']);

    // The triage message, redrawn once the files were read: the screenshots drawn, the PDF listed.
    await expect.poll(() => triageUpdates(channel).length, { timeout: 5000 }).toBeGreaterThan(0);
    const blocks = triageUpdates(channel).at(-1)!.params.blocks;
    expect(blocks.filter((b: any) => b.type === 'image').map((b: any) => b.slack_file.id)).toEqual([files[0]!.id, files[1]!.id]);
    expect(blocks.find((b: any) => b.block_id === 'bug_files_block').text.text).toContain(`|invoice.pdf> (PDF, 8 bytes)`);
    expect(messageLimitProblems({ text: 'x', blocks })).toEqual([]);

    // /backlog show names them too.
    const responseUrl = h.emulator.responseUrl();
    await sendSlashCommand(h.appUrl, { ...reporter, command: '/backlog', text: `show BUG-${bug.number}`, channelId: channel, responseUrl });
    const shown = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl));
    expect(shown.response?.ok).toBe(true);
    expect(shown.params.blocks.find((b: any) => b.block_id === 'bug_files_block').text.text.split('\n')).toHaveLength(4);
    expect(shown.params.blocks.filter((b: any) => b.type === 'image')).toHaveLength(2);
  });

  it('when the second file fails to share after the first went out, then the retry shares the second only', async () => {
    const reporter = newActor();
    const channel = freshChannel();
    const view = await openBugModal(h, reporter, 'Partial share', channel);
    const files = [picked(reporter, 'first.png', 'PNG-A'), picked(reporter, 'second.log', 'log')];
    h.emulator.failNext('files.completeUploadExternal', { status: 503, match: (p) => p.channel_id === channel && p.files?.[0]?.title === 'second.log' });
    expect((await submitView(h, view, { ...validBug, files_block: { files } }, reporter)).body).toBeUndefined();
    const bug = (await bugOf(reporter))!;
    await expect.poll(async () => (await filesOf(bug.id)).every((f) => f.sharedAt !== null), { timeout: 10_000 }).toBe(true);
    const completes = h.emulator.callsTo('files.completeUploadExternal').filter((c) => c.params.channel_id === channel);
    expect(completes.map((c) => [c.params.files[0].title, c.failed])).toEqual([['first.png', false], ['second.log', true], ['second.log', false]]);
    expect(sharedInto(channel, (await bugOf(reporter))!.threadTs!)).toEqual(['first.png', 'second.log']);
  });

  it('when a file was deleted before it could be shared, then the bug is filed all the same and the file is named as unavailable', async () => {
    const reporter = newActor();
    const channel = freshChannel();
    const view = await openBugModal(h, reporter, 'Broken avatar', channel);
    const gone = picked(reporter, 'avatar.png', 'PNG');
    const kept = picked(reporter, 'console.log', 'TypeError');
    h.emulator.state.files.delete(gone.id as string);
    expect((await submitView(h, view, { ...validBug, files_block: { files: [gone, kept] } }, reporter)).body).toBeUndefined();
    const bug = (await bugOf(reporter))!;
    await expect.poll(async () => (await filesOf(bug.id)).map((f) => [f.name, f.state, f.sharedAt !== null]), { timeout: 10_000 }).toEqual([
      ['avatar.png', 'unavailable', false],
      ['console.log', 'available', true],
    ]);
    expect(h.emulator.callsTo('files.info').find((c) => c.params.file === gone.id)?.response?.error).toBe('file_deleted');
    const { threadTs } = (await bugOf(reporter))!;
    expect(sharedInto(channel, threadTs!)).toEqual(['console.log']);
    await expect.poll(() => triageUpdates(channel).length, { timeout: 5000 }).toBeGreaterThan(0);
    const list = triageUpdates(channel).at(-1)!.params.blocks.find((b: any) => b.block_id === 'bug_files_block').text.text;
    expect(list).toContain('• avatar.png — _unavailable: deleted, or not shared with Shortlist_');
    expect(triageUpdates(channel).at(-1)!.params.blocks.filter((b: any) => b.type === 'image')).toEqual([]);
  });

  it('when a file is of a type not allowed, over 10 MB, or not a file object, then the field says why and nothing is filed', async () => {
    const reporter = newActor();
    const view = await openBugModal(h, reporter, 'Attachments', freshChannel());
    const exe = picked(reporter, 'setup.exe', 'MZ');
    const svg = picked(reporter, 'logo.svg', '<svg onload=alert(1)>');
    const huge = { ...picked(reporter, 'screen.mp4', 'x'), size: 10 * 1024 * 1024 + 1 };
    const cases: [unknown[], RegExp][] = [
      [[exe], /^setup\.exe is an EXE file a bug cannot carry .* Remove it to file the bug\.$/],
      [[picked(reporter, 'ok.png', 'PNG'), svg], /^logo\.svg is an SVG file a bug cannot carry/],
      [[huge], /^screen\.mp4 is 10\.0 MB, over the 10 MB a file may be\. Remove it to file the bug\.$/],
      [[{ name: 'no-id.png', size: 3 }], /^A file came in a shape Shortlist cannot read\./],
    ];
    for (const [files, error] of cases) {
      const answer = await submitView(h, view, { ...validBug, files_block: { files: files as Record<string, unknown>[] } }, reporter);
      expect(answer.status).toBe(200);
      expect(answer.body?.response_action).toBe('errors');
      expect(Object.keys(answer.body!.errors)).toEqual(['files_block']);
      expect(answer.body!.errors.files_block).toMatch(error);
    }
    expect(await bugOf(reporter)).toBeUndefined();
  });

  it('when a message with files is reported with the shortcut, then the bug keeps those it may carry, shares them, and the form says which stay behind', async () => {
    const reporter = newActor();
    const channel = freshChannel();
    const customer = { ...newActor(), teamId: reporter.teamId };
    const shot = h.emulator.state.files.store({ name: 'error.png', content: Buffer.from('PNG'), user: customer.userId });
    const archive = h.emulator.state.files.store({ name: 'logs.zip', content: Buffer.from('PK'), user: customer.userId });
    const ts = personSays(h, channel, 'Checkout crashes, see screenshot', { user: customer.userId, files: [shot.id, archive.id] });
    const message = h.emulator.messagesIn(channel).find((m) => m.ts === ts)!;
    // A malformed file object among them is left out like any other that cannot be kept; the report goes on.
    const files = [...message.files!.map((f) => h.emulator.state.files.shape(f)), { name: 'no id', size: 'big' }];
    const payload = messageShortcut(reporter, 'report_as_bug', { channelId: channel, ts, text: message.text!, files }, h.emulator.responseUrl());
    await sendInteraction(h.appUrl, payload);
    const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === payload.trigger_id));
    const view = { ...open.params.view, id: `VMSGFILES${Date.now()}` };
    expect(view.blocks.find((b: any) => b.block_id === 'message_files_block').elements[0].text).toBe(
      ":paperclip: The message's file comes with the bug: error.png\nNot attached: logs.zip is a ZIP file a bug cannot carry (screenshots, PDFs, text, logs, CSV, JSON and videos it can)\nNot attached: A file came in a shape Shortlist cannot read",
    );
    expect(view.blocks.find((b: any) => b.block_id === 'files_block').element.max_files).toBe(4);
    expect(JSON.parse(view.private_metadata).files.map((f: any) => f.id)).toEqual([shot.id]);

    expect((await submitView(h, view, { ...validBug, files_block: { files: [picked(reporter, 'steps.txt', '1. pay')] } }, reporter)).body).toBeUndefined();
    const bug = (await bugOf(reporter))!;
    expect([bug.sourceChannelId, bug.sourceTs]).toEqual([channel, ts]);
    await expect.poll(async () => (await filesOf(bug.id)).map((f) => [f.name, f.sharedAt !== null]), { timeout: 10_000 }).toEqual([
      ['error.png', true],
      ['steps.txt', true],
    ]);
    // Shared into the reported message's thread, where the confirmation is.
    expect(sharedInto(channel, ts)).toEqual(['error.png', 'steps.txt']);
  });

  it('when the form brings more files than a bug keeps beside the message’s, then the field says how many to remove', async () => {
    const reporter = newActor();
    const view = await openBugModal(h, reporter, 'Many', freshChannel());
    const files = Array.from({ length: 6 }, (_, i) => picked(reporter, `shot${i}.png`, 'PNG'));
    const answer = await submitView(h, view, { ...validBug, files_block: { files } }, reporter);
    expect(answer.body?.errors).toEqual({ files_block: 'A bug keeps at most 5 files: remove 1.' });
    expect(await bugOf(reporter)).toBeUndefined();
  });
});
