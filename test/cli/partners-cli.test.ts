/**
 * `roilens programs create|list|show|update` and `roilens partners create|list|show|update|approve|
 * suspend|ban|portal` on a DuckDB file (issue 16), in process and through a running server holding it;
 * bad input names the flag; `people add --role partner --partner ID` checks the partner exists.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { roilens } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

// Each command is a process of its own (about 15 s each on the shared 2-core machine under load).
describe('roilens programs and partners', { timeout: 900_000 }, () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/partners.duckdb`;
  afterAll(() => tmp.cleanup());
  const json = async (...args: string[]) => {
    const res = await roilens(...args, '--format', 'json', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    return JSON.parse(res.stdout);
  };
  const refused = async (...args: string[]) => {
    const res = await roilens(...args, '--db', db);
    expect(res.code, res.stdout).not.toBe(0);
    return res.stderr;
  };

  beforeAll(async () => {
    await (await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' })).close();
  }, 120_000);

  it('creates, updates and shows a programme; a bad rule names its flag', async () => {
    const created = await json('programs', 'create', '--name', 'Vietnam partners', '--currency', 'VND', '--window-days', '45', '--hold-days', '14', '--rules', 'sale:percent:8,lead:flat:20000');
    expect(created).toMatchObject({ name: 'Vietnam partners', currency: 'VND', window_days: 45, hold_days: 14, rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '8' }, { id: 'r2', event: 'lead', type: 'flat', amount: '20000' }] });
    expect(await refused('programs', 'create', '--name', 'X', '--currency', 'VND', '--rules', 'sale:percent:120')).toMatch(/--rules\.0\.amount: a percentage must be at most 100/);
    writeFileSync(`${tmp.dir}/rules.json`, JSON.stringify([{ id: 'r1', event: 'sale', type: 'percent', amount: '8', tiers: [{ min_sales: 50, amount: '10' }, { min_sales: 20, amount: '9' }] }]));
    expect(await refused('programs', 'update', created.id, '--rules-file', `${tmp.dir}/rules.json`)).toMatch(/--rules\.0\.tiers\.1\.min_sales/);
    writeFileSync(`${tmp.dir}/rules.json`, JSON.stringify([{ id: 'r1', event: 'sale', type: 'percent', amount: '8', tiers: [{ min_sales: 20, amount: '9' }, { min_sales: 50, amount: '10' }] }, { event: 'click', type: 'flat', amount: '100' }]));
    const updated = await json('programs', 'update', created.id, '--rules-file', `${tmp.dir}/rules.json`, '--accepts-applications', 'true');
    expect(updated).toMatchObject({ accepts_applications: true, rules: [{ id: 'r1', tiers: [{ min_sales: 20, amount: '9' }, { min_sales: 50, amount: '10' }] }, { id: 'r3', event: 'click', amount: '100' }] });
    expect(await json('programs', 'show', created.id)).toEqual(updated);
  });

  it('adds partners with links and coupons and changes their status; a coupon of another partner names its flag', async () => {
    const program = (await json('programs', 'list')).programs[0].id;
    expect((await roilens('links', 'create', '--destination', 'https://shop.example/', '--slug', 'linh-tiktok', '--db', db)).code).toBe(0);
    const linh = await json('partners', 'create', '--name', 'Linh', '--email', 'linh@creator.example', '--kind', 'influencer', '--program', program, '--links', 'linh-tiktok', '--coupons', 'linh10,LINHVIP', '--language', 'vi', '--retainer', '5000000:monthly:2026-01-01');
    expect(linh).toMatchObject({ kind: 'influencer', status: 'approved', links: ['linh-tiktok'], coupons: ['LINH10', 'LINHVIP'], language: 'vi', retainer: { amount: '5000000', cadence: 'monthly', from: '2026-01-01' } });
    expect(await refused('partners', 'create', '--name', 'Mai', '--email', 'mai@x.example', '--kind', 'affiliate', '--program', program, '--coupons', 'linh10')).toMatch(/--coupons\.0: the coupon LINH10 is held by another partner/);
    const mai = await json('partners', 'create', '--name', 'Mai', '--email', 'mai@x.example', '--kind', 'affiliate', '--program', program, '--status', 'applied', '--group', 'students');
    expect(mai).toMatchObject({ status: 'applied', approved_at: null, group: 'students' });
    expect((await json('partners', 'ban', mai.id)).status).toBe('banned');
    expect(await refused('partners', 'approve', mai.id)).toMatch(/a ban is final/);
    expect((await json('partners', 'list', '--status', 'banned')).partners.map((p: { id: string }) => p.id)).toEqual([mai.id]);
  });

  it('shows a partner\'s portal page and adds a partner person naming an existing partner', async () => {
    const linh = (await json('partners', 'list', '--status', 'approved')).partners[0];
    const portal = await json('partners', 'portal', '--partner', linh.id);
    expect(portal).toMatchObject({ partner: { id: linh.id }, coupons: ['LINH10', 'LINHVIP'], links: [{ slug: 'linh-tiktok', path: '/c/linh-tiktok' }] });
    expect(await refused('people', 'add', '--email', 'linh@creator.example', '--role', 'partner', '--partner', 'prt_none')).toMatch(/--partner: no partner prt_none/);
    const person = await json('people', 'add', '--email', 'linh@creator.example', '--role', 'partner', '--partner', linh.id);
    expect(person).toMatchObject({ role: 'partner', partner_id: linh.id });
  });

  it('runs through a running server that holds the file', async () => {
    const server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm' });
    try {
      const program = (await json('programs', 'list')).programs[0].id;
      const made = await json('partners', 'create', '--name', 'Quan', '--email', 'quan@x.example', '--kind', 'publisher', '--program', program);
      expect((await json('partners', 'suspend', made.id)).status).toBe('suspended');
      const apply = await fetch(`${server.url}/v1/programs/${program}/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Tam', email: 'tam@x.example', kind: 'affiliate' }) });
      expect(apply.status).toBe(202);
      expect((await json('partners', 'list', '--status', 'applied')).partners.map((p: { name: string }) => p.name)).toEqual(['Tam']);
    } finally {
      await server.close();
    }
  });
});
