import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.ts';
import { bugStatuses, isOpen, storyStatuses } from '../../src/db/schema.ts';
import { isOpenStatus } from '../../src/items/open-statuses.ts';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/db.ts';

/** The schema's `isOpen` (its partial indexes, the queries that use them) and the code agree on what is open. */
describe.each(dbKinds)('open statuses on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it.each([
    ['bug', bugStatuses],
    ['story', storyStatuses],
  ] as const)('when a %s has any of its statuses, then SQL and TypeScript agree whether it is open', async (item, statuses) => {
    const values = sql.join(statuses.map((status) => sql`(${status})`), sql`, `);
    const rows = await queryRows<{ status: string; open: boolean }>(database.db, sql`select status, ${isOpen[item]} as open from (values ${values}) as items(status)`);
    expect(rows.map((row) => [row.status, row.open])).toEqual(statuses.map((status) => [status, isOpenStatus(item, status)]));
  });
});
