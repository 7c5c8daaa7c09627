/**
 * Backup and restore (issue 15) on any store: an installation of two workspaces (a demo world in
 * `default`, a small hand-made one in `ws_b` with a key, a link, a postback source and a retention
 * period) is written to one file and restored elsewhere: the KPI answers and every metadata record
 * are identical. A corrupt, cut or newer-format file is refused whole; a workspace that exists needs
 * --replace; restoring one workspace leaves the others as they are. The expected values are the
 * source store's own answers (the backup must change nothing).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorld } from '../../src/demo/generate.js';
import { loadWorld } from '../../src/demo/load-world.js';
import { openWorkspace } from '../../src/server/start.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import type { EventRecord } from '../../src/records/events.js';
import { createPostbackSource } from '../../src/ingest/postback-sources.js';
import { setRetentionDays } from '../../src/privacy/retention.js';
import { keyHash } from '../../src/operations/admin/key-material.js';
import { writeBackup } from '../../src/store/snapshot/backup-file.js';
import { restoreBackup, type RestoreTarget } from '../../src/store/snapshot/restore.js';
import type { StoreSnapshot } from '../../src/store/snapshot/store-snapshot.js';
import { AppError } from '../../src/shared/errors.js';
import { sealAuditEntry, verifyAuditChain } from '../../src/operations/core/audit-chain.js';
import type { AuditEntry } from '../../src/records/audit.js';
import type { LedgerEntry, Program } from '../../src/records/partners.js';
import { tempDir } from '../helpers/temp.js';

/** A store under test with the reading side of a backup. */
export type BackupStore = RestoreTarget & { exporter(): Promise<StoreSnapshot & { close(): void }> };

const ev = (id: string, ts: string, extra: Partial<EventRecord> = {}) => enrichEvent({ id, type: 'page_view', ts, anonymous_id: `v-${id}`, url: 'https://b.example/', ...extra } as EventRecord, defaultChannelRules);

/** A KPI answer with its rows in one order (the facts' rows come unordered) and without its watermark. */
function figuresOf(facts: object): unknown {
  const sorted = (value: unknown): unknown => Array.isArray(value)
    ? value.map(sorted).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1))
    : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'fresh_as_of').map(([k, v]) => [k, sorted(v)])) : value;
  return sorted(facts);
}

async function ledgerOf(exp: StoreSnapshot, ws: string): Promise<LedgerEntry[]> {
  const all: LedgerEntry[] = [];
  for await (const page of exp.ledger(ws)) all.push(...page);
  return all;
}

/** ws_b's partner programme: one partner with sealed payout details, two ledger entries, a paid run. */
async function addPartners(store: BackupStore): Promise<void> {
  const program: Program = {
    id: 'prg_b', workspace_id: 'ws_b', name: 'Affiliates', currency: 'USD', window_days: 30, hold_days: 14, crediting: 'last_click',
    rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }], min_payout: '20', payout_schedule: 'monthly', fraud_threshold: 80, accepts_applications: false, created_at: '2026-03-01T00:00:00.000Z',
  };
  await store.putProgram(program);
  await store.createPartner({
    id: 'prt_b', workspace_id: 'ws_b', program_id: 'prg_b', name: 'Bita', email: 'bita@b.example', kind: 'influencer', status: 'approved', parent_id: null, group: null,
    language: 'fa', country: 'IR', links: ['b-backup-link'], coupons: ['BITA10'], identities: [], retainer: null, postback_url: null, tax: null, created_at: '2026-03-01T00:00:00.000Z', approved_at: null,
  });
  await store.putPayoutDetails('ws_b', 'prt_b', 'v1.sealed:b-details');
  const entry = (id: string, kind: LedgerEntry['kind'], amount: string, key: string, created_at: string): LedgerEntry => ({
    id, workspace_id: 'ws_b', program_id: 'prg_b', partner_id: 'prt_b', kind, amount, currency: 'USD', key, ref: null, order_id: kind === 'commission' ? 'ob1' : null, rule_id: null,
    refund_id: null, payout_run_id: kind === 'payout' ? 'run_b' : null, reason: null, fraud_score: null, held: false, occurred_at: '2026-03-03T11:00:00.000Z', created_at, note: null,
  });
  await store.appendLedger('ws_b', [entry('led_1', 'commission', '2.55', 'commission:ob1:r1', '2026-03-03T11:00:01.000Z')]);
  await store.createPayoutRun({ id: 'run_b', workspace_id: 'ws_b', program_id: 'prg_b', through: '2026-03-31', created_at: '2026-04-01T00:00:00.000Z', paid_reference: null, paid_at: null },
    [entry('led_2', 'payout', '-2.55', 'payout:run_b:prt_b', '2026-04-01T00:00:00.000Z')]);
  await store.markPayoutRunPaid('ws_b', 'run_b', 'SHEBA-1', '2026-04-02T00:00:00.000Z');
}

