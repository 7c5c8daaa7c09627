/**
 * Issue 12 #17: `GET /metrics` in Prometheus' text format for the operator, behind the admin
 * token or `ROILENS_METRICS_TOKEN`. Scraped before and after known traffic: the request counter
 * and latency histogram of `/health` move by the requests made, rejected events are counted by
 * reason (a bad currency → `revenue`, a body without credential → `unauthorized`), and the
 * ingest gauges are there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

const metricsToken = 'scraper-token-0123456789';

/** `name{labels} value` lines of a Prometheus text exposition, keyed by `name{labels}` as written. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

describe('GET /metrics', () => {
  let server: SecurityServer;
  const previous = process.env.ROILENS_METRICS_TOKEN;
  const scrape = async (token = 'adm') => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await res.text());
  };
  const value = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

  beforeAll(async () => {
    process.env.ROILENS_METRICS_TOKEN = metricsToken;
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk_metrics' });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (previous === undefined) delete process.env.ROILENS_METRICS_TOKEN;
    else process.env.ROILENS_METRICS_TOKEN = previous;
  });

  it('401 without a credential, with a wrong one, or with the write key', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    for (const token of ['nope', 'wk_metrics']) {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect((await res.json()).error).toBe('unauthorized');
    }
  });

  it('counters move with requests and rejected events; gauges are there', async () => {
    const before = await scrape(metricsToken);
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const ts = new Date().toISOString();
    const events = [
      { id: 'm1', type: 'page_view', ts, anonymous_id: 'a1', url: 'https://shop.example/' },
      { id: 'm2', type: 'conversion', ts, anonymous_id: 'a1', order_id: 'o1', revenue: { amount: '10.00', currency: 'XXXX' } },
      { id: 'm3', type: 'conversion', ts, anonymous_id: 'a2', order_id: 'o2', revenue: { amount: '12.00', currency: 'EURO' } },
    ];
    const sent = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer wk_metrics', 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    expect(sent.status).toBe(200);
    const answer = await sent.json();
    expect(answer.accepted).toBe(1);
    expect(answer.rejected).toHaveLength(2);
    const noKey = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    expect(noKey.status).toBe(401);

    const after = await scrape('adm');
    const health = 'roilens_http_requests_total{method="GET",route="/health",status="200"}';
    expect(value(after, health) - value(before, health)).toBe(3);
    const healthCount = 'roilens_http_request_duration_seconds_count{method="GET",route="/health"}';
    expect(value(after, healthCount) - value(before, healthCount)).toBe(3);
    expect(value(after, 'roilens_http_requests_total{method="POST",route="/v1/events",status="200"}') - value(before, 'roilens_http_requests_total{method="POST",route="/v1/events",status="200"}')).toBe(1);
    // The first scrape itself was counted too, under its own route.
    expect(value(after, 'roilens_http_requests_total{method="GET",route="/metrics",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'roilens_events_rejected_total{reason="revenue"}') - value(before, 'roilens_events_rejected_total{reason="revenue"}')).toBe(2);
    expect(value(after, 'roilens_events_rejected_total{reason="unauthorized"}') - value(before, 'roilens_events_rejected_total{reason="unauthorized"}')).toBe(1);
    expect(after.has('roilens_ingest_pending_events')).toBe(true);
    expect(after.has('roilens_ingest_flusher_lag_seconds')).toBe(true);
    expect(after.has('roilens_analysis_queue_depth{state="waiting"}')).toBe(true);
  });
});
