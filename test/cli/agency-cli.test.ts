/**
 * `roilens workspaces rename` and `roilens agency` in process on the database (issue 15): the CLI acts as
 * the operator, so the agency view lists every workspace. One sale of 1,000,000 ₫ on 2026-03-05 in the
 * VND workspace; the default workspace's rates table (base EUR) says 1 VND = 0.000036 EUR from 1 Mar,
 * so in EUR it is 1,000,000 × 0.000036 = 36.00 (by hand).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { roilens } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

describe('roilens workspaces rename and roilens agency', { timeout: 300_000 }, () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/agency.duckdb`;
  afterAll(() => tmp.cleanup());
  const json = async (...args: string[]) => {
    const res = await roilens(...args, '--format', 'json', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    return JSON.parse(res.stdout);
  };

  it('renames (a taken name fails naming the conflict) and lists every workspace converted into the chosen currency', async () => {
    const first = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm' });
    await first.close();
    const ws = await json('workspaces', 'create', '--name', 'Client V', '--currency', 'VND', '--timezone', 'Asia/Ho_Chi_Minh');
    expect(await json('workspaces', 'rename', ws.id, '--name', 'Client Vietnam')).toEqual({ id: ws.id, name: 'Client Vietnam' });
    const taken = await roilens('workspaces', 'rename', ws.id, '--name', 'my SHOP', '--db', db);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toMatch(/already exists/);
    writeFileSync(`${tmp.dir}/rates.csv`, 'date,currency,rate\n2026-03-01,VND,0.000036\n');
    writeFileSync(`${tmp.dir}/orders.csv`, 'order_id,user_id,created_at,amount,currency\no1,u1,2026-03-05T10:00:00Z,1000000,VND\n');
    expect((await roilens('import', 'rates', `${tmp.dir}/rates.csv`, '--db', db)).code).toBe(0);
    const imported = await roilens('import', 'orders', `${tmp.dir}/orders.csv`, '--workspace', ws.id, '--db', db);
    expect(imported.code, imported.stderr).toBe(0);

    const view = await json('agency', '--from', '2026-03-01', '--to', '2026-03-31', '--currency', 'EUR');
    expect(view.rates).toEqual([{ date: '2026-03-01', from: 'VND', to: 'EUR', rate: '0.000036' }]);
    const byName = Object.fromEntries(view.workspaces.map((w: { name: string }) => [w.name, w]));
    expect(Object.keys(byName).sort()).toEqual(['Client Vietnam', 'My shop']);
    expect(byName['Client Vietnam']).toMatchObject({ conversions: 1, own: { revenue: '1000000', spend: '0' }, converted: { rate: '0.000036', revenue: '36.00', spend: '0.00', cpa: null } });
    expect(view.totals).toMatchObject({ conversions: 1, revenue: '36.00', spend: '0.00', roas: null });

    const missing = await roilens('agency', '--from', '2026-03-01', '--to', '2026-03-31', '--currency', 'GBP', '--db', db);
    expect(missing.code).toBe(0);
    expect(missing.stderr).toMatch(/warning: Client Vietnam: no rate for VND and GBP|warning: Client Vietnam: no rate for GBP/);
    const bad = await roilens('agency', '--from', '2026-03-31', '--to', '2026-03-01', '--db', db);
    expect([bad.code === 0, bad.stderr]).toEqual([false, expect.stringContaining('--from')]);
  });
});
