import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { type Db, isUniqueViolation, type Tx } from '../db/client.ts';
import { bugs, isOpen, stories, type Team, teamChannels, teams } from '../db/schema.ts';
import { commit, rollback, transact, waitedOn } from '../db/transact.ts';
import { ensureWorkspace } from '../items/workspace-lock.ts';
import type { TeamField, TeamInput } from './team-input.ts';
import { defaultTeam, lockTeam, teamById, teamByName } from './team-store.ts';

/** The unique index on a workspace's active team names (schema.ts): the race of two people adding one name ends there. */
const NAME_INDEX = 'teams_workspace_name_key';

export type TeamErrors = Partial<Record<TeamField, string>>;

/** How saving the team modal ended. `gone`: the team is not (or no longer) an active team of this workspace. */
export type SaveTeamResult = { kind: 'saved'; team: Team } | { kind: 'invalid'; errors: TeamErrors } | { kind: 'gone' };

/** How archiving ended: refused while `remaining` open items are in the team; the default team never is. */
export type ArchiveTeamResult = { kind: 'archived'; team: Team } | { kind: 'open_items'; remaining: number } | { kind: 'default' } | { kind: 'gone' };

const nameTaken = (name: string) => `There is already a team named ${name}. Choose another name.`;

function channelsTaken(owners: { teamName: string }[]): string {
  const teamNames = [...new Set(owners.map((owner) => owner.teamName))].join(', ');
  return owners.length === 1
    ? `A channel you chose is already an intake channel of the team ${teamNames}: take it out of that team first, or choose another.`
    : `${owners.length} channels you chose are already intake channels of ${teamNames}: take them out there first, or choose others.`;
}

/** Which of `channelIds` another team of the workspace (not `selfId`) holds, and that team's name. */
function channelOwners(db: Db | Tx, workspaceId: string, channelIds: string[], selfId: number) {
  if (channelIds.length === 0) return Promise.resolve([]);
  return db
    .select({ channelId: teamChannels.channelId, teamName: teams.name })
    .from(teamChannels)
    .innerJoin(teams, eq(teams.id, teamChannels.teamId))
    .where(and(eq(teamChannels.workspaceId, workspaceId), inArray(teamChannels.channelId, channelIds), ne(teamChannels.teamId, selfId)));
}

/**
 * The name and channels other teams already hold, asked before saving so both errors show at once. Only
 * a courtesy: the unique index and the channels' primary key decide races (see saveTeam).
 */
