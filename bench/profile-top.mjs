// The top of a V8 CPU profile (node --cpu-prof), as written into bench/RESULTS.md: self time per function,
// and per package, as shares of the time the process worked (idle left out) (node_modules/<name>, node: internals, the app's own src/ files), heaviest first.
// Usage: node bench/profile-top.mjs <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-top.mjs <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const gaps = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i += 1) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (gaps[i] ?? 0));
}
// Shares of the time the process was working: samples of the idle loop are left out.
const idleIds = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
for (const id of idleIds) self.delete(id);
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** Where a frame lives: a package, node's internals, the app's bundle (its source-mapped src/ path when given), or V8 itself. */
function placeOf(url) {
  if (!url) return '(v8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  if (/dist\/main\.mjs/.test(url)) return 'app bundle';
  return url.replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
}

const byFunction = new Map();
const byPlace = new Map();
for (const [id, us] of self) {
  const node = byId.get(id);
  const { functionName, url, lineNumber } = node.callFrame;
  const place = placeOf(url);
  const name = `${functionName || '(anonymous)'} · ${place}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1)} %`;
const top = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, rows);
console.log(`profile: ${(total / 1e6).toFixed(1)} s of work sampled (idle left out); shares of that`);
console.log('\nself time by package / place:');
for (const [name, us] of top(byPlace)) console.log(`  ${pct(us).padStart(7)}  ${name}`);
console.log('\nself time by function:');
for (const [name, us] of top(byFunction)) console.log(`  ${pct(us).padStart(7)}  ${name}`);
