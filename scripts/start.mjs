// `npm start`: installs what is missing, builds when the sources changed, then
// runs `roilens start` (which loads the demo world into an empty database).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync('node_modules/.package-lock.json')) {
  console.log('roilens: installing dependencies…');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stamp = 'dist/.build-stamp';
const sourcesChanged = Math.max(newest('src'), newest('web'), newest('sdk/src'), statSync('package-lock.json').mtimeMs);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sourcesChanged) {
  console.log('roilens: building…');
  run('npm', ['run', '--silent', 'build']);
  writeFileSync(stamp, new Date().toISOString());
}

const child = spawn(process.execPath, ['bin/roilens', 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
