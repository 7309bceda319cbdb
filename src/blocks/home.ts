import type { HomeView, KnownBlock } from '@slack/types';
import type { BacklogHealth } from '../items/backlog-health.ts';
import type { ItemSummary } from '../items/item-queries.ts';
import { homeIds } from './ids.ts';
import { staleDays } from '../items/staleness.ts';
import { itemLine, staleControls } from './item-list.ts';

export interface HomeData {
  health: BacklogHealth;
  reported: { items: ItemSummary[]; total: number };
  assigned: { items: ItemSummary[]; total: number };
  now: Date;
  staleAfterDays: number;
}

const LIST_MAX = 10;

/** A list of items; a stale one carries Keep and Close, as everywhere items are listed. `scope` keeps block ids unique. */
function itemSection(scope: string, title: string, list: { items: ItemSummary[]; total: number }, data: HomeData, empty: string): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  if (list.items.length === 0) return [...blocks, { type: 'section', text: { type: 'mrkdwn', text: empty } }];
  for (const item of list.items.slice(0, LIST_MAX)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: itemLine(item, data.now, data.staleAfterDays) } });
    if (staleDays(item, data.now, data.staleAfterDays) !== undefined) blocks.push(staleControls(item, scope));
  }
  if (list.total > LIST_MAX) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${list.total - LIST_MAX} more — \`/backlog mine\` lists them all` }] });
  return blocks;
}

/**
 * The App Home tab: backlog health, my reports, what is assigned to me, and buttons to file. At most
 * 4 + 2 × (1 + 10 × 2 + 1) + 1 = 49 blocks (limit 100), every listed item stale (test/slack/home.test.ts).
 */
export function buildHome(data: HomeData): HomeView {
  const { health } = data;
  const bugs = health.openBugs;
  const wait = health.untriaged > 0 && health.longestWaitDays !== undefined ? ` · longest wait ${health.longestWaitDays} days` : '';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Backlog health' } },
    {
      type: 'section',
      block_id: 'health_block',
      fields: [
        { type: 'mrkdwn', text: `*Ready stories*\n${health.ready} of ${health.cap}${health.ready >= health.cap ? ' (full)' : ''}` },
        { type: 'mrkdwn', text: `*Ideas in refinement*\n${health.ideas}` },
        { type: 'mrkdwn', text: `*Open bugs by risk*\ncritical ${bugs.critical} · high ${bugs.high} · medium ${bugs.medium} · low ${bugs.low} · unrated ${bugs.unrated}` },
        { type: 'mrkdwn', text: `*Untriaged bugs*\n${health.untriaged}${wait}` },
      ],
    },
    {
      type: 'actions',
      block_id: 'home_file_block',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Report a bug' }, action_id: homeIds.reportBugAction, style: 'primary' },
        { type: 'button', text: { type: 'plain_text', text: 'Write a story' }, action_id: homeIds.writeStoryAction },
      ],
    },
    { type: 'divider' },
    ...itemSection('home_reported', 'My reports', data.reported, data, 'Nothing yet. `/bug` and `/story` file new items.'),
    { type: 'divider' },
    ...itemSection('home_assigned', 'Assigned to me', data.assigned, data, 'Nothing assigned to you.'),
  ];
  return { type: 'home', blocks };
}
