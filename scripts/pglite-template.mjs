// postinstall: creates one PGlite cluster per PGlite version in node_modules/.cache/shortlist/, with the
// migrations of this checkout applied, so a bot's first start copies it into DATA_DIR instead of running
// initdb (seconds, and ~700 MB of memory it never gives back) and every migration (most of a second).
// Migrations added later are applied at start as usual. Never fails the install: without a template the
// first start does all of it itself. src/db/client.ts looks for the template at the same place.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

try {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const pgliteDir = join(root, 'node_modules', '@electric-sql', 'pglite');
  const { version } = JSON.parse(readFileSync(join(pgliteDir, 'package.json'), 'utf8'));
  const template = join(root, 'node_modules', '.cache', 'shortlist', `pglite-${version}`);
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const building = `${template}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    // 1 MB WAL segments instead of 16: a new database is a quarter smaller, so a first start copies it faster.
    const db = await PGlite.create({ dataDir: building, initDbStartParams: ['--wal-segsize=1'] });
    await migrate(drizzle(db), { migrationsFolder: join(root, 'drizzle') });
    // The bot lives in the `postgres` database and never creates another, so the two template databases
    // go: the copy a first start makes is half the size and less than half the files.
    await db.exec('alter database template0 is_template false; alter database template1 is_template false');
    await db.exec('drop database template0');
    await db.exec('drop database template1');
    await db.exec('checkpoint');
    await db.close();
    rmSync(template, { recursive: true, force: true });
    renameSync(building, template);
    console.log(`shortlist: prepared a PGlite ${version} database, migrated, for first starts`);
  }
} catch (error) {
  console.warn(`shortlist: could not prepare the PGlite template (a first start will create the database itself): ${error instanceof Error ? error.message : error}`);
}
