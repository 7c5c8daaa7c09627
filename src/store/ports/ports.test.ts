import { describe, expect, it } from 'vitest';
import { DuckDbStore } from '../duckdb/duckdb-store.js';
import { ScaleStore } from '../scale/scale-store.js';
import { maxPortMethods, storePorts } from './index.js';

const all = Object.values(storePorts).flat();

describe('store ports', () => {
  it('no port has more than about 12 methods, and no method is in two ports', () => {
    for (const [port, methods] of Object.entries(storePorts)) expect(methods.length, port).toBeLessThanOrEqual(maxPortMethods);
    expect(new Set(all).size).toBe(all.length);
  });

  it('each adapter has every port method (some handed to its parts by `delegatePort`)', () => {
    for (const adapter of [DuckDbStore, ScaleStore]) {
      const missing = all.filter((m) => typeof (adapter.prototype as unknown as Record<string, unknown>)[m] !== 'function');
      expect(missing, adapter.name).toEqual([]);
    }
  });

  it('every public method of each adapter belongs to a port', () => {
    for (const adapter of [DuckDbStore, ScaleStore]) {
      const own = Object.getOwnPropertyNames(adapter.prototype).filter((m) => m !== 'constructor' && typeof (adapter.prototype as unknown as Record<string, unknown>)[m] === 'function');
      // Helpers an adapter keeps for itself beside its ports.
      const extra = own.filter((m) => !all.includes(m as (typeof all)[number]) && !adapterOwn.has(m));
      expect(extra, adapter.name).toEqual([]);
    }
  });
});

/** Adapter methods outside the ports: DuckDB's private helpers, its file export (`roilens scale copy`) and its KPI rollups' counters, refresh paths and reference (issue 14). */
const adapterOwn = new Set(['rollupRefreshes', 'rollupPaths', 'journeyRollupRefreshes', 'kpiFactsFromEvents', 'customerTransactionsFromEvents', 'customerProfilesFromEvents', 'linkStatsFromEvents', 'experimentStatsFromEvents', 'experimentSampleFromEvents', 'exporter', 'dropWorkspace', 'erasureTarget', 'workspace', 'rows', 'scalar', 'read', 'write', 'transaction', 'insertMany', 'eachChunk', 'rewriteFile', 'personParams', 'customerParams', 'peopleFilter']);
