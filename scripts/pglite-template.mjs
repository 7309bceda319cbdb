// postinstall: creates one empty PGlite cluster per PGlite version in node_modules/.cache/shortlist/, so a
// bot's first start copies it into DATA_DIR (milliseconds) instead of running initdb (seconds, and ~700 MB
// of memory). Never fails the install: without a template the first start runs initdb itself.
// src/db/client.ts looks for the template at the same place.
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
    const db = await PGlite.create(building);
    await db.close();
    rmSync(template, { recursive: true, force: true });
    renameSync(building, template);
    console.log(`shortlist: prepared an empty PGlite ${version} database for first starts`);
  }
} catch (error) {
  console.warn(`shortlist: could not prepare the PGlite template (a first start will create the database itself): ${error instanceof Error ? error.message : error}`);
}
