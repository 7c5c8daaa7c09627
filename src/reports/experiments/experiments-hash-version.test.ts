/**
 * Issue 11 #6 on a real DuckDB store: every experiment stores its hash version
 * (new ones 2, documents from before versions read as 1 and keep their
 * assignment), the snippet's definitions carry it, exposures carry it, and the
 * results recompute each visitor's assignment and flag mismatches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant, fnv1a32 } from '../../experiments/index.js';
import { defaultChannelRules } from '../../tracking/channel-rules.js';
import { enrichEvent } from '../../ingest/enrich.js';
import { AppError } from '../../shared/errors.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import {
  assignExperiment,
  createExperiment,
  experimentCollection,
  experimentResultsById,
  getExperiment,
  listExperiments,
  publicDefinitions,
  updateExperiment,
} from './experiments.js';
import { checkAssignments } from './experiments-results.js';

const ws = 'hash-ws';
const now = new Date('2026-03-15T12:00:00Z');
let store: DuckDbStore;

beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  await store.ensureWorkspace({ id: ws, name: 'Hash', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk-hash' });
  // stored before hash versions existed: no hash_version in the document
  await store.putDocument(ws, experimentCollection, 'legacy', {
    id: 'legacy', key: 'legacy', name: 'Old hero', status: 'running', variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }],
    metric: 'conversion_rate', start: '2026-03-01T00:00:00.000Z', created_at: '2026-02-28T00:00:00.000Z',
  });
});
afterAll(async () => store.close());

/** An exposure as stored from the server key (signed, issue 12 #5: results count only signed ones), whatever variant it names. */
function exposure(experiment: string, anon: string, variant: string, hashVersion?: number) {
  return enrichEvent({
    id: `x-${experiment}-${anon}`, type: 'custom', name: '$exposure', ts: '2026-03-10T10:00:00.000Z', anonymous_id: anon,
    properties: { experiment, variant, ...(hashVersion !== undefined ? { hash_version: hashVersion } : {}), rl_signed: true },
  }, defaultChannelRules);
}

describe('hash versions of experiments', () => {
  it('a new experiment gets version 2; a stored one without a version reads as 1', async () => {
    const created = await createExperiment(store, ws, { key: 'fresh', name: 'New hero', status: 'running', start: '2026-03-01', variants: [{ name: 'A' }, { name: 'B' }] }, now);
    expect(created.hash_version).toBe(2);
    expect((await getExperiment(store, ws, 'fresh')).hash_version).toBe(2);
    expect((await getExperiment(store, ws, 'legacy')).hash_version).toBe(1);
    const list = await listExperiments(store, ws);
    expect(Object.fromEntries(list.experiments.map((e) => [e.key, e.hash_version]))).toEqual({ fresh: 2, legacy: 1 });
  });

  it('the legacy experiment keeps its FNV-1a assignment; the new one uses MurmurHash3', async () => {
    const legacy = await getExperiment(store, ws, 'legacy');
    const fresh = await getExperiment(store, ws, 'fresh');
    for (let i = 0; i < 50; i++) {
      const id = `exp_anon_${i}`;
      // hand check of version 1: u = fnv1a32(key:id) / 2^32 below 0.5 → A
      const byFnv = fnv1a32(`legacy:${id}`) / 2 ** 32 < 0.5 ? 'A' : 'B';
      const a = assignExperiment(legacy, { anonymous_id: id }, now);
      expect(a.variant).toBe(byFnv);
      expect(a.hash_version).toBe(1);
      expect(a.exposure?.properties).toMatchObject({ experiment: 'legacy', variant: byFnv, hash_version: 1 });
      expect(assignExperiment(fresh, { anonymous_id: id }, now).variant).toBe(['A', 'B'][assignVariant('fresh', id, [1, 1], 2)]);
    }
  });

  it('an update keeps the version and cannot change it; the stored document then carries it', async () => {
    const stopped = await updateExperiment(store, ws, 'legacy', { name: 'Old hero (renamed)' }, now);
    expect(stopped.hash_version).toBe(1);
    expect((await store.getDocument<{ hash_version?: number }>(ws, experimentCollection, 'legacy'))?.hash_version).toBe(1);
    await expect(updateExperiment(store, ws, 'fresh', { hash_version: 1 }, now)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(updateExperiment(store, ws, 'fresh', { hash_version: 2 }, now)).resolves.toMatchObject({ hash_version: 2 });
    const err = await createExperiment(store, ws, { key: 'bad-version', name: 'x', variants: [{ name: 'A' }, { name: 'B' }], hash_version: 3 }, now).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).issues?.[0].path).toBe('hash_version');
  });

  it('the snippet\'s definitions: running experiments with variants, weights and hash version', async () => {
    await createExperiment(store, ws, { key: 'draft-one', name: 'Not yet', variants: [{ name: 'A' }, { name: 'B' }] }, now);
    expect(await publicDefinitions(store, ws)).toEqual({
      experiments: [
        { key: 'fresh', variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }], hash_version: 2 },
        { key: 'legacy', variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }], hash_version: 1 },
      ],
    });
  });
});

describe('the server recomputes assignments and flags mismatches', () => {
  it('exposures assigned with the experiment\'s hash match; those hashed with the other version are flagged', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `rl_${i}`);
    const right = (id: string) => ['A', 'B'][assignVariant('fresh', id, [1, 1], 2)];
    const wrong = (id: string) => ['A', 'B'][assignVariant('fresh', id, [1, 1], 1)];
    // 100 visitors from the current snippet (version 2), 100 from a stale one that hashed with FNV-1a and sent no version
    await store.insertEvents(ws, [...ids.slice(0, 100).map((id) => exposure('fresh', id, right(id), 2)), ...ids.slice(100).map((id) => exposure('fresh', id, wrong(id)))]);
    const expectedMismatches = ids.slice(100).filter((id) => wrong(id) !== right(id)).length;
    expect(expectedMismatches).toBeGreaterThan(20); // two unrelated hashes disagree about half the time

    const results = await experimentResultsById(store, ws, 'fresh', now);
    expect(results.assignment_check).toMatchObject({ hash_version: 2, checked: 200, mismatched: expectedMismatches, without_version: 100, other_version: 0 });
    expect(results.assignment_warning).toMatch(/^Assignment mismatch: \d+ of 200 exposed visitors/);
    expect(results.verdict).toMatch(/^Do not trust these results: Assignment mismatch/);
    expect(results.assignment_check?.examples[0]).toMatchObject({ hash_version: null });
  });

  it('all exposures in their hashed variant: nothing flagged (numeric arms count as the variant at that index)', () => {
    const def = { id: 'k', key: 'k', name: 'k', status: 'running' as const, metric: 'conversion_rate' as const, variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 3 }], hash_version: 2 as const, created_at: now.toISOString() };
    const exposures = Array.from({ length: 300 }, (_, i) => {
      const index = assignVariant('k', `exp_anon_${i}`, [1, 3], 2);
      return { anonymous_id: `exp_anon_${i}`, variant: i % 2 ? def.variants[index].name : String(index), hash_version: '2' };
    });
    expect(checkAssignments(def, exposures)).toMatchObject({ checked: 300, mismatched: 0, other_version: 0, without_version: 0, examples: [] });
    // the same people sent with version 1 are counted as another version
    expect(checkAssignments(def, exposures.map((x) => ({ ...x, hash_version: '1' }))).other_version).toBe(300);
  });
});