async function auditOf(exp: StoreSnapshot, ws: string): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const page of exp.audit(ws)) all.push(...page);
  return all;
}

/** An audit entry of `ws` as the operation runner writes one (`n` tells them apart). */
const auditDraft = (ws: string, n: number) => ({
  id: `aud_${ws}_${n}`, workspace_id: ws, at: `2026-03-0${n}T08:00:00.000Z`, actor_kind: 'person' as const, actor_id: 'person_b', surface: 'http' as const, ip: '203.0.113.9',
  user_agent: 'test', operation: 'links.update', target_kind: 'link', target_id: 'b-backup-link', before: JSON.stringify({ disabled: n % 2 === 0 }), after: JSON.stringify({ disabled: n % 2 === 1 }),
});

/** Everything a workspace holds, read back through the store: metadata records, settings and KPI answers. */
async function contents(store: BackupStore, ws: string, range: { from: string; to: string }): Promise<unknown> {
  const exp = await store.exporter();
  try {
    const figures = figuresOf(await store.kpiFacts(ws, { by: 'channel', from: range.from, to: range.to, lookbackDays: 30 }));
    const daily = figuresOf(await store.kpiFacts(ws, { by: 'day', from: range.from, to: range.to, lookbackDays: 30 }));
    return {
      workspace: (await exp.workspaces()).find((w) => w.id === ws),
      settings: (await exp.settings()).filter((s) => s.key.includes(ws)),
      rules: await exp.channelRules(ws), documents: await exp.documents(ws), links: await exp.links(ws), keys: await exp.apiKeys(ws), members: await exp.members(ws),
      rates: await exp.rates(ws), spend: await exp.spend(ws), orders: await exp.orders(ws), leads: await exp.leads(ws),
      events: await store.countEvents(ws), figures, daily, audit: await auditOf(exp, ws),
      programs: await exp.programs(ws), partners: await exp.partners(ws), payoutRuns: await exp.payoutRuns(ws), ledger: await ledgerOf(exp, ws),
    };
  } finally {
    exp.close();
  }
}

