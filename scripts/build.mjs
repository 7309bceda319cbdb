// Bundles src/main.ts into dist/main.mjs (dependencies stay in node_modules). `npm start` runs the bundle:
// it starts in a fraction of the time and memory that compiling TypeScript at run time takes. The bundle
// is built at install time (postinstall) and again by `npm start` (prestart) only when a file under src/
// is newer than it; `--force` always builds. It also builds the sandbox page: dist/sandbox.js (bundled from
// src/sandbox/page/main.ts, with the manifest's commands and shortcuts read from src/slack/surfaces.ts) and
// dist/sandbox.html (copied).
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'src', 'main.ts');
const outfile = join(root, 'dist', 'main.mjs');

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(entry)) {
  // An install without the sources (a Docker stage that copies them later, or only the bundle): nothing to build.
  if (existsSync(outfile) || process.argv.includes('--if-sources')) process.exit(0);
  console.error('shortlist: neither src/ nor dist/main.mjs is here; run npm ci in a full checkout');
  process.exit(1);
}
const fresh = existsSync(outfile) && statSync(outfile).mtimeMs >= Math.max(newestUnder(join(root, 'src')), statSync(fileURLToPath(import.meta.url)).mtimeMs);
if (!fresh || process.argv.includes('--force')) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  await buildSandboxPage(build);
}

/** The page's script, in the browser, with what the manifest declares (commands, shortcuts) baked in. */
async function buildSandboxPage(build) {
  const surfaces = await build({ entryPoints: [join(root, 'src', 'slack', 'surfaces.ts')], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'warning' });
  const { commands, shortcuts } = await import(`data:text/javascript;base64,${Buffer.from(surfaces.outputFiles[0].text).toString('base64')}`);
  const manifest = { commands: Object.values(commands), shortcuts: Object.values(shortcuts) };
  await build({
    entryPoints: [join(root, 'src', 'sandbox', 'page', 'main.ts')],
    outfile: join(root, 'dist', 'sandbox.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    define: { SANDBOX_MANIFEST: JSON.stringify(manifest) },
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'src', 'sandbox', 'page', 'index.html'), join(root, 'dist', 'sandbox.html'));
}
