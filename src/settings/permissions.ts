import type { DirectoryUser, SlackDirectory } from './slack-directory.ts';

/** Someone who may change the settings, to be asked by a person who may not. */
export interface SettingsAdmin {
  id: string;
  /** How Slack shows them (display name, else real name, else handle). */
  name: string;
}

export type SettingsPermission = { allowed: true; timeZone: string | undefined } | { allowed: false; ask: SettingsAdmin[] };

/**
 * Only workspace admins and owners (as users.info says) or the installing user may change settings.
 * Refused people are told whom to ask: up to five admins, and the installer.
 */
export async function settingsPermission(directory: SlackDirectory, userId: string, installerUserId: string | null): Promise<SettingsPermission> {
  const user = await directory.user(userId);
  if (user?.isAdmin || user?.isPrimaryOwner || (installerUserId !== null && userId === installerUserId)) {
    return { allowed: true, timeZone: user?.timeZone };
  }
  const members = await directory.members();
  const ask: SettingsAdmin[] = members.filter((m) => m.isAdmin && m.isPerson).map((m) => ({ id: m.id, name: m.name || 'a workspace admin' }));
  if (installerUserId && !ask.some((a) => a.id === installerUserId)) {
    const installer: DirectoryUser | undefined = members.find((m) => m.id === installerUserId) ?? (await directory.user(installerUserId).catch(() => undefined));
    ask.unshift({ id: installerUserId, name: installer?.name || 'whoever installed Shortlist' });
  }
  return { allowed: false, ask: ask.slice(0, 5) };
}
