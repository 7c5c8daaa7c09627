/**
 * `roilens migrate` (and backup / restore, which share its copy) carries every metadata table:
 * `metadataTableCopies` must name each table PostgreSQL's migrations create (a table added without
 * saying how it travels fails here), and a copy between two stores keeps API keys (found by the
 * same key, revoked ones still revoked), an archived workspace, channel rules and workspace settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/postgres/migrations.js';
import { metadataTableCopies } from '../../src/store/snapshot/store-snapshot.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { migrateStore } from '../../src/store/migrate.js';
import { keyHash } from '../../src/operations/admin/key-material.js';
import { Credentials } from '../../src/server/credentials.js';
import { setRetentionDays, getRetentionDays } from '../../src/privacy/retention.js';

/** The tables PostgreSQL's migrations leave (created or renamed into, and not dropped). */
function postgresTables(): Set<string> {
  const tables = new Set<string>();
  for (const m of migrations) {
    for (const [, name] of m.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)) tables.add(name.toLowerCase());
    for (const [, from, to] of m.sql.matchAll(/ALTER TABLE (\w+) RENAME TO (\w+)/gi)) {
      tables.delete(from.toLowerCase());
      tables.add(to.toLowerCase());
    }
    for (const [, name] of m.sql.matchAll(/DROP TABLE (?:IF EXISTS )?(\w+)/gi)) tables.delete(name.toLowerCase());
  }
  return tables;
}

describe('the list of metadata tables to copy', () => {
  it('names every table of the metadata store', () => {
    const listed = new Set(Object.keys(metadataTableCopies));
    const missing = [...postgresTables()].filter((t) => !listed.has(t));
    expect(missing, `add these tables to metadataTableCopies (src/store/snapshot/store-snapshot.ts) and copy them: ${missing.join(', ')}`).toEqual([]);
    expect(postgresTables().size).toBeGreaterThanOrEqual(6);
  });
});

describe('migrate between two stores', () => {
  let source: DuckDbStore;
  let target: DuckDbStore;
  const live = 'rl_sk_live_key_for_the_copy_test_0000000000000';
  const gone = 'rl_sk_revoked_key_for_the_copy_test_000000000000';
  beforeAll(async () => {
    source = await DuckDbStore.open(':memory:');
    target = await DuckDbStore.open(':memory:');
    const base = { currency: 'EUR', timezone: 'UTC', margin: '1' };
    await source.ensureWorkspace({ ...base, id: 'a', name: 'A', write_key: 'wk-a' });
    await source.ensureWorkspace({ ...base, id: 'b', name: 'B', write_key: 'wk-b' });
    await source.updateWorkspace('b', { archived_at: '2026-02-01T00:00:00.000Z' });
    const key = (id: string) => ({ id, workspace_id: 'a', kind: 'secret' as const, prefix: 'rl_sk_xxxxxx', scopes: ['kpis:read'], allowed_origins: [], created_at: '2026-01-01T00:00:00.000Z', last_used_at: null, revoked_at: null });
    await source.createApiKey(key('key_live'), keyHash(live));
    await source.createApiKey(key('key_gone'), keyHash(gone));
    await source.revokeApiKey('a', 'key_gone', '2026-01-05T00:00:00.000Z');
    await source.setChannelRules('a', [{ channel: 'partners', when: { utm_source: ['partner'] } }] as never, () => 'direct');
    await setRetentionDays(source, 'a', 30);
    await source.putProgram({ id: 'prg', workspace_id: 'a', name: 'P', currency: 'EUR', window_days: 30, hold_days: 0, crediting: 'first_click', rules: [], min_payout: '0', payout_schedule: 'manual', fraud_threshold: 100, accepts_applications: true, created_at: '2026-01-01T00:00:00.000Z' });
    await source.createPartner({ id: 'prt', workspace_id: 'a', program_id: 'prg', name: 'Q', email: 'q@a.example', kind: 'publisher', status: 'applied', parent_id: null, group: 'blogs', language: 'vi', country: null, links: [], coupons: ['Q5'], identities: ['u-q'], retainer: { amount: '100', cadence: 'monthly', from: '2026-01-01' }, postback_url: 'https://q.example/pb?c={click_id}', tax: { country: 'VN' }, created_at: '2026-01-02T00:00:00.000Z', approved_at: null });
    await source.appendLedger('a', [{ id: 'led', workspace_id: 'a', program_id: 'prg', partner_id: 'prt', kind: 'adjustment', amount: '100.00', currency: 'EUR', key: 'retainer:prt:2026-01', ref: null, order_id: null, rule_id: null, refund_id: null, payout_run_id: null, reason: 'retainer', fraud_score: null, held: false, occurred_at: '2026-01-01T00:00:00.000Z', created_at: '2026-01-01T00:00:01.000Z', note: null }]);
    await source.createPayoutRun({ id: 'run', workspace_id: 'a', program_id: 'prg', through: '2026-01-31', created_at: '2026-02-01T00:00:00.000Z', paid_reference: null, paid_at: null }, []);
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('copies API keys (revocation kept), the archived workspace, channel rules and workspace settings; again changes nothing', async () => {
    const first = await migrateStore(source, target);
    expect(first.workspaces.map((w) => [w.id, w.keys])).toEqual([['a', 2], ['b', 0]]);
    expect(first.workspaces.map((w) => [w.id, w.programs, w.partners, w.payout_runs, w.ledger])).toEqual([['a', 1, 1, 1, 1], ['b', 0, 0, 0, 0]]);
    expect(await target.getPartner('a', 'prt')).toEqual(await source.getPartner('a', 'prt'));
    expect(await target.listLedger('a', {})).toEqual(await source.listLedger('a', {}));
    expect(await target.listPayoutRuns('a', 'prg')).toEqual(await source.listPayoutRuns('a', 'prg'));
    const credentials = new Credentials(target, { workspaceId: 'a' });
    expect(await credentials.resolve(live)).toEqual({ kind: 'secret-key', workspaceId: 'a', scopes: ['kpis:read'], keyId: 'key_live' });
    expect(await credentials.resolve(gone)).toBeUndefined();
    expect((await target.listApiKeys('a')).map((k) => [k.id, k.revoked_at])).toEqual([['key_gone', '2026-01-05T00:00:00.000Z'], ['key_live', null]]);
    expect((await target.getWorkspace('b'))?.archived_at).toBe('2026-02-01T00:00:00.000Z');
    expect(await target.getChannelRules('a')).toEqual(await source.getChannelRules('a'));
    expect(await getRetentionDays(target, 'a')).toBe(30);
    const again = await migrateStore(source, target);
    expect(await target.listApiKeys('a')).toHaveLength(2);
    expect(again.workspaces.map((w) => [w.programs, w.partners, w.payout_runs, w.ledger])).toEqual([[0, 0, 0, 0], [0, 0, 0, 0]]);
    expect(await target.listLedger('a', {})).toHaveLength(1);
  });
});
