import type { KnownBlock, SectionBlock } from '@slack/types';
import type { SettingsAdmin } from '../settings/permissions.ts';
import type { TeamOverview } from '../teams/team-overview.ts';
import { teamListIds } from './ids.ts';
import { escapeMrkdwn, escapeWithin } from './mrkdwn.ts';
import { askAnAdmin } from './settings-modal.ts';

/** Who reads the list: an admin gets Add team and Edit; anyone else is told whom to ask. */
export type TeamListViewer = { canManage: true } | { canManage: false; ask: SettingsAdmin[] };

/** Slack's limit for a message; the list keeps a block for its heading, its footer and the "and N more" line. */
const MESSAGE_BLOCKS = 50;
/** A static select's limit. */
const MENU_OPTIONS = 100;

function intakeLine({ team, channelIds }: TeamOverview): string {
  const channels = channelIds.map((id) => `<#${id}>`).join(', ');
  if (team.isDefault) return channels ? `Intake: ${channels}, and every channel that is no other team's` : "Intake: every channel that is no other team's";
  return channels ? `Intake: ${channels}` : 'Intake: no channel yet';
}

function teamSection(overview: TeamOverview, canManage: boolean): SectionBlock {
  const { team, ready, openBugs } = overview;
  const name = `*${escapeMrkdwn(team.name)}*${team.isDefault ? ' (default team)' : ''}`;
  return {
    type: 'section',
    block_id: `team:${team.id}`,
    text: { type: 'mrkdwn', text: `${name}\n${intakeLine(overview)}\nReady stories ${ready}/${team.backlogCap} · Open bugs ${openBugs}` },
    ...(canManage ? { accessory: { type: 'button', action_id: teamListIds.editAction, text: { type: 'plain_text', text: 'Edit' }, value: String(team.id) } } : {}),
  };
}

/**
 * `/backlog teams`: each team with its intake channels, ready stories vs its cap and open bugs, and for
 * admins Edit on each and Add team. Past what one message holds, the rest are named in one line (and,
 * for admins, offered in an "Edit another team" menu).
 */
export function buildTeamList(overview: TeamOverview[], viewer: TeamListViewer): { text: string; blocks: KnownBlock[] } {
  const fits = overview.length <= MESSAGE_BLOCKS - 2;
  const shown = fits ? overview : overview.slice(0, MESSAGE_BLOCKS - 3);
  const rest = overview.slice(shown.length);
  const heading =
    overview.length === 1
      ? '*1 team.* Everything filed in this workspace goes to it.'
      : `*${overview.length} teams.* What is filed in a team's intake channel goes to that team; anywhere else, to the default team.`;
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'teams_heading', text: { type: 'mrkdwn', text: heading } }, ...shown.map((team) => teamSection(team, viewer.canManage))];
  if (rest.length > 0) {
    const names = escapeWithin(rest.map(({ team }) => team.name).join(', '), 2800);
    blocks.push({ type: 'context', block_id: 'teams_more', elements: [{ type: 'mrkdwn', text: `…and ${rest.length} more: ${names}` }] });
  }
  if (viewer.canManage) {
    const others = rest.slice(0, MENU_OPTIONS).map(({ team }) => ({ text: { type: 'plain_text' as const, text: team.name }, value: String(team.id) }));
    blocks.push({
      type: 'actions',
      block_id: 'teams_actions',
      elements: [
        { type: 'button', action_id: teamListIds.addAction, text: { type: 'plain_text', text: 'Add team' }, style: 'primary', value: 'add' },
        ...(others.length > 0 ? [{ type: 'static_select' as const, action_id: teamListIds.editOtherAction, placeholder: { type: 'plain_text' as const, text: 'Edit another team' }, options: others }] : []),
      ],
    });
  } else {
    blocks.push({ type: 'context', block_id: 'teams_ask', elements: [{ type: 'mrkdwn', text: askAnAdmin(viewer.ask, 'mention') }] });
  }
  return { text: `Teams: ${overview.length}`, blocks };
}
