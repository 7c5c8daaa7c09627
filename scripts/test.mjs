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
const failures = [];

/** The first line of a failure message, cut to one screen line. */
function firstLine(message) {
  return String(message ?? '').split('\n')[0].slice(0, 300);
}

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
    // Failed tests, and files that failed without one (an import error, a hook): vitest's
    // numFailedTestSuites counts every describe block around a failed test as well.
    for (const file of r.testResults ?? []) {
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      if (file.status === 'failed' && failedTests.length === 0) failures.push(`${name}: ${file.name}: ${firstLine(file.message)}`);
      for (const t of failedTests) failures.push(`${name}: ${file.name} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
      suiteFailed += Math.max(failedTests.length, file.status === 'failed' ? 1 : 0);
    }
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
// CI keeps only the tail of the output: name every failure just above the count.
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
