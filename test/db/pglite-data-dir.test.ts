import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { workspaces } from '../../src/db/schema.ts';

describe('the embedded database directory', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'shortlist-datadir-'));
    dirs.push(dir);
    return join(dir, 'data');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('when DATA_DIR does not exist, then it is created, migrated, and keeps its rows across a reopen', async () => {
    const dataDir = freshDir();
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await first.db.insert(workspaces).values({ id: 'T_KEEP' });
    await first.close();
    const second = await openDatabase({ kind: 'pglite', dataDir });
    expect(await second.db.select({ id: workspaces.id }).from(workspaces)).toEqual([{ id: 'T_KEEP' }]);
    await second.close();
    expect(existsSync(join(dataDir, '.shortlist-initdb-incomplete'))).toBe(false);
  }, 60_000);

  it('when an earlier creation was cut off, then the half-made directory is made again', async () => {
    const dataDir = freshDir();
    mkdirSync(join(dataDir, 'base'), { recursive: true });
    writeFileSync(join(dataDir, 'PG_VERSION'), 'garbage');
    writeFileSync(join(dataDir, '.shortlist-initdb-incomplete'), '');
    const database = await openDatabase({ kind: 'pglite', dataDir });
    expect(await database.db.select().from(workspaces)).toEqual([]);
    await database.close();
  }, 60_000);

  it('when DATA_DIR holds something that is not a Shortlist database, then opening refuses and leaves it alone', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'notes.txt'), 'mine');
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(/is not empty and holds no PGlite database/);
    expect(existsSync(join(dataDir, 'notes.txt'))).toBe(true);
  });
});
