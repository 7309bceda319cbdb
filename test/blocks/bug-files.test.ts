import { describe, expect, it } from 'vitest';
import { buildBugDetail } from '../../src/blocks/item-detail.ts';
import { buildTriageMessage } from '../../src/blocks/triage-message.ts';
import type { Bug, BugFile } from '../../src/db/schema.ts';
import { blockLimitProblems } from '../support/slack-limits.ts';

const at = new Date('2026-11-20T10:00:00Z');

function bug(): Bug {
  return {
    id: 7, workspaceId: 'T1', teamId: 1, number: 3, summary: 'Login fails', steps: 's', expected: 'e', actual: 'a', environment: null, link: null, sourcePermalink: null,
    sourceChannelId: null, sourceTs: null, status: 'new', resolution: null, duplicateOfId: null, probability: null, impact: null, ownerId: null, reporterId: 'UREPORTER',
    channelId: 'C1', threadChannelId: null, threadTs: null, triageChannelId: null, triageTs: null, needsInfoSince: null, sourceViewId: 'V1', createdAt: at, updatedAt: at, resolvedAt: null, searchVector: '',
  };
}

let nextId = 1;
function file(name: string, filetype: string, mimetype: string, overrides: Partial<BugFile> = {}): BugFile {
  const id = nextId++;
  return { id, workspaceId: 'T1', bugId: 7, slackFileId: `F${id}`, name, mimetype, filetype, size: 2048, permalink: `https://acme.slack.com/files/U1/F${id}/x`, state: 'available', sharedAt: at, createdAt: at, ...overrides };
}

type Block = { type: string; block_id?: string; text?: { text: string }; slack_file?: { id: string }; alt_text?: string; elements?: { text: string }[] };
const filesText = (blocks: unknown[]) => (blocks as Block[]).find((b) => b.block_id === 'bug_files_block')?.text?.text;
const images = (blocks: unknown[]) => (blocks as Block[]).filter((b) => b.type === 'image');

describe("a bug's files on its triage message and /backlog show", () => {
  it('when a bug has no files, then the message has no files section and no image', () => {
    const { blocks } = buildTriageMessage(bug(), undefined, []);
    expect([filesText(blocks), images(blocks)]).toEqual([undefined, []]);
  });

  it('when a bug has screenshots, a PDF and a file the bot cannot read, then each is listed, the unreadable one as unavailable, and the shared screenshots drawn', () => {
    const shot = file('login <form>.png', 'png', 'image/png');
    const pdf = file('spec.pdf', 'pdf', 'application/pdf', { size: 3 * 1024 * 1024 });
    const gone = file('old.png', 'png', 'image/png', { state: 'unavailable', sharedAt: null });
    const unshared = file('late.jpg', 'jpg', 'image/jpeg', { sharedAt: null });
    const { blocks } = buildTriageMessage(bug(), undefined, [shot, pdf, gone, unshared]);
    expect(filesText(blocks)).toBe(
      [
        '*Files*',
        `• <https://acme.slack.com/files/U1/F${shot.id}/x|login &lt;form&gt;.png> (PNG, 2 KB)`,
        `• <https://acme.slack.com/files/U1/F${pdf.id}/x|spec.pdf> (PDF, 3.0 MB)`,
        '• old.png — _unavailable: deleted, or not shared with Shortlist_',
        `• <https://acme.slack.com/files/U1/F${unshared.id}/x|late.jpg> (JPG, 2 KB)`,
      ].join('\n'),
    );
    // Only an image the bot has read (shared) is drawn: Slack refuses a message whose image it cannot show.
    expect(images(blocks).map((b) => [b.slack_file, b.alt_text])).toEqual([[{ id: shot.slackFileId }, 'login <form>.png']]);
    expect(blockLimitProblems(blocks)).toEqual([]);
  });

  it('when a bug has more screenshots than are drawn, then three are drawn and the rest said to be in the list', () => {
    const shots = Array.from({ length: 5 }, (_, i) => file(`shot${i}.gif`, 'gif', 'image/gif'));
    const { blocks } = buildBugDetail(bug(), { history: { entries: [], total: 0 }, comments: { entries: [], total: 0 } }, undefined, shots);
    expect(images(blocks)).toHaveLength(3);
    expect((blocks as Block[]).find((b) => b.block_id === 'bug_images_more_block')?.elements?.[0]?.text).toBe("and 2 more images: see the list above, or the bug's thread");
    expect(filesText(blocks)?.split('\n')).toHaveLength(6);
    expect(blockLimitProblems(blocks)).toEqual([]);
  });

  it('when file names and links are as long as Slack allows, then the list stays within a section and says how many more', () => {
    const long = Array.from({ length: 12 }, (_, i) => file(`${'n'.repeat(250)}${i}.txt`, 'text', 'text/plain', { permalink: `https://acme.slack.com/files/U1/F${i}/${'p'.repeat(1900)}` }));
    const text = filesText(buildTriageMessage(bug(), undefined, long).blocks)!;
    expect([...text].length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/\n_and \d+ more_$/);
  });
});
