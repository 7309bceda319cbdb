import { type ItemTeams, moveTeamBlock } from './move-team.ts';
import type { ActionsBlock, Button, KnownBlock, MrkdwnElement, PlainTextOption, SectionBlock } from '@slack/types';
import { bugKey } from '../items/types.ts';

import { impactLabels, probabilityLabels, riskOf } from '../bugs/risk.ts';
import { resolutionLabels } from '../bugs/triage.ts';
import type { Bug, BugFile } from '../db/schema.ts';
import { bugFileBlocks } from './bug-files.ts';
import { triageIds } from './ids.ts';
import { escapeMrkdwn, escapeWithin, mrkdwnLink } from './mrkdwn.ts';
import type { SlackMessage } from './message.ts';

export const statusLabels: Record<Bug['status'], string> = {
  new: 'New',
  triaged: 'Triaged',
  needs_info: 'Needs info',
  in_progress: 'In progress',
  resolved: 'Resolved',
};

function ratingOptions(labels: readonly string[]): PlainTextOption[] {
  return labels.map((label, index) => ({ text: { type: 'plain_text', text: `${index + 1} ${label}` }, value: String(index + 1) }));
}

function button(text: string, actionId: string, bugId: number, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value: String(bugId), ...(style ? { style } : {}) };
}

export function riskText(bug: Pick<Bug, 'probability' | 'impact'>): string {
  if (bug.probability === null || bug.impact === null) return 'not rated';
  const { risk, band } = riskOf(bug.probability, bug.impact);
  return `${risk} · ${band}`;
}

function statusText(bug: Bug): string {
  if (bug.status !== 'resolved' || !bug.resolution) return statusLabels[bug.status];
  return `Resolved · ${resolutionLabels[bug.resolution]}`;
}

function statusButtons(bug: Bug): Button[] {
  const buttons: Button[] = [];
  if (bug.status === 'new' || bug.status === 'triaged') buttons.push(button('Needs info', triageIds.needsInfoAction, bug.id));
  if (bug.status === 'needs_info') buttons.push(button('Info added', triageIds.infoAddedAction, bug.id));
  if (bug.status !== 'in_progress') buttons.push(button('Start', triageIds.startAction, bug.id, 'primary'));
  buttons.push(button('Close', triageIds.closeAction, bug.id, 'danger'));
  return buttons;
}

/** Probability, impact and owner pickers for one bug; the same block wherever the bug is triaged. */
export function ratingControls(bug: Pick<Bug, 'id' | 'probability' | 'impact' | 'ownerId'>): ActionsBlock {
  const probability = ratingOptions(probabilityLabels);
  const impact = ratingOptions(impactLabels);
  return {
    type: 'actions',
    block_id: `${triageIds.ratingsBlockPrefix}:${bug.id}`,
    elements: [
      {
        type: 'static_select',
        action_id: triageIds.probabilityAction,
        placeholder: { type: 'plain_text', text: 'Probability' },
        options: probability,
        ...(bug.probability ? { initial_option: probability[bug.probability - 1] } : {}),
      },
      {
        type: 'static_select',
        action_id: triageIds.impactAction,
        placeholder: { type: 'plain_text', text: 'Impact' },
        options: impact,
        ...(bug.impact ? { initial_option: impact[bug.impact - 1] } : {}),
      },
      {
        type: 'users_select',
        action_id: triageIds.ownerAction,
        placeholder: { type: 'plain_text', text: 'Owner' },
        ...(bug.ownerId ? { initial_user: bug.ownerId } : {}),
      },
    ],
  };
}

/** Slack's limits: a section's text, and each of its fields. */
const SECTION_TEXT_MAX = 3000;
const FIELD_TEXT_MAX = 2000;
const CONTEXT_TEXT_MAX = 3000;

/** A labelled piece of user text, cut (before escaping) to fit `max` with its label. */
function labelled(label: string, value: string, max: number): string {
  const head = `*${label}*\n`;
  return head + escapeWithin(value, max - head.length);
}

function textSection(blockId: string, label: string, value: string): SectionBlock {
  return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: labelled(label, value, SECTION_TEXT_MAX) } };
}

/**
 * The triage message: every field of the bug, its files, its state, and the controls to rate, route and close
 * it. `teams`, when the workspace has several: its team is named and it can be moved to another.
 */
