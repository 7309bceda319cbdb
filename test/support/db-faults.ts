import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';

/** A write the fault applies to: inserts into or updates of a table, for one workspace's rows. */
export interface FaultyWrite {
  table: 'bugs' | 'stories' | 'item_history';
  on: 'insert' | 'update';
  workspaceId: string;
}

/**
 * Runs `work` while the database misbehaves for the given writes, through triggers: each such write
 * sleeps `sleepSeconds` (a slow database), or fails as an unavailable one would. The triggers are gone
 * afterwards, whatever `work` did.
 */
export async function withDatabaseFault<T>(db: Db, fault: { sleepSeconds: number } | 'fail', writes: FaultyWrite[], work: () => Promise<T>): Promise<T> {
  const name = `test_fault_${randomBytes(4).toString('hex')}`;
  const body = fault === 'fail' ? `raise exception 'database unavailable'` : `perform pg_sleep(${fault.sleepSeconds})`;
  await db.execute(sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${body}; return new; end $$`));
  const triggers = writes.map((write, i) => ({ trigger: `${name}_${i}`, ...write }));
  for (const { trigger, table, on, workspaceId } of triggers) {
    await db.execute(sql.raw(`create trigger ${trigger} before ${on} on ${table} for each row when (new.workspace_id = '${workspaceId}') execute function ${name}()`));
  }
  try {
    return await work();
  } finally {
    for (const { trigger, table } of triggers) await db.execute(sql.raw(`drop trigger ${trigger} on ${table}`));
    await db.execute(sql.raw(`drop function ${name}()`));
  }
}
