/**
 * Issue 12 "Done when": a fuzzer drives every operation of the served OpenAPI document with hostile
 * input (wrong types, huge and 31-digit numbers, NaN/Infinity, empty and 10 KB strings, unicode/RTL/
 * NUL, repeated and unknown parameters, deep nesting, `__proto__`/`constructor` keys, SQL and regex
 * meta characters, impossible dates, bad time zones; see openapi-fuzz/hostile-values.ts) for a fixed
 * number of seeded requests per operation. No answer may be 5xx (503 `unavailable` with Retry-After,
 * a time budget running out, excepted); every 4xx is in the error registry's format with the
 * registry's status for its code; every answer with a declared response schema validates against it.
 *
 * "Breaks no later report", soundly: two servers load the same small demo world (same seed).
 * - World R takes every read-only operation (admin token, none, a wrong one) and the write-key
 *   operations (events, pixel, tracking link, experiment assignment) with the write key or none,
 *   never the admin token. A write key can only add unverified browser events, and every timestamp
 *   the fuzzer sends is "now" or a hostile date outside the demo's 60 days (2025-11-30 – 2026-01-28),
 *   so whatever it gets accepted lands outside that range, under ids that match none of the demo's
 *   people: the four main reports for the range must answer exactly what they answered before.
 * - World A takes every mutating operation, admin ones included (workspace settings, channel
 *   rules, event deletion, imports, postbacks from a real source…). Those may legitimately change
 *   the numbers, so afterwards the reports must still answer 200 with the same shape.
 * In both worlds the reports over the last 30 days (where accepted fuzz events land) answer 200.
 *
 * The one non-JSON 4xx allowed is the tracking link's neutral page (404 HTML, for visitors).
 * Measured on the 2-core machine shared with other jobs: 1,088 requests to 68 operations in 58 s
 * (load 7.5), up to 260 s at load 22; the heavy analyses (attribution, budget plan, CLV) take most of it.
 *
 * A 5xx in code other helpers own is listed in `knownFailures` (the lead fixes them); any other
 * problem fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onScale, startSecurityServer, type SecurityServer } from '../helpers/security-server.js';
import { problemOf, ResponseSchemas } from './openapi-fuzz/answer-check.js';
import { describe as show, fuzzRequest, type Credential } from './openapi-fuzz/fuzz-request.js';
import { seedOf, seededRandom } from './openapi-fuzz/hostile-values.js';
import { operationsOf, type BaseValues, type Operation } from './openapi-fuzz/operations.js';

/** On PostgreSQL + ClickHouse half as many (the same seed: the first 8 of each operation's 16), to keep the run bounded. */
const requestsPerOperation = onScale ? 8 : 16;
const seed = 20261206;
const demo = { seed: 7, days: 60, visitors: 400, endDate: '2026-01-28' };
const range = { from: '2025-11-30', to: '2026-01-28' };
const adminToken = 'adm-fuzz';
const writeKey = 'wk-fuzz';
/** One hostile request may take this long (a heavy analysis under load); longer is a failure. */
const answerTimeoutMs = 20_000;

/** The main reports over the demo's range, compared before and after the fuzzing. */
const reports = [
  `/v1/kpis?from=${range.from}&to=${range.to}`,
  `/v1/attribution?model=last&from=${range.from}&to=${range.to}`,
  `/v1/customers/ltv-cac?from=${range.from}&to=${range.to}`,
  `/v1/budget/fit?from=${range.from}&to=${range.to}`,
];
/** The same reports over their default ranges and up to today: what the fuzzing added is in them. */
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const recent = `from=${day(-30)}&to=${day(0)}`;
const reportsToday = ['/v1/kpis', `/v1/kpis?by=day&${recent}`, `/v1/attribution?model=last&${recent}`, '/v1/customers/ltv-cac', `/v1/customers/ltv-cac?${recent}`];

/**
 * KNOWN: problems in files other helpers are editing now, for the lead to fix. Each names the
 * operation and the problem text; a problem not listed here fails the test.
 */
const knownFailures: { op: string; request: RegExp; problem: RegExp; why: string }[] = [
];

/** Operations that change stored data (a GET that records a click, pixel or postback counts). */
const mutates = (op: Operation) => !['GET', 'HEAD', 'OPTIONS'].includes(op.method) || ['/p.gif', '/c/{slug}', '/v1/postback'].includes(op.path);

interface Failure { world: string; op: string; request: string; status: number; problem: string; body: string }

