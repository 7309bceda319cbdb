import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { workspaces } from '../../src/db/schema.ts';
import { serverUrl } from '../support/db.ts';

describe.runIf(serverUrl)('migrations on PostgreSQL', () => {
  it('when three instances start at once on an empty database, then all come up and the migrations ran once', async () => {
    const name = `shortlist_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    try {
      const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: url.toString() })));
      await instances[0]!.db.insert(workspaces).values({ id: 'T1' });
      expect(await instances[2]!.db.select({ id: workspaces.id }).from(workspaces)).toEqual([{ id: 'T1' }]);
      const probe = postgres(url.toString(), { max: 1 });
      const applied = await probe`select count(*)::int as n from drizzle.__drizzle_migrations`;
      await probe.end();
      const journal = JSON.parse(readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
      expect(journal.entries.length).toBeGreaterThan(0);
      expect(applied[0]!.n).toBe(journal.entries.length);
      await Promise.all(instances.map((instance) => instance.close()));
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
