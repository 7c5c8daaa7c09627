import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

const bin = new URL('../../bin/roilens', import.meta.url).pathname;
const run = promisify(execFile);

/** Runs the CLI; returns exit code, stdout and stderr (never throws). */
async function roilens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ROILENS_DEMO: '0' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('roilens CLI contracts (design.md)', () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/cli.duckdb`;
  let range: { from: string; to: string };

  beforeAll(async () => {
    // A fixed end date: the same world on every day the suite runs (the default is yesterday).
    const res = await roilens('demo', '--seed', '5', '--days', '14', '--visitors', '800', '--end-date', '2026-11-20', '--db', db, '--truth', `${tmp.dir}/truth.json`, '--format', 'json');
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary.events_stored).toBeGreaterThan(1000);
    range = { from: summary.from, to: summary.to };
  });
  afterAll(() => tmp.cleanup());

  it('demo writes the ground truth', () => {
    const truth = JSON.parse(readFileSync(`${tmp.dir}/truth.json`, 'utf8'));
    expect(truth.seed).toBe(5);
    expect(truth.channels.map((c: { channel: string }) => c.channel)).toContain('paid_search');
  });

  it('kpi --format json prints one document whose rows add up to the totals', async () => {
    const res = await roilens('kpi', '--by', 'channel', '--from', range.from, '--to', range.to, '--format', 'json', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.rows.length).toBeGreaterThan(3);
    for (const row of report.rows) expect(row).toEqual(expect.objectContaining({ channel: expect.any(String), spend: expect.any(Number), conversions: expect.any(Number) }));
    const sum = (key: string) => report.rows.reduce((s: number, r: Record<string, number>) => s + Math.round(r[key] * 100), 0) / 100;
    expect(sum('spend')).toBeCloseTo(report.totals.spend, 2);
    expect(sum('conversions')).toBe(report.totals.conversions);
    // Revenue converted from other currencies has fractions of a cent: each row is rounded on its own, so the
    // rounded rows may differ from the rounded total by at most half a cent per row.
    expect(Math.abs(sum('revenue') - report.totals.revenue)).toBeLessThanOrEqual(report.rows.length * 0.005 + 1e-9);
  });

  it('rejects a bad dimension with a non-zero exit and a message naming it', async () => {
    const res = await roilens('kpi', '--by', 'planet', '--db', db);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/by: must be one of/);
    expect(res.stdout).toBe('');
  });

  it('import keeps the good rows of a file with a bad one, names the line, exits non-zero', async () => {
    const before = JSON.parse((await roilens('kpi', '--from', '2026-01-05', '--to', '2026-01-05', '--format', 'json', '--db', db)).stdout).totals.spend;
    writeFileSync(`${tmp.dir}/spend.csv`, 'date,channel,campaign,ad,cost,currency,impressions,clicks\n2026-01-05,podcast,ep1,read,250.00,EUR,0,0\n2026-01-05,podcast,ep2,read,lots,EUR,0,0\n');
    const res = await roilens('import', 'spend', `${tmp.dir}/spend.csv`, '--db', db);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/line 3: cost/);
    expect(res.stdout).toMatch(/spend \(generic layout\): inserted 1, replaced 0, removed 0/);
    const after = JSON.parse((await roilens('kpi', '--from', '2026-01-05', '--to', '2026-01-05', '--format', 'json', '--db', db)).stdout).totals.spend;
    expect(after - before).toBe(250);
  });

  it('channels set re-classifies stored events', async () => {
    writeFileSync(`${tmp.dir}/rules.json`, JSON.stringify({ rules: [{ channel: 'search_ads', medium: '^cpc$', source: '^(google|bing)$' }] }));
    const res = await roilens('channels', 'set', '--file', `${tmp.dir}/rules.json`, '--format', 'json', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).events_reclassified).toBeGreaterThan(0);
    const report = JSON.parse((await roilens('kpi', '--by', 'channel', '--from', range.from, '--to', range.to, '--format', 'json', '--db', db)).stdout);
    expect(report.rows.find((r: { channel: string }) => r.channel === 'search_ads')?.sessions).toBeGreaterThan(0);
    const bad = await roilens('channels', 'set', '--file', `${tmp.dir}/truth.json`, '--db', db);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--file: rules/);
  });

  it('links create and list; a bad destination is refused', async () => {
    const res = await roilens('links', 'create', '--destination', 'https://shop.example/sale', '--slug', 'spring', '--source', 'blog', '--medium', 'affiliate', '--format', 'json', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ slug: 'spring', path: '/c/spring', utm: { source: 'blog', medium: 'affiliate' } });
    const list = JSON.parse((await roilens('links', 'list', '--format', 'json', '--db', db)).stdout);
    expect(list.links.map((l: { slug: string }) => l.slug)).toContain('spring');
    const bad = await roilens('links', 'create', '--destination', 'ftp://x', '--db', db);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--destination/);
  });

  it('works while a server holds the database, through its API', async () => {
    const server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm' });
    try {
      const res = await roilens('kpi', '--by', 'day', '--from', range.from, '--to', range.to, '--format', 'json', '--db', db);
      expect(res.code, res.stderr).toBe(0);
      const viaServer = JSON.parse(res.stdout);
      const direct = await (await fetch(`${server.url}/v1/kpis?by=day&from=${range.from}&to=${range.to}`, { headers: { authorization: 'Bearer adm' } })).json();
      expect(viaServer).toEqual(direct);
      const imported = await roilens('import', 'spend', `${tmp.dir}/spend.csv`, '--format', 'json', '--db', db);
      expect(imported.code).toBe(1);
      expect(JSON.parse(imported.stdout).stored).toBe(1);
    } finally {
      await server.close();
    }
  });
});
