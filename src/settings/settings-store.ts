import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Workspace, workspaces } from '../db/schema.ts';
import { workspaceDefaults } from '../db/workspace-defaults.ts';
import type { SettingsInput } from './settings-input.ts';

/** A workspace's settings, and who installed the app (who may change them besides admins). */
export type Settings = Pick<
  Workspace,
  'digestChannelId' | 'digestWeekday' | 'digestTime' | 'timeZone' | 'skipQuietWeeks' | 'triageChannelId' | 'backlogCap' | 'staleAfterDays' | 'needsInfoDays' | 'installerUserId'
>;

/** A workspace that saved nothing reads as the database would fill it in. */
const defaults: Settings = { ...workspaceDefaults, digestChannelId: null, timeZone: null, triageChannelId: null, installerUserId: null };

/** The workspace's settings, or the defaults when it has none yet. A time zone is null until settings are saved. */
export async function readSettings(db: Db, workspaceId: string): Promise<Settings> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  return row ?? defaults;
}

/** Saves the settings modal's values; `enterpriseId` lets the outbox find an org-wide installation's token. */
export async function saveSettings(db: Db, workspaceId: string, settings: SettingsInput & { enterpriseId?: string }): Promise<void> {
  await db.insert(workspaces).values({ id: workspaceId, ...settings }).onConflictDoUpdate({ target: workspaces.id, set: settings });
}
