/**
 * A workspace's settings until someone saves them. The schema's column defaults are these values, and
 * code that finds no workspace row reads them too, so a row the database filled in and a workspace
 * that has none yet never disagree. In db/ because the schema reads them (db/ imports nothing above it).
 */
export const workspaceDefaults = {
  backlogCap: 25,
  staleAfterDays: 30,
  needsInfoDays: 14,
  digestWeekday: 1,
  digestTime: '09:00',
  skipQuietWeeks: false,
  intakeEmoji: 'bug',
} as const;
