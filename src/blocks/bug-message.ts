import type { KnownBlock } from '@slack/types';
import { bugKey } from '../bugs/bug-input.ts';
import type { SimilarBug } from '../bugs/similar-bugs.ts';
import type { Bug } from '../db/schema.ts';
import { bugMessageIds, triageIds } from '../slack/ids.ts';
import { escapeMrkdwn, escapeWithin, mrkdwnLink } from '../slack/mrkdwn.ts';
import { statusLabels } from './triage-message.ts';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The message that tells the channel a bug was filed, with open look-alikes the reporter may follow instead. */
export function buildBugConfirmation(bug: Bug, similar: SimilarBug[] = []): SlackMessage {
  const key = bugKey(bug.number);
  const summary = escapeMrkdwn(bug.summary);
  const fields = [
    { type: 'mrkdwn' as const, text: `*Reporter*\n<@${bug.reporterId}>` },
    { type: 'mrkdwn' as const, text: `*Status*\n${statusLabels[bug.status]}` },
  ];
  // A section field holds at most 2000 characters; the prefixes below are short, the values are bounded.
  if (bug.environment) fields.push({ type: 'mrkdwn', text: `*Environment*\n${escapeWithin(bug.environment, 1900)}` });
  if (bug.link) fields.push({ type: 'mrkdwn', text: `*Link*\n${mrkdwnLink(bug.link, 1900)}` });
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: bugMessageIds.summaryBlock, text: { type: 'mrkdwn', text: `:beetle: *${key}* ${summary}` } },
    { type: 'section', block_id: bugMessageIds.fieldsBlock, fields },
  ];
  if (similar.length > 0) {
    blocks.push({ type: 'context', block_id: 'similar_intro_block', elements: [{ type: 'mrkdwn', text: 'This looks like an open bug. If it is the same, follow that one instead:' }] });
    for (const other of similar.slice(0, 3)) {
      blocks.push({
        type: 'section',
        block_id: `similar_bug:${other.id}`,
        text: { type: 'mrkdwn', text: `*${bugKey(other.number)}* ${escapeMrkdwn(other.summary)} · ${statusLabels[other.status as Bug['status']] ?? other.status}` },
        accessory: {
          type: 'button',
          action_id: triageIds.followDuplicateAction,
          text: { type: 'plain_text', text: 'Follow this instead' },
          value: `${bug.id}:${other.id}`,
        },
      });
    }
  }
  return { text: `${key} filed: ${summary}`, blocks };
}
