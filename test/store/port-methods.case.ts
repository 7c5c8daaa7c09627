/**
 * Contract cases for the port methods the main scenario does not reach: lifecycle,
 * workspace lookup by write key, settings, channel rules, rates, clicks, the data range,
 * person erasure and an experiment's sample. A workspace of its own, so the shared
 * scenario's people and totals stay as they are; expected values worked out by hand.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import type { Workspace } from '../../src/records/workspace.js';
import type { ChannelRule } from '../../src/records/channel-rule.js';
import { genesisHash, type AuditEntry, type ShareLink } from '../../src/records/audit.js';
import type { Store } from '../../src/store/store.js';
import { aggregateCases } from './aggregates.case.js';

const ws: Workspace = { id: 'ws_ports', name: 'Ports', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_ports' };
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);

/** p1 lands from a Google ad (click id g-1) on Mar 2 and signs in as pu1; p2 visits directly on Mar 5; spend on Mar 1. */
const events = [
  ev({ id: 'pe1', type: 'page_view', ts: '2026-03-02T10:00:00.000Z', anonymous_id: 'p1', click_id: 'g-1', url: 'https://shop.example/?gclid=g-1', properties: { gclid: 'g-1' } }),
  ev({ id: 'pe2', type: 'custom', name: 'identify', ts: '2026-03-02T10:01:00.000Z', anonymous_id: 'p1', user_id: 'pu1' }),
  ev({ id: 'pe3', type: 'page_view', ts: '2026-03-05T23:59:00.000Z', anonymous_id: 'p2', url: 'https://shop.example/' }),
];

