import type { BacklogCommand } from '../backlog/parse-command.ts';

/*
 * Every way into the app a person sees in Slack, declared once. The listeners are routed by these names,
 * `/backlog help` is written from them, and the manifest test checks manifest.yml against them, so a
 * command or shortcut missing from any of the three fails a test (or the type check).
 */

interface Subcommand {
  /** As the manifest's usage hint shows it. */
  usage: string;
  /** As help shows it, when an example says more than the usage. */
  example?: string;
  help: string;
}

/** What `/backlog` understands besides `help`: one entry for each kind of command the parser reads. */
export const backlogSubcommands: Record<Exclude<BacklogCommand['kind'], 'help' | 'invalid'>, Subcommand> = {
  list: { usage: 'list [bugs|stories] [status]', help: 'newest first, 20 at a time' },
  show: { usage: 'show KEY', example: 'show BUG-12', help: 'everything about one item, its history and controls' },
  search: { usage: 'search TEXT', example: 'search login timeout', help: 'bugs and stories, best match first' },
  triage: { usage: 'triage', help: 'bugs waiting for triage, oldest first' },
  mine: { usage: 'mine', help: 'what you reported or own' },
  digest: { usage: 'digest', help: 'post the weekly digest here, now' },
  settings: { usage: 'settings', help: 'digest channel and time, triage channel, backlog cap (admins)' },
  teams: { usage: 'teams', help: 'the teams with their channels and backlogs; admins add, edit and archive them' },
  flags: { usage: 'flags [setup]', help: "the team's feature flags and the stories they ship; admins connect a flag system with setup" },
};

/** The slash commands, as manifest.yml declares them. */
export const commands = {
  bug: { name: '/bug', description: 'Report a bug', usageHint: '[summary]' },
  story: { name: '/story', description: 'Write a user story', usageHint: '[title]' },
  backlog: { name: '/backlog', description: 'List, search, show and groom the backlog', usageHint: ['help', ...Object.values(backlogSubcommands).map((sub) => sub.usage)].join(' | ') },
} as const;

export type CommandName = (typeof commands)[keyof typeof commands]['name'];

/** The commands that file new items (every one but `/backlog`). */
export const filingCommands = [commands.bug, commands.story];

/** The global and message shortcuts, as manifest.yml declares them. */
export const shortcuts = {
  reportAsBug: { callbackId: 'report_as_bug', type: 'message', name: 'Report as bug', description: 'File this message as a bug, linked to it' },
  reportBug: { callbackId: 'report_bug', type: 'global', name: 'Report a bug', description: 'Open the bug form from anywhere' },
  writeStory: { callbackId: 'write_story', type: 'global', name: 'Write a story', description: 'Open the story form from anywhere' },
} as const;

type Shortcut = (typeof shortcuts)[keyof typeof shortcuts];

/**
 * How the router tells shortcuts apart: by payload type too, so a global shortcut never reaches a message
 * shortcut's handler, or the reverse.
 */
export function shortcutRoute(shortcut: Pick<Shortcut, 'type' | 'callbackId'>): string {
  return `${shortcut.type === 'message' ? 'message_action' : 'shortcut'}:${shortcut.callbackId}`;
}

/**
 * The Events API events the app subscribes to, as manifest.yml names them. reaction_added: a team's intake
 * emoji on a message offers to file it. `message.channels`, `message.groups` and `message.im` are the
 * messages of public channels, private channels and DMs the bot is in: all three arrive as events of type
 * `message` (replies in tracked threads become comments).
 */
export const events = ['app_home_opened', 'app_uninstalled', 'tokens_revoked', 'reaction_added', 'message.channels', 'message.groups', 'message.im'] as const;

export type EventName = (typeof events)[number];
type DeliveredAs<E extends string> = E extends `${infer T}.${string}` ? T : E;
/** The `event.type` a subscription arrives with, which listeners are routed by. */
export type EventType = DeliveredAs<EventName>;
