import { bugStatuses, storyStatuses } from '../db/schema.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import type { ItemKind } from '../items/types.ts';
import { truncate } from '../text/limits.ts';

/** `team:<name>` (or `team:"two words"`) chooses the team a list shows; absent, the channel decides. */
type Scoped = { team?: string };

export type BacklogCommand =
  | { kind: 'help'; unknown?: string }
  | ({ kind: 'list'; types: ItemKind[]; status?: string } & Scoped)
  | { kind: 'show'; type: ItemKind; number: number }
  | ({ kind: 'search'; text: string } & Scoped)
  | ({ kind: 'triage' } & Scoped)
  | ({ kind: 'mine' } & Scoped)
  | { kind: 'digest' }
  | { kind: 'settings' }
  | { kind: 'teams' }
  /** The team's flags, stories with flags and connections; `setup`: connect a flag system (admins). */
  | ({ kind: 'flags'; setup: boolean } & Scoped)
  /** Understood the subcommand, not its arguments: `message` says what to type instead. */
  | { kind: 'invalid'; message: string };

export const SEARCH_MAX = 200;

const normalizeStatus = (word: string) => word.toLowerCase().replace(/[-\s]/g, '_');

/** The person's own words, quoted back in mrkdwn: escaped, so `<!channel>` stays text, and cut to 50 characters. */
const quote = (words: string) => `“${escapeMrkdwn(truncate(words, 50))}”`;

function parseList(args: string[]): BacklogCommand {
  let types: ItemKind[] = ['bug', 'story'];
  const rest = [...args];
  const first = rest[0]?.toLowerCase();
  if (first === 'bugs' || first === 'bug') {
    types = ['bug'];
    rest.shift();
  } else if (first === 'stories' || first === 'story') {
    types = ['story'];
    rest.shift();
  }
  if (rest.length === 0) return { kind: 'list', types };
  const status = normalizeStatus(rest.join('_'));
  const known = new Set<string>([...(types.includes('bug') ? bugStatuses : []), ...(types.includes('story') ? storyStatuses : [])]);
  if (!known.has(status)) {
    const allowed = types.length === 1 ? [...known].join(', ') : `bugs: ${bugStatuses.join(', ')}; stories: ${storyStatuses.join(', ')}`;
    return { kind: 'invalid', message: `${quote(rest.join(' '))} is not a status. Try \`/backlog list bugs new\` or \`/backlog list stories ready\` (${allowed}).` };
  }
  return { kind: 'list', types: types.length === 1 ? types : types.filter((t) => (t === 'bug' ? bugStatuses : storyStatuses).includes(status as never)), status };
}

const TEAM_FILTER = /(?:^|\s)team:(?:"([^"]*)"|(\S*))/i;

/** Takes `team:<name>` out of the text: the name, and the text without it. */
function takeTeamFilter(text: string): { team?: string; rest: string } {
  const match = TEAM_FILTER.exec(text);
  if (!match) return { rest: text };
  return { team: (match[1] ?? match[2] ?? '').trim(), rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}` };
}

const scopable = new Set(['list', 'search', 'triage', 'mine', 'flags']);

/** Reads `/backlog` text. Empty or unknown subcommands get help, quoting the word that was not understood. */
export function parseBacklogCommand(text: string): BacklogCommand {
  const sub = text.trim().split(/\s+/)[0]?.toLowerCase();
  if (sub && scopable.has(sub)) {
    const { team, rest } = takeTeamFilter(text);
    if (team === undefined) return parseUnscoped(text);
    if (team === '') return { kind: 'invalid', message: 'Which team? Give its name, like `/backlog list team:web`, or `team:"two words"` for a name with spaces. `/backlog teams` lists them.' };
    const parsed = parseUnscoped(rest);
    return parsed.kind === 'list' || parsed.kind === 'search' || parsed.kind === 'triage' || parsed.kind === 'mine' || parsed.kind === 'flags' ? { ...parsed, team } : parsed;
  }
  return parseUnscoped(text);
}

function parseUnscoped(text: string): BacklogCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [sub, ...args] = words;
  switch (sub?.toLowerCase()) {
    case undefined:
    case 'help':
      return { kind: 'help' };
    case 'list':
      return parseList(args);
    case 'show': {
      const match = /^(bug|story)-(\d{1,9})$/i.exec(args[0] ?? '');
      if (!match || args.length > 1) return { kind: 'invalid', message: 'Show which item? Give its key, like `/backlog show BUG-12` or `/backlog show STORY-3`.' };
      return { kind: 'show', type: match[1]!.toLowerCase() as ItemKind, number: Number(match[2]) };
    }
    case 'search': {
      const query = args.join(' ');
      if (!query) return { kind: 'invalid', message: 'Search for what? Try `/backlog search login`.' };
      if (query.length > SEARCH_MAX) return { kind: 'invalid', message: `Keep the search to ${SEARCH_MAX} characters or fewer.` };
      return { kind: 'search', text: query };
    }
    case 'triage':
      return { kind: 'triage' };
    case 'mine':
      return { kind: 'mine' };
    case 'digest':
      return { kind: 'digest' };
    case 'settings':
      return { kind: 'settings' };
    case 'teams':
      return { kind: 'teams' };
    case 'flags':
      if (args.length === 0) return { kind: 'flags', setup: false };
      if (args.length === 1 && args[0]!.toLowerCase() === 'setup') return { kind: 'flags', setup: true };
      return { kind: 'invalid', message: 'Try `/backlog flags` (the team\'s flags and stories) or `/backlog flags setup` (connect a flag system; admins).' };
    default:
      return { kind: 'help', unknown: sub };
  }
}
