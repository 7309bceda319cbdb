import type { HomeView, KnownBlock, MrkdwnElement } from '@slack/types';
import type { BacklogHealth } from '../items/backlog-health.ts';
import type { ItemSummary } from '../items/item-queries.ts';
import { homeIds } from './ids.ts';
import { staleDays } from '../items/staleness.ts';
import { itemLine, staleControls } from './item-list.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

export interface TeamHealth {
  teamId: number;
  name: string;
  health: BacklogHealth;
}

export interface HomeData {
  /** The health of each team shown. */
  teams: TeamHealth[];
  /** The workspace has several teams: each health section says whose it is (with one, Home is as before teams). */
  named: boolean;
  /** How many more teams the person's Home leaves out ("and N more teams"). */
  moreTeams: number;
  reported: { items: ItemSummary[]; total: number };
  assigned: { items: ItemSummary[]; total: number };
  now: Date;
  /** Each team's stale-after days, by team id, for the listed items; `otherwise` for a team not there. */
  staleAfterDays: { byTeam: ReadonlyMap<number, number>; otherwise: number };
}

const LIST_MAX = 10;

/** A list of items; a stale one carries Keep and Close, as everywhere items are listed. `scope` keeps block ids unique. */
function itemSection(scope: string, title: string, list: { items: ItemSummary[]; total: number }, data: HomeData, empty: string): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  if (list.items.length === 0) return [...blocks, { type: 'section', text: { type: 'mrkdwn', text: empty } }];
  for (const item of list.items.slice(0, LIST_MAX)) {
    const staleAfterDays = data.staleAfterDays.byTeam.get(item.teamId) ?? data.staleAfterDays.otherwise;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: itemLine(item, data.now, staleAfterDays) } });
    if (staleDays(item, data.now, staleAfterDays) !== undefined) blocks.push(staleControls(item, scope));
  }
  if (list.total > LIST_MAX) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${list.total - LIST_MAX} more — \`/backlog mine\` lists them all` }] });
  return blocks;
}

/** Ready vs cap, ideas, open bugs by band and untriaged: one team's health, as four fields. */
function healthFields(health: BacklogHealth): MrkdwnElement[] {
  const bugs = health.openBugs;
  const wait = health.untriaged > 0 && health.longestWaitDays !== undefined ? ` · longest wait ${health.longestWaitDays} days` : '';
  return [
    { type: 'mrkdwn', text: `*Ready stories*\n${health.ready} of ${health.cap}${health.ready >= health.cap ? ' (full)' : ''}` },
    { type: 'mrkdwn', text: `*Ideas in refinement*\n${health.ideas}` },
    { type: 'mrkdwn', text: `*Open bugs by risk*\ncritical ${bugs.critical} · high ${bugs.high} · medium ${bugs.medium} · low ${bugs.low} · unrated ${bugs.unrated}` },
    { type: 'mrkdwn', text: `*Untriaged bugs*\n${health.untriaged}${wait}` },
  ];
}

/** One section per team, each named, when the workspace has several; the rest cut with "and N more teams". */
function healthBlocks(data: HomeData): KnownBlock[] {
  const [only] = data.teams;
  if (!data.named && only) return [{ type: 'section', block_id: 'health_block', fields: healthFields(only.health) }];
  const blocks: KnownBlock[] = data.teams.map((team) => ({ type: 'section', block_id: `health_block:${team.teamId}`, text: { type: 'mrkdwn', text: `*${escapeMrkdwn(team.name)}*` }, fields: healthFields(team.health) }));
  if (data.moreTeams > 0) blocks.push({ type: 'context', block_id: 'health_more_block', elements: [{ type: 'mrkdwn', text: `and ${data.moreTeams} more teams — \`/backlog teams\` lists them all` }] });
  return blocks;
}

/**
 * The App Home tab: backlog health, my reports, what is assigned to me, and buttons to file. At most
 * 4 + 2 × (1 + 10 × 2 + 1) + 1 = 49 blocks (limit 100), every listed item stale (test/slack/home.test.ts);
 * with several teams the one health section becomes up to 5 and an "and N more teams" line: 54.
 */
export function buildHome(data: HomeData): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Backlog health' } },
    ...healthBlocks(data),
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
