import type { KnownBlock } from '@slack/types';
import { bugKey } from '../bugs/bug-input.ts';
import type { Bug } from '../db/schema.ts';
import { bugMessageIds } from '../slack/ids.ts';
import { escapeMrkdwn } from '../slack/mrkdwn.ts';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const statusLabels: Record<Bug['status'], string> = {
  new: 'New',
  triaged: 'Triaged',
  needs_info: 'Needs info',
  in_progress: 'In progress',
  resolved: 'Resolved',
};

/** The message that tells the channel a bug was filed. */
export function buildBugConfirmation(bug: Bug): SlackMessage {
  const key = bugKey(bug.number);
  const summary = escapeMrkdwn(bug.summary);
  const fields = [
    { type: 'mrkdwn' as const, text: `*Reporter*\n<@${bug.reporterId}>` },
    { type: 'mrkdwn' as const, text: `*Status*\n${statusLabels[bug.status]}` },
  ];
  if (bug.environment) fields.push({ type: 'mrkdwn', text: `*Environment*\n${escapeMrkdwn(bug.environment)}` });
  if (bug.link) fields.push({ type: 'mrkdwn', text: `*Link*\n${escapeMrkdwn(bug.link)}` });
  return {
    text: `${key} filed: ${summary}`,
    blocks: [
      {
        type: 'section',
        block_id: bugMessageIds.summaryBlock,
        text: { type: 'mrkdwn', text: `:beetle: *${key}* ${summary}` },
      },
      { type: 'section', block_id: bugMessageIds.fieldsBlock, fields },
    ],
  };
}
