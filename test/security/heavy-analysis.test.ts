/**
 * Issue 12 #7: heavy analysis no longer blocks the event loop nor answers 500.
 *
 * - On the demo world of seed 1, 90 days and 20,000 people, `model=pareto` used to wander to
 *   r + s ≈ 1.4e6 where ₂F₁ "did not converge in 1000000 terms": a 500 after minutes with the
 *   server frozen. Now ₂F₁ has a convergent fallback (src/customers/maths/special-functions.test.ts
 *   holds its values), so the fit answers 200, or 422 `not_computable` naming the model, or, when
 *   it does not finish within the time budget (30 s here, to keep the test short; on a busy
 *   machine this fit takes minutes), 503 `unavailable` with Retry-After; never 500. `/health` answers while it runs.
 * - A job past the time budget (a tiny one, set through the server's analysis settings) is
 *   stopped and answers 503 `unavailable` with Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onScale, startSecurityServer, type SecurityServer } from '../helpers/security-server.js';
import { heavyQueueDepth } from '../../src/shared/workers/heavy-pool.js';

const get = (server: SecurityServer, path: string) => fetch(server.url + path, { headers: { authorization: 'Bearer adm' } });

// Embedded only: loading this 20,000-visitor, 90-day world into ClickHouse takes minutes (and failed
// under load); the divergence was in the fit, which runs the same on both stores. The time budget below runs on both.
describe.skipIf(onScale)('a Pareto/NBD fit that used to diverge', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: { seed: 1, days: 90, visitors: 20_000 }, quiet: true, adminToken: 'adm', analysis: { threads: 1, timeBudgetMs: 30_000 } });
  }, 600_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers 200, 422 naming the model or 503 past the budget (never 500), and /health answers while it computes', async () => {
    let settled = false;
    const clv = get(server, '/v1/customers/clv?model=pareto').finally(() => (settled = true));
    // Wait until the fit is on its worker thread…
    while (heavyQueueDepth().running === 0 && !settled) await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    // …then /health answers, and the fit is still running after that answer: the event loop was free.
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(heavyQueueDepth().running).toBe(1);

    const res = await clv;
    expect([200, 422, 503]).toContain(res.status);
    const body = await res.json();
    if (res.status === 503) {
      expect(body.error).toBe('unavailable');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } else if (res.status === 422) {
      expect(body.error).toBe('not_computable');
      expect(body.message).toMatch(/Pareto\/NBD/);
    } else {
      expect(body.fit.model).toBe('pareto');
      for (const p of Object.values(body.fit.params as Record<string, number>)) expect(Number.isFinite(p)).toBe(true);
      expect(body.customers).toHaveLength(5);
    }
  }, 600_000);
});

describe('the time budget', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    // 1 ms: no job can even load its modules in that time.
    server = await startSecurityServer({ port: 0, demo: { seed: 1, days: 60, visitors: 5_000 }, quiet: true, adminToken: 'adm', analysis: { threads: 1, timeBudgetMs: 1 } });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it('a CLV fit past it answers 503 unavailable with Retry-After, and the server goes on answering', async () => {
    const res = await get(server, '/v1/customers/clv');
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await res.json();
    expect(body.error).toBe('unavailable');
    expect(body.message).toMatch(/time budget/);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    // A report without heavy work is untouched by the budget.
    expect((await get(server, '/v1/customers/rfm')).status).toBe(200);
  });
});
