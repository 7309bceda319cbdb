import type { KnownBlock } from '@slack/types';
import { buildBacklogHelp } from '../blocks/backlog-help.ts';
import { buildBugDetail, buildStoryDetail } from '../blocks/item-detail.ts';
import { buildItemList, itemKey, PAGE_SIZE } from '../blocks/item-list.ts';
import { findBugByNumber } from '../bugs/find-bug.ts';
import type { Db } from '../db/client.ts';
import { recentHistory } from '../items/history.ts';
import { findItems, type ItemFilter } from '../items/item-queries.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { findStoryByNumber } from '../stories/find-story.ts';
import { teamOfChannel } from '../teams/team-store.ts';
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

async function list(context: BacklogContext, heading: string, empty: string, filter: Omit<ItemFilter, 'limit' | 'offset'>, triage = false): Promise<BacklogAnswer> {
  const [settings, found] = await Promise.all([
    teamOfChannel(context.db, context.workspaceId, context.channelId),
    findItems(context.db, context.workspaceId, { ...filter, limit: PAGE_SIZE, offset: context.offset }),
  ]);
  // In the triage queue every bug can be rated right there.
  const blocks = buildItemList({ heading, empty, ...found, offset: context.offset, now: context.now, staleAfterDays: settings.staleAfterDays, more: moreValue(context.commandText), ratings: triage });
  return { text: `${heading}: ${found.total}`, blocks };
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
      return list(context, heading, 'Nothing here.', { types: command.types, status: command.status, order: 'newest' });
    }
    case 'search':
      return list(context, `Search: ${escapeMrkdwn(command.text)}`, `Nothing matches “${escapeMrkdwn(command.text)}”.`, { types: ['bug', 'story'], search: command.text, order: 'rank' });
    case 'triage':
      return list(context, 'Waiting for triage, oldest first', 'No bug is waiting for triage. :tada:', { types: ['bug'], status: 'new', order: 'oldest' }, true);
    case 'mine':
      return list(context, 'Reported by or assigned to you, open, newest first', 'Nothing open that you reported or own.', { types: ['bug', 'story'], involving: context.userId, openOnly: true, order: 'newest' });
    case 'show': {
      const key = itemKey({ type: command.type, number: command.number });
      if (command.type === 'bug') {
        const bug = await findBugByNumber(context.db, context.workspaceId, command.number);
        if (!bug) return plain(`No ${key} in this workspace.`);
        return buildBugDetail(bug, await recentHistory(context.db, context.workspaceId, 'bug', bug.id));
      }
      const story = await findStoryByNumber(context.db, context.workspaceId, command.number);
      if (!story) return plain(`No ${key} in this workspace.`);
      return buildStoryDetail(story, await recentHistory(context.db, context.workspaceId, 'story', story.id));
    }
    case 'digest':
    case 'settings':
    case 'teams':
      // They need Slack (a modal, a post, who is an admin) and are handled by the command listener itself.
      return plain(`Use \`/backlog ${command.kind}\` as a command.`);
  }
}