export function portMethodCases(store: () => Store): void {
  aggregateCases(store);
  beforeAll(async () => {
    await store().ensureWorkspace(ws);
    await store().insertEvents(ws.id, events);
  });

  it('lifecycle: migrating again keeps every row; compacting an in-memory or server store has nothing to rewrite', async () => {
    await store().migrate();
    expect(await store().countEvents(ws.id)).toBe(3);
    // The suite opens DuckDB in memory (no file) and the scale store rewrites nothing itself.
    expect(await store().compact()).toBe(false);
    expect(await store().countEvents(ws.id)).toBe(3);
  });

  it('workspaces: found by write key, none for an unknown key', async () => {
    expect((await store().findWorkspaceByWriteKey('wk_ports'))?.id).toBe('ws_ports');
    expect(await store().findWorkspaceByWriteKey('wk_nobody')).toBeUndefined();
  });

  it('settings: unknown keys are undefined, a set value reads back and can be replaced', async () => {
    expect(await store().getSetting('contract.ports.unset')).toBeUndefined();
    await store().setSetting('contract.ports.value', 'one');
    await store().setSetting('contract.ports.value', 'two');
    expect(await store().getSetting('contract.ports.value')).toBe('two');
  });

  it('channel rules: none saved at first; saving re-derives stored channels and answers how many changed', async () => {
    expect(await store().getChannelRules(ws.id)).toBeUndefined();
    const rules: ChannelRule[] = [{ channel: 'house', source: '^nobody$' }];
    // Everything becomes "house": pe1 (paid_search) and pe2, pe3 (direct) all change.
    expect(await store().setChannelRules(ws.id, rules, () => 'house')).toBe(3);
    expect(await store().getChannelRules(ws.id)).toEqual(rules);
    expect((await store().findClick(ws.id, 'g-1'))?.channel).toBe('house');
    expect((await store().listEvents(ws.id, { anonymous_id: 'p2' }))[0]?.channel).toBe('house');
    // Saving the same classification again changes nothing; then back to the defaults.
    expect(await store().setChannelRules(ws.id, rules, () => 'house')).toBe(0);
    expect(await store().setChannelRules(ws.id, defaultChannelRules, (e) => (e.click_id ? 'paid_search' : 'direct'))).toBe(3);
    expect((await store().findClick(ws.id, 'g-1'))?.channel).toBe('paid_search');
    expect((await store().listEvents(ws.id, { anonymous_id: 'p2' }))[0]?.channel).toBe('direct');
  });

  it('rates: listed by currency and day', async () => {
    await store().upsertRates(ws.id, [
      { date: '2026-03-02', currency: 'USD', rate: '0.9' },
      { date: '2026-03-01', currency: 'USD', rate: '0.8' },
      { date: '2026-03-01', currency: 'GBP', rate: '1.15' },
    ]);
    const rates = await store().listRates(ws.id);
    expect(rates.map((r) => [r.currency, r.date, Number(r.rate)])).toEqual([
      ['GBP', '2026-03-01', 1.15],
      ['USD', '2026-03-01', 0.8],
      ['USD', '2026-03-02', 0.9],
    ]);
  });

  it('spool files: every complete line stored once, a torn last line skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roilens-port-spool-'));
    try {
      const file = join(dir, 'events.jsonl');
      const spooled = [
        ev({ id: 'sp1', type: 'page_view', ts: '2026-03-04T08:00:00.000Z', anonymous_id: 'q1', url: 'https://shop.example/' }),
        ev({ id: 'sp2', type: 'page_view', ts: '2026-03-04T08:01:00.000Z', anonymous_id: 'q1', url: 'https://shop.example/a' }),
      ];
      const line = (events: unknown[]) => JSON.stringify({ w: ws.id, e: events });
      // Two lines, the second repeating sp2, then a line cut off mid-write.
      writeFileSync(file, `${line(spooled)}\n${line([spooled[1]])}\n${line([{ ...spooled[0], id: 'sp3' }]).slice(0, 40)}`);
      const before = await store().countEvents(ws.id);
      expect(await store().insertEventFiles([file])).toBe(2);
      expect(await store().countEvents(ws.id)).toBe(before + 2);
      expect((await store().listEvents(ws.id, { anonymous_id: 'q1' })).map((e) => e.id)).toEqual(['sp1', 'sp2']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('clicks: the event that carried a click id, none for an unknown one', async () => {
    expect((await store().findClick(ws.id, 'g-1'))?.id).toBe('pe1');
    expect(await store().findClick(ws.id, 'g-2')).toBeUndefined();
  });

  it('data range: first and last day of events and spend', async () => {
    expect(await store().dataRange('ws_nothing_here')).toEqual({ from: null, to: null });
    expect(await store().dataRange(ws.id)).toEqual({ from: '2026-03-02', to: '2026-03-05' });
    await store().replaceSpend(ws.id, [{ date: '2026-03-01', channel: 'paid_search', campaign: 'c', ad: 'a', cost: { amount: '5', currency: 'EUR' }, impressions: 10, clicks: 1, pricing_model: 'cpc' }]);
    expect(await store().dataRange(ws.id)).toEqual({ from: '2026-03-01', to: '2026-03-05' });
  });

  it("experiment sample: unsigned people, and each variant's source with the most signed people", async () => {
    const exposure = (id: string, anon: string, variant: string, signed: boolean, source?: string) =>
      ev({ id, type: 'custom', name: '$exposure', ts: '2026-03-03T09:00:00.000Z', anonymous_id: anon, properties: { experiment: 'sample', variant, ...(signed ? { rl_signed: true } : {}), ...(source ? { rl_src: source } : {}) } });
    await store().insertEvents(ws.id, [
      exposure('sx1', 's1', 'A', true, 'email'),
      exposure('sx2', 's2', 'A', true, 'email'),
      exposure('sx3', 's3', 'A', true, 'ads'),
      exposure('sx4', 's4', 'B', true, 'ads'),
      exposure('sx5', 's5', 'B', false),
      exposure('sx6', 's6', 'A', false),
    ]);
    // A: email 2 beats ads 1; B: ads 1; s5 and s6 have no signed exposure.
    expect(await store().experimentSample(ws.id, { experiment: 'sample', from: '2026-03-01', to: '2026-03-31' })).toEqual({
      unsigned_units: 2,
      top_sources: [
        { variant: 'A', source: 'email', units: 2 },
        { variant: 'B', source: 'ads', units: 1 },
      ],
    });
  });

  it('person erasure: ids linked through shared events, then every row of the person removed', async () => {
    const links = await store().personLinks(ws.id, { anonymous_ids: ['p1'], user_ids: [], email_hashes: [] });
    // p1's identify event links the user id pu1; its landing carried the click id g-1.
    // (ClickHouse may list an id once per row it was found in.)
    expect([...new Set(links.anonymous_ids)]).toEqual(['p1']);
    expect([...new Set(links.user_ids)]).toEqual(['pu1']);
    expect([...new Set(links.click_ids)]).toEqual(['g-1']);
    const before = await store().countEvents(ws.id);
    const removed = await store().erasePerson(ws.id, links);
    expect(removed.events).toBe(2);
    expect(removed.orders).toBe(0);
    expect(removed.leads).toBe(0);
    expect(await store().countEvents(ws.id)).toBe(before - 2);
    expect(await store().findClick(ws.id, 'g-1')).toBeUndefined();
  });

  // ---- aggregates over sales: c1 buys 10 on Apr 1 and 20 on Apr 5, c2 5 on Apr 3, c3 7 on Apr 5 ----

  const sales: Workspace = { ...ws, id: 'ws_ports_sales', write_key: 'wk_ports_sales' };
  const salesReady = async () => {
    if (await store().getWorkspace(sales.id)) return;
    await store().ensureWorkspace(sales);
    await store().upsertOrders(sales.id, [
      { order_id: 'so1', customer_id: 'c1', ts: '2026-04-01T10:00:00.000Z', amount: { amount: '10', currency: 'EUR' } },
      { order_id: 'so2', customer_id: 'c1', ts: '2026-04-05T10:00:00.000Z', amount: { amount: '20', currency: 'EUR' } },
      { order_id: 'so3', customer_id: 'c2', ts: '2026-04-03T10:00:00.000Z', amount: { amount: '5', currency: 'EUR' } },
      { order_id: 'so4', customer_id: 'c3', ts: '2026-04-05T12:00:00.000Z', amount: { amount: '7', currency: 'EUR' } },
    ]);
  };

  it('first purchases by day: each customer once, on the day of their first sale up to the day given', async () => {
    await salesReady();
    expect(Object.fromEntries(await store().firstPurchasesByDay(sales.id, { to: '2026-04-05' }))).toEqual({ '2026-04-01': 1, '2026-04-03': 1, '2026-04-05': 1 });
    expect(Object.fromEntries(await store().firstPurchasesByDay(sales.id, { to: '2026-04-02' }))).toEqual({ '2026-04-01': 1 });
    expect((await store().firstPurchasesByDay(ws.id, { to: '2026-04-30' })).size).toBe(0);
  });

  it('RFM score counts: as of the last sale, movement from compareDays earlier, most valuable first', async () => {
    await salesReady();
    const scored = await store().rfmScoreCounts(sales.id, { compareDays: 3 });
    expect(scored.as_of).toBe('2026-04-05');
    expect(scored.previous_as_of).toBe('2026-04-02');
    expect(scored.counts.reduce((n, c) => n + c.customers, 0)).toBe(3);
    expect(scored.counts.reduce((n, c) => n + c.revenue, 0)).toBe(42);
    // Only c1 had bought by Apr 2.
    expect(scored.counts.filter((c) => c.was === null).reduce((n, c) => n + c.customers, 0)).toBe(2);
    expect(scored.top.map((c) => [c.customer_id, c.frequency, c.monetary, c.recency_days])).toEqual([
      ['c1', 2, 30, 0],
      ['c3', 1, 7, 0],
      ['c2', 1, 5, 2],
    ]);
    // As of Apr 3: c3 has not bought yet; c1 last bought 2 days before.
    const earlier = await store().rfmScoreCounts(sales.id, { asOf: '2026-04-03', compareDays: 1 });
    expect(earlier.top.map((c) => [c.customer_id, c.monetary, c.recency_days])).toEqual([
      ['c1', 10, 2],
      ['c2', 5, 0],
    ]);
    expect(await store().rfmScoreCounts(ws.id, { compareDays: 30 })).toEqual({ as_of: null, previous_as_of: null, counts: [], top: [] });
  });

  it('idempotency keys: one of concurrent claims wins; the same input replays, another is refused; forgotten or expired keys are free', async () => {
    const at = '2026-05-01T12:00:00.000Z';
    const claim = (key: string, fingerprint: string, when = at, expiredBefore = '2026-04-30T12:00:00.000Z') =>
      store().claimIdempotencyKey(ws.id, { operation: 'contract.pay', key, fingerprint, at: when, expiredBefore });
    // Two claims at once: exactly one is the caller's, the other waits (or is refused for another input).
    const both = await Promise.all([claim('k1', 'fp-a'), claim('k1', 'fp-a')]);
    expect(both.map((b) => b.state).sort()).toEqual(['claimed', 'in_progress']);
    expect(await claim('k1', 'fp-b')).toEqual({ state: 'reused' });
    await store().settleIdempotencyKey(ws.id, 'contract.pay', 'k1', { status: 201, body: '{"paid":"10.00"}' });
    expect(await claim('k1', 'fp-a')).toEqual({ state: 'done', status: 201, body: '{"paid":"10.00"}' });
    expect(await claim('k1', 'fp-b')).toEqual({ state: 'reused' });
    // Scoped per workspace and operation: the same key elsewhere is new.
    expect(await store().claimIdempotencyKey('ws_other', { operation: 'contract.pay', key: 'k1', fingerprint: 'fp-b', at, expiredBefore: '2026-04-30T12:00:00.000Z' })).toEqual({ state: 'claimed' });
    expect(await store().claimIdempotencyKey(ws.id, { operation: 'contract.refund', key: 'k1', fingerprint: 'fp-b', at, expiredBefore: '2026-04-30T12:00:00.000Z' })).toEqual({ state: 'claimed' });
    // A failed write forgets its claim: a retry runs again.
    expect(await claim('k2', 'fp-a')).toEqual({ state: 'claimed' });
    await store().settleIdempotencyKey(ws.id, 'contract.pay', 'k2', null);
    expect(await claim('k2', 'fp-b')).toEqual({ state: 'claimed' });
    // 24 hours on (expiredBefore passes the first use): k1 is free again, even for another input.
    expect(await claim('k1', 'fp-c', '2026-05-02T12:00:01.000Z', '2026-05-01T12:00:01.000Z')).toEqual({ state: 'claimed' });
    expect(await claim('k1', 'fp-c', '2026-05-02T12:00:02.000Z', '2026-05-01T12:00:02.000Z')).toEqual({ state: 'in_progress' });
  });

  it('event list: time then id order at millisecond precision, one page after a given event, of a visitor, a user or a person, the first or the last', async () => {
    const pages = { id: 'ws_ports_pages', name: 'Pages', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_ports_pages' };
    await store().ensureWorkspace(pages);
    // q-b and q-a share an instant (the id decides); q-a0 is one millisecond later; r-1 is someone else; q-u1 signed in as qu.
    await store().insertEvents(pages.id, [
      ev({ id: 'q-b', type: 'page_view', ts: '2026-03-02T10:00:00.000Z', anonymous_id: 'q' }),
      ev({ id: 'q-a0', type: 'page_view', ts: '2026-03-02T10:00:00.001Z', anonymous_id: 'q' }),
      ev({ id: 'q-a', type: 'page_view', ts: '2026-03-02T10:00:00.000Z', anonymous_id: 'q' }),
      ev({ id: 'r-1', type: 'page_view', ts: '2026-03-02T09:00:00.000Z', anonymous_id: 'r' }),
      ev({ id: 'q-u1', type: 'custom', name: 'identify', ts: '2026-03-03T00:00:00.000Z', anonymous_id: 'q', user_id: 'qu' }),
    ]);
    const ids = async (filter: Parameters<Store['listEvents']>[1]) => (await store().listEvents(pages.id, filter)).map((e) => e.id);
    expect(await ids({ anonymous_id: 'q' })).toEqual(['q-a', 'q-b', 'q-a0', 'q-u1']);
    expect(await ids({ anonymous_id: 'q', limit: 2 })).toEqual(['q-a', 'q-b']);
    expect(await ids({ anonymous_id: 'q', after: { ts: '2026-03-02T10:00:00.000Z', id: 'q-a' }, limit: 1 })).toEqual(['q-b']);
    expect(await ids({ anonymous_id: 'q', after: { ts: '2026-03-02T10:00:00.000Z', id: 'q-b' }, limit: 2 })).toEqual(['q-a0', 'q-u1']);
    expect(await ids({ anonymous_id: 'q', after: { ts: '2026-03-03T00:00:00.000Z', id: 'q-u1' } })).toEqual([]);
    // The whole workspace after r-1's instant; a user's events after an event of someone else.
    expect(await ids({ after: { ts: '2026-03-02T09:00:00.000Z', id: 'r-1' }, limit: 1 })).toEqual(['q-a']);
    expect(await ids({ user_id: 'qu', after: { ts: '2026-03-02T10:00:00.001Z', id: 'q-a0' } })).toEqual(['q-u1']);
    // One person on every device: the user id or any of the anonymous ids; the last ones, still oldest first.
    expect(await ids({ person: { user_id: 'qu', anonymous_ids: ['r'] } })).toEqual(['r-1', 'q-u1']);
    expect(await ids({ person: { user_id: 'nobody', anonymous_ids: ['q', 'r'] } })).toEqual(['r-1', 'q-a', 'q-b', 'q-a0', 'q-u1']);
    expect(await ids({ person: { user_id: 'nobody', anonymous_ids: ['q', 'r'] }, last: true, limit: 3 })).toEqual(['q-b', 'q-a0', 'q-u1']);
    expect(await ids({ person: { user_id: 'nobody', anonymous_ids: [] } })).toEqual([]);
    expect(await ids({ anonymous_id: 'q', last: true, limit: 1 })).toEqual(['q-u1']);
    await expect(store().listEvents(pages.id, { after: { ts: 'yesterday', id: 'x' } })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('audit log: appended in seq order per workspace (a lost race seals again), read newest first with filters and a page, the chain in order', async () => {
    const entry = (seq: number, ws: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
      id: `aud_${ws}_${seq}`, workspace_id: ws, seq, at: `2026-04-0${seq}T10:00:00.000Z`, actor_kind: 'key', actor_id: 'key_1', surface: 'http', ip: '127.0.0.1', user_agent: null,
      operation: seq % 2 ? 'links.update' : 'workspace.set', target_kind: 'links', target_id: 'spring', before: '{"a":1}', after: null, prev_hash: 'a'.repeat(64), hash: String(seq).repeat(64).slice(0, 64), ...extra,
    });
    const heads: ({ seq: number; hash: string } | null)[] = [];
    const append = (ws: string) => store().appendAudit(ws, (head) => {
      heads.push(head);
      return entry((head?.seq ?? 0) + 1, ws);
    });
    // Three at once in one workspace: each is sealed after the one before it.
    await Promise.all([append(ws.id), append(ws.id), append(ws.id)]);
    await append('ws_ports_other');
    expect(heads.slice(0, 3).map((h) => h?.seq ?? 0)).toEqual([0, 1, 2]);
    expect(heads[1]).toEqual({ seq: 1, hash: '1'.repeat(64) });
    expect((await store().listAudit(ws.id, { limit: 10 })).map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(await store().listAudit(ws.id, { limit: 10 }).then((r) => r[2])).toEqual(entry(1, ws.id));
    expect((await store().listAudit(ws.id, { limit: 10, operation: 'links.update' })).map((e) => e.seq)).toEqual([3, 1]);
    expect((await store().listAudit(ws.id, { limit: 10, from: '2026-04-02T00:00:00.000Z', to: '2026-04-03T10:00:00.000Z' })).map((e) => e.seq)).toEqual([2]);
    expect((await store().listAudit(ws.id, { limit: 1, beforeSeq: 3, actor_id: 'key_1', actor_kind: 'key' })).map((e) => e.seq)).toEqual([2]);
    expect(await store().listAudit(ws.id, { limit: 10, actor_id: 'someone' })).toEqual([]);
    expect((await store().auditChain(ws.id, 1, 10)).map((e) => e.seq)).toEqual([2, 3]);
    expect((await store().auditChain('ws_ports_other', 0, 10)).map((e) => e.id)).toEqual(['aud_ws_ports_other_1']);
  });

  it('audit log: a copied chain continues the log as it is (seq and hashes kept); entries held are skipped; a gap, another log or another workspace is refused', async () => {
    const wsChain = 'ws_ports_chain';
    const hashOf = (seq: number) => String(seq).repeat(64).slice(0, 64);
    const chain: AuditEntry[] = [1, 2, 3].map((seq) => ({
      id: `aud_chain_${seq}`, workspace_id: wsChain, seq, at: `2026-04-0${seq}T10:00:00.000Z`, actor_kind: 'person', actor_id: 'per_1', surface: 'cli', ip: null, user_agent: null,
      operation: 'links.update', target_kind: 'links', target_id: 'spring', before: null, after: '{"disabled":true}', prev_hash: seq === 1 ? genesisHash : hashOf(seq - 1), hash: hashOf(seq),
    }));
    expect(await store().continueAuditChain(wsChain, chain.slice(0, 2))).toEqual({ appended: 2, diverged: false });
    expect(await store().continueAuditChain(wsChain, chain)).toEqual({ appended: 1, diverged: false });
    expect(await store().continueAuditChain(wsChain, chain)).toEqual({ appended: 0, diverged: false });
    expect(await store().auditChain(wsChain, 0, 10)).toEqual(chain);
    const later = { ...chain[2], id: 'aud_chain_5', seq: 5, prev_hash: hashOf(4), hash: hashOf(5) };
    expect(await store().continueAuditChain(wsChain, [later])).toEqual({ appended: 0, diverged: true });
    expect(await store().continueAuditChain(wsChain, [{ ...chain[1], hash: 'f'.repeat(64) }])).toEqual({ appended: 0, diverged: true });
    expect(await store().continueAuditChain('ws_ports_chain_b', chain)).toEqual({ appended: 0, diverged: true });
    expect(await store().auditChain(wsChain, 0, 10)).toEqual(chain);
    expect(await store().auditChain('ws_ports_chain_b', 0, 10)).toEqual([]);
  });

  it('share links: found by hash in any workspace, listed newest first per workspace, revoked once', async () => {
    const link: ShareLink = { id: 'shr_1', workspace_id: ws.id, view: 'kpis.report', params: { from: '2026-03-01', by: 'channel' }, prefix: 'rl_shr_abcdef', created_at: '2026-04-01T10:00:00.000Z', expires_at: '2026-05-01T10:00:00.000Z', revoked_at: null };
    await store().createShareLink(link, 'share-hash-1');
    await store().createShareLink({ ...link, id: 'shr_2', created_at: '2026-04-02T10:00:00.000Z' }, 'share-hash-2');
    await store().createShareLink({ ...link, id: 'shr_3', workspace_id: 'ws_ports_other' }, 'share-hash-3');
    expect(await store().findShareLink('share-hash-1')).toEqual(link);
    expect(await store().findShareLink('share-hash-9')).toBeUndefined();
    expect((await store().listShareLinks(ws.id)).map((l) => l.id)).toEqual(['shr_2', 'shr_1']);
    expect(await store().revokeShareLink(ws.id, 'shr_3', '2026-04-03T00:00:00.000Z')).toBe(false);
    expect(await store().revokeShareLink(ws.id, 'shr_1', '2026-04-03T00:00:00.000Z')).toBe(true);
    expect(await store().revokeShareLink(ws.id, 'shr_1', '2026-04-04T00:00:00.000Z')).toBe(true);
    expect((await store().findShareLink('share-hash-1'))?.revoked_at).toBe('2026-04-03T00:00:00.000Z');
    expect((await store().findShareLink('share-hash-3'))?.revoked_at).toBeNull();
  });
}