describe('OpenAPI fuzzing: hostile input answers 2xx or a registry 4xx, and breaks no later report', () => {
  let readWorld: SecurityServer;
  let adminWorld: SecurityServer;
  let doc: Record<string, any>;
  const failures: Failure[] = [];
  const allowedUnavailable: string[] = [];
  /** Milliseconds spent per operation (the slowest are printed, to keep the run bounded). */
  const durations = new Map<string, number>();

  beforeAll(async () => {
    [readWorld, adminWorld] = await Promise.all(['r', 'a'].map(() => startSecurityServer({ port: 0, demo, quiet: true, adminToken, writeKey })));
    doc = await (await fetch(`${readWorld.url}/openapi.json`)).json();
  });
  afterAll(async () => {
    await Promise.all([readWorld?.close(), adminWorld?.close()]);
  });

  const admin = (server: SecurityServer, path: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

  /** Objects the {id} and {slug} operations find, created before the baseline is taken. */
  async function baseValuesOf(server: SecurityServer, withPostbackSource: boolean): Promise<BaseValues> {
    const exp = await admin(server, '/v1/experiments', { method: 'POST', body: JSON.stringify({ key: 'fz-base', name: 'Base', status: 'running', variants: [{ name: 'control' }, { name: 'b' }] }) });
    expect(exp.status, await exp.clone().text()).toBeLessThan(300);
    const seg = await admin(server, '/v1/segments', { method: 'POST', body: JSON.stringify({ name: 'Base segment', conditions: [{ kind: 'orders', min_count: 1 }] }) });
    expect(seg.status, await seg.clone().text()).toBeLessThan(300);
    const link = await admin(server, '/v1/links', { method: 'POST', body: JSON.stringify({ slug: 'fz-base', destination: 'https://shop.example/landing', utm: { source: 'google', medium: 'cpc' } }) });
    expect(link.status, await link.clone().text()).toBeLessThan(300);
    const click = await fetch(`${server.url}/c/fz-base`, { redirect: 'manual' });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('rl_cid')!;
    const segment = await seg.json();
    const members = (await (await admin(server, `/v1/segments/${segment.id}/export`)).text()).split('\n');
    const customerId = members[1].split(',')[0];
    expect((await admin(server, `/v1/customers/${customerId}`)).status).toBe(200);
    let postbackSource: BaseValues['postbackSource'];
    if (withPostbackSource) {
      const res = await admin(server, '/v1/postback-sources', { method: 'POST', body: JSON.stringify({ name: 'fuzz network' }) });
      postbackSource = await res.json();
    }
    return { ...range, experimentId: 'fz-base', segmentId: segment.id, customerId, linkSlug: 'fz-base', clickId, postbackSource };
  }

  async function reportAnswers(server: SecurityServer, paths = reports): Promise<{ status: number; body: unknown }[]> {
    await server.settle();
    const out = [];
    for (const path of paths) {
      const res = await admin(server, path);
      // The aggregates' watermark says when they were last brought up to date, not what they hold: a refresh may move it.
      const { fresh_as_of: _watermark, ...body } = (await res.json()) as Record<string, unknown>;
      out.push({ status: res.status, body });
    }
    return out;
  }

  /** Sends `requestsPerOperation` hostile requests to each operation, recording every problem. */
  async function fuzz(world: string, server: SecurityServer, ops: Operation[], credentialFor: (op: Operation, rnd: () => number) => Credential) {
    const schemas = new ResponseSchemas(doc);
    const reachedPastAuth = new Set<string>();
    for (const op of ops) {
      const rnd = seededRandom(seedOf(op.key, seed));
      for (let i = 0; i < requestsPerOperation; i++) {
        const req = fuzzRequest(op, rnd, i, i === 0 ? credentialFor(op, () => 0.5) : credentialFor(op, rnd));
        const request = `${req.method} ${show(req.url)} ${req.mutations.join(', ')}`;
        let answer;
        try {
          const t0 = Date.now();
          const res = await fetch(server.url + req.url, { method: req.method, headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(answerTimeoutMs) });
          answer = { status: res.status, headers: res.headers, text: await res.text() };
          durations.set(op.key, (durations.get(op.key) ?? 0) + Date.now() - t0);
        } catch (err) {
          failures.push({ world, op: op.key, request, status: 0, problem: `no answer: ${(err as Error).message}`, body: '' });
          continue;
        }
        if (answer.status !== 401) reachedPastAuth.add(op.key);
        if (answer.status === 503) allowedUnavailable.push(`${op.key}: ${request}`);
        const problem = problemOf(op, answer, schemas);
        if (problem) failures.push({ world, op: op.key, request, status: answer.status, problem, body: answer.text.slice(0, 300) });
      }
    }
    return reachedPastAuth;
  }

  it(`sends ${requestsPerOperation} seeded hostile requests to every operation; no 5xx, registry 4xx, declared schemas hold; the reports are unchanged`, async () => {
    const started = Date.now();
    const readBase = await baseValuesOf(readWorld, false);
    const adminBase = await baseValuesOf(adminWorld, true);
    const readOps = operationsOf(doc, readBase);
    const adminOps = operationsOf(doc, adminBase);
    expect(readOps.length).toBeGreaterThan(40);

    const writeOps = new Set(['POST /v1/events', 'GET /p.gif', 'GET /c/{slug}', 'POST /v1/experiments/{id}/assign']);
    const inReadWorld = readOps.filter((op) => !mutates(op) || writeOps.has(op.key));
    // Deletions last, so the operations on the base experiment, link and segment find them first.
    const inAdminWorld = adminOps.filter((op) => mutates(op)).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    // Every operation of the document is fuzzed in one world or the other.
    expect(new Set([...inReadWorld, ...inAdminWorld].map((op) => op.key)).size).toBe(readOps.length);

    const before = await reportAnswers(readWorld);
    for (const r of before) expect(r.status, JSON.stringify(r.body)).toBe(200);

    const garbage: Credential = { label: 'wrong token', header: 'Bearer not-a-credential' };
    const reached = await fuzz('read', readWorld, inReadWorld, (op, rnd) => {
      const roll = rnd();
      if (roll < 0.1) return { label: 'none' };
      if (roll < 0.2) return garbage;
      if (mutates(op) || op.credential === 'write') return roll < 0.6 ? { label: 'write key', header: `Bearer ${writeKey}` } : { label: 'write key in ?key=', queryKey: writeKey };
      if (roll < 0.28) return { label: 'write key (wrong kind)', header: `Bearer ${writeKey}` };
      return { label: 'admin', header: `Bearer ${adminToken}` };
    });
    for (const op of inReadWorld) if (op.credential !== 'none') expect(reached, `${op.key} never got past authentication`).toContain(op.key);

    // The write key and hostile reads moved none of the numbers of the original range.
    const after = await reportAnswers(readWorld);
    expect(after).toEqual(before);
    const todayRead = await reportAnswers(readWorld, reportsToday);
    todayRead.forEach((r, i) => expect(r.status, `${reportsToday[i]} after the fuzzing: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200));
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();

    const reachedAdmin = await fuzz('admin', adminWorld, inAdminWorld, (op, rnd) => {
      const roll = rnd();
      if (roll < 0.08) return { label: 'none' };
      if (roll < 0.16) return garbage;
      if (op.credential === 'write' || op.path === '/p.gif') return roll < 0.6 ? { label: 'write key', header: `Bearer ${writeKey}` } : { label: 'admin as server key', header: `Bearer ${adminToken}` };
      if (roll < 0.22) return { label: 'write key (wrong kind)', header: `Bearer ${writeKey}` };
      return { label: 'admin', header: `Bearer ${adminToken}` };
    });
    for (const op of inAdminWorld) if (op.credential !== 'none') expect(reachedAdmin, `${op.key} never got past authentication`).toContain(op.key);

    // Admin operations may change the numbers; the reports must still answer, in the same shape.
    const adminAfter = await reportAnswers(adminWorld);
    adminAfter.forEach((r, i) => {
      expect(r.status, `${reports[i]} after the admin fuzzing: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
      expect(Object.keys(r.body as object).sort()).toEqual(Object.keys(before[i].body as object).sort());
    });
    const todayAdmin = await reportAnswers(adminWorld, reportsToday);
    todayAdmin.forEach((r, i) => expect(r.status, `${reportsToday[i]} after the admin fuzzing: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200));
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();
    expect((await fetch(`${adminWorld.url}/health`)).status).toBe(200);

    const known = failures.filter((f) => knownFailures.some((k) => k.op === f.op && k.request.test(f.request) && k.problem.test(f.problem)));
    const fresh = failures.filter((f) => !known.includes(f));
    const total = (inReadWorld.length + inAdminWorld.length) * requestsPerOperation;
    console.log(`openapi fuzz: ${total} requests to ${inReadWorld.length + inAdminWorld.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s; ${known.length} known failures, ${fresh.length} new; ${allowedUnavailable.length} answered 503 unavailable; slowest: ${[...durations].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
    expect(fresh.map((f) => `[${f.world}] ${f.problem}: ${f.request}\n    → ${f.body}`)).toEqual([]);
  }, 420_000);
});

