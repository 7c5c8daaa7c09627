/**
 * Hand-written CLI commands run their operations by name (issue 13 #1): `roilens attribution` (store
 * mode), `budget fit --calibration` and `import --idempotency-key` give the same answer in process on
 * the file and through a running server that holds it, and that answer is the HTTP route's own.
 * The Idempotency-Key is kept in the database: a key used in process replays through the server.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { roilens, type CliResult } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

describe('hand-written commands call operations, in process and through a server', () => {
  const tmp = tempDir('roilens-opcli-');
  const db = `${tmp.dir}/ops.duckdb`;
  const json = (r: CliResult) => {
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  const files = {
    calibration: `${tmp.dir}/calibration.json`,
    holidays: `${tmp.dir}/holidays.json`,
    orders: `${tmp.dir}/orders.csv`,
    otherOrders: `${tmp.dir}/other-orders.csv`,
  };
  // The commands, each once on the file and once through the server.
  const custom = ['attribution', '--model', 'custom', '--channel-weights', 'paid_search=3,email=0', '--by', 'campaign', '--format', 'json', '--db', db];
  const all = ['attribution', '--model', 'all', '--lookback-click', '14', '--format', 'json', '--db', db];
  const fit = ['budget', 'fit', '--calibration', files.calibration, '--holidays', files.holidays, '--format', 'json', '--db', db];
  const importOrders = (file: string) => ['import', 'orders', file, '--idempotency-key', 'upload-7', '--format', 'json', '--db', db];
  const inProcess: Record<string, unknown> = {};

  beforeAll(async () => {
    // 60 days: enough daily periods for the marketing-mix model's 6 channels (42).
    const demo = await roilens('demo', '--seed', '3', '--days', '60', '--visitors', '1500', '--end-date', '2026-11-20', '--format', 'json', '--db', db);
    expect(demo.code, demo.stderr).toBe(0);
    writeFileSync(files.calibration, JSON.stringify([{ channel: 'paid_search', roi: 0.05, standard_error: 0.005 }]));
    writeFileSync(files.holidays, JSON.stringify(['2026-11-01', { date: '2026-11-13', name: 'sale' }]));
    writeFileSync(files.orders, 'order_id,customer_id,ts,amount,currency\nidem-1,crm-9,2026-11-19T10:00:00Z,49.90,EUR\n');
    writeFileSync(files.otherOrders, 'order_id,customer_id,ts,amount,currency\nidem-2,crm-9,2026-11-19T11:00:00Z,12.00,EUR\n');
  }, 300_000);
  afterAll(() => tmp.cleanup());

  const serve = async () => {
    const server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    const api = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: 'Bearer adm', ...init.headers } });
      return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') };
    };
    return { server, api };
  };

  it('on the file: the custom model, every model and a calibrated fit', async () => {
    inProcess.custom = json(await roilens(...custom));
    inProcess.all = json(await roilens(...all));
    inProcess.fit = json(await roilens(...fit));
  }, 600_000);

  it('through the server that holds the file: the same answers, which are the HTTP routes\' answers', async () => {
    const { server, api } = await serve();
    try {
      const custom1 = json(await roilens(...custom));
      expect(custom1).toEqual(inProcess.custom);
      const route = await api('/v1/attribution?model=custom&channel_weights=paid_search%3D3%2Cemail%3D0&by=campaign');
      expect(route.status).toBe(200);
      expect(route.body).toEqual(custom1);
      // The weights reached the model: its credits are not the equal shares of the linear model.
      const linear = await api('/v1/attribution?model=linear&by=campaign');
      expect(route.body.rows).not.toEqual(linear.body.rows);

      const all1 = json(await roilens(...all));
      expect(all1).toEqual(inProcess.all);
      expect(all1.settings.lookback_click_days).toBe(14);
      expect((await api('/v1/attribution/compare?lookback_click_days=14&models=last,first,last-non-direct,linear,time-decay,position,markov,shapley')).body).toEqual(all1);

      const fit1 = json(await roilens(...fit));
      expect(fit1).toEqual(inProcess.fit);
      expect(fit1.calendar.holidays).toEqual(expect.arrayContaining([{ date: '2026-11-13', name: 'sale' }]));
      const posted = await api('/v1/budget/fit', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ calibration: [{ channel: 'paid_search', roi: 0.05, standard_error: 0.005 }], holidays: [{ date: '2026-11-01' }, { date: '2026-11-13', name: 'sale' }] }),
      });
      expect(posted.status).toBe(200);
      expect(posted.body).toEqual(fit1);
    } finally {
      await server.close();
    }
  }, 600_000);

  it('an import with --idempotency-key runs once: replayed on the file, then through the server by the CLI and by HTTP', async () => {
    const first = json(await roilens(...importOrders(files.orders)));
    expect(first).toMatchObject({ kind: 'orders', stored: 1 });
    const again = await roilens(...importOrders(files.orders));
    expect(json(again)).toEqual(first);
    expect(again.stderr).toMatch(/replayed/);
    const wrongOp = await roilens('kpi', '--idempotency-key', 'k', '--db', db);
    expect(wrongOp.code).not.toBe(0);
    expect(wrongOp.stderr).toMatch(/unknown option '--idempotency-key'/);

    const { server, api } = await serve();
    try {
      // The key the in-process import kept replays through the server (one idempotency port), by the CLI and by HTTP.
      const replay = await roilens(...importOrders(files.orders));
      expect(json(replay)).toMatchObject({ kind: 'orders', stored: 1 });
      expect(replay.stderr).toMatch(/replayed/);
      const raw = await api('/v1/import/orders', { method: 'POST', headers: { 'content-type': 'text/csv', 'idempotency-key': 'upload-7' }, body: 'order_id,customer_id,ts,amount,currency\nidem-1,crm-9,2026-11-19T10:00:00Z,49.90,EUR\n' });
      expect(raw).toMatchObject({ status: 200, replayed: 'true', body: { stored: 1 } });
      const reused = await roilens(...importOrders(files.otherOrders));
      expect(reused.code).not.toBe(0);
      expect(reused.stderr).toMatch(/Idempotency-Key was used with another request for imports.file/);
    } finally {
      await server.close();
    }
  }, 600_000);
});
