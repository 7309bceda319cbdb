import type { KnownBlock } from '@slack/types';
import type { Bug, BugFile, Comment, ItemHistoryEntry, Story } from '../db/schema.ts';
import { commentsBlock } from './comments.ts';
import { truncate } from '../text/limits.ts';
import type { SlackMessage } from './message.ts';
import { buildStoryMessage } from './story-message.ts';
import { buildTriageMessage } from './triage-message.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { isOpenStatus } from '../items/open-statuses.ts';
import { type ItemTeams, moveTeamBlock } from './move-team.ts';

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

/** What `/backlog show` shows below the item: its latest comments (when it has any), then its history. */
export interface ItemRecord {
  history: { entries: ItemHistoryEntry[]; total: number };
  comments: { entries: Comment[]; total: number };
}

function recordBlocks({ history, comments }: ItemRecord): KnownBlock[] {
  const said = commentsBlock(comments);
  return [...(said ? [said] : []), historyBlock(history)];
}

/** `/backlog show BUG-n`: the triage view (every field and file, with its controls, its team when there are several), the comments and the history. */
export function buildBugDetail(bug: Bug, record: ItemRecord, teams?: ItemTeams, files: BugFile[] = []): SlackMessage {
  const triage = buildTriageMessage(bug, teams, files);
  return { text: triage.text, blocks: [...triage.blocks, ...recordBlocks(record)] };
}

/** `/backlog show STORY-n`: the story message, its team and Move to team when there are several, the comments and the history. */
export function buildStoryDetail(story: Story, record: ItemRecord, teams?: ItemTeams): SlackMessage {
  const message = buildStoryMessage(story);
  const move = teams && isOpenStatus('story', story.status) ? moveTeamBlock({ type: 'story', id: story.id }, teams) : undefined;
  const team: KnownBlock[] = teams && teams.others.length > 0 ? [{ type: 'context', block_id: 'story_team_block', elements: [{ type: 'mrkdwn', text: `Team: ${escapeMrkdwn(truncate(teams.current, 40))}` }] }] : [];
  return { text: message.text, blocks: [...message.blocks, ...team, ...(move ? [move] : []), ...recordBlocks(record)] };
}