export function buildTriageMessage(bug: Bug, teams?: ItemTeams, files: BugFile[] = []): SlackMessage {
  const key = bugKey(bug.number);
  const title = `:beetle: *${key}* `;
  const fields: MrkdwnElement[] = [
    { type: 'mrkdwn', text: `*Status*\n${statusText(bug)}` },
    { type: 'mrkdwn', text: `*Risk*\n${riskText(bug)}` },
    { type: 'mrkdwn', text: `*Reporter*\n<@${bug.reporterId}>` },
    { type: 'mrkdwn', text: `*Owner*\n${bug.ownerId ? `<@${bug.ownerId}>` : 'nobody yet'}` },
  ];
  // One team: nothing says "team". Several: the team is named and the bug can move.
  if (teams && teams.others.length > 0) fields.push({ type: 'mrkdwn', text: labelled('Team', teams.current, FIELD_TEXT_MAX) });
  if (bug.environment) fields.push({ type: 'mrkdwn', text: labelled('Environment', bug.environment, FIELD_TEXT_MAX) });
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: 'triage_summary_block', text: { type: 'mrkdwn', text: title + escapeWithin(bug.summary, SECTION_TEXT_MAX - title.length) } },
    { type: 'section', block_id: 'triage_fields_block', fields },
    textSection('triage_steps_block', 'Steps to reproduce', bug.steps),
    textSection('triage_expected_block', 'Expected', bug.expected),
    textSection('triage_actual_block', 'Actual', bug.actual),
  ];
  const triagers = (teams?.triagerIds ?? []).filter((id) => /^[UW][A-Z0-9_]+$/.test(id)).slice(0, 20);
  if (triagers.length > 0 && bug.status !== 'resolved') {
    blocks.push({ type: 'context', block_id: 'triage_triagers_block', elements: [{ type: 'mrkdwn', text: `Triagers: ${triagers.map((id) => `<@${id}>`).join(' ')}` }] });
  }
  const links = [bug.link && mrkdwnLink(bug.link, CONTEXT_TEXT_MAX, 'link'), bug.sourcePermalink && mrkdwnLink(bug.sourcePermalink, CONTEXT_TEXT_MAX, 'reported message')].filter((text): text is string => Boolean(text));
  if (links.length > 0) blocks.push({ type: 'context', block_id: 'triage_links_block', elements: links.map((text) => ({ type: 'mrkdwn', text })) });
  blocks.push(...bugFileBlocks(files));
  if (bug.status !== 'resolved') {
    const ratings = ratingControls(bug);
    blocks.push(ratings, { type: 'actions', block_id: `${triageIds.statusBlockPrefix}:${bug.id}`, elements: statusButtons(bug) });
    const move = teams && moveTeamBlock({ type: 'bug', id: bug.id }, teams);
    if (move) blocks.push(move);
  }
  const summary = escapeMrkdwn(bug.summary);
  return { text: `${key} ${summary} — ${statusText(bug)}, risk ${riskText(bug)}`, blocks };
}

/** A request for information in the bug's thread, with the button that sends the bug back to triage once it is given. */
export function buildInfoRequest(bugId: number, text: string): SlackMessage {
  return {
    text,
    blocks: [
      { type: 'section', block_id: 'info_request_block', text: { type: 'mrkdwn', text } },
      { type: 'actions', block_id: `${triageIds.statusBlockPrefix}:${bugId}`, elements: [button('Info added', triageIds.infoAddedAction, bugId, 'primary')] },
    ],
  };
}

/** What a bug's old triage message says once the bug moved to another team: where it went, and no controls. */
export function buildMovedTriageMessage(bug: Bug, teamName: string): SlackMessage {
  const key = bugKey(bug.number);
  const text = `:arrow_right: *${key}* ${escapeWithin(bug.summary, 200)} moved to the team ${escapeMrkdwn(truncateName(teamName))}; it is triaged there now.`;
  return { text: `${key} moved to the team ${escapeMrkdwn(truncateName(teamName))}`, blocks: [{ type: 'section', block_id: 'triage_moved_block', text: { type: 'mrkdwn', text } }] };
}

const truncateName = (name: string) => (name.length > 40 ? `${name.slice(0, 39)}…` : name);
