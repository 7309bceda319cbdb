import type { KnownBlock } from '@slack/types';
import { bugKey } from '../items/types.ts';

import type { SimilarBug } from '../bugs/similar-bugs.ts';
import { resolutionLabels } from '../bugs/triage.ts';
import type { Bug } from '../db/schema.ts';
import { bugMessageIds, triageIds } from './ids.ts';
import { escapeMrkdwn, escapeWithin, mrkdwnLink } from './mrkdwn.ts';
import type { SlackMessage } from './message.ts';
import { statusLabels } from './triage-message.ts';

/** Once the bug is resolved, its confirmation says how, and offers nothing to press. */
function outcomeBlock(bug: Bug, original: Pick<Bug, 'number'> | undefined): KnownBlock {
  const text =
    bug.resolution === 'duplicate' && original
      ? `Closed as a duplicate of *${bugKey(original.number)}*: follow that one for updates.`
      : `Resolved as ${bug.resolution ? resolutionLabels[bug.resolution] : 'done'}.`;
  return { type: 'context', block_id: 'bug_outcome_block', elements: [{ type: 'mrkdwn', text }] };
}

/**
 * The message that tells the channel a bug was filed, with open look-alikes the reporter may follow instead;
 * once resolved, with how (`original`: the bug it duplicates) instead of suggestions.
 */
export function buildBugConfirmation(bug: Bug, similar: SimilarBug[] = [], original?: Pick<Bug, 'number'>): SlackMessage {
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
  if (bug.status === 'resolved') {
    blocks.push(outcomeBlock(bug, original));
  } else if (similar.length > 0) {
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

/** To someone other than the reporter who pressed "Follow this instead": only the reporter may withdraw their report. */
export function notReporterText(reporterId: string, bugNumber: number): string {
  return `Only <@${reporterId}>, who reported ${bugKey(bugNumber)}, can close it as a duplicate. If you think it is one, say so in its thread or ask a triager to close it.`;
}
