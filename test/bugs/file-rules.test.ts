import { describe, expect, it } from 'vitest';
import { formFiles, isDrawableImage, keepableFile, messageFiles } from '../../src/bugs/file-rules.ts';

/** A file object as Slack sends it in a file input's state or a message's `files`. */
const slackFile = (id: string, name: string, filetype: string, mimetype: string, size = 1000, extra: Record<string, unknown> = {}) => ({
  id, name, title: name, filetype, mimetype, size, permalink: `https://acme.slack.com/files/U1/${id}/${name}`, url_private: `https://files.slack.com/files-pri/T1-${id}/${name}`, user: 'U1', ...extra,
});

describe('which files a bug may carry', () => {
  it('when screenshots, a PDF, a log and a video are given, then each is kept with its id, name, type, size and permalink', () => {
    const files = [slackFile('F1', 'shot.png', 'png', 'image/png'), slackFile('F2', 'spec.pdf', 'pdf', 'application/pdf'), slackFile('F3', 'app.log', 'text', 'text/plain'), slackFile('F4', 'run.mov', 'mov', 'video/quicktime')];
    expect(files.map((file) => keepableFile(file))).toEqual(files.map((file) => ({ ok: true, file: { id: file.id, name: file.name, filetype: file.filetype, mimetype: file.mimetype, size: 1000, permalink: file.permalink } })));
  });

  it('when a file is of a type not allowed, or its mimetype does not go with its filetype, then it is refused, whatever the picker let through', () => {
    expect(keepableFile(slackFile('F1', 'setup.exe', 'binary', 'application/x-msdownload'))).toMatchObject({ ok: false, problem: { name: 'setup.exe', reason: expect.stringMatching(/^is a file of a kind a bug cannot carry/) } });
    expect(keepableFile(slackFile('F2', 'logo.svg', 'svg', 'image/svg+xml'))).toMatchObject({ ok: false, problem: { reason: expect.stringMatching(/^is an SVG file a bug cannot carry/) } });
    expect(keepableFile(slackFile('F3', 'shot.png', 'png', 'text/html'))).toMatchObject({ ok: false });
  });

  it('when a file is over 10 MB, has no size, is deleted, or is not a file object, then it is refused with why', () => {
    expect(keepableFile(slackFile('F1', 'big.mp4', 'mp4', 'video/mp4', 10 * 1024 * 1024 + 1))).toMatchObject({ ok: false, problem: { reason: 'is 10.0 MB, over the 10 MB a file may be' } });
    expect(keepableFile(slackFile('F2', 'ok.mp4', 'mp4', 'video/mp4', 10 * 1024 * 1024))).toMatchObject({ ok: true });
    expect(keepableFile({ id: 'F3', name: 'x.png', filetype: 'png', mimetype: 'image/png' })).toMatchObject({ ok: false, problem: { reason: 'came without its size' } });
    expect(keepableFile({ id: 'F4', mode: 'tombstone' })).toMatchObject({ ok: false, problem: { reason: 'was deleted or is hidden' } });
    for (const broken of [null, 'F1', { name: 'no id.png' }, { id: 'not-an-id', size: 1 }, { id: 'F5', size: -1 }, { id: 'F6', size: '12' }]) expect(keepableFile(broken)).toMatchObject({ ok: false, problem: { name: 'A file' } });
  });

  it('when the form brings files, then with the message’s own they are at most 5, each checked, and the error names the first problem', () => {
    const png = (id: string) => slackFile(id, `${id}.png`, 'png', 'image/png');
    expect(formFiles(undefined, 0)).toEqual({ ok: true, files: [] });
    expect(formFiles([png('F1'), png('F2')], 3)).toMatchObject({ ok: true, files: [{ id: 'F1' }, { id: 'F2' }] });
    expect(formFiles([png('F1'), png('F2')], 4)).toEqual({ ok: false, error: 'A bug keeps at most 5 files (the message already brings 4): remove 1.' });
    expect(formFiles([png('F1'), slackFile('F2', 'huge.mov', 'mov', 'video/quicktime', 11 * 1024 * 1024)], 0)).toEqual({ ok: false, error: 'huge.mov is 11.0 MB, over the 10 MB a file may be. Remove it to file the bug.' });
    expect(formFiles('F1', 0)).toEqual({ ok: false, error: 'These files could not be read. Remove them and add them again.' });
  });

  it('when a message brings files, then those that may be kept are, up to 5, and the rest are named with why', () => {
    const files = [...['F1', 'F2', 'F3', 'F4', 'F5', 'F6'].map((id) => slackFile(id, `${id}.jpg`, 'jpg', 'image/jpeg')), slackFile('F7', 'a.zip', 'zip', 'application/zip'), { id: 'F8', mode: 'tombstone' }];
    const { kept, left } = messageFiles(files);
    expect(kept.map((file) => file.id)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5']);
    expect(left).toEqual([
      { name: 'F6.jpg', reason: 'is past the 5 files a bug keeps' },
      { name: 'a.zip', reason: expect.stringMatching(/^is a ZIP file a bug cannot carry/) },
      { name: 'F8', reason: 'was deleted or is hidden' },
    ]);
    expect(messageFiles(undefined)).toEqual({ kept: [], left: [] });
  });

  it('when an image is a PNG, JPG or GIF, then it can be drawn in an image block; WebP and HEIC cannot', () => {
    expect(['png', 'jpg', 'gif', 'webp', 'heic'].map((filetype) => isDrawableImage({ filetype, mimetype: 'image/x' }))).toEqual([true, true, true, false, false]);
  });
});
