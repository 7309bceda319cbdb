import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../src/db/client.ts';

export type DbKind = 'pglite' | 'postgres';

/** The server tests run against, when one is configured (CI sets TEST_DATABASE_URL). */
export const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

/** PGlite always; PostgreSQL too whenever a server is configured. */
export const dbKinds: DbKind[] = serverUrl ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  /** For PostgreSQL: the URL of this test's own database. */
  url: string | undefined;
  /** Closes the database and, on PostgreSQL, drops it. */
  drop(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A fresh database built by the real migrations: in-memory PGlite, or a randomly named PostgreSQL database. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
    return { ...database, url: undefined, drop: () => database.close() };
  }
  const name = `shortlist_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabaseName(serverUrl!, name);
  const database = await openDatabase({ kind: 'postgres', url });
  return {
    ...database,
    url,
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
