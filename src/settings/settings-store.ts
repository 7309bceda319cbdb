import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type Workspace, workspaces } from '../db/schema.ts';
import type { SettingsInput } from './settings-input.ts';

/** A workspace's settings, and who installed the app (who may change them besides admins). */
export type Settings = Pick<
  Workspace,
  'digestChannelId' | 'digestWeekday' | 'digestTime' | 'timeZone' | 'skipQuietWeeks' | 'triageChannelId' | 'backlogCap' | 'staleAfterDays' | 'needsInfoDays' | 'installerUserId'
>;

/** The schema's column default, so a workspace that saved nothing reads as the database would fill it in. */
const columnDefault = <T>(column: { default?: unknown }) => column.default as T;

const defaults: Settings = {
  digestChannelId: null,
  digestWeekday: columnDefault(workspaces.digestWeekday),
  digestTime: columnDefault(workspaces.digestTime),
  timeZone: null,
  skipQuietWeeks: columnDefault(workspaces.skipQuietWeeks),
  triageChannelId: null,
  backlogCap: columnDefault(workspaces.backlogCap),
  staleAfterDays: columnDefault(workspaces.staleAfterDays),
  needsInfoDays: columnDefault(workspaces.needsInfoDays),
  installerUserId: null,
};

/** The workspace's settings, or the defaults when it has none yet. A time zone is null until settings are saved. */
export async function readSettings(db: Db, workspaceId: string): Promise<Settings> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  return row ?? defaults;
}

/** Saves the settings modal's values; `enterpriseId` lets the outbox find an org-wide installation's token. */
export async function saveSettings(db: Db, workspaceId: string, settings: SettingsInput & { enterpriseId?: string }): Promise<void> {
  await db.insert(workspaces).values({ id: workspaceId, ...settings }).onConflictDoUpdate({ target: workspaces.id, set: settings });
}
