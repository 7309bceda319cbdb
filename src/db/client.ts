import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { is, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { PgliteDatabase, drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { postgresConnection } from './postgres-url.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The handle a transaction's work gets: `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Embedded PGlite runs one query at a time in this process and has no statement timer; some queries are shaped for that. */
export const onPglite = (db: Db): boolean => is(db, PgliteDatabase);

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * Housekeeping the server would do by itself: PGlite runs no autovacuum, so without it the planner
   * never gets statistics and counts never become index-only. A no-op on PostgreSQL.
   */
  maintain(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | undefined };

/** The project's root, the folder that holds drizzle/: found by walking up, so it works from src/ and from the dist/ bundle. */
function findProjectRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'drizzle', 'meta', '_journal.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('drizzle/ migrations folder not found above src/db/client.ts');
  }
}
const projectRoot = findProjectRoot();
const migrationsFolder = join(projectRoot, 'drizzle');
// Any fixed number works; every instance of Shortlist must use the same one.
const MIGRATION_LOCK_KEY = 727_001;

/** Opens the database and applies pending migrations before returning it. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'postgres' ? openPostgres(target.url) : openPglite(target.dataDir);
}

/**
 * PGlite's defaults size Postgres for a server (128 MB of shared buffers). One bot's database is small
 * and its files are in the OS page cache anyway, so a smaller buffer pool halves the process's memory.
 */
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'max_connections=5'];

const INIT_MARKER = '.shortlist-initdb-incomplete';
const execFileAsync = promisify(execFile);

/** The empty cluster scripts/pglite-template.mjs prepares at install time, when it is there. */
function pgliteTemplate(): string | undefined {
  const pgliteEntry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const { version } = JSON.parse(readFileSync(join(dirname(pgliteEntry), '..', 'package.json'), 'utf8')) as { version: string };
  const template = join(projectRoot, 'node_modules', '.cache', 'shortlist', `pglite-${version}`);
  return existsSync(join(template, 'PG_VERSION')) ? template : undefined;
}

/**
 * Creates the cluster of a new data directory: a copy of the install-time template, else initdb in a
 * short-lived child process (initdb grows PGlite's WebAssembly memory to ~700 MB, which a process never
 * gives back, and takes seconds). A marker file makes a creation that was cut off start over instead of
 * leaving a half-made cluster.
 */
async function initialisePgliteDir(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const marker = join(dataDir, INIT_MARKER);
  if (existsSync(marker)) {
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
  } else if (existsSync(join(dataDir, 'PG_VERSION'))) {
    return;
  } else if (readdirSync(dataDir).length > 0) {
    throw new Error(`DATA_DIR ${dataDir} is not empty and holds no PGlite database; point DATA_DIR at an empty or a Shortlist directory`);
  }
  writeFileSync(marker, '');
  const template = pgliteTemplate();
  if (template) {
    cpSync(template, dataDir, { recursive: true });
    rmSync(marker);
    return;
  }
  // The same 1 MB WAL segments as the install-time template (scripts/pglite-template.mjs).
  const script = "const { PGlite } = await import(process.argv[1]); const db = await PGlite.create({ dataDir: process.argv[2], initDbStartParams: ['--wal-segsize=1'] }); await db.close();";
  await execFileAsync(process.execPath, ['--input-type=module', '-e', script, import.meta.resolve('@electric-sql/pglite'), dataDir]);
  rmSync(marker);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) await initialisePgliteDir(dataDir);
  const client = await PGlite.create({ dataDir, startParams: PGLITE_START_PARAMS });
  const db = drizzlePglite(client, { schema });
  // PGlite is one process's private database, so no other instance can race this migration.
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    maintain: async () => {
      await client.exec('vacuum analyze');
    },
    close: () => client.close(),
  };
}

/**
 * Seconds before a connection of the pool tries again after a failed one. postgres.js's default grows as
 * 3^n / 100 up to 20 s, counted across the whole pool: after a few seconds of refused connections (a
 * failover), queries queued on a connection waited up to 20 s after the database was back. Capped at 1 s
 * (with jitter, so a pool does not reconnect in step), it comes back within a second of the database.
 */
export const reconnectBackoff = (retries: number): number => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2);

const connect = (url: string, options: postgres.Options<Record<string, never>>) => {
  const { url: rest, host } = postgresConnection(url);
  return postgres(rest, { ...options, ...(host ? { host } : {}) });
};

async function openPostgres(url: string): Promise<Database> {
  await migratePostgresLocked(url);
  const client = connect(url, { max: 20, onnotice: () => {}, connect_timeout: 10, backoff: reconnectBackoff });
  const db = drizzlePostgres(client, { schema });
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    maintain: async () => undefined,
    close: () => client.end({ timeout: 5 }),
  };
}

/** How long start-up keeps trying to migrate while the database's connections are being reset or refused. */
const MIGRATION_RETRY_MS = 60_000;

/**
 * Errors that say the connection went away (reset, refused, closed by the server), not that the migration
 * is wrong: postgres.js's own codes, the socket's, and the server's admin-shutdown class 57P.
 */
export function isConnectionError(error: unknown): boolean {
  return causesOf(error).some(({ code }) => typeof code === 'string' && CONNECTION_ERROR_CODES.test(code));
}
const CONNECTION_ERROR_CODES = /^(CONNECTION_CLOSED|CONNECTION_DESTROYED|CONNECTION_ENDED|CONNECT_TIMEOUT|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|57P0[1-3])$/;

/**
 * Whether `error` is a unique violation (23505) of the index or constraint `name`: how a race that an
 * index settles (two people adding the same team name) is told apart from a failure.
 */
export function isUniqueViolation(error: unknown, name: string): boolean {
  // PGlite names the index `constraint`, postgres.js `constraint_name`.
  return causesOf(error).some((cause) => cause.code === '23505' && (cause.constraint ?? cause.constraint_name) === name);
}

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
}

/** An error and its causes: drizzle wraps a driver's error in its own (DrizzleQueryError) with the original as `cause`. */
function causesOf(error: unknown): DriverError[] {
  const causes: DriverError[] = [];
  for (let cause = error, depth = 0; cause && typeof cause === 'object' && depth < 5; cause = (cause as { cause?: unknown }).cause, depth += 1) causes.push(cause as DriverError);
  return causes;
}

/**
 * Migrates under the advisory lock, and starts over when the connection is lost on the way (a failover or
 * a proxy restart while this instance waits for the lock or migrates): the server releases a session's lock
 * and rolls back its migration transaction when the session dies, so a new attempt starts clean.
 */
async function migratePostgresLocked(url: string): Promise<void> {
  const deadline = Date.now() + MIGRATION_RETRY_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await migratePostgresOnce(url);
    } catch (error) {
      if (!isConnectionError(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2000)));
    }
  }
}

/** Several instances may start at once: an advisory lock lets one migrate while the others wait, then find nothing to do. */
async function migratePostgresOnce(url: string): Promise<void> {
  const client = connect(url, { max: 1, onnotice: () => {}, connect_timeout: 10, backoff: reconnectBackoff });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    // On a lost connection there is nothing to unlock: the server dropped the lock with the session.
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
