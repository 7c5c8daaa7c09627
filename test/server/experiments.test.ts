/**
 * Experiments end to end against the real server on a real DuckDB file:
 * definitions over HTTP, exposures and conversions through POST /v1/events,
 * results compared with the pure engine and with R; SRM, assignment, planning,
 * bad input and auth; the CLI going through the running server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExperiment, assignVariant } from '../../src/experiments/index.js';
import { startServer, type RunningServer } from '../../src/server/start.js';

const root = join(import.meta.dirname, '..', '..');
const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(tol);

let server: RunningServer;
let dir: string;
let dbPath: string;

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
}

async function api(method: string, path: string, opts: { token?: string | null; body?: unknown } = {}): Promise<Answer> {
  const token = opts.token === undefined ? 'adm' : opts.token;
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

/**
 * Posts events in batches of 1000 (the API's limit) with the admin token: the server key, whose
 * exposures count as signed whatever variant they name (write-key exposures need an assignment
 * token, issue 12 #5: test/security/forged-experiment.test.ts).
 */
async function sendEvents(events: object[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    const answer = await api('POST', '/v1/events', { token: 'adm', body: { events: events.slice(i, i + 1000) } });
    expect(answer.status).toBe(200);
    expect(answer.body.rejected).toEqual([]);
  }
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

function exposure(experiment: string, person: string, variant: string) {
  return { id: `x-${experiment}-${person}`, type: 'custom', name: '$exposure', ts: hoursAgo(2), anonymous_id: person, properties: { experiment, variant } };
}

/** `users` exposed people in `variant`; the first `converters` buy once for `amount` EUR, the first `leads` sign up. */
function population(experiment: string, variant: string, users: number, converters: number, amount: string, leads = 0): object[] {
  const events: object[] = [];
  for (let i = 0; i < users; i++) {
    const person = `${experiment}-${variant}-${i}`;
    events.push(exposure(experiment, person, variant));
    if (i < converters) events.push({ id: `o-${person}`, type: 'conversion', ts: hoursAgo(1), anonymous_id: person, order_id: `ord-${person}`, revenue: { amount, currency: 'EUR' } });
    if (i < leads) events.push({ id: `l-${person}`, type: 'lead', ts: hoursAgo(1.5), anonymous_id: person });
  }
  return events;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roilens-exp-server-'));
  dbPath = join(dir, 'exp.duckdb');
  server = await startServer({ dbPath, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('experiments API on the real server', () => {
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();

  it('creates an experiment (201) and lists it with its primary metric', async () => {
    const created = await api('POST', '/v1/experiments', {
      body: {
        key: 'hero', name: 'Hero headline', hypothesis: 'A bolder headline sells more', status: 'running', start: threeDaysAgo,
        variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }], metric: 'conversion_rate', secondary_metrics: ['revenue_per_user', 'leads_per_user'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'hero', key: 'hero', status: 'running', start: threeDaysAgo, metric: 'conversion_rate' });
    const list = await api('GET', '/v1/experiments');
    expect(list.status).toBe(200);
    expect(list.body.experiments).toEqual([
      expect.objectContaining({ id: 'hero', key: 'hero', name: 'Hero headline', status: 'running', variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }], primary_metric: 'conversion_rate' }),
    ]);
    expect((await api('GET', '/v1/experiments/hero')).body.hypothesis).toBe('A bolder headline sells more');
  });

  it('results: exact counts from the events, p-values equal to the engine and to R', async () => {
    // A: 1000 people, 100 buy for 50 EUR, 20 leave a lead; B: 1000 people, 130 buy for 60 EUR.
    await sendEvents([...population('hero', 'A', 1000, 100, '50.00', 20), ...population('hero', 'B', 1000, 130, '60.00')]);
    const { status, body } = await api('GET', '/v1/experiments/hero/results');
    expect(status).toBe(200);
    expect(body.stats).toEqual([
      { variant: 'A', users: 1000, converters: 100, conversions: 100, revenue_sum: 5000, revenue_sum_squares: 250_000, leads: 20 },
      { variant: 'B', users: 1000, converters: 130, conversions: 130, revenue_sum: 7800, revenue_sum_squares: 468_000, leads: 0 },
    ]);
    expect(body.variants.map((v: { name: string; users: number; rate: number }) => [v.name, v.users, v.rate])).toEqual([['A', 1000, 0.1], ['B', 1000, 0.13]]);

    const pure = analyzeExperiment({ metric: 'binomial', variants: [{ name: 'A', users: 1000, conversions: 100 }, { name: 'B', users: 1000, conversions: 130 }] });
    expect(body.variants[1].p_value).toBe(pure.variants[1].p_value);
    expect(body.analysis.variants[1]).toEqual(JSON.parse(JSON.stringify(pure.variants[1])));
    // R 4.x: prop.test(c(130, 100), c(1000, 1000), correct = FALSE)$p.value
    rel(body.variants[1].p_value, 0.035488450466474711, 1e-9);
    expect(body.variants[1].lift).toBeCloseTo(0.3, 12);
    // 1000 vs 1000 with equal weights: chi-square 0, p 1
    expect(body.srm_p_value).toBeCloseTo(1, 12);
    expect(body.srm_warning).toBeNull();

    // R: a <- c(rep(50, 100), rep(0, 900)); b <- c(rep(60, 130), rep(0, 870)); t.test(b, a)$p.value
    const revenue = body.secondary.revenue_per_user;
    expect(revenue.tested).toBe(true);
    expect(revenue.variants.map((v: { value: number }) => v.value)).toEqual([5, 7.8]);
    rel(revenue.variants[1].p_value, 0.00044222610807777198, 1e-6);
    expect(body.secondary.leads_per_user).toMatchObject({ tested: false, variants: [{ name: 'A', value: 0.02 }, { name: 'B', value: 0, lift: -1 }] });

    // Planning at the default MDE (+10%) from the control's 10%: R power.prop.test(p1 = 0.1, p2 = 0.11, power = 0.8)$n = 14750.79 -> 14751.
    // 2000 people in 3 days = 333.3 a day per variant; (14751 − 1000) / 333.3 = 41.25 -> 42 more days.
    expect(body.planned_users_per_variant).toBe(14751);
    expect(body.more_days_needed).toBe(42);
    expect(body.days_running).toBe(3);
    expect(body.stopping_rule).toMatch(/sequential p-value/);
    expect(typeof body.verdict).toBe('string');
  });

  it('flags a sample ratio mismatch loudly (1000 vs 800 with equal weights)', async () => {
    expect((await api('POST', '/v1/experiments', { body: { key: 'srm-check', name: 'Broken split', status: 'running', start: threeDaysAgo, variants: [{ name: 'A' }, { name: 'B' }] } })).status).toBe(201);
    await sendEvents([...population('srm-check', 'A', 1000, 0, '0'), ...population('srm-check', 'B', 800, 0, '0')]);
    const { body } = await api('GET', '/v1/experiments/srm-check/results');
    expect(body.variants.map((v: { users: number }) => v.users)).toEqual([1000, 800]);
    // R: chisq.test(c(1000, 800))$p.value
    rel(body.srm_p_value, 2.4284674729758445e-6, 1e-6);
    expect(body.srm_warning).toMatch(/Sample ratio mismatch/);
    expect(body.verdict).toMatch(/^Do not trust these results/);
  });

  it('assigns deterministically with the write key and records the exposure', async () => {
    await api('POST', '/v1/experiments', { body: { key: 'cta', name: 'Button', status: 'running', start: threeDaysAgo, variants: [{ name: 'control', weight: 1 }, { name: 'green', weight: 3 }] } });
    const expected = ['control', 'green'][assignVariant('cta', 'visitor-42', [1, 3], 2)];
    const first = await api('POST', '/v1/experiments/cta/assign', { token: 'wk', body: { anonymous_id: 'visitor-42' } });
    const again = await api('POST', '/v1/experiments/cta/assign', { token: 'wk', body: { anonymous_id: 'visitor-42' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ experiment: 'cta', variant: expected, in_experiment: true, hash_version: 2 });
    expect(again.body.variant).toBe(expected);

    const events = await api('GET', '/v1/events?anonymous_id=visitor-42');
    const exposures = events.body.events.filter((e: { name?: string }) => e.name === '$exposure');
    expect(exposures).toHaveLength(1); // the second assignment re-sends the same exposure id: stored once
    expect(exposures[0].properties).toMatchObject({ experiment: 'cta', variant: expected, hash_version: 2 });
    const results = await api('GET', '/v1/experiments/cta/results');
    expect(results.body.stats.map((s: { variant: string; users: number }) => [s.variant, s.users])).toEqual([['control', expected === 'control' ? 1 : 0], ['green', expected === 'green' ? 1 : 0]]);

    // 1 000 visitors split 1:3 (hash of key and id; random-looking ids split as planned)
    const counts = [0, 0];
    for (let i = 0; i < 1000; i++) counts[assignVariant('cta', `v-${i.toString(36)}-${(i * 7919).toString(16)}`, [1, 3], 2)]++;
    expect(counts[1] / 1000).toBeGreaterThan(0.7);

    // the snippet's definitions: write key (header or ?key=), running experiments with their hash version
    const defs = await api('GET', '/v1/experiments/definitions', { token: 'wk' });
    expect(defs.status).toBe(200);
    expect(defs.body.experiments.find((d: { key: string }) => d.key === 'cta')).toEqual({ key: 'cta', variants: [{ name: 'control', weight: 1 }, { name: 'green', weight: 3 }], hash_version: 2 });
    expect((await api('GET', '/v1/experiments/definitions?key=wk', { token: null })).status).toBe(200);
    expect((await api('GET', '/v1/experiments/definitions', { token: null })).status).toBe(401);

    expect((await api('POST', '/v1/experiments/cta/assign', { token: null, body: { anonymous_id: 'x' } })).status).toBe(401);
    // The admin token is a secret key with admin (issue 15): it may call tracking operations server-side.
    expect((await api('POST', '/v1/experiments/cta/assign', { token: 'adm', body: { anonymous_id: 'x' } })).status).toBe(200);
    const missing = await api('POST', '/v1/experiments/cta/assign', { token: 'wk', body: { user_id: 'u' } });
    expect(missing.status).toBe(400);
    expect(missing.body.issues[0].path).toBe('anonymous_id');
  });

  it('a draft or out-of-target visitor sees the control and logs no exposure', async () => {
    await api('POST', '/v1/experiments', { body: { key: 'draft-test', name: 'Later', variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1000 }], targeting: { country: ['DE', 'AT'] } } });
    const draft = await api('POST', '/v1/experiments/draft-test/assign', { token: 'wk', body: { anonymous_id: 'visitor-7', country: 'DE' } });
    expect(draft.body).toMatchObject({ variant: 'A', in_experiment: false });
    await api('PATCH', '/v1/experiments/draft-test', { body: { status: 'running' } });
    const outside = await api('POST', '/v1/experiments/draft-test/assign', { token: 'wk', body: { anonymous_id: 'visitor-7', country: 'FR' } });
    expect(outside.body).toMatchObject({ variant: 'A', in_experiment: false });
    const events = await api('GET', '/v1/events?anonymous_id=visitor-7');
    expect(events.body.events).toEqual([]);
  });

  it('PATCH starts and stops; variants cannot change while running; DELETE removes', async () => {
    const started = await api('PATCH', '/v1/experiments/draft-test', { body: { name: 'Later, renamed' } });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ name: 'Later, renamed', status: 'running', start: expect.any(String) });
    const locked = await api('PATCH', '/v1/experiments/draft-test', { body: { variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }] } });
    expect(locked.status).toBe(409);
    expect(locked.body.issues[0].path).toBe('variants');
    const stopped = await api('PATCH', '/v1/experiments/draft-test', { body: { status: 'stopped', targeting: null } });
    expect(stopped.body.status).toBe('stopped');
    expect(Date.parse(stopped.body.stop)).toBeGreaterThanOrEqual(Date.parse(stopped.body.start));
    expect(stopped.body.targeting).toBeUndefined();
    expect((await api('PATCH', '/v1/experiments/draft-test', { body: { key: 'other' } })).status).toBe(400);
    expect((await api('DELETE', '/v1/experiments/draft-test')).body).toEqual({ deleted: 'draft-test' });
    expect((await api('GET', '/v1/experiments/draft-test')).status).toBe(404);
    expect((await api('DELETE', '/v1/experiments/draft-test')).status).toBe(404);
  });

  it('bad definitions are 400 with the field path; a taken key is 409', async () => {
    const weight = await api('POST', '/v1/experiments', { body: { key: 'w', name: 'W', variants: [{ name: 'A' }, { name: 'B', weight: -1 }] } });
    expect(weight.status).toBe(400);
    expect(weight.body.issues).toEqual([{ path: 'variants.1.weight', message: 'must be a positive number' }]);
    const several = await api('POST', '/v1/experiments', { body: { key: 'Not a slug', name: 'X', variants: [{ name: 'A' }], metric: 'leads_per_user', start: 'soon' } });
    expect(several.status).toBe(400);
    expect(several.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['key', 'metric', 'start', 'variants']);
    const destination = await api('POST', '/v1/experiments', { body: { key: 'lp', name: 'LP', variants: [{ name: 'A' }, { name: 'B' }], destinations: [{ variant: 'C', url: 'https://x.example/c' }] } });
    expect(destination.body.issues).toEqual([{ path: 'destinations.0.variant', message: 'is not one of the variants (A, B)' }]);
    expect((await api('POST', '/v1/experiments', { body: { key: 'hero', name: 'Again', variants: [{ name: 'A' }, { name: 'B' }] } })).status).toBe(409);
    expect((await api('POST', '/v1/experiments', { body: [1, 2] })).status).toBe(400);
  });

  it('401 without a credential, 403 with the write key (issue 15)', async () => {
    for (const [method, path] of [['GET', '/v1/experiments'], ['GET', '/v1/experiments/hero'], ['GET', '/v1/experiments/hero/results'], ['DELETE', '/v1/experiments/hero'], ['GET', '/v1/experiments/plan?baseline=0.05&mde=0.1']]) {
      expect((await api(method, path, { token: null })).status).toBe(401);
      expect((await api(method, path, { token: 'wk' })).status).toBe(403);
    }
    expect((await api('POST', '/v1/experiments', { token: null, body: { key: 'x' } })).status).toBe(401);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await api('GET', '/openapi.json', { token: null });
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/experiments', '/v1/experiments/plan', '/v1/experiments/{id}', '/v1/experiments/{id}/results', '/v1/experiments/{id}/assign']));
  });

  it('plans the sample size like roilens experiment plan', async () => {
    // R: power.prop.test(p1 = 0.05, p2 = 0.055, power = 0.8)$n = 31233.44 -> 31234; 62468 users at 5000 a day -> 13 days
    const plan = await api('GET', '/v1/experiments/plan?baseline=0.05&mde=0.1&power=0.8&daily_users=5000');
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ users_per_variant: 31234, days: 13, alpha: 0.05 });
    const bad = await api('GET', '/v1/experiments/plan?baseline=2&mde=0.1');
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('baseline');
  });

  it('the CLI goes through the running server when it holds the database', async () => {
    const run = promisify(execFile);
    const cli = (args: string[]) => run(join(root, 'bin', 'roilens'), [...args, '--db', dbPath, '--format', 'json'], { env: { ...process.env, ROILENS_FROM_SOURCE: '1' } });
    const defFile = join(dir, 'def.json');
    writeFileSync(defFile, JSON.stringify({ key: 'from-cli', name: 'From the CLI', variants: [{ name: 'A' }, { name: 'B' }] }));
    const created = JSON.parse((await cli(['experiment', 'create', '--file', defFile])).stdout);
    expect(created).toMatchObject({ id: 'from-cli', status: 'draft' });
    const [list, results] = await Promise.all([cli(['experiment', 'list']), cli(['experiment', 'results', 'hero'])]);
    expect(JSON.parse(list.stdout).experiments.map((e: { key: string }) => e.key)).toContain('from-cli');
    const doc = JSON.parse(results.stdout);
    expect(doc.variants.map((v: { users: number }) => v.users)).toEqual([1000, 1000]);
    rel(doc.variants[1].p_value, 0.035488450466474711, 1e-9);

    // start, then stop and declare the winner from the CLI
    expect(JSON.parse((await cli(['experiment', 'update', 'from-cli', '--status', 'running'])).stdout)).toMatchObject({ status: 'running', hash_version: 2 });
    const stopped = JSON.parse((await cli(['experiment', 'update', 'from-cli', '--status', 'stopped', '--winner', 'B'])).stdout);
    expect(stopped).toMatchObject({ status: 'stopped', winner: 'B' });
    expect((await api('GET', '/v1/experiments/from-cli')).body).toMatchObject({ status: 'stopped', winner: 'B' });
    await expect(cli(['experiment', 'update', 'from-cli', '--winner', 'Z'])).rejects.toMatchObject({ stderr: expect.stringMatching(/winner: is not one of the variants/) });
  }, 240_000); // seven CLI processes: on the shared 2-core machine each start can take 10 s or more
});