async function clashes(db: Db, workspaceId: string, selfId: number, input: TeamInput): Promise<TeamErrors | undefined> {
  const [sameName, owners] = await Promise.all([teamByName(db, workspaceId, input.name), channelOwners(db, workspaceId, input.intakeChannelIds, selfId)]);
  const errors: TeamErrors = {};
  if (sameName && sameName.id !== selfId) errors.name = nameTaken(sameName.name);
  if (owners.length > 0) errors.intakeChannelIds = channelsTaken(owners);
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/**
 * Makes `channelIds` the team's intake channels. A channel another team claimed meanwhile is not taken
 * (the insert waits for that claim and then skips it): the error names the team, and the caller rolls back.
 */
async function claimChannels(tx: Tx, workspaceId: string, teamId: number, channelIds: string[]): Promise<string | undefined> {
  await tx.delete(teamChannels).where(and(eq(teamChannels.workspaceId, workspaceId), eq(teamChannels.teamId, teamId)));
  if (channelIds.length === 0) return undefined;
  const claimed = await tx
    .insert(teamChannels)
    .values(channelIds.map((channelId) => ({ workspaceId, channelId, teamId })))
    .onConflictDoNothing()
    .returning({ channelId: teamChannels.channelId });
  if (claimed.length === channelIds.length) return undefined;
  const missed = channelIds.filter((id) => !claimed.some((row) => row.channelId === id));
  return channelsTaken(await channelOwners(tx, workspaceId, missed, teamId));
}

const columnsOf = ({ intakeChannelIds: _channels, ...columns }: TeamInput) => columns;

/**
 * Saves the team modal in one transaction within the save budget: the team's row and its channels, or
 * nothing. A name another team took meanwhile fails on the unique index and comes back as the name's error.
 */
async function saveTeam(db: Db, workspaceId: string, input: TeamInput, write: (tx: Tx) => Promise<Team | undefined>): Promise<SaveTeamResult> {
  try {
    return await transact<SaveTeamResult, SaveTeamResult>(db, waitedOn, async (tx) => {
      const team = await write(tx);
      if (!team) return rollback({ kind: 'gone' });
      const taken = await claimChannels(tx, workspaceId, team.id, input.intakeChannelIds);
      return taken ? rollback({ kind: 'invalid', errors: { intakeChannelIds: taken } }) : commit({ kind: 'saved', team });
    });
  } catch (error) {
    if (!isUniqueViolation(error, NAME_INDEX)) throw error;
    const winner = await teamByName(db, workspaceId, input.name);
    return { kind: 'invalid', errors: { name: nameTaken(winner?.name ?? input.name) } };
  }
}

/** Adds a team to the workspace (making the workspace's row, and so its default team, if it has none yet). */
export async function createTeam(db: Db, workspaceId: string, input: TeamInput, enterpriseId: string | null): Promise<SaveTeamResult> {
  const errors = await clashes(db, workspaceId, 0, input);
  if (errors) return { kind: 'invalid', errors };
  return saveTeam(db, workspaceId, input, async (tx) => {
    await ensureWorkspace(tx, workspaceId, enterpriseId);
    const [team] = await tx.insert(teams).values({ workspaceId, ...columnsOf(input) }).returning();
    return team;
  });
}

/**
 * Saves an active team of this workspace (`teamId` 0: its default team, made here if the workspace has no
 * row yet), replacing its intake channels. A team of another workspace, or an archived one, is `gone`.
 */
export async function updateTeam(db: Db, workspaceId: string, teamId: number, input: TeamInput, enterpriseId: string | null): Promise<SaveTeamResult> {
  const selfId = teamId === 0 ? (await defaultTeam(db, workspaceId)).id : teamId;
  const errors = await clashes(db, workspaceId, selfId, input);
  if (errors) return { kind: 'invalid', errors };
  return saveTeam(db, workspaceId, input, async (tx) => {
    await ensureWorkspace(tx, workspaceId, enterpriseId);
    const target = selfId === 0 ? eq(teams.isDefault, true) : eq(teams.id, selfId);
    // Archived meanwhile: the update waits for the archive's lock, then finds no active row.
    const [team] = await tx
      .update(teams)
      // A team a person renames is no longer renamed after the workspace.
      .set({ ...columnsOf(input), autoNamed: sql`${teams.autoNamed} and ${teams.name} = ${input.name}`, updatedAt: new Date() })
      .where(and(eq(teams.workspaceId, workspaceId), target, isNull(teams.archivedAt)))
      .returning();
    return team;
  });
}

/** How many open items (bugs not resolved; ideas, ready and started stories) a team holds. */
export async function countOpenItems(db: Db | Tx, teamId: number): Promise<number> {
  const count = sql<number>`count(*)::int`;
  const [[openBugs], [openStories]] = await Promise.all([
    db.select({ n: count }).from(bugs).where(and(eq(bugs.teamId, teamId), isOpen.bug)),
    db.select({ n: count }).from(stories).where(and(eq(stories.teamId, teamId), isOpen.story)),
  ]);
  return (openBugs?.n ?? 0) + (openStories?.n ?? 0);
}

/**
 * Archives an empty team: it keeps its closed items' history, and its channels go back to the default
 * team. Refused while it holds open items, counted under the team's lock so none slips in meanwhile.
 */
export function archiveTeam(db: Db, workspaceId: string, teamId: number): Promise<ArchiveTeamResult> {
  return transact<ArchiveTeamResult, ArchiveTeamResult>(db, waitedOn, async (tx) => {
    const found = teamId === 0 ? await defaultTeam(tx, workspaceId) : await teamById(tx, workspaceId, teamId);
    if (!found) return rollback({ kind: 'gone' });
    if (found.isDefault) return rollback({ kind: 'default' });
    // FOR UPDATE, stronger than filing's lock: it also waits for a transaction still inserting an item into
    // this team (its foreign key check holds a KEY SHARE lock on the row), so the count below includes it.
    const team = await lockTeam(tx, found.id, 'update');
    if (!team || team.archivedAt) return rollback({ kind: 'gone' });
    const remaining = await countOpenItems(tx, team.id);
    if (remaining > 0) return rollback({ kind: 'open_items', remaining });
    const [archived] = await tx.update(teams).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(teams.id, team.id)).returning();
    await tx.delete(teamChannels).where(eq(teamChannels.teamId, team.id));
    return commit({ kind: 'archived', team: archived! });
  });
}
