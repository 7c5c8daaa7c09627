/**
 * The two ways a demo world reaches a store — `loadWorld` (CLI: events in
 * memory) and `loadPreparedWorld` (server: events enriched and written to
 * files by the demo worker) — store the same events and report the same
 * progress: `done` never goes back and ends at `total`, the number of
 * events, rates, spend, orders and leads counted here from the world.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoWorld } from './generate.js';
import { openWorkspace } from '../server/start.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { defaultChannelRules } from '../tracking/channel-rules.js';
import { loadPreparedWorld, loadWorld, writeWorldEventFiles, type LoadProgress } from './load-world.js';
import { importRefunds } from '../reports/partners/money/refunds-import.js';

const dir = mkdtempSync(join(tmpdir(), 'roilens-load-world-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loading a demo world', () => {
  it('stores the same events in memory and from prepared files, with monotone progress to the total', async () => {
    const options = { seed: 2, days: 5, visitors: 400, endDate: '2025-05-05' };
    const world = generateDemoWorld(options);
    const total = world.events.length + world.rates.length + world.spend.length + world.orders.length + world.leads.length;

    const a = await DuckDbStore.open(join(dir, 'a.duckdb'));
    const b = await DuckDbStore.open(join(dir, 'b.duckdb'));
    try {
      const wsA = (await openWorkspace(a, {})).workspace.id;
      const wsB = (await openWorkspace(b, {})).workspace.id;
      const seenA: LoadProgress[] = [];
      const seenB: LoadProgress[] = [];
      const loadedA = await loadWorld(a, wsA, world, (p) => seenA.push(p));

      // A fresh world: loadWorld enriched the first one's event objects in place.
      const fresh = generateDemoWorld(options);
      const eventFiles = writeWorldEventFiles(fresh, wsB, defaultChannelRules, dir);
      const { events: _events, ...rest } = fresh;
      const loadedB = await loadPreparedWorld(b, wsB, { world: rest, eventFiles }, (p) => seenB.push(p));

      expect(loadedA.events).toBe(world.events.length);
      expect(loadedB.events).toBe(world.events.length);
      expect(await b.countEvents(wsB)).toBe(await a.countEvents(wsA));
      const someone = world.events[world.events.length >> 1].anonymous_id;
      expect(await b.listEvents(wsB, { anonymous_id: someone })).toEqual(await a.listEvents(wsA, { anonymous_id: someone }));
      for (const seen of [seenA, seenB]) {
        expect(seen.every((p) => p.total === total)).toBe(true);
        expect(seen.every((p, i) => i === 0 || p.done >= seen[i - 1].done)).toBe(true);
        expect(seen[0].done).toBe(0);
        expect(seen.at(-1)!.done).toBe(total);
      }
      expect(seenB.map((p) => p.done)).toEqual(seenA.map((p) => p.done));
      // The partner programmes (issue 16): both programmes, all 40 partners, their links resolving to the first store's workspace.
      for (const [store, ws] of [[a, wsA], [b, wsB]] as const) {
        expect((await store.listPrograms(ws)).map((p) => p.id).sort()).toEqual(['prog_affiliates', 'prog_influencers']);
        expect((await store.listPartners(ws)).length).toBe(40);
        expect((await store.getPartner(ws, 'inf_sara'))?.coupons).toEqual(['SARA10']);
        expect((await store.resolveLink('aff-coupon-01'))?.workspace_id).toBe(ws);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('stores the same from event files that arrive while the records load (the demo worker streams them)', async () => {
    const options = { seed: 3, days: 4, visitors: 300, endDate: '2025-05-05' };
    const world = generateDemoWorld(options);
    const total = world.events.length + world.rates.length + world.spend.length + world.orders.length + world.leads.length;
    const a = await DuckDbStore.open(join(dir, 'c.duckdb'));
    const b = await DuckDbStore.open(join(dir, 'd.duckdb'));
    try {
      const wsA = (await openWorkspace(a, {})).workspace.id;
      const wsB = (await openWorkspace(b, {})).workspace.id;
      await loadWorld(a, wsA, world);
      const fresh = generateDemoWorld(options);
      const files = writeWorldEventFiles(fresh, wsB, defaultChannelRules, join(dir));
      const { events, ...rest } = fresh;
      const seen: LoadProgress[] = [];
      let ordersStoredBeforeFirstFile = false;
      async function* arriving() {
        for (const file of files) {
          await new Promise((r) => setTimeout(r, 30));
          if (!ordersStoredBeforeFirstFile) ordersStoredBeforeFirstFile = seen.some((p) => p.step === 'leads');
          yield file;
        }
      }
      const loaded = await loadPreparedWorld(b, wsB, { world: rest, events: events.length, eventFiles: arriving() }, (p) => seen.push(p));
      expect(loaded.events).toBe(world.events.length);
      expect(await b.countEvents(wsB)).toBe(await a.countEvents(wsA));
      const someone = world.events[world.events.length >> 1].anonymous_id;
      expect(await b.listEvents(wsB, { anonymous_id: someone })).toEqual(await a.listEvents(wsA, { anonymous_id: someone }));
      expect(seen.every((p, i) => p.total === total && (i === 0 || p.done >= seen[i - 1].done))).toBe(true);
      expect(seen.at(-1)!.done).toBe(total);
      expect(ordersStoredBeforeFirstFile).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("applies the world's refunds as `roilens import refunds` does: each refund of an order that earned a commission reverses it, a whole refund to nothing", async () => {
    const world = generateDemoWorld({ seed: 5, days: 20, visitors: 2000, endDate: '2025-05-05' });
    const store = await DuckDbStore.open(join(dir, 'refunds.duckdb'));
    try {
      const ws = (await openWorkspace(store, {})).workspace.id;
      await loadWorld(store, ws, world);
      const ledger = await store.listLedger(ws, { limit: 10_000 });
      const orderAmount = new Map(world.orders.map((o) => [o.order_id, o.amount]));
      // What the import refuses, it refuses here too (line N is refund N − 2): the same refunds through importRefunds again.
      const again = await importRefunds(store, ws, { rows: world.partners.refunds.map((r, i) => ({ ...r, line: i + 2 })), errors: [] }, true);
      const refused = new Set(again.errors.map((e) => world.partners.refunds[Number(/^line (\d+)/.exec(e.path)![1]) - 2].refund_id));
      // Each refund is in its order's currency, converted at the order's day as the sale was: none can come to more than the order.
      expect([...refused]).toEqual([]);
      let applied = 0;
      for (const refund of world.partners.refunds) {
        const ofOrder = ledger.filter((e) => e.order_id === refund.order_id);
        const commissions = ofOrder.filter((e) => e.kind === 'commission');
        const reversals = ofOrder.filter((e) => e.refund_id === refund.refund_id);
        if (commissions.length === 0 || refused.has(refund.refund_id)) {
          // No programme paid on the order, or the import refused the line: the refund changes nothing.
          expect(reversals).toEqual([]);
          continue;
        }
        applied += 1;
        // Nothing is paid in the demo (no payout run), so every correction is a reversal of one of the order's commissions.
        expect(reversals.map((e) => [e.kind, commissions.some((c) => c.id === e.ref)])).toEqual(reversals.map(() => ['reversal', true]));
        const net = [...commissions, ...reversals].reduce((sum, e) => sum + Math.round(Number(e.amount) * 100), 0);
        if (refund.amount === orderAmount.get(refund.order_id)?.amount) expect(net).toBe(0);
        else expect(net).toBeGreaterThan(0);
      }
      // At least one of the world's three refunds met a commission, or the test would prove nothing.
      expect(applied).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
