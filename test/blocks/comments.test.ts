import { describe, expect, it } from 'vitest';
import { commentsBlock } from '../../src/blocks/comments.ts';
import type { Comment } from '../../src/db/schema.ts';
import { blockLimitProblems } from '../support/slack-limits.ts';

const comment = (n: number, text: string, extra: Partial<Comment> = {}): Comment => ({
  id: n,
  workspaceId: 'T1',
  itemType: 'bug',
  itemId: 1,
  channelId: 'C1',
  ts: `1796000000.00000${n}`,
  threadTs: '1796000000.000000',
  authorId: `U${n}`,
  text,
  files: [],
  postedAt: new Date(Date.UTC(2026, 11, 1, 9, n)),
  editedAt: null,
  createdAt: new Date(0),
  ...extra,
});

describe('the comments of an item, as /backlog show lists them', () => {
  it('when an item has no comment, then there is no block', () => {
    expect(commentsBlock({ entries: [], total: 0 })).toBeUndefined();
  });

  it('when comments are given newest first, then they read oldest first, with author, time, edits and files', () => {
    const block = commentsBlock({
      entries: [
        comment(3, 'third', { files: [1, 2, 3, 4].map((i) => ({ id: `F${i}`, name: `f${i}.png`, mimetype: 'image/png', filetype: 'png', size: 1, permalink: null })) }),
        comment(2, 'second', { editedAt: new Date(Date.UTC(2026, 11, 2)) }),
        comment(1, 'first'),
      ],
      total: 3,
    });
    expect(block).toEqual({
      type: 'section',
      block_id: 'comments_block',
      text: {
        type: 'mrkdwn',
        text: '*Comments* (3)\n• <@U1> 2026-12-01 09:01 UTC: first\n• <@U2> 2026-12-01 09:02 UTC (edited): second\n• <@U3> 2026-12-01 09:03 UTC: third · :paperclip: f1.png, f2.png, f3.png +1',
      },
    });
  });

  it('when five comments are each 40 000 characters that grow when escaped, then the block stays within 3000 and each is cut with "…"', () => {
    const entries = [5, 4, 3, 2, 1].map((n) => comment(n, '&lt;&amp;🐛'.repeat(8000), { files: [{ id: 'F1', name: '<'.repeat(500), mimetype: null, filetype: null, size: null, permalink: null }] }));
    const block = commentsBlock({ entries, total: 120 })!;
    expect(blockLimitProblems([block])).toEqual([]);
    const text = (block as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.split('\n')).toHaveLength(7);
    expect(text.endsWith('\n_and 115 more_')).toBe(true);
    for (const line of text.split('\n').slice(1, 6)) expect(line).toMatch(/^• <@U\d> .*(&lt;&amp;🐛)+(&lt;|&lt;&amp;)?…/u);
  });
});
