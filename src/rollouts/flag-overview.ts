import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type FlagConnection, type FlagState, flagStates, type Story, stories } from '../db/schema.ts';
import { flagStatesOf } from './apply-flag-events.ts';
import { teamConnections } from './connections.ts';

/** Stories listed by `/backlog flags`, newest first; the rest are counted. */
export const FLAG_STORIES_SHOWN = 20;

export interface TeamFlags {
  stories: { story: Pick<Story, 'id' | 'number' | 'title' | 'status' | 'flagKey' | 'shippedByFlag'>; states: FlagState[] }[];
  storiesWithFlags: number;
  /** States of keys that no story of the team has (yet). */
  unmatched: FlagState[];
  connections: FlagConnection[];
}

/** What `/backlog flags` shows of a team: its stories with flags and their state per environment, keys seen that match no story, its connections. */
export async function teamFlags(db: Db, teamId: number): Promise<TeamFlags> {
  const [withFlags, states, connections] = await Promise.all([
    db
      .select({ id: stories.id, number: stories.number, title: stories.title, status: stories.status, flagKey: stories.flagKey, shippedByFlag: stories.shippedByFlag })
      .from(stories)
      .where(and(eq(stories.teamId, teamId), isNotNull(stories.flagKey)))
      .orderBy(desc(stories.number)),
    db.select().from(flagStates).where(eq(flagStates.teamId, teamId)),
    teamConnections(db, teamId),
  ]);
  const keys = new Set(withFlags.map((story) => story.flagKey));
  const shown = withFlags.slice(0, FLAG_STORIES_SHOWN);
  const shownStates = await flagStatesOf(db, teamId, [...new Set(shown.map((story) => story.flagKey!))]);
  return {
    stories: shown.map((story) => ({ story, states: shownStates.filter((state) => state.flagKey === story.flagKey) })),
    storiesWithFlags: withFlags.length,
    unmatched: states.filter((state) => !keys.has(state.flagKey)).sort((a, b) => a.flagKey.localeCompare(b.flagKey) || Number(b.production) - Number(a.production)),
    connections,
  };
}
