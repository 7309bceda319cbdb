import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from './mrkdwn.ts';
import { backlogSubcommands, filingCommands } from '../slack/surfaces.ts';
import { truncate } from '../text/limits.ts';

const filing = filingCommands.map((command) => `\`${command.name} ${command.usageHint}\``).join(' and ');
const lines = [
  ...Object.values(backlogSubcommands).map((sub) => `\`/backlog ${sub.example ?? sub.usage}\` — ${sub.help}`),
  `${filing} file new items.`,
];

export function buildBacklogHelp(unknown?: string): { text: string; blocks: KnownBlock[] } {
  const intro = unknown ? `I don't know \`${escapeMrkdwn(truncate(unknown, 50)).replace(/`/g, "'")}\`. Here is what \`/backlog\` can do:` : 'Here is what `/backlog` can do:';
  return {
    text: intro,
    blocks: [{ type: 'section', block_id: 'help_block', text: { type: 'mrkdwn', text: `${intro}\n${lines.map((line) => `• ${line}`).join('\n')}` } }],
  };
}
