import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { Story } from '../db/schema.ts';
import type { ItemSummary } from '../items/item-queries.ts';
import { staleDays, triageWaitDays } from '../items/staleness.ts';
import { listIds, storyIds } from './ids.ts';
import { storyControls } from './story-message.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { ratingControls, riskText } from './triage-message.ts';

export const PAGE_SIZE = 20;

export const itemKey = (item: Pick<ItemSummary, 'type' | 'number'>) => `${item.type === 'bug' ? 'BUG' : 'STORY'}-${item.number}`;
export const itemRef = (item: Pick<ItemSummary, 'type' | 'id'>) => `${item.type}:${item.id}`;

const statusWords = (status: string) => status.replace(/_/g, ' ');

/** One line for an item, with the signs a groomer acts on (risk, owner, waiting, stale). */
export function itemLine(item: ItemSummary, now: Date, staleAfterDays: number, teamName?: string): string {
  const parts = [statusWords(item.status)];
  // Lists across the teams of a workspace say whose each item is.
  if (teamName) parts.push(`team ${escapeMrkdwn(teamName)}`);
  if (item.type === 'bug') parts.push(`risk ${riskText(item)}`);
  if (item.ownerId) parts.push(`<@${item.ownerId}>`);
  const waiting = triageWaitDays(item, now);
  if (waiting !== undefined) parts.push(`:hourglass: waiting for triage ${waiting} days`);
  const stale = staleDays(item, now, staleAfterDays);
  if (stale !== undefined) parts.push(`:spider_web: stale, untouched ${stale} days`);
  return `*${itemKey(item)}* ${escapeMrkdwn(item.title)}\n${parts.join(' · ')}`;
}

/**
 * The controls a listed item carries, in one actions block (so a page of 20 stays under Slack's 50 blocks):
 * a story's lifecycle buttons, a bug's rating pickers when `ratings` (the triage queue), and Keep (touch it)
 * and Close when it is stale. Undefined when there is nothing to press.
 */
export function listControls(item: ItemSummary, stale: boolean, ratings = false): ActionsBlock | undefined {
  if (ratings && item.type === 'bug') {
    // The pickers' handlers find the bug by this block's id (`bug_ratings:<id>`); Keep and Close carry it in their value.
    const pickers = ratingControls(item);
    return stale ? { ...pickers, elements: [...pickers.elements, ...staleButtons(item)] } : pickers;
  }
  const lifecycle = item.type === 'story' ? storyControls({ id: item.id, status: item.status as Story['status'] }).filter((b) => b.action_id !== storyIds.wontDoAction || !stale) : [];
  const elements = [...lifecycle, ...(stale ? staleButtons(item) : [])];
  return elements.length > 0 ? { type: 'actions', block_id: `${stale ? 'stale_controls' : 'item_controls'}:${itemRef(item)}`, elements } : undefined;
}

/**
 * Keep and Close for a stale item, as an actions block of their own (the digest, the Home tab). `scope` keeps
 * block ids unique where one item may be listed twice in the same view (Home: my reports and assigned to me).
 */
export function staleControls(item: ItemSummary, scope?: string): ActionsBlock {
  return { type: 'actions', block_id: `stale_controls:${scope ? `${scope}:` : ''}${itemRef(item)}`, elements: staleButtons(item) };
}

/** Keep (touch it) and Close. */
export function staleButtons(item: ItemSummary): Button[] {
  return [
    { type: 'button', text: { type: 'plain_text', text: 'Keep' }, action_id: listIds.keepAction, value: itemRef(item) },
    {
      type: 'button',
      text: { type: 'plain_text', text: 'Close' },
      action_id: listIds.closeAction,
      value: itemRef(item),
      style: 'danger',
      ...(item.type === 'story'
        ? { confirm: { title: { type: 'plain_text', text: 'Close this story?' }, text: { type: 'plain_text', text: `${itemKey(item)} moves to won't do.` }, confirm: { type: 'plain_text', text: "Won't do" }, deny: { type: 'plain_text', text: 'Cancel' } } }
        : {}),
    },
  ];
}

export interface ItemListView {
  heading: string;
  items: ItemSummary[];
  total: number;
  offset: number;
  now: Date;
  staleAfterDays: number;
  empty: string;
  /** Opaque value for the More button; absent: no paging. */
  more?: (nextOffset: number) => string;
  /** The triage queue: each bug carries its rating pickers inline. */
  ratings?: boolean;
  /**
   * The workspace's teams, when a list spans several of them: each line names its item's team, and an item is
   * stale by its own team's stale-after days.
   */
  teams?: Map<number, { name: string; staleAfterDays: number }>;
}

/**
 * A page of items: at most 20, each one section plus at most one actions block, then "and N more" and More:
 * at most 1 + 20 × 2 + 2 = 43 blocks, under Slack's 50 for a message.
 */
export function buildItemList(view: ItemListView): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'list_heading_block', text: { type: 'mrkdwn', text: `*${view.heading}*` } }];
  if (view.items.length === 0) {
    blocks.push({ type: 'section', block_id: 'list_empty_block', text: { type: 'mrkdwn', text: view.empty } });
    return blocks;
  }
  for (const item of view.items.slice(0, PAGE_SIZE)) {
    const team = view.teams?.get(item.teamId);
    const staleAfterDays = team?.staleAfterDays ?? view.staleAfterDays;
    blocks.push({ type: 'section', block_id: `item:${itemRef(item)}`, text: { type: 'mrkdwn', text: itemLine(item, view.now, staleAfterDays, team?.name) } });
    const controls = listControls(item, staleDays(item, view.now, staleAfterDays) !== undefined, view.ratings);
    if (controls) blocks.push(controls);
  }
  const shown = view.offset + Math.min(view.items.length, PAGE_SIZE);
  const remaining = view.total - shown;
  if (remaining > 0) {
    blocks.push({ type: 'context', block_id: 'list_more_block', elements: [{ type: 'mrkdwn', text: `Showing ${view.offset + 1}–${shown} of ${view.total} · and ${remaining} more` }] });
    if (view.more) {
      blocks.push({ type: 'actions', block_id: 'list_paging_block', elements: [{ type: 'button', text: { type: 'plain_text', text: 'More' }, action_id: listIds.moreAction, value: view.more(shown) }] });
    }
  }
  return blocks;
}
