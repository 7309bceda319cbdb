import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { postgresConnection } from '../../src/db/postgres-url.ts';
import { queryRows } from '../../src/db/rows.ts';
import { createTestDatabase, serverUrl } from '../support/db.ts';

describe('DATABASE_URL with a socket directory', () => {
  it('when the URL names a host directory, then postgres.js is given it as the host and the server never sees it as a setting', () => {
    expect(postgresConnection('postgres://app:pw@localhost:5433/shortlist?host=/var/run/postgresql&sslmode=disable')).toEqual({
      url: 'postgres://app:pw@localhost:5433/shortlist?sslmode=disable',
      host: '/var/run/postgresql',
    });
    expect(postgresConnection('postgres://app@db.internal:5432/shortlist')).toEqual({ url: 'postgres://app@db.internal:5432/shortlist' });
    expect(() => postgresConnection('postgres://app@localhost/shortlist?host=db.internal')).toThrow(/socket directory/);
  });

  // The machine's server, when it listens on the usual socket directory too (Debian's does).
  const socketDir = '/var/run/postgresql';
  const serverPort = serverUrl ? new URL(serverUrl).port || '5432' : '5432';
  it.runIf(serverUrl && existsSync(`${socketDir}/.s.PGSQL.${serverPort}`))('when the database is reached through its Unix socket, then it is migrated and answers, with no TCP peer address', async () => {
    const tcp = await createTestDatabase('postgres');
    try {
      const url = new URL(tcp.url!);
      url.hostname = 'localhost';
      url.searchParams.set('host', socketDir);
      const overSocket = await openDatabase({ kind: 'postgres', url: url.toString() });
      try {
        const rows = await queryRows<{ peer: string | null; bugs: number }>(overSocket.db, sql`select inet_server_addr()::text as peer, (select count(*)::int from bugs) as bugs`);
        expect(rows).toEqual([{ peer: null, bugs: 0 }]);
      } finally {
        await overSocket.close();
      }
    } finally {
      await tcp.drop();
    }
  });
});
