/**
 * drizzle/0002_teams on a database made before teams: every workspace gets one default team holding its
 * settings and every item, keys and history unchanged, and the digest claims move to that team.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { asc, eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { bugs, digestRuns, itemHistory, stories, teams } from '../../src/db/schema.ts';
import { dbKinds, serverUrl } from '../support/db.ts';

const drizzleDir = fileURLToPath(new URL('../../drizzle/', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The migrations folder as it was before teams: the first two entries of the journal. */
function preTeamsMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shortlist-pre-teams-'));
  dirs.push(dir);
  cpSync(drizzleDir, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === '0002_teams');
  expect(at).toBe(2);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return dir;
}

/** Two workspaces as the pre-teams schema held them: settings on the workspace row, items, history and a digest claim. */
const legacyRows = `
  insert into workspaces (id, bug_seq, story_seq, triage_channel_id, backlog_cap, stale_after_days, needs_info_days, digest_channel_id, digest_weekday, digest_time, time_zone, skip_quiet_weeks, installer_user_id)
    values ('T_OLD', 12, 3, 'C_TRIAGE', 7, 21, 9, 'C_DIGEST', 3, '10:30', 'Europe/Rome', true, 'U_INSTALLER'), ('T_QUIET', 0, 0, null, 25, 30, 14, null, 1, '09:00', null, false, null);
  insert into bugs (workspace_id, number, summary, steps, expected, actual, reporter_id, status) values
    ('T_OLD', 5, 'Five', 's', 'e', 'a', 'U1', 'new'), ('T_OLD', 12, 'Twelve', 's', 'e', 'a', 'U1', 'resolved');
  insert into stories (workspace_id, number, title, persona, want, benefit, criteria, reporter_id, status) values
    ('T_OLD', 3, 'Three', 'p', 'w', 'b', 'c', 'U2', 'ready');
  insert into item_history (workspace_id, item_type, item_id, actor_id, action, to_status)
    select workspace_id, 'bug', id, 'U1', 'created', 'new' from bugs;
  insert into digest_runs (workspace_id, period_key, outcome) values ('T_OLD', '2026-11-23', 'posted');
`;

/** A migrated database and how to be rid of it (PGlite: close it; PostgreSQL: close and drop it). */
type Migrated = Database & { dropIt(): Promise<void> };

async function pgliteBeforeTeams(): Promise<Migrated> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shortlist-migrate-'));
  dirs.push(dataDir);
  const client = await PGlite.create({ dataDir });
  await migratePglite(drizzlePglite(client), { migrationsFolder: preTeamsMigrations() });
  await client.exec(legacyRows);
  await client.close();
  const database = await openDatabase({ kind: 'pglite', dataDir });
  return { ...database, dropIt: () => database.close() };
}

async function postgresBeforeTeams(): Promise<Migrated> {
  const name = `shortlist_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await migratePostgres(drizzlePostgres(client), { migrationsFolder: preTeamsMigrations() });
  await client.unsafe(legacyRows);
  await client.end();
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    ...database,
    dropIt: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe.each(dbKinds)('the teams migration on %s', (kind) => {
  it('when a pre-teams database with items migrates, then each workspace has one default team with its settings, holding every item under the same key', async () => {
    const database: Database & { dropIt?: () => Promise<void> } = kind === 'pglite' ? await pgliteBeforeTeams() : await postgresBeforeTeams();
    try {
      const { db } = database;
      const all = await db.select().from(teams).orderBy(asc(teams.workspaceId));
      expect(all.map((t) => [t.workspaceId, t.isDefault, t.archivedAt])).toEqual([
        ['T_OLD', true, null],
        ['T_QUIET', true, null],
      ]);
      const [old] = all;
      expect(old).toMatchObject({ triageChannelId: 'C_TRIAGE', backlogCap: 7, staleAfterDays: 21, needsInfoDays: 9, digestChannelId: 'C_DIGEST', digestWeekday: 3, digestTime: '10:30', timeZone: 'Europe/Rome', skipQuietWeeks: true });
      expect(await db.select({ number: bugs.number, teamId: bugs.teamId }).from(bugs).orderBy(asc(bugs.number))).toEqual([
        { number: 5, teamId: old!.id },
        { number: 12, teamId: old!.id },
      ]);
      expect(await db.select({ number: stories.number, teamId: stories.teamId }).from(stories)).toEqual([{ number: 3, teamId: old!.id }]);
      expect((await db.select({ teamId: itemHistory.teamId }).from(itemHistory)).map((h) => h.teamId)).toEqual([old!.id, old!.id]);
      expect(await db.select({ teamId: digestRuns.teamId, periodKey: digestRuns.periodKey }).from(digestRuns)).toEqual([{ teamId: old!.id, periodKey: '2026-11-23' }]);

      // The counters are the workspace's still: the next bug is BUG-13, in the default team.
      await db.execute(sql`update workspaces set bug_seq = bug_seq + 1 where id = 'T_OLD'`);
      const [next] = await db.insert(bugs).values({ workspaceId: 'T_OLD', number: 13, summary: 'New', steps: 's', expected: 'e', actual: 'a', reporterId: 'U1' }).returning();
      expect(next!.teamId).toBe(old!.id);
      // A workspace made after the migration comes with its own default team.
      await db.execute(sql`insert into workspaces (id) values ('T_NEW')`);
      expect((await db.select().from(teams).where(eq(teams.workspaceId, 'T_NEW'))).map((t) => t.isDefault)).toEqual([true]);
    } finally {
      if (database.dropIt) await database.dropIt();
      else await database.close();
    }
  }, 60_000);
});
