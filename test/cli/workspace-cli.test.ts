import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { roilens } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `roilens workspace show|set`: the same operation as GET/PATCH /v1/workspace —
 * every value checked before any is saved, a refused one named by its flag.
 */
describe('roilens workspace', { timeout: 300_000 }, () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/ws.duckdb`;
  const show = async () => JSON.parse((await roilens('workspace', 'show', '--format', 'json', '--db', db)).stdout) as Record<string, unknown>;

  beforeAll(async () => {
    const server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm' });
    await server.close();
  });
  afterAll(() => tmp.cleanup());

  it('shows the defaults of a new workspace', async () => {
    expect(await show()).toMatchObject({ currency: 'EUR', timezone: 'UTC', calendar: 'gregorian', irr_display: 'rial', retention_days: null, max_order_amount: null, data_from: null });
  });

  it('sets several settings at once, the zone in its canonical spelling', async () => {
    const set = await roilens('workspace', 'set', '--currency', 'IRR', '--timezone', 'asia/tehran', '--irr-display', 'toman', '--retention-days', '400', '--max-order-amount', '90000000', '--db', db);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('saved: currency, timezone, irr_display, max_order_amount, retention_days');
    expect(await show()).toMatchObject({ currency: 'IRR', timezone: 'Asia/Tehran', calendar: 'jalali', irr_display: 'toman', retention_days: 400, max_order_amount: '90000000' });
    expect((await roilens('workspace', 'set', '--max-order-amount', 'none', '--retention-days', 'forever', '--db', db)).code).toBe(0);
    expect(await show()).toMatchObject({ max_order_amount: null, retention_days: null });
  });

  it('refuses a bad value by its flag and saves nothing of the same command', async () => {
    const bad = await roilens('workspace', 'set', '--margin', '0.3', '--timezone', 'Mars/Olympus', '--db', db);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--timezone');
    expect((await show()).margin).not.toBe('0.3');
    const calendar = await roilens('workspace', 'set', '--calendar', 'lunar', '--db', db);
    expect(calendar.code).not.toBe(0);
    expect(calendar.stderr).toContain('--calendar');
    const nothing = await roilens('workspace', 'set', '--db', db);
    expect(nothing.code).not.toBe(0);
  });
});
