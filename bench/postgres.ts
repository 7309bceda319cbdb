import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { postgresConnection } from '../src/db/postgres-url.ts';

/** Tried when neither DATABASE_URL nor TEST_DATABASE_URL is set. */
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresServer {
  url: string;
  version: string;
  /** Creates an empty database with a random name (no migrations applied) and returns its URL. */
  createDatabase(): Promise<string>;
  /** Drops every database created here and closes the admin connection. */
  close(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * The PostgreSQL server to benchmark against: the configured one (failing loudly if it does not answer),
 * else a local default when one answers, else undefined (the PostgreSQL column is skipped).
 */
export async function findPostgres(): Promise<PostgresServer | undefined> {
  const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const url = configured ?? DEFAULT_SERVER_URL;
  const { url: adminUrl, host } = postgresConnection(url);
  const admin = postgres(adminUrl, { ...(host ? { host } : {}), max: 1, onnotice: () => {}, connect_timeout: configured ? 10 : 2 });
  let version: string;
  try {
    const [row] = await admin<{ server_version: string }[]>`show server_version`;
    version = row!.server_version;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => undefined);
    if (configured) throw new Error(`PostgreSQL at the configured URL did not answer: ${(error as Error).message}`);
    return undefined;
  }
  const created: string[] = [];
  return {
    url,
    version,
    async createDatabase() {
      const name = `shortlist_bench_${randomBytes(6).toString('hex')}`;
      await admin.unsafe(`create database ${name}`);
      created.push(name);
      return withDatabaseName(url, name);
    },
    async close() {
      for (const name of created.splice(0)) {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      }
      await admin.end({ timeout: 5 });
    },
  };
}
