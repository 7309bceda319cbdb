import { describe, expect, it } from 'vitest';
import { buildItemList, PAGE_SIZE } from '../../src/blocks/item-list.ts';
import type { ItemSummary } from '../../src/items/item-queries.ts';
import { blockLimitProblems } from '../support/slack-limits.ts';

const now = new Date('2026-06-01T12:00:00Z');
const longAgo = new Date('2026-01-01T12:00:00Z');

/** The item that carries the most controls for its kind: stale, and (stories) in a state with three lifecycle buttons. */
function worst(type: 'bug' | 'story', id: number): ItemSummary {
  return {
    type, id, teamId: 1, number: id, title: `${'<!channel> '.repeat(20)}${'x'.repeat(150)}`, status: type === 'bug' ? 'new' : 'in_progress',
    reporterId: 'UREPORTER', ownerId: 'UOWNER', probability: null, impact: null, createdAt: longAgo, updatedAt: longAgo,
  };
}

describe('a page of listed items', () => {
  // list, search and mine list bugs and stories (lifecycle buttons, Keep/Close); triage lists bugs with their pickers.
  it.each([
    ['bugs', 'bug', false],
    ['stories', 'story', false],
    ['the triage queue', 'bug', true],
  ] as const)('when a full page of %s is stale and more follow, then it stays within Slack\'s limits for a message', (_, type, ratings) => {
    const items = Array.from({ length: PAGE_SIZE }, (_, i) => worst(type, i + 1));
    const blocks = buildItemList({ heading: 'Items', empty: 'none', items, total: 1000, offset: 0, now, staleAfterDays: 30, more: (offset) => JSON.stringify({ text: 'list', offset }), ratings });
    expect(blockLimitProblems(blocks)).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(43);
    const controls = blocks.filter((block) => block.type === 'actions' && block.block_id !== 'list_paging_block');
    expect(controls).toHaveLength(PAGE_SIZE);
    for (const block of controls) expect(JSON.stringify(block)).toContain('item_keep_button');
  });
});
