/**
 * The CLI's first minute (issue 11 #14, #16): the demo world ends yesterday
 * unless `--end-date` says otherwise, and the same seed, days, visitors and
 * end date give the same world; a command without `--db` says which database
 * it uses and never creates an empty one unless told to (`--create`).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const bin = new URL('../../bin/roilens', import.meta.url).pathname;
const run = promisify(execFile);

/** Runs the CLI in `cwd` without ROILENS_DB (unless given); returns exit code, stdout and stderr. */
async function roilens(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, ROILENS_DEMO: '0' };
  delete base.ROILENS_DB;
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd, env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const tmp = tempDir('roilens-first-minute-');
afterAll(() => tmp.cleanup());

describe('roilens demo: the end date (#14)', () => {
  it('ends yesterday (UTC) by default, prints it and writes it to the truth file', async () => {
    const before = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const res = await roilens(tmp.dir, ['demo', '--seed', '3', '--days', '5', '--visitors', '60', '--db', 'a.duckdb', '--truth', 'a.json']);
    const after = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(res.code, res.stderr).toBe(0);
    const truth = JSON.parse(readFileSync(join(tmp.dir, 'a.json'), 'utf8'));
    expect([before, after]).toContain(truth.end_date);
    // 5 days ending yesterday start 4 days before it.
    expect(truth.start_date).toBe(new Date(Date.parse(truth.end_date) - 4 * 86_400_000).toISOString().slice(0, 10));
    expect(res.stdout).toContain(`end date ${truth.end_date}`);
    expect(res.stdout).toContain(`--end-date ${truth.end_date}`);
  });

  it('gives the same world for the same seed, days, visitors and --end-date, and another for another end date', async () => {
    const args = ['demo', '--seed', '9', '--days', '4', '--visitors', '80', '--end-date', '2025-03-10', '--format', 'json'];
    const first = await roilens(tmp.dir, [...args, '--db', 'b1.duckdb', '--truth', 'b1.json']);
    const second = await roilens(tmp.dir, [...args, '--db', 'b2.duckdb', '--truth', 'b2.json']);
    const other = await roilens(tmp.dir, ['demo', '--seed', '9', '--days', '4', '--visitors', '80', '--end-date', '2025-03-11', '--db', 'b3.duckdb', '--truth', 'b3.json']);
    for (const res of [first, second, other]) expect(res.code, res.stderr).toBe(0);
    const text = (name: string) => readFileSync(join(tmp.dir, name), 'utf8');
    expect(text('b2.json')).toBe(text('b1.json'));
    expect(JSON.parse(text('b1.json'))).toMatchObject({ seed: 9, days: 4, visitors: 80, start_date: '2025-03-07', end_date: '2025-03-10' });
    expect(JSON.parse(first.stdout)).toMatchObject({ end_date: '2025-03-10', from: '2025-03-07', to: '2025-03-10' });
    expect(JSON.parse(text('b3.json')).end_date).toBe('2025-03-11');
  });

  it('refuses an end date that is not a calendar date, naming the flag', async () => {
    const res = await roilens(tmp.dir, ['demo', '--days', '2', '--visitors', '10', '--end-date', '2025-02-30', '--db', 'c.duckdb']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/--end-date: expected a date written YYYY-MM-DD, got "2025-02-30"/);
    expect(existsSync(join(tmp.dir, 'c.duckdb'))).toBe(false);
  });
});

describe('which database a command uses (#16)', () => {
  it('refuses to create a missing default database, names it and points to --create', async () => {
    const cwd = tempDir('roilens-nodb-');
    try {
      const res = await roilens(cwd.dir, ['kpi', '--format', 'json']);
      expect(res.code).toBe(1);
      const path = join(cwd.dir, 'data', 'roilens.duckdb');
      expect(res.stderr).toContain(`roilens: database ${path} (the default; --db FILE chooses another)`);
      expect(res.stderr).toContain(`no database at ${path}`);
      expect(res.stderr).toContain('--create');
      expect(res.stdout).toBe('');
      expect(existsSync(path)).toBe(false);
    } finally {
      cwd.cleanup();
    }
  });

  it('refuses a missing --db file too, and creates it with --create', async () => {
    const missing = await roilens(tmp.dir, ['links', 'list', '--db', 'typo.duckdb', '--format', 'json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no database at ${join(tmp.dir, 'typo.duckdb')}`);
    expect(missing.stderr).not.toContain('roilens: database '); // --db given: nothing to announce
    expect(existsSync(join(tmp.dir, 'typo.duckdb'))).toBe(false);

    const created = await roilens(tmp.dir, ['links', 'list', '--db', 'typo.duckdb', '--create', '--format', 'json']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain(`roilens: creating a new database at ${join(tmp.dir, 'typo.duckdb')}`);
    expect(JSON.parse(created.stdout).links).toEqual([]);
    expect(existsSync(join(tmp.dir, 'typo.duckdb'))).toBe(true);
  });

  it('says which database it uses without --db: the default, or ROILENS_DB', async () => {
    const cwd = tempDir('roilens-default-db-');
    try {
      // demo may create its database: it fills it.
      const demo = await roilens(cwd.dir, ['demo', '--days', '2', '--visitors', '30', '--end-date', '2025-01-02', '--format', 'json']);
      expect(demo.code, demo.stderr).toBe(0);
      const path = join(cwd.dir, 'data', 'roilens.duckdb');
      expect(demo.stderr).toContain(`roilens: creating a new database at ${path}`);
      expect(existsSync(path)).toBe(true);

      const kpi = await roilens(cwd.dir, ['kpi', '--from', '2025-01-01', '--to', '2025-01-02', '--format', 'json']);
      expect(kpi.code, kpi.stderr).toBe(0);
      expect(kpi.stderr).toBe(`roilens: database ${path} (the default; --db FILE chooses another)\n`);
      expect(JSON.parse(kpi.stdout).totals.sessions).toBeGreaterThan(0);

      const viaEnv = await roilens(tmp.dir, ['kpi', '--format', 'json'], { ROILENS_DB: path });
      expect(viaEnv.code, viaEnv.stderr).toBe(0);
      expect(viaEnv.stderr).toBe(`roilens: database ${path} (ROILENS_DB)\n`);
    } finally {
      cwd.cleanup();
    }
  });
});
