/**
 * Issue 12 #5: forged experiment results. The write key ships in every page, so 300
 * write-key exposures plus conversions used to make "B wins >99%". Exposures now count
 * only with a server-signed assignment token (GET /v1/experiments/assign), sales follow
 * the workspace's revenue_sources, and the results flag samples that look forged. Every
 * expected count below is computed by hand or from the assignment hash itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '../../src/experiments/index.js';
import { parseExperimentDefinition } from '../../src/reports/experiments/experiments-definition.js';
import { computeExperimentResults } from '../../src/reports/experiments/experiments-results.js';
import { rateLimitClass } from '../../src/server/rate-limit.js';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const threeDaysAgo = () => new Date(Date.now() - 3 * 86_400_000).toISOString();

interface Assigned {
  experiment: string;
  variant: string;
  index: number;
  in_experiment: boolean;
  hash_version: number;
  token: string | null;
}

describe('forged experiment results (issue 12 #5)', () => {
  let server: SecurityServer;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { 'content-type': 'application/json', authorization: 'Bearer adm', ...(init.headers ?? {}) } });
  const send = (events: unknown[], token = 'wk') =>
    fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events }) });
  /** An experiment's results, once every event sent before is stored. */
  const results = async (key: string) => {
    await server.settle();
    const res = await admin(`/v1/experiments/${key}/results`);
    expect(res.status).toBe(200);
    return res.json();
  };
  const create = async (key: string) =>
    expect((await admin('/v1/experiments', { method: 'POST', body: JSON.stringify({ key, name: key, status: 'running', start: threeDaysAgo(), variants: [{ name: 'A' }, { name: 'B' }] }) })).status).toBe(201);
  /** The snippet's call: the variant and token for one visitor, from the client address `ip`. */
  const assign = async (experiment: string, anon: string, ip: string, variant?: string): Promise<Assigned> => {
    const q = new URLSearchParams({ key: 'wk', experiment, anonymous_id: anon, ...(variant !== undefined ? { variant } : {}) });
    const res = await fetch(`${server.url}/v1/experiments/assign?${q}`, { headers: { 'x-forwarded-for': ip } });
    expect(res.status).toBe(200);
    return res.json();
  };
  const exposure = (experiment: string, anon: string, variant: string | number, token?: string | null) => ({
    id: `x-${experiment}-${anon}-${variant}`, type: 'custom', name: '$exposure', ts: hoursAgo(2), anonymous_id: anon,
    properties: { experiment, variant, hash_version: 2, ...(token ? { token } : {}) },
  });
  const sale = (anon: string, amount = '50.00') => ({
    id: `o-${anon}`, type: 'conversion', ts: hoursAgo(1), anonymous_id: anon, order_id: `ord-${anon}`, revenue: { amount, currency: 'EUR' },
  });

  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk', trustProxy: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the issue's forgery: 300 write-key exposures without a token plus conversions are not counted, and no winner is declared", async () => {
    await create('hero');
    // 150 "A" visitors of whom 5 buy, 150 "B" visitors of whom 140 buy: unsigned, as a stranger with the write key sends them.
    const events: unknown[] = [];
    for (let i = 0; i < 300; i++) {
      const anon = `forger-${i}`;
      const variant = i < 150 ? 'A' : 'B';
      events.push(exposure('hero', anon, variant));
      if ((variant === 'A' && i < 5) || (variant === 'B' && i < 290)) events.push(sale(anon));
    }
    const res = await send(events);
    expect(res.status).toBe(200);
    expect((await res.json()).accepted).toBe(events.length); // stored (visible as unsigned), not counted

    const r = await results('hero');
    expect(r.stats.map((s: { users: number; converters: number }) => [s.users, s.converters])).toEqual([[0, 0], [0, 0]]);
    expect(r.unsigned_users).toBe(300);
    expect(r.analysis).toBeNull();
    expect(r.verdict).toMatch(/^Not enough data yet/);
    expect(r.verdict).not.toMatch(/wins/);
    expect(r.notes.join(' ')).toMatch(/300 exposed people sent no server-signed assignment/);
  });

  it('valid tokens are counted, in the variant the hash gives; the server key\'s and the operator\'s imported exposures count as signed', async () => {
    await create('cta');
    const expected = { A: 0, B: 0 };
    const batch: unknown[] = [];
    for (let i = 0; i < 40; i++) {
      const anon = `visitor-${i}`;
      const a = await assign('cta', anon, `198.51.${i}.7`); // one /24 per visitor: no dominant source
      const hashed = assignVariant('cta', anon, [1, 1], 2);
      expect(a).toMatchObject({ in_experiment: true, index: hashed, variant: ['A', 'B'][hashed], hash_version: 2 });
      expect(a.token).toEqual(expect.any(String));
      expected[a.variant as 'A' | 'B'] += 1;
      batch.push(exposure('cta', anon, a.variant, a.token));
    }
    const res = await send(batch);
    expect(await res.json()).toMatchObject({ accepted: 40, rejected: [] });
    // Two more people assigned server-side by the admin token (the server key), whatever variant it names.
    expect((await send([exposure('cta', 'server-1', 'A'), exposure('cta', 'server-2', 'B')], 'adm')).status).toBe(200);
    // …and one more imported by the operator (POST /v1/import/events with the admin token).
    const imported = await admin('/v1/import/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([exposure('cta', 'imported-1', 'B')]) });
    expect(imported.status).toBe(200);
    const r = await results('cta');
    expect(r.stats.map((s: { variant: string; users: number }) => [s.variant, s.users])).toEqual([['A', expected.A + 1], ['B', expected.B + 2]]);
    expect(r.unsigned_users).toBe(0);
    expect(r.sample_flags).toEqual([]);
    expect(expected.A + expected.B).toBe(40);
    expect(expected.A).toBeGreaterThan(0);
    expect(expected.B).toBeGreaterThan(0);
  });

  it('a token replayed for another variant, unit or experiment, a forged token and the server\'s flag are refused naming the field', async () => {
    await create('other');
    let a: Assigned | undefined;
    for (let i = 0; !a || a.variant !== 'A'; i++) a = await assign('cta', `replay-${i}`, '192.0.2.1');
    const anon = (JSON.parse(Buffer.from(a.token!.split('.')[0], 'base64url').toString()) as string[])[3]; // the unit the token names
    const tries = [
      exposure('cta', anon, 'B', a.token), // A's token for variant B
      exposure('cta', anon, 1, a.token), // …or B's index
      exposure('cta', 'someone-else', 'A', a.token), // another unit
      exposure('other', anon, 'A', a.token), // another experiment
      exposure('cta', anon, 'A', `${a.token!.split('.')[0]}.${'A'.repeat(43)}`), // forged signature
      { ...exposure('cta', 'flagger', 'A'), properties: { experiment: 'cta', variant: 'A', rl_signed: true } },
    ];
    for (const [i, e] of tries.entries()) {
      const res = await send([e]);
      expect(res.status, `try ${i}`).toBe(400);
      const body = await res.json();
      expect(body.rejected[0].errors[0].path, `try ${i}`).toBe(i === 5 ? 'properties' : 'properties.token');
    }
    // In a batch, only the bad one is refused and the good one (A's token for A) is stored.
    const mixed = await send([exposure('cta', anon, 'A', a.token), exposure('cta', anon, 'B', a.token)]);
    expect(await mixed.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1, errors: [{ path: 'properties.token' }] }] });
    // A page that computed another variant than the server gets no token.
    expect((await assign('cta', anon, '192.0.2.1', 'B')).token).toBeNull();
    expect((await assign('cta', anon, '192.0.2.1', 'A')).token).toEqual(expect.any(String));
    // Bad queries name the field.
    const bad = await fetch(`${server.url}/v1/experiments/assign?key=wk&anonymous_id=x`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].path).toBe('experiment');
    expect((await fetch(`${server.url}/v1/experiments/assign?key=nope&experiment=cta&anonymous_id=x`)).status).toBe(401);
  });

  it('300 server-side assignments from one address plus write-key conversions: flagged, and not counted once sales must be verified', async () => {
    await create('bulk');
    const events: unknown[] = [];
    const counts = { A: 0, B: 0 };
    const bulkAssign = async (anon: string): Promise<Assigned> => {
      const res = await fetch(`${server.url}/v1/experiments/bulk/assign`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk', 'x-forwarded-for': '203.0.113.9' }, body: JSON.stringify({ anonymous_id: anon }),
      });
      return res.json();
    };
    for (let i = 0; i < 300; i += 25) {
      const anons = Array.from({ length: 25 }, (_x, j) => `bulk-${i + j}`);
      const answers = await Promise.all(anons.map(bulkAssign));
      answers.forEach((a, j) => {
        counts[a.variant as 'A' | 'B'] += 1;
        // every B person "buys" after the exposure the server recorded
        if (a.variant === 'B') events.push({ ...sale(anons[j]), ts: new Date(Date.now() + 1000).toISOString() });
      });
    }
    expect((await send(events)).status).toBe(200);
    const r = await results('bulk');
    expect(r.stats.map((s: { users: number; converters: number }) => [s.users, s.converters])).toEqual([[counts.A, 0], [counts.B, counts.B]]);
    const ids = r.sample_flags.map((f: { id: string; params: { variant: string } }) => `${f.id}:${f.params.variant}`);
    expect(ids).toEqual(['experiments.flag.source_share:A', 'experiments.flag.source_share:B', 'experiments.flag.rate_near_one:B']);
    expect(r.sample_flags[0].params).toEqual({ variant: 'A', share_pct: 100, units: counts.A, users: counts.A });
    expect(r.sample_flags[2].params).toEqual({ variant: 'B', rate_pct: 100, converters: counts.B, users: counts.B });
    expect(r.verdict).toMatch(/^Do not trust these results yet: One source supplied 100% of variant A/);

    // Once the workspace counts verified revenue only, the write-key sales do not count at all.
    expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ revenue_sources: 'verified' }) })).status).toBe(200);
    const verified = await results('bulk');
    expect(verified.stats.map((s: { users: number; converters: number }) => [s.users, s.converters])).toEqual([[counts.A, 0], [counts.B, 0]]);
    expect(verified.verdict).not.toMatch(/wins/);
  });

  it('the workspace secret is kept in the store: a token issued before a restart still verifies after it', async () => {
    const a = await assign('cta', 'restart-1', '198.18.0.1');
    await server.stop();
    await server.start();
    expect(await (await send([exposure('cta', 'restart-1', a.variant, a.token)])).json()).toMatchObject({ accepted: 1, rejected: [] });
    expect(await (await send([exposure('cta', 'restart-2', a.variant, a.token)])).json()).toMatchObject({ accepted: 0, rejected: [{ index: 0 }] });
  });

  it('the assignment endpoint is a tracking route for the rate limits (per address and write key, not per API principal)', () => {
    expect(rateLimitClass('GET', '/v1/experiments/assign')).toBe('tracking');
    expect(rateLimitClass('POST', '/v1/experiments/hero/assign')).toBe('tracking');
    expect(rateLimitClass('GET', '/v1/experiments/hero/results')).toBe('api');
  });

  it('anomaly flags on a hand-built sample: thresholds are strict and need enough people', () => {
    const def = parseExperimentDefinition({ key: 'h', name: 'h', status: 'running', start: '2026-03-01T00:00:00Z', variants: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] }, new Date('2026-03-15T00:00:00Z'));
    const row = (variant: string, users: number, converters: number) => ({ variant, users, converters, conversions: converters, revenue_sum: 0, revenue_sum_squares: 0, leads: 0 });
    // A: 100 people, one source 50 (exactly half: not "more than half"), 90 converters (0.9: not above).
    // B: 100 people, one source 51 (51%), 91 converters (91%). C: 100 people from many sources, 10 converters.
    const sample = { unsigned_units: 7, top_sources: [{ variant: 'A', source: 's1', units: 50 }, { variant: 'B', source: 's2', units: 51 }, { variant: 'C', source: 's3', units: 3 }] };
    const r = computeExperimentResults(def, [row('A', 100, 90), row('B', 100, 91), row('C', 100, 10)], new Date('2026-03-15T00:00:00Z'), [], sample);
    expect(r.sample_flags.map((f) => [f.id, f.params])).toEqual([
      ['experiments.flag.source_share', { variant: 'B', share_pct: 51, units: 51, users: 100 }],
      ['experiments.flag.rate_near_one', { variant: 'B', rate_pct: 91, converters: 91, users: 100 }],
    ]);
    expect(r.unsigned_users).toBe(7);
    expect(r.srm_warning).toBeNull();
    expect(r.verdict).toMatch(/^Do not trust these results yet: One source supplied 51% of variant B \(51 of 100 people\)/);
    // Too few people: 19 from one source is not judged; 9 of 9 converting is not; 10 of 10 is.
    const small = computeExperimentResults(def, [row('A', 19, 9), row('B', 9, 9), row('C', 10, 10)], new Date('2026-03-15T00:00:00Z'), [], {
      unsigned_units: 0, top_sources: [{ variant: 'A', source: 's1', units: 19 }, { variant: 'B', source: 's1', units: 9 }],
    });
    expect(small.sample_flags.map((f) => [f.id, f.params.variant])).toEqual([['experiments.flag.rate_near_one', 'C']]);
  });
});
