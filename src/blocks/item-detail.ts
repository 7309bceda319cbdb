import type { KnownBlock } from '@slack/types';
import type { Bug, ItemHistoryEntry, Story } from '../db/schema.ts';
import { truncate } from '../text/limits.ts';
import type { SlackMessage } from './message.ts';
import { buildStoryMessage } from './story-message.ts';
import { buildTriageMessage } from './triage-message.ts';

function historyBlock(history: { entries: ItemHistoryEntry[]; total: number }): KnownBlock {
  const lines = history.entries.map((entry) => {
    const when = entry.createdAt.toISOString().slice(0, 10);
    const change = entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus ? ` (${entry.fromStatus} → ${entry.toStatus})` : '';
    const who = /^[UW][A-Z0-9_]+$/.test(entry.actorId) ? `<@${entry.actorId}>` : 'Shortlist';
    return `• ${when} ${who} ${entry.action.replace(/_/g, ' ')}${change}`;
  });
  const more = history.total > history.entries.length ? `\n_and ${history.total - history.entries.length} more_` : '';
  return { type: 'section', block_id: 'history_block', text: { type: 'mrkdwn', text: truncate(`*History*\n${lines.join('\n')}${more}`, 3000) } };
}

/** `/backlog show BUG-n`: the triage view (every field, with its controls), and the history. */
export function buildBugDetail(bug: Bug, history: { entries: ItemHistoryEntry[]; total: number }): SlackMessage {
  const triage = buildTriageMessage(bug);
  return { text: triage.text, blocks: [...triage.blocks, historyBlock(history)] };
}

export function buildStoryDetail(story: Story, history: { entries: ItemHistoryEntry[]; total: number }): SlackMessage {
  const message = buildStoryMessage(story);
  return { text: message.text, blocks: [...message.blocks, historyBlock(history)] };
}
