// `npm test`: installs what is missing, builds the dashboard and the snippet,
// runs every test with vitest — the embedded suite, then the scale-out engines
// (PostgreSQL + ClickHouse + NATS, started by scripts/engines.sh) and the
// security suite once more on them — and ends
// with the line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts }).status ?? 1;

if (!existsSync('node_modules/.package-lock.json')) {
  if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}
if (run('bash', ['scripts/system-deps.sh']) !== 0) process.exit(1);
if (run('npm', ['run', '--silent', 'build']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;

/** Runs one vitest configuration and adds its counts. */
function suite(name, configArgs) {
  const report = `test-results-${name}.json`;
  rmSync(report, { force: true });
  const status = run('npx', ['vitest', 'run', ...configArgs, '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...extra]);
  let suitePassed = 0;
  let suiteFailed = 0;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    suitePassed = r.numPassedTests;
    suiteFailed = r.numFailedTests + (r.numFailedTestSuites ?? 0);
  }
  if (status !== 0 && suiteFailed === 0) suiteFailed = 1;
  console.log(`${name}: ${suitePassed} passed, ${suiteFailed} failed`);
  passed += suitePassed;
  failed += suiteFailed;
}

suite('embedded', []);
if (!process.env.ROILENS_SKIP_ENGINES) {
  if (run('bash', ['scripts/engines.sh']) !== 0) failed += 1;
  else {
    suite('engines', ['--config', 'vitest.engines.config.ts']);
    // The security suite again, on PostgreSQL + ClickHouse + NATS (ROILENS_TEST_STORE=scale).
    suite('security-scale', ['--config', 'vitest.security-scale.config.ts']);
  }
  run('bash', ['scripts/engines.sh', 'stop']);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
