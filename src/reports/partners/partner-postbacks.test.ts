import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import { signBody } from '../../shared/outbound/client.js';
import type { LedgerEntry, Partner } from '../../records/partners.js';
import type { CreditedConversion } from '../../partners/credited-conversion.js';
import { deliverPartnerPostbacks, expandPostbackUrl, listPartnerPostbacks, postbackUrlProblem } from './partner-postbacks.js';

interface Received { url: string; body: string; signature: string | undefined }

function partner(id: string, postback_url: string | null): Partner {
  return {
    id, workspace_id: 'w', program_id: 'pr', name: id, email: `${id}@example.com`, kind: 'affiliate', status: 'approved', parent_id: null, group: null,
    language: 'en', country: null, links: [], coupons: [], identities: [], retainer: null, postback_url, tax: null, created_at: '2026-01-01T00:00:00Z', approved_at: null,
  };
}

function entry(id: string, kind: LedgerEntry['kind'], amount: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id, workspace_id: 'w', program_id: 'pr', partner_id: 'p1', kind, amount, currency: 'EUR', key: id, ref: null, order_id: null, rule_id: 'r1',
    refund_id: null, payout_run_id: null, reason: null, fraud_score: null, held: false, occurred_at: '2026-02-01T10:00:00Z', created_at: '2026-02-01T10:00:00Z', note: null, ...extra,
  };
}

const credit: CreditedConversion = {
  program_id: 'pr', partner_id: 'p1', event: 'sale', id: 'o 1', occurred_at: '2026-02-01T10:00:00Z', amount: '100.00', product: null, category: null, customer: 'u1',
  via: 'click', share: '1', click_id: 'clk9', sub_ids: { sub1: 'camp a', sub3: 'x&y' }, fraud_score: null, fraud_reasons: [],
};

describe('partner postbacks', () => {
  const received: Received[] = [];
  let server: Server;
  let base: string;
  const env = { allow: process.env.ROILENS_OUTBOUND_ALLOW, secret: process.env.ROILENS_OUTBOUND_SECRET };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ url: req.url ?? '', body, signature: req.headers['x-roilens-signature'] as string | undefined });
        res.statusCode = req.url?.startsWith('/down') ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    for (const [name, value] of [['ROILENS_OUTBOUND_ALLOW', env.allow], ['ROILENS_OUTBOUND_SECRET', env.secret]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('fills the macros, percent-encoded, and leaves unknown ones', () => {
    expect(expandPostbackUrl('https://t.example/pb?cid={click_id}&s={sub1}&p={payout}&x={other}', { click_id: 'c 1', sub1: 'a/b', payout: '2.50' }))
      .toBe('https://t.example/pb?cid=c%201&s=a%2Fb&p=2.50&x={other}');
  });

  it('refuses a private target unless the operator allows it', () => {
    process.env.ROILENS_OUTBOUND_ALLOW = '';
    expect(postbackUrlProblem('http://127.0.0.1:9/pb?c={click_id}')?.code).toBe('refused_target');
    expect(postbackUrlProblem('http://10.1.2.3/pb')?.code).toBe('refused_target');
    expect(postbackUrlProblem('ftp://t.example/')?.code).toBe('invalid_target');
    expect(postbackUrlProblem('https://t.example/pb?c={click_id}')).toBeNull();
    process.env.ROILENS_OUTBOUND_ALLOW = '127.0.0.1';
    expect(postbackUrlProblem('http://127.0.0.1:9/pb?c={click_id}')).toBeNull();
  });

  it('delivers a commission and its reversal once each, signed, with the macros filled in, to a loopback server the operator allows', async () => {
    process.env.ROILENS_OUTBOUND_ALLOW = '127.0.0.1';
    process.env.ROILENS_OUTBOUND_SECRET = 'hook-secret';
    const store = await DuckDbStore.open(':memory:');
    try {
      const template = `${base}/pb?cid={click_id}&s1={sub1}&s3={sub3}&p={payout}&o={order_id}&st={status}&c={currency}`;
      const partners = [partner('p1', template), partner('p2', null)];
      const commission = entry('e1', 'commission', '10.00', { order_id: 'o 1' });
      const silent = entry('e2', 'commission', '3.00', { order_id: 'o2', partner_id: 'p2' });
      const first = await deliverPartnerPostbacks(store, { workspaceId: 'w', partners, entries: [commission, silent], credits: [credit] }, { backoffMs: 1 });
      expect(first).toEqual({ delivered: 1, failed: 0 });
      const reversal = entry('e3', 'reversal', '-4.00', { ref: 'e1', order_id: 'o 1', reason: 'refund', created_at: '2026-02-05T00:00:00Z' });
      // A sync that runs again with the commission sends it no second time.
      expect(await deliverPartnerPostbacks(store, { workspaceId: 'w', partners, entries: [commission, reversal] }, { backoffMs: 1 })).toEqual({ delivered: 1, failed: 0 });
      expect(received.map((r) => r.url)).toEqual([
        '/pb?cid=clk9&s1=camp%20a&s3=x%26y&p=10.00&o=o%201&st=pending&c=EUR',
        '/pb?cid=clk9&s1=camp%20a&s3=x%26y&p=-4.00&o=o%201&st=reversed&c=EUR',
      ]);
      for (const r of received) {
        const t = Number(/^t=(\d+),/.exec(r.signature ?? '')?.[1]);
        expect(r.signature).toBe(signBody('hook-secret', r.body, t));
      }
      expect(JSON.parse(received[1].body)).toMatchObject({ event: 'partner.reversal', entry_id: 'e3', click_id: 'clk9', payout: '-4.00', status: 'reversed', sub1: 'camp a' });
      const log = await listPartnerPostbacks(store, 'w', 'p1');
      expect(log.map((d) => [d.id, d.ok, d.http_status, d.status])).toEqual([['e3', true, 204, 'reversed'], ['e1', true, 204, 'pending']]);
      expect(await listPartnerPostbacks(store, 'w', 'p2')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('logs a failing platform after its retries, and a refused target without calling it', async () => {
    process.env.ROILENS_OUTBOUND_ALLOW = '127.0.0.1';
    const store = await DuckDbStore.open(':memory:');
    try {
      const before = received.length;
      const partners = [partner('p1', `${base}/down?c={click_id}`), partner('p3', 'http://10.0.0.7/pb')];
      const result = await deliverPartnerPostbacks(store, { workspaceId: 'w', partners, entries: [entry('e1', 'commission', '1.00'), entry('e9', 'commission', '2.00', { partner_id: 'p3' })] }, { backoffMs: 1, attempts: 2 });
      expect(result).toEqual({ delivered: 0, failed: 2 });
      expect(received.length - before).toBe(2);
      expect((await listPartnerPostbacks(store, 'w', 'p1')).map((d) => [d.ok, d.http_status, d.attempts, d.error_code])).toEqual([[false, 500, 2, 'http_error']]);
      expect((await listPartnerPostbacks(store, 'w', 'p3')).map((d) => [d.ok, d.attempts, d.error_code])).toEqual([[false, 1, 'refused_target']]);
    } finally {
      await store.close();
    }
  });
});
