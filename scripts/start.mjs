// `npm start`: installs what is missing (exactly the lock file), builds the
// dashboard and the snippet when their sources changed (in parallel), then runs
// `roilens start`, which opens the port at once and loads the demo world into an
// empty database behind it. The server runs from its TypeScript sources through
// tsx (bin/roilens), so no compile step stands between a fresh clone and the
// dashboard; `npm run build` still makes dist/ for installs that want it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Runs a command in the background; resolves when it exits 0, exits the process otherwise. */
function runAsync(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : process.exit(code ?? 1)));
  });
}

if (!existsSync('node_modules/.package-lock.json')) {
  console.log('roilens: installing dependencies (npm ci)…');
  // --prefer-offline: a warm npm cache answers without asking the registry again.
  run(npm, ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
  console.log(`roilens: installed in ${elapsed()}`);
}

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    latest = Math.max(latest, newest(join(path, entry.name)));
  }
  return latest;
}

/** A build is fresh when its stamp is newer than every input. */
function stale(stamp, inputs) {
  return !existsSync(stamp) || statSync(stamp).mtimeMs < Math.max(...inputs.map(newest));
}

const builds = [];
const webStamp = 'web/dist/.build-stamp';
if (stale(webStamp, ['web', 'package-lock.json'])) {
  builds.push(runAsync(npm, ['run', '--silent', 'build:web']).then(() => writeFileSync(webStamp, new Date().toISOString())));
}
const sdkStamp = 'sdk/dist/.build-stamp';
if (stale(sdkStamp, ['sdk/src', 'sdk/build.mjs', 'package-lock.json'])) {
  builds.push(runAsync(npm, ['run', '--silent', 'build:sdk']).then(() => writeFileSync(sdkStamp, new Date().toISOString())));
}
if (builds.length) {
  console.log('roilens: building the dashboard and the snippet…');
  await Promise.all(builds);
  console.log(`roilens: built (${elapsed()} since npm start)`);
}

const child = spawn(process.execPath, ['bin/roilens', 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
