import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { clvReport, rfmReport } from '../../reports/customers/customers.js';
import { withStore } from '../store-access.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../bin/roilens', import.meta.url));
const cdnow = fileURLToPath(new URL('../../../../shared/data/cdnow/transactions.csv', import.meta.url));
const env = { ...process.env, ROILENS_FROM_SOURCE: '1' };

async function roilens(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('roilens clv / rfm', () => {
  it('clv fit on CDNOW prints the published BG/NBD and Gamma-Gamma parameters', async () => {
    const out = await roilens(['clv', 'fit', '--transactions', cdnow, '--time-unit', 'week', '--calibration-end', '1997-09-30', '--format', 'json']);
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout);
    expect(doc.model).toBe('bgnbd');
    expect(doc.params.r).toBeCloseTo(0.243, 2);
    expect(doc.params.alpha).toBeCloseTo(4.414, 1);
    expect(doc.loglik).toBeCloseTo(-9582.4, 1);
    expect(Object.keys(doc.stderr)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(doc.gamma_gamma.p).toBeCloseTo(6.25, 1);
  });

  it('clv predict and rfm print one JSON document each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roilens-clv-'));
    const file = join(dir, 't.csv');
    const rows = ['customer_id,date,amount'];
    for (let c = 0; c < 12; c++) for (let k = 0; k <= c % 4; k++) rows.push(`c${c},2024-0${1 + k}-${String(3 + c).padStart(2, '0')},${10 + c + k}`);
    writeFileSync(file, rows.join('\n') + '\n');
    const predict = await roilens(['clv', 'predict', '--transactions', file, '--horizon', '90', '--time-unit', 'day', '--format', 'json']);
    expect(predict.code).toBe(0);
    const doc = JSON.parse(predict.stdout);
    expect(doc.customers).toHaveLength(12);
    for (const c of doc.customers) {
      expect(Object.keys(c)).toEqual(['customer_id', 'p_alive', 'expected_purchases', 'clv']);
      expect(c.p_alive).toBeGreaterThanOrEqual(0);
      expect(c.p_alive).toBeLessThanOrEqual(1);
      expect(Number.isFinite(c.clv)).toBe(true);
    }
    const rfm = await roilens(['rfm', '--transactions', file, '--as-of', '2024-05-01', '--format', 'json']);
    expect(rfm.code).toBe(0);
    expect(JSON.parse(rfm.stdout).customers).toHaveLength(12);
  });

  it('clv fit --out writes the model that clv predict --fitted reuses: the same predictions as fitting again (issue 14)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roilens-clv-fitted-'));
    const model = join(dir, 'model.json');
    const args = ['--transactions', cdnow, '--time-unit', 'week', '--calibration-end', '1997-09-30'];
    const fit = await roilens(['clv', 'fit', ...args, '--out', model, '--format', 'json']);
    expect(fit.code, fit.stderr).toBe(0);
    expect(JSON.parse(readFileSync(model, 'utf8'))).toEqual(JSON.parse(fit.stdout));
    const again = await roilens(['clv', 'predict', ...args, '--horizon', '90', '--format', 'csv']);
    const reused = await roilens(['clv', 'predict', '--transactions', cdnow, '--fitted', model, '--horizon', '90', '--format', 'csv']);
    expect(reused.code, reused.stderr).toBe(0);
    expect(reused.stdout).toBe(again.stdout);
    expect(reused.stdout.split('\n')[0]).toBe('customer_id,p_alive,expected_purchases,clv');
    expect(reused.stdout.trim().split('\n')).toHaveLength(2357 + 1);
    const clash = await roilens(['clv', 'predict', '--transactions', cdnow, '--fitted', model, '--horizon', '90', '--time-unit', 'day']);
    expect(clash.code).not.toBe(0);
    expect(clash.stderr).toContain('--time-unit day differs');
  }, 240_000);

  it('clv predict, clv fit and rfm --db run their operations: every customer of the export, most valuable first (issue 14)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'roilens-clv-db-')), 'demo.duckdb');
    expect((await roilens(['demo', '--db', db, '--seed', '3', '--days', '30', '--visitors', '1500', '--end-date', '2026-01-31'])).code).toBe(0);
    const predict = await roilens(['clv', 'predict', '--db', db, '--horizon', '90', '--format', 'json']);
    expect(predict.code, predict.stderr).toBe(0);
    const fit = await roilens(['clv', 'fit', '--db', db, '--format', 'json']);
    expect(fit.code, fit.stderr).toBe(0);
    const rfm = await roilens(['rfm', '--db', db, '--format', 'json']);
    expect(rfm.code, rfm.stderr).toBe(0);
    // The reports themselves on the same file: the CLI prints what they answer.
    await withStore(db, async (store, ws) => {
      const report = await clvReport(store, ws.id, { horizon: 90 });
      const { customers } = JSON.parse(predict.stdout) as { customers: typeof report.customers };
      expect(customers.length).toBe(report.fit.customers);
      expect(customers.length).toBeGreaterThan(10);
      expect([...customers].sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1))).toEqual([...report.customers].sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1)));
      for (let i = 1; i < customers.length; i++) expect(customers[i - 1].clv).toBeGreaterThanOrEqual(customers[i].clv);
      expect(JSON.parse(fit.stdout)).toEqual(report.fit);
      expect(JSON.parse(rfm.stdout).customers).toBe((await rfmReport(store, ws.id, {})).customers);
    });
  }, 240_000);

  it('clv predict --format csv writes every customer as the JSON output says, ids made safe and quoted where needed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roilens-clv-csv-'));
    const file = join(dir, 't.csv');
    const ids = ['plain', '=SUM(A1)', '"a,b"', 'c-4', '-12.5', 'ünï'];
    const rows = ['customer_id,date,amount'];
    for (let c = 0; c < 12; c++) for (let k = 0; k <= c % 4; k++) rows.push(`${c < ids.length ? ids[c] : `c${c}`},2024-0${1 + k}-${String(3 + c).padStart(2, '0')},${10 + c + k}`);
    writeFileSync(file, rows.join('\n') + '\n');
    const args = ['clv', 'predict', '--transactions', file, '--horizon', '90', '--time-unit', 'day'];
    const [csv, json] = await Promise.all([roilens([...args, '--format', 'csv']), roilens([...args, '--format', 'json'])]);
    expect(csv.code, csv.stderr).toBe(0);
    const customers = JSON.parse(json.stdout).customers as { customer_id: string; p_alive: number; expected_purchases: number; clv: number }[];
    expect(customers).toHaveLength(12);
    // By hand: a leading = or - (not a number) gets a ', a comma a quoted field; numbers as JavaScript prints them.
    const cell = (id: string) => (id.includes(',') ? `"${id}"` : /^[=-]/.test(id) && !/^-?\d+(\.\d+)?$/.test(id) ? `'${id}` : id);
    const expected = customers.map((c) => [cell(c.customer_id), c.p_alive, c.expected_purchases, c.clv].join(','));
    expect(csv.stdout).toBe(['customer_id,p_alive,expected_purchases,clv', ...expected].join('\n') + '\n');
    expect(csv.stdout).toContain(`\n'=SUM(A1),`);
    expect(csv.stdout).toContain('\n"a,b",');
    expect(csv.stdout).toContain('\n-12.5,');
  });

  it('reports bad rows by line number on stderr with a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roilens-clv-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'customer_id,date,amount\n1,2024-01-01,5\n2,yesterday,3\n3,2024-01-02,-4\n');
    const out = await roilens(['clv', 'fit', '--transactions', file, '--format', 'json']);
    expect(out.code).not.toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('line 3: date');
    expect(out.stderr).toContain('line 4: amount');
  });
});
