import type { Db } from '../db/client.ts';
import type { Team } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { SlackDirectory } from '../settings/slack-directory.ts';
import { intakeChannels, listTeams } from './team-store.ts';

/** Home shows at most this many teams' health (2 blocks each would allow more; a person reads a handful). */
export const HOME_TEAMS_MAX = 5;

export interface HomeTeams {
  /** The teams whose health Home shows, in the workspace's order (the default team first, then by name). */
  shown: Team[];
  /** How many more of the person's teams there are than Home shows. */
  more: number;
  /** Every active team of the workspace: one means Home looks as it did before teams. */
  all: Team[];
}

/**
 * Which teams' health a person's Home shows: the teams whose intake channels they are in, or every team when
 * they are in none of them, or when Slack cannot say which channels they are in (logged). A workspace with one
 * team asks Slack nothing.
 */
export async function homeTeams(db: Db, workspaceId: string, userId: string, directory: Pick<SlackDirectory, 'channelsOf'>, logger: Pick<Logger, 'warn'>): Promise<HomeTeams> {
  const all = await listTeams(db, workspaceId);
  if (all.length === 1) return { shown: all, more: 0, all };
  const [intake, theirs] = await Promise.all([
    intakeChannels(db, workspaceId),
    directory.channelsOf(userId).then(
      (channels) => new Set(channels),
      (error: unknown) => {
        logger.warn({ err: error, teamId: workspaceId, userId }, "could not read the person's channels; Home shows every team");
        return new Set<string>();
      },
    ),
  ]);
  const mine = all.filter((team) => (intake.get(team.id) ?? []).some((channel) => theirs.has(channel)));
  const teams = mine.length > 0 ? mine : all;
  return { shown: teams.slice(0, HOME_TEAMS_MAX), more: Math.max(0, teams.length - HOME_TEAMS_MAX), all };
}
