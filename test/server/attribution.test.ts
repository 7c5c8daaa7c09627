/**
 * Attribution over HTTP against the real server on a real DuckDB file with a
 * small demo world: the three routes answer the shapes the dashboard reads,
 * with the admin token only; bad input is a 400 naming the field; `model=` on
 * /v1/kpis moves conversions, never spend; the CLI goes through the running
 * server when it holds the database.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

const root = join(import.meta.dirname, '..', '..');


let server: RunningServer;
let temp: ReturnType<typeof tempDir>;
let dbPath: string;

async function get(path: string, token: string | null = 'adm'): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
  const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  temp = tempDir('roilens-attr-');
  dbPath = join(temp.dir, 'attr.duckdb');
  server = await startServer({ dbPath, port: 0, demo: { seed: 1, days: 30, visitors: 3000 }, quiet: true, adminToken: 'adm' });
}, 60_000);
afterAll(async () => {
  await server?.close();
  temp?.cleanup();
});

describe('GET /v1/attribution*', () => {
  it('needs the admin token', async () => {
    expect((await get('/v1/attribution?model=first', null)).status).toBe(401);
    expect((await get('/v1/attribution/compare', 'wrong')).status).toBe(401);
    expect((await get('/v1/attribution/paths', null)).status).toBe(401);
  });

  it('one model by channel: rows with spend, totals conserved', async () => {
    const { status, body } = await get('/v1/attribution?model=markov&by=channel');
    expect(status).toBe(200);
    expect(body.model).toBe('markov');
    expect(body.rows.reduce((s: number, r: { conversions: number }) => s + r.conversions, 0)).toBeCloseTo(body.totals.conversions, 6);
    expect(body.totals.conversions).toBeGreaterThan(0);
    expect(body.rows.find((r: { channel: string }) => r.channel === 'paid_search')).toMatchObject({ spend: expect.any(Number), cpa: expect.any(Number), roas: expect.any(Number) });
  });

  it('compare over the demo window: the dashboard shape with truth beside each paid channel', async () => {
    const models = 'first,last,last-non-direct,linear,time-decay,position,markov,shapley';
    const range = (await get('/v1/attribution/compare')).body.truth_range;
    const { status, body } = await get(`/v1/attribution/compare?from=${range.from}&to=${range.to}&models=${models}`);
    expect(status).toBe(200);
    expect(body.models).toEqual(models.split(','));
    for (const channel of ['paid_search', 'paid_social', 'display', 'affiliates']) {
      const row = body.rows.find((r: { channel: string }) => r.channel === channel);
      expect(row.truth).toEqual({ conversions: expect.any(Number), revenue: expect.any(Number) });
      expect(Object.keys(row.models)).toEqual(models.split(','));
      expect(Object.keys(row.models.markov).sort()).toEqual(['conversions', 'cpa', 'revenue', 'roas']);
    }
    expect(body.highlights.length).toBeGreaterThan(0);
    expect(models.split(',')).toContain(body.closest_to_truth.model);
  });

  it('paths: the dashboard shape', async () => {
    const { status, body } = await get('/v1/attribution/paths');
    expect(status).toBe(200);
    expect(Array.isArray(body.top_paths[0].path)).toBe(true);
    expect(Object.keys(body.path_lengths[0])).toEqual(expect.arrayContaining(['length', 'conversions']));
    expect(Object.keys(body.days_to_conversion[0])).toEqual(expect.arrayContaining(['days', 'conversions']));
    expect(Object.keys(body.assisted[0])).toEqual(expect.arrayContaining(['channel', 'assisted', 'last_touch', 'ratio']));
    expect(body.sankey.nodes[0]).toEqual({ name: expect.any(String) });
    expect(body.sankey.links[0]).toMatchObject({ source: expect.any(String), target: expect.any(String), value: expect.any(Number) });
  });

  it('bad input is a 400 naming the field', async () => {
    const noModel = await get('/v1/attribution');
    expect(noModel.status).toBe(400);
    expect(noModel.body.issues[0].path).toMatch(/model/);
    const badBy = await get('/v1/attribution?model=first&by=country');
    expect(badBy.status).toBe(400);
    expect(badBy.body.issues[0].path).toMatch(/by/);
    const badModels = await get('/v1/attribution/compare?models=first,magic');
    expect(badModels.status).toBe(400);
    expect(badModels.body.issues[0].path).toBe('models');
    const badWeights = await get('/v1/attribution?model=position&position_weights=1,x,1');
    expect(badWeights.status).toBe(400);
    expect(badWeights.body.issues[0].path).toBe('position_weights');
  });
});

describe('GET /v1/kpis?model=', () => {
  it('moves conversions between channels, keeps spend and totals', async () => {
    const base = (await get('/v1/kpis?by=channel&compare=none')).body;
    const first = await get('/v1/kpis?by=channel&compare=none&model=first');
    expect(first.status).toBe(200);
    expect(first.body.attribution).toBe('first');
    expect(first.body.totals).toEqual(base.totals);
    const by = (r: { rows: { channel: string; spend: number; conversions: number }[] }) => Object.fromEntries(r.rows.map((x) => [x.channel, x]));
    const a = by(base);
    const b = by(first.body);
    for (const channel of Object.keys(a)) expect(b[channel].spend, channel).toBe(a[channel].spend);
    expect(Object.keys(a).some((c) => Math.abs(a[c].conversions - (b[c]?.conversions ?? 0)) >= 1)).toBe(true);
  });

  it('a model with a dimension other than channel, campaign or ad is a 400 naming model', async () => {
    const answer = await get('/v1/kpis?by=day&model=linear');
    expect(answer.status).toBe(400);
    expect(answer.body.issues[0].path).toBe('model');
    expect((await get('/v1/kpis?by=channel&model=magic')).status).toBe(400);
  });
});

describe('roilens attribution while the server holds the database', () => {
  it('answers through the server: one JSON document', async () => {
    const { stdout } = await promisify(execFile)(join(root, 'bin', 'roilens'), ['attribution', '--model', 'linear', '--by', 'campaign', '--db', dbPath, '--format', 'json'], {
      env: { ...process.env, ROILENS_FROM_SOURCE: '1' },
    });
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ model: 'linear', by: 'campaign' });
    expect(doc.rows[0]).toHaveProperty('campaign');
  }, 30_000);
});
