import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../slack/mrkdwn.ts';
import { truncate } from '../text/limits.ts';

const lines = [
  '`/backlog list [bugs|stories] [status]` — newest first, 20 at a time',
  '`/backlog show BUG-12` — everything about one item, its history and controls',
  '`/backlog search login timeout` — bugs and stories, best match first',
  '`/backlog triage` — bugs waiting for triage, oldest first',
  '`/backlog mine` — what you reported or own',
  '`/backlog digest` — post the weekly digest here, now',
  '`/backlog settings` — digest channel and time, triage channel, backlog cap (admins)',
  '`/bug [summary]` and `/story [title]` file new items.',
];

export function buildBacklogHelp(unknown?: string): { text: string; blocks: KnownBlock[] } {
  const intro = unknown ? `I don't know \`${escapeMrkdwn(truncate(unknown, 50)).replace(/`/g, "'")}\`. Here is what \`/backlog\` can do:` : 'Here is what `/backlog` can do:';
  return {
    text: intro,
    blocks: [{ type: 'section', block_id: 'help_block', text: { type: 'mrkdwn', text: `${intro}\n${lines.map((line) => `• ${line}`).join('\n')}` } }],
  };
}
