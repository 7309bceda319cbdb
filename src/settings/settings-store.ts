import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Team, teams, workspaces } from '../db/schema.ts';
import { ensureWorkspace } from '../items/workspace-lock.ts';
import { teamOfChannel } from '../teams/team-store.ts';
import type { SettingsInput } from './settings-input.ts';

/** A team's settings (what `/backlog settings` edits), its id, and who installed the app (who may change them besides admins). */
export type Settings = Pick<
  Team,
  'digestChannelId' | 'digestWeekday' | 'digestTime' | 'timeZone' | 'skipQuietWeeks' | 'triageChannelId' | 'backlogCap' | 'staleAfterDays' | 'needsInfoDays' | 'intakeEmoji'
> & { teamId: number; teamName: string; installerUserId: string | null };

/** Who installed Shortlist in the workspace (null until someone files or installs). */
export async function installerOf(db: Db, workspaceId: string): Promise<string | null> {
  const [row] = await db.select({ installerUserId: workspaces.installerUserId }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.installerUserId ?? null;
}

/**
 * The settings of the team a channel belongs to (elsewhere, and with no channel: the default team's), or
 * the defaults when the workspace has saved nothing yet. A time zone is null until settings are saved.
 */
export async function readSettings(db: Db, workspaceId: string, channelId?: string): Promise<Settings> {
  const [team, installerUserId] = await Promise.all([teamOfChannel(db, workspaceId, channelId), installerOf(db, workspaceId)]);
  return {
    teamId: team.id,
    teamName: team.name,
    installerUserId,
    digestChannelId: team.digestChannelId,
    digestWeekday: team.digestWeekday,
    digestTime: team.digestTime,
    timeZone: team.timeZone,
    skipQuietWeeks: team.skipQuietWeeks,
    triageChannelId: team.triageChannelId,
    backlogCap: team.backlogCap,
    staleAfterDays: team.staleAfterDays,
    needsInfoDays: team.needsInfoDays,
    intakeEmoji: team.intakeEmoji,
  };
}

/**
 * Saves the settings modal's values into a team of the workspace (0: the default team of a workspace
 * that has no row yet, made here); `enterpriseId` lets the outbox find an org-wide installation's token.
 * False when the team is gone (archived since the modal opened).
 */
export async function saveSettings(db: Db, workspaceId: string, teamId: number, settings: SettingsInput & { enterpriseId?: string }): Promise<boolean> {
  const { enterpriseId, ...values } = settings;
  await ensureWorkspace(db, workspaceId, enterpriseId ?? null);
  const target = teamId === 0 ? and(eq(teams.workspaceId, workspaceId), eq(teams.isDefault, true)) : and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId));
  const saved = await db.update(teams).set({ ...values, updatedAt: new Date() }).where(target).returning({ id: teams.id });
  return saved.length > 0;
}
