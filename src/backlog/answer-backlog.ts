import type { KnownBlock } from '@slack/types';
import { buildBacklogHelp } from '../blocks/backlog-help.ts';
import { buildBugDetail, buildStoryDetail } from '../blocks/item-detail.ts';
import { buildItemList, itemKey, PAGE_SIZE } from '../blocks/item-list.ts';
import { listBugFiles } from '../bugs/bug-files.ts';
import { findBugByNumber } from '../bugs/find-bug.ts';
import type { Db } from '../db/client.ts';
import { recentComments } from '../comments/recent-comments.ts';
import { recentHistory } from '../items/history.ts';
import { findItems, type ItemFilter } from '../items/item-queries.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { findStoryByNumber } from '../stories/find-story.ts';
import type { Team } from '../db/schema.ts';
import { itemTeamsOf } from '../teams/team-choice.ts';
import { intakeTeamOf, listTeams } from '../teams/team-store.ts';
import { truncate } from '../text/limits.ts';
import type { BacklogCommand } from './parse-command.ts';

export interface BacklogAnswer {
  text: string;
  blocks: KnownBlock[];
}

export interface BacklogContext {
  db: Db;
  workspaceId: string;
  /** Where it was asked: a team's intake channel scopes lists to that team. */
  channelId?: string;
  userId: string;
  now: Date;
  /** The command text, carried by the More button so the next page runs the same query. */
  commandText: string;
  offset: number;
}

const plain = (text: string): BacklogAnswer => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

/** Encodes the More button's value: the command to re-run and where the next page starts. */
export const moreValue = (commandText: string) => (offset: number) => JSON.stringify({ text: truncate(commandText, 1500), offset });

/** Whose items a list shows: one team's, or (`team` undefined) every team's of the workspace. */
type Scope = { teams: Team[]; team: Team | undefined } | { unknownTeam: string; teams: Team[] };

/**
 * `team:<name>` when given (a name of this workspace's active teams, whatever its case); else the team whose
 * intake channel it was asked in; else every team.
 */
async function scopeOf(context: BacklogContext, teamName: string | undefined): Promise<Scope> {
  const [teams, intake] = await Promise.all([listTeams(context.db, context.workspaceId), teamName === undefined ? intakeTeamOf(context.db, context.workspaceId, context.channelId) : undefined]);
  if (teamName === undefined) return { teams, team: intake && !intake.archivedAt ? intake : undefined };
  const named = teams.find((team) => team.name.toLowerCase() === teamName.toLowerCase());
  return named ? { teams, team: named } : { unknownTeam: teamName, teams };
}

/** The answer to a `team:` naming no team: which teams there are (at most 20 named). */
function unknownTeam(name: string, teams: Team[]): BacklogAnswer {
  const names = teams.slice(0, 20).map((team) => `\`${escapeMrkdwn(team.name)}\``);
  const more = teams.length > names.length ? ` and ${teams.length - names.length} more` : '';
  return plain(`No team “${escapeMrkdwn(truncate(name, 40))}” in this workspace. Its teams: ${names.join(', ')}${more}. Name one with \`team:<name>\` (quote a name with spaces: \`team:"two words"\`).`);
}

async function list(context: BacklogContext, command: { team?: string }, heading: string, empty: string, filter: Omit<ItemFilter, 'limit' | 'offset'>, triage = false): Promise<BacklogAnswer> {
  const scope = await scopeOf(context, command.team);
  if ('unknownTeam' in scope) return unknownTeam(scope.unknownTeam, scope.teams);
  const { team, teams } = scope;
  const found = await findItems(context.db, context.workspaceId, { ...filter, ...(team ? { teamId: team.id } : {}), limit: PAGE_SIZE, offset: context.offset });
  // One team: nothing says "team" anywhere. Several: the heading says whose list it is, and a list of every team's items names each item's.
  const several = teams.length > 1;
  const whose = several ? ` · ${team ? `team ${escapeMrkdwn(team.name)}` : 'all teams'}` : '';
  const staleAfterDays = (team ?? teams.find((t) => t.isDefault) ?? teams[0]!).staleAfterDays;
  const byTeam = several && !team ? new Map(teams.map((t) => [t.id, { name: t.name, staleAfterDays: t.staleAfterDays }])) : undefined;
  // In the triage queue every bug can be rated right there.
  const blocks = buildItemList({ heading: `${heading}${whose}`, empty, ...found, offset: context.offset, now: context.now, staleAfterDays, more: moreValue(context.commandText), ratings: triage, teams: byTeam });
  return { text: `${heading}${whose}: ${found.total}`, blocks };
}

/** Answers a parsed `/backlog` command, for one person in one workspace. */
export async function answerBacklog(command: BacklogCommand, context: BacklogContext): Promise<BacklogAnswer> {
  switch (command.kind) {
    case 'help':
      return buildBacklogHelp(command.unknown);
    case 'invalid':
      return plain(command.message);
    case 'list': {
      const what = command.types.length === 2 ? 'Items' : command.types[0] === 'bug' ? 'Bugs' : 'Stories';
      const heading = `${what}${command.status ? ` (${command.status.replace(/_/g, ' ')})` : ''}, newest first`;
      return list(context, command, heading, 'Nothing here.', { types: command.types, status: command.status, order: 'newest' });
    }
    case 'search':
      return list(context, command, `Search: ${escapeMrkdwn(command.text)}`, `Nothing matches “${escapeMrkdwn(command.text)}”.`, { types: ['bug', 'story'], search: command.text, order: 'rank' });
    case 'triage':
      return list(context, command, 'Waiting for triage, oldest first', 'No bug is waiting for triage. :tada:', { types: ['bug'], status: 'new', order: 'oldest' }, true);
    case 'mine':
      return list(context, command, 'Reported by or assigned to you, open, newest first', 'Nothing open that you reported or own.', { types: ['bug', 'story'], involving: context.userId, openOnly: true, order: 'newest' });
    case 'show': {
      const key = itemKey({ type: command.type, number: command.number });
      if (command.type === 'bug') {
        const bug = await findBugByNumber(context.db, context.workspaceId, command.number);
        if (!bug) return plain(`No ${key} in this workspace.`);
        const [history, comments, teams, files] = await Promise.all([
          recentHistory(context.db, context.workspaceId, 'bug', bug.id),
          recentComments(context.db, context.workspaceId, 'bug', bug.id),
          listTeams(context.db, context.workspaceId),
          listBugFiles(context.db, context.workspaceId, bug.id),
        ]);
        return buildBugDetail(bug, { history, comments }, itemTeamsOf(teams, bug.teamId), files);
      }
      const story = await findStoryByNumber(context.db, context.workspaceId, command.number);
      if (!story) return plain(`No ${key} in this workspace.`);
      const [history, comments, teams] = await Promise.all([recentHistory(context.db, context.workspaceId, 'story', story.id), recentComments(context.db, context.workspaceId, 'story', story.id), listTeams(context.db, context.workspaceId)]);
      return buildStoryDetail(story, { history, comments }, itemTeamsOf(teams, story.teamId));
    }
    case 'digest':
    case 'settings':
    case 'teams':
    case 'flags':
      // They need Slack (a modal, a post, who is an admin) and are handled by the command listener itself.
      return plain(`Use \`/backlog ${command.kind}\` as a command.`);
  }
}
