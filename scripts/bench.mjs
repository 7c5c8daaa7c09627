// `npm run bench`: runs every bench/*.bench.ts (each writes JSON under bench/results/).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const all = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort();
// A name picks its own bench (`ingest`: ingest.bench.ts, not scale-ingest); a name that is no bench's picks those containing it.
const picked = (name) => (all.includes(`${name}.bench.ts`) ? [`${name}.bench.ts`] : all.filter((f) => f.includes(name)));
const files = only.length === 0 ? all : [...new Set(only.flatMap(picked))];
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const r = spawnSync('npx', ['tsx', `bench/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
