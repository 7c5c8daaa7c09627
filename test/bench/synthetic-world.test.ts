import { afterAll, describe, expect, it } from 'vitest';
import { duckdbWorld, benchWorkspace } from '../../bench/lib/bench-worlds.js';
import { drawModulus, drawMultipliers, worldDays, worldEnd, worldStart } from '../../bench/lib/synthetic-world.js';
import type { KpiFacts } from '../../src/metrics/kpi-query.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The benchmarks' synthetic world (bench/lib/synthetic-world.ts), generated inside DuckDB at a
 * small size: its KPIs equal what the generator's arithmetic says, redone here in JavaScript
 * (sessions of 5 events, 2% of sessions a sale, 1% a lead, one channel per session, fixed spend),
 * and the product's KPI report reads the same figures from its rollups as from the full query.
 */
const events = 50_000;
const sessions = events / 5;
const tmp = tempDir('roilens-bench-world-');
afterAll(() => tmp.cleanup());

const draw = (x: number, i: number, mod: number) => Number(((BigInt(x) + 1n) * BigInt(drawMultipliers[i])) % BigInt(drawModulus) % BigInt(mod));
const channels = ['paid_search', 'paid_social', 'display', 'paid_video', 'email', 'affiliates', 'organic_search', 'organic_social', 'referral', 'direct'];
/** Money in 1e-4 units as the KPIs' six-decimal text. */
const money = (units: bigint) => `${units / 10_000n}.${String(units % 10_000n).padStart(4, '0')}00`;
/** A USD amount in cents on world day `day`, in EUR 1e-4 units (the world's rate that day is (90 + day mod 7) / 100). */
const eurUnits = (cents: number, usd: boolean, day: number) => BigInt(cents) * BigInt(usd ? 90 + (day % 7) : 100);

function expected() {
  let conversions = 0;
  let leads = 0;
  let revenue = 0n;
  const byChannel = new Map<string, number>();
  for (let s = 0; s < sessions; s++) {
    const r = draw(s, 6, 100);
    if (r < 2) {
      conversions += 1;
      revenue += eurUnits(2000 + draw(s, 9, 18000), draw(s, 8, 5) === 0, draw(s, 1, worldDays));
    }
    if (r === 2) leads += 1;
    const channel = channels[draw(s, 3, 10)];
    byChannel.set(channel, (byChannel.get(channel) ?? 0) + 1);
  }
  let spend = 0n;
  for (let i = 0; i < worldDays * 6 * 3 * 4; i++) spend += eurUnits(1000 + draw(i, 14, 50000), Math.floor(i / worldDays) % 6 === 1, i % worldDays);
  return { conversions, leads, revenue: money(revenue), spend: money(spend), byChannel };
}

const sorted = (f: KpiFacts) => JSON.stringify({ ...f, rows: [...f.rows].sort((a, b) => a.key.localeCompare(b.key)), channels: [...(f.channels ?? [])].sort((a, b) => a.key.localeCompare(b.key)) });

describe('the synthetic bench world', () => {
  it('holds the KPIs its arithmetic says, the same from the rollups as from the full query', { timeout: 300_000 }, async () => {
    const world = await duckdbWorld(tmp.dir, events);
    expect(world.generated).toBe(true);
    const store = await DuckDbStore.open(world.path, { memoryLimit: '1GB' });
    try {
      expect(await store.countEvents(benchWorkspace)).toBe(events);
      const want = expected();
      for (const by of ['channel', 'day'] as const) {
        const query = { by, from: worldStart, to: worldEnd, lookbackDays: 30 };
        const full = await store.kpiFactsFromEvents(benchWorkspace, query);
        // The watermark says when the rollups were brought up to date; the figures must be the full query's.
        const { fresh_as_of: _watermark, ...rollups } = await store.kpiFacts(benchWorkspace, query);
        expect(sorted(rollups)).toBe(sorted(full));
        const t = full.totals;
        expect({ sessions: t.sessions, conversions: t.conversions, leads: t.leads, revenue: t.revenue, spend: t.spend, unverified: t.revenue_unverified })
          .toEqual({ sessions, conversions: want.conversions, leads: want.leads, revenue: want.revenue, spend: want.spend, unverified: '0.000000' });
        if (by === 'channel') {
          expect(Object.fromEntries(full.rows.map((r) => [r.key, r.measures.sessions]))).toEqual(Object.fromEntries(want.byChannel));
        } else {
          expect(full.rows).toHaveLength(worldDays);
        }
      }
      // Sensible: about 2% of sessions buy, 1% leave a lead, all ten channels seen.
      expect(want.conversions / sessions).toBeGreaterThan(0.015);
      expect(want.conversions / sessions).toBeLessThan(0.025);
      expect(want.leads / sessions).toBeGreaterThan(0.007);
      expect(want.byChannel.size).toBe(10);
    } finally {
      await store.close();
    }
  });
});