export function backupRestoreCases(engine: string, open: () => Promise<BackupStore>, timeoutMs = 300_000): void {
  describe(`backup and restore: ${engine}`, () => {
    const tmp = tempDir('roilens-backup-');
    const file = join(tmp.dir, 'installation.rlbackup');
    let source: BackupStore;
    let range: { from: string; to: string };
    const bRange = { from: '2026-03-01', to: '2026-03-31' };
    let before: { a: unknown; b: unknown };
    const opened: BackupStore[] = [];
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };

    beforeAll(async () => {
      source = await fresh();
      const { workspace } = await openWorkspace(source, {});
      const world = generateDemoWorld({ seed: 11, days: 10, visitors: 200 });
      await loadWorld(source, workspace.id, world);
      range = { from: world.truth.start_date, to: world.truth.end_date };
      await source.ensureWorkspace({ id: 'ws_b', name: 'B', currency: 'USD', timezone: 'Asia/Tehran', margin: '0.4', write_key: 'wk-backup-b' });
      await source.insertEvents('ws_b', [ev('b1', '2026-03-02T10:00:00.000Z'), ev('b2', '2026-03-03T11:00:00.000Z', { type: 'conversion', order_id: 'ob1', revenue: { amount: '25.50', currency: 'USD' } } as Partial<EventRecord>)]);
      await source.createLink('ws_b', { slug: 'b-backup-link', destination: 'https://b.example/', utm: { source: 'x' }, disabled: false, created_at: '2026-03-01T00:00:00.000Z' });
      await createPostbackSource(source, 'ws_b', { name: 'network' });
      await setRetentionDays(source, 'ws_b', 400);
      await source.createApiKey({ id: 'key_b_read', workspace_id: 'ws_b', kind: 'secret', prefix: 'rl_sk_bbbbbb', scopes: ['kpis:read'], allowed_origins: [], created_at: '2026-03-01T00:00:00.000Z', last_used_at: null, revoked_at: null }, keyHash('rl_sk_b_secret'));
      await source.createPerson({ id: 'person_b', email: 'ana@b.example', created_at: '2026-03-01T00:00:00.000Z', password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g' });
      await source.updatePerson('person_b', { totp_secret: 'JBSWY3DPEHPK3PXP' });
      await source.setMembership({ person_id: 'person_b', workspace_id: 'ws_b', role: 'analyst', partner_id: null, created_at: '2026-03-01T00:00:00.000Z' });
      for (const n of [1, 2, 3]) await source.appendAudit('ws_b', (head) => sealAuditEntry(auditDraft('ws_b', n), head));
      await addPartners(source);
      before = { a: await contents(source, 'default', range), b: await contents(source, 'ws_b', bRange) };
      expect((before.b as { audit: AuditEntry[] }).audit.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect((before.b as { ledger: LedgerEntry[] }).ledger.map((e) => [e.id, e.amount])).toEqual([['led_1', '2.55'], ['led_2', '-2.55']]);
      expect((before.b as { payoutRuns: unknown[] }).payoutRuns).toEqual([{ id: 'run_b', workspace_id: 'ws_b', program_id: 'prg_b', through: '2026-03-31', created_at: '2026-04-01T00:00:00.000Z', paid_reference: 'SHEBA-1', paid_at: '2026-04-02T00:00:00.000Z' }]);
      expect((before.b as { partners: unknown[] }).partners).toEqual([{ partner: expect.objectContaining({ id: 'prt_b', coupons: ['BITA10'] }), payout_details: 'v1.sealed:b-details' }]);
      const exp = await source.exporter();
      try {
        const written = await writeBackup(exp, file);
        expect(written.header.workspaces).toEqual(['default', 'ws_b']);
        expect(written.counts.events).toBe(world.events.length + 2);
      } finally {
        exp.close();
      }
    }, timeoutMs);
    afterAll(async () => {
      for (const store of opened) await store.close();
      tmp.cleanup();
    });

    it('a round trip gives identical KPI answers and identical metadata in every workspace', async () => {
      const target = await fresh();
      const report = await restoreBackup(file, target);
      expect(report.workspaces.map((w) => w.id)).toEqual(['default', 'ws_b']);
      expect(await contents(target, 'default', range)).toEqual(before.a);
      expect(await contents(target, 'ws_b', bRange)).toEqual(before.b);
      expect((await target.findApiKey(keyHash('rl_sk_b_secret')))?.id).toBe('key_b_read');
      expect(await target.findPersonByEmail('ana@b.example')).toMatchObject({ id: 'person_b', totp_secret: 'JBSWY3DPEHPK3PXP', password_hash: expect.stringMatching(/^\$argon2id\$/) });
      expect((await target.membershipsOf('person_b')).map((m) => [m.workspace_id, m.role])).toEqual([['ws_b', 'analyst']]);
      expect(report.workspaces.map((w) => [w.id, w.audit])).toEqual([['default', 0], ['ws_b', 3]]);
      // default holds the demo world: its two programmes and 40 partners, and the ledger its load wrote
      // (synced to apply the world's refunds): every entry of the source is appended once.
      const demoLedger = (before.a as { ledger: LedgerEntry[] }).ledger.length;
      expect(report.workspaces.map((w) => [w.id, w.programs, w.partners, w.payout_runs, w.ledger])).toEqual([['default', 2, 40, 0, demoLedger], ['ws_b', 1, 1, 1, 2]]);
      // Restoring again appends nothing: the ledger is idempotent by key, the run is paid through March already.
      expect((await restoreBackup(file, target, { workspaceId: 'ws_b', replace: true })).workspaces.map((w) => [w.payout_runs, w.ledger])).toEqual([[0, 0]]);
      expect(await contents(target, 'ws_b', bRange)).toEqual(before.b);
      expect(verifyAuditChain(await target.auditChain('ws_b', 0, 10), null)).toEqual({ head: { seq: 3, hash: (before.b as { audit: AuditEntry[] }).audit[2].hash } });
      // The log continues after the restored chain; restoring again changes nothing.
      await target.appendAudit('ws_b', (head) => sealAuditEntry(auditDraft('ws_b', 4), head));
      expect(await target.continueAuditChain('ws_b', (before.b as { audit: AuditEntry[] }).audit)).toEqual({ appended: 0, diverged: false });
      expect(verifyAuditChain(await target.auditChain('ws_b', 0, 10), null).head?.seq).toBe(4);
    }, timeoutMs);

    it('refuses a corrupt, cut or newer-format file and restores nothing', async () => {
      const raw = gunzipSync(readFileSync(file)).toString('utf8');
      const lines = raw.trimEnd().split('\n');
      const altered = join(tmp.dir, 'altered.rlbackup');
      writeFileSync(altered, gzipSync(raw.replace('"wk-backup-b"', '"wk-backup-c"')));
      const cut = join(tmp.dir, 'cut.rlbackup');
      writeFileSync(cut, gzipSync(lines.slice(0, -2).join('\n') + '\n'));
      const garbage = join(tmp.dir, 'garbage.rlbackup');
      writeFileSync(garbage, readFileSync(file).subarray(0, 200));
      // A newer format with a correct checksum: refused for its version, not as corrupt.
      const header = { ...JSON.parse(lines[0]), version: 99 };
      const body = [JSON.stringify(header), ...lines.slice(1, -1)];
      const sha = createHash('sha256');
      for (const l of body) sha.update(l).update('\n');
      const newer = join(tmp.dir, 'newer.rlbackup');
      writeFileSync(newer, gzipSync([...body, JSON.stringify({ end: true, lines: body.length, sha256: sha.digest('hex') })].join('\n') + '\n'));
      const target = await fresh();
      const refusal = async (path: string) => {
        const err = await restoreBackup(path, target).then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        return [(err as AppError).code, (err as AppError).message];
      };
      expect(await refusal(altered)).toEqual(['invalid_input', expect.stringMatching(/checksum does not match/)]);
      expect(await refusal(cut)).toEqual(['invalid_input', expect.stringMatching(/ends early|checksum/)]);
      expect(await refusal(garbage)).toEqual(['invalid_input', expect.stringMatching(/not a usable roilens backup/)]);
      expect(await refusal(newer)).toEqual(['invalid_input', expect.stringMatching(/newer roilens \(backup format 99; this release reads up to 2\)/)]);
      expect(await refusal(join(tmp.dir, 'missing.rlbackup'))).toEqual(['not_found', expect.stringMatching(/no backup file/)]);
      expect(await target.listWorkspaces()).toEqual([]);
    }, timeoutMs);

    it('one workspace: an existing one needs --replace, which brings back the backup\'s; the others stay as they are', async () => {
      const target = await fresh();
      await restoreBackup(file, target);
      await target.insertEvents('ws_b', [ev('b-later', '2026-03-04T10:00:00.000Z')]);
      await target.insertEvents('default', [ev('a-later', `${range.to}T10:00:00.000Z`)]);
      const aNow = await contents(target, 'default', range);
      expect(aNow).not.toEqual(before.a);
      const refused = await restoreBackup(file, target, { workspaceId: 'ws_b' }).then(() => undefined, (e: unknown) => e as AppError);
      expect([refused?.code, refused?.message]).toEqual(['conflict', expect.stringMatching(/ws_b exists.*--replace/)]);
      const report = await restoreBackup(file, target, { workspaceId: 'ws_b', replace: true });
      expect([report.replaced, report.workspaces.map((w) => w.id)]).toEqual([['ws_b'], ['ws_b']]);
      expect(await contents(target, 'ws_b', bRange)).toEqual(before.b);
      expect(await contents(target, 'default', range)).toEqual(aNow);
    }, timeoutMs);

    it('a replaced workspace whose log differs from the backup\'s keeps its own log, and the answer says so', async () => {
      const target = await fresh();
      await target.ensureWorkspace({ id: 'ws_b', name: 'B here', currency: 'USD', timezone: 'UTC', margin: '0.3', write_key: 'wk-other-b' });
      const own = await target.appendAudit('ws_b', (head) => sealAuditEntry({ ...auditDraft('ws_b', 1), id: 'aud_here' }, head));
      const report = await restoreBackup(file, target, { workspaceId: 'ws_b', replace: true });
      expect(report.workspaces.map((w) => [w.audit, w.audit_diverged])).toEqual([[0, true]]);
      expect(await target.auditChain('ws_b', 0, 10)).toEqual([own]);
    }, timeoutMs);

    it('a workspace backup holds that workspace and its settings only', async () => {
      const one = join(tmp.dir, 'ws_b.rlbackup');
      const exp = await source.exporter();
      try {
        expect((await writeBackup(exp, one, { workspaceId: 'ws_b' })).header).toMatchObject({ scope: 'workspace', workspaces: ['ws_b'] });
      } finally {
        exp.close();
      }
      const target = await fresh();
      await restoreBackup(one, target);
      expect((await target.listWorkspaces()).map((w) => w.id)).toEqual(['ws_b']);
      expect(await contents(target, 'ws_b', bRange)).toEqual(before.b);
      expect(gunzipSync(readFileSync(one)).toString('utf8')).not.toContain('demo_truth:default');
    }, timeoutMs);
  });
}
