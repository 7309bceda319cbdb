import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riskBandSql, riskOf } from '../../src/bugs/risk.ts';
import { queryRows } from '../../src/db/rows.ts';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/db.ts';

/** The risk bands the database counts by (Home, the digest) are the ones the messages show. */
describe.each(dbKinds)('risk bands in SQL on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const bandsIn = (rows: string) =>
    queryRows<{ risk: number; band: string }>(database.db, sql`select p * i as risk, ${riskBandSql(sql`p`, sql`i`)} as band from (values ${sql.raw(rows)}) as ratings(p, i) order by 1`);

  it('when the risk is any of 1 to 25, then SQL and TypeScript give it the same band', async () => {
    const risks = Array.from({ length: 25 }, (_, i) => i + 1);
    const rows = await bandsIn(risks.map((risk) => `(${risk}, 1)`).join(', '));
    expect(rows.map((row) => [Number(row.risk), row.band])).toEqual(risks.map((risk) => [risk, riskOf(risk, 1).band]));
  });

  it('when a rating is missing, then SQL calls the bug unrated', async () => {
    const rows = await bandsIn('(null::int, 3), (3, null::int)');
    expect(rows.map((row) => row.band)).toEqual(['unrated', 'unrated']);
  });
});
