/**
 * Contract cases for partner programmes, partners and the partner ledger (issue 16), on every
 * engine: coupons (compared upper-case) and link slugs one partner's per workspace (also when ten claim
 * one at the same time), workspaces apart, the ledger append-only and idempotent by key (one row when the same
 * key is appended twice at once), pages in (created_at, id) order, payout runs refused through a date
 * already paid and stored whole or not at all, payout details as sealed text, a corrupt row an error.
 * Every expected value is worked out by hand from the rows written here.
 */
import { expect, it } from 'vitest';
import type { LedgerEntry, Partner, PayoutRun, Program } from '../../src/records/partners.js';
import { AppError } from '../../src/shared/errors.js';
import type { Store } from '../../src/store/store.js';

const ws = 'ws_partners';
const other = 'ws_partners_other';

const program = (id: string, workspace = ws, extra: Partial<Program> = {}): Program => ({
  id, workspace_id: workspace, name: `Programme ${id}`, currency: 'EUR', window_days: 30, hold_days: 14, crediting: 'last_click',
  rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10', tiers: [{ min_sales: 10, amount: '12.5' }], retroactive: true }],
  min_payout: '50.00', payout_schedule: 'monthly', fraud_threshold: 80, accepts_applications: true, created_at: '2026-05-01T00:00:00.000Z', ...extra,
});

const partner = (id: string, coupons: string[], extra: Partial<Partner> = {}): Partner => ({
  id, workspace_id: ws, program_id: 'prg_a', name: `Partner ${id}`, email: `${id}@partners.example`, kind: 'affiliate', status: 'approved',
  parent_id: null, group: null, language: 'en', country: 'DE', links: [`${id}-link`], coupons, identities: [], retainer: null,
  postback_url: null, tax: null, created_at: '2026-05-02T00:00:00.000Z', approved_at: '2026-05-03T00:00:00.000Z', ...extra,
});

const entry = (id: string, key: string, created_at: string, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id, workspace_id: ws, program_id: 'prg_a', partner_id: 'prt_a', kind: 'commission', amount: '10.00', currency: 'EUR', key, ref: null,
  order_id: null, rule_id: 'r1', refund_id: null, payout_run_id: null, reason: null, fraud_score: null, held: false,
  occurred_at: '2026-05-10T12:00:00.000Z', created_at, note: null, ...extra,
});

const run = (id: string, program_id: string, through: string): PayoutRun => ({
  id, workspace_id: ws, program_id, through, created_at: '2026-07-01T08:00:00.000Z', paid_reference: null, paid_at: null,
});

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as AppError);

export function partnerCases(store: () => Store): void {
  it('programmes: stored whole, replaced by id, listed in id order, each workspace its own', async () => {
    const s = store();
    await s.putProgram(program('prg_b'));
    await s.putProgram(program('prg_a', ws, { override_percent: '5' }));
    await s.putProgram(program('prg_a', other, { name: 'Elsewhere' }));
    expect(await s.getProgram(ws, 'prg_a')).toEqual(program('prg_a', ws, { override_percent: '5' }));
    await s.putProgram(program('prg_a', ws, { name: 'Renamed', min_payout: '25' }));
    expect((await s.getProgram(ws, 'prg_a'))?.name).toBe('Renamed');
    expect((await s.listPrograms(ws)).map((p) => [p.id, p.name])).toEqual([['prg_a', 'Renamed'], ['prg_b', 'Programme prg_b']]);
    expect((await s.listPrograms(other)).map((p) => p.name)).toEqual(['Elsewhere']);
    expect(await s.getProgram(other, 'prg_b')).toBeUndefined();
    expect(await s.listPrograms('ws_partners_none')).toEqual([]);
  });

  it('partners: coupons are one partner\'s per workspace, compared upper-case; a conflict on create or update stores nothing', async () => {
    const s = store();
    // Codes are stored upper-case, each once; the e-mail lower-case.
    const a = await s.createPartner(partner('prt_a', ['spring10', 'SPRING10', 'Vip'], { email: 'Ana@Partners.Example' }));
    expect(a).toEqual(partner('prt_a', ['SPRING10', 'VIP'], { email: 'ana@partners.example' }));
    expect(await s.createPartner(partner('prt_b', ['FREE', 'Spring10']))).toEqual({ conflict: 'coupon', value: 'SPRING10' });
    // Nothing of prt_b was stored: not the partner, not its other code.
    expect(await s.getPartner(ws, 'prt_b')).toBeUndefined();
    expect(await s.createPartner(partner('prt_b', ['free']))).toMatchObject({ id: 'prt_b', coupons: ['FREE'] });
    // Another workspace may use the same codes.
    expect(await s.createPartner({ ...partner('prt_x', ['spring10']), workspace_id: other })).toMatchObject({ coupons: ['SPRING10'] });
    // An update taking prt_a's code is refused whole: prt_b keeps its name and its code FREE.
    expect(await s.updatePartner(ws, 'prt_b', { name: 'Changed', coupons: ['FREE2', 'vip'] })).toEqual({ conflict: 'coupon', value: 'VIP' });
    expect(await s.getPartner(ws, 'prt_b')).toMatchObject({ name: 'Partner prt_b', coupons: ['FREE'] });
    expect(await s.createPartner(partner('prt_c', ['free2', 'Free']))).toEqual({ conflict: 'coupon', value: 'FREE' });
    // Dropping a code frees it; keeping a code of one's own is no conflict.
    expect(await s.updatePartner(ws, 'prt_b', { coupons: ['free', 'bonus'], status: 'suspended' })).toMatchObject({ coupons: ['FREE', 'BONUS'], status: 'suspended', created_at: '2026-05-02T00:00:00.000Z' });
    expect(await s.updatePartner(ws, 'prt_a', { coupons: ['spring10'] })).toMatchObject({ coupons: ['SPRING10'] });
    expect(await s.createPartner(partner('prt_c', ['vip']))).toMatchObject({ coupons: ['VIP'] });
    expect(await s.getPartner(ws, 'prt_c')).toEqual(partner('prt_c', ['VIP']));
    // Unknown partners, and another workspace's, are not there to update.
    expect(await s.updatePartner(ws, 'prt_nobody', { name: 'x' })).toBeUndefined();
    expect(await s.updatePartner(other, 'prt_a', { name: 'x' })).toBeUndefined();
    expect(await s.getPartner(other, 'prt_a')).toBeUndefined();
    expect((await errorOf(s.createPartner(partner('prt_a', []))))?.code).toBe('conflict');
  });

  it('partners: of two claiming one code at the same time, one gets it and the other stores nothing', async () => {
    const s = store();
    const both = await Promise.all([s.createPartner(partner('prt_race1', ['RACE'])), s.createPartner(partner('prt_race2', ['race']))]);
    expect(both.filter((p) => 'conflict' in p)).toEqual([{ conflict: 'coupon', value: 'RACE' }]);
    const stored = await Promise.all([s.getPartner(ws, 'prt_race1'), s.getPartner(ws, 'prt_race2')]);
    expect(stored.filter(Boolean).map((p) => p!.coupons)).toEqual([['RACE']]);
  });

  it('partners: listed in id order, of one programme, one page after another', async () => {
    const s = store();
    await s.createPartner(partner('prt_d', [], { program_id: 'prg_b' }));
    const ids = async (q: Parameters<Store['listPartners']>[1]) => (await s.listPartners(ws, q)).map((p) => p.id);
    // prt_a, prt_b, prt_c, prt_d and one of prt_race1 / prt_race2.
    const all = await ids({});
    expect(all.slice(0, 4)).toEqual(['prt_a', 'prt_b', 'prt_c', 'prt_d']);
    expect(all).toHaveLength(5);
    expect(await ids({ limit: 2 })).toEqual(['prt_a', 'prt_b']);
    expect(await ids({ after: 'prt_b', limit: 2 })).toEqual(['prt_c', 'prt_d']);
    expect(await ids({ program_id: 'prg_b' })).toEqual(['prt_d']);
    expect(await ids({ program_id: 'prg_a', after: 'prt_a', limit: 1 })).toEqual(['prt_b']);
    expect((await s.listPartners(other)).map((p) => p.id)).toEqual(['prt_x']);
  });

  it('partners: a link slug is one partner\'s per workspace; of ten claiming one slug or one code at the same time, one gets it and nine store nothing', async () => {
    const s = store();
    const racer = (i: number, links: string[], coupons: string[]) => partner(`prt_racer${i}`, coupons, { links });
    for (const [kind, claim] of [['link', (i: number) => racer(i, ['race-slug'], [])], ['coupon', (i: number) => racer(10 + i, [], ['RACE10'])]] as const) {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => s.createPartner(claim(i))));
      const value = kind === 'link' ? 'race-slug' : 'RACE10';
      expect(answers.filter((a) => 'conflict' in a)).toEqual(Array(9).fill({ conflict: kind, value }));
      const won = answers.filter((a): a is Partner => !('conflict' in a)).map((p) => p.id);
      expect(won).toHaveLength(1);
      const stored = await Promise.all(Array.from({ length: 10 }, (_, i) => s.getPartner(ws, `prt_racer${kind === 'link' ? i : 10 + i}`)));
      expect(stored.filter(Boolean).map((p) => p!.id)).toEqual(won);
    }
    // The winner's slug: an update giving it to another partner is refused whole; dropping it frees it.
    const winner = (await s.listPartners(ws)).find((p) => p.links.includes('race-slug'))!;
    expect(await s.updatePartner(ws, 'prt_a', { name: 'Taker', links: ['prt_a-link', 'race-slug'] })).toEqual({ conflict: 'link', value: 'race-slug' });
    expect(await s.getPartner(ws, 'prt_a')).toMatchObject({ name: 'Partner prt_a', links: ['prt_a-link'] });
    // A link is checked before the coupons: a partner taking both is refused naming the link.
    expect(await s.createPartner(partner('prt_both', ['RACE10'], { links: ['race-slug'] }))).toEqual({ conflict: 'link', value: 'race-slug' });
    expect(await s.updatePartner(ws, winner.id, { links: [] })).toMatchObject({ links: [] });
    expect(await s.updatePartner(ws, 'prt_a', { links: ['prt_a-link', 'race-slug', 'race-slug'] })).toMatchObject({ links: ['prt_a-link', 'race-slug'] });
    // Another workspace may use the same slug.
    expect(await s.createPartner({ ...partner('prt_racer_x', [], { links: ['race-slug'] }), workspace_id: other })).toMatchObject({ links: ['race-slug'] });
    expect(await s.updatePartner(ws, 'prt_a', { links: ['prt_a-link'] })).toMatchObject({ links: ['prt_a-link'] });
  });

  it('payout details: the sealed text round trips and is replaced; none for another workspace; an unknown partner is not_found', async () => {
    const s = store();
    expect(await s.getPayoutDetails(ws, 'prt_a')).toBeUndefined();
    await s.putPayoutDetails(ws, 'prt_a', 'v1.sealed:AAAA');
    await s.putPayoutDetails(ws, 'prt_a', 'v1.sealed:BBBB');
    expect(await s.getPayoutDetails(ws, 'prt_a')).toBe('v1.sealed:BBBB');
    expect(await s.getPayoutDetails(other, 'prt_a')).toBeUndefined();
    expect((await errorOf(s.putPayoutDetails(other, 'prt_a', 'v1.sealed:CCCC')))?.code).toBe('not_found');
  });

  it('ledger: appending is idempotent by key and answers only what it stored; listed in (created_at, id) order, in pages, per workspace', async () => {
    const s = store();
    // l2 and l1 share an instant (the id decides), l0 is earlier, l3 later.
    const l1 = entry('l1', 'commission:o1:r1', '2026-05-10T12:00:00.000Z', { order_id: 'o1', amount: '12.50', order_amount: '125.00', share: '1', customer: 'cust-1' });
    const l2 = entry('l2', 'commission:o2:r1', '2026-05-10T12:00:00.000Z', { order_id: 'o2', partner_id: 'prt_b' });
    const l0 = entry('l0', 'commission:o0:r1', '2026-05-09T12:00:00.000Z', { order_id: 'o0', fraud_score: 85.5, held: true, note: 'ip: datacenter' });
    expect(await s.appendLedger(ws, [l2, l1, l0])).toEqual([l2, l1, l0]);
    const l3 = entry('l3', 'reversal:rf1:l1', '2026-05-11T00:00:00.000Z', { kind: 'reversal', amount: '-12.50', ref: 'l1', order_id: 'o1', refund_id: 'rf1', reason: 'refund', refund_amount: '125.00' });
    // Re-sent: l1 again (another id, the same key) changes nothing; only l3 is new.
    expect(await s.appendLedger(ws, [{ ...l1, id: 'l1-again' }, l3, l3])).toEqual([l3]);
    expect(await s.appendLedger(ws, [l0])).toEqual([]);
    expect(await s.appendLedger(ws, [])).toEqual([]);
    expect((await s.listLedger(ws, {})).map((e) => e.id)).toEqual(['l0', 'l1', 'l2', 'l3']);
    // Every field reads back as given (the optional ones only where given).
    expect(await s.listLedger(ws, {})).toStrictEqual([l0, l1, l2, l3]);
    expect(await s.listLedger(ws, { limit: 1 })).toEqual([l0]);
    expect((await s.listLedger(ws, { after: 'l0', limit: 2 })).map((e) => e.id)).toEqual(['l1', 'l2']);
    expect((await s.listLedger(ws, { after: 'l2' })).map((e) => e.id)).toEqual(['l3']);
    expect(await s.listLedger(ws, { after: 'l3' })).toEqual([]);
    expect((await s.listLedger(ws, { order_id: 'o1' })).map((e) => [e.id, e.amount])).toEqual([['l1', '12.50'], ['l3', '-12.50']]);
    expect((await s.listLedger(ws, { partner_id: 'prt_b' })).map((e) => e.id)).toEqual(['l2']);
    expect((await s.listLedger(ws, { program_id: 'prg_b' }))).toEqual([]);
    // The same key in another workspace is another entry; neither workspace sees the other's.
    expect(await s.appendLedger(other, [{ ...l1, id: 'lx', workspace_id: other }])).toHaveLength(1);
    expect((await s.listLedger(other, {})).map((e) => e.id)).toEqual(['lx']);
    expect((await s.listLedger(ws, {})).map((e) => e.id)).not.toContain('lx');
    expect((await errorOf(s.listLedger(other, { after: 'l0' })))?.code).toBe('invalid_input');
    // An entry of another workspace, or one that is no entry (a float amount), is refused and nothing stored.
    expect((await errorOf(s.appendLedger(ws, [entry('l9', 'k9', '2026-05-12T00:00:00.000Z', { workspace_id: other })])))?.code).toBe('invalid_input');
    expect((await errorOf(s.appendLedger(ws, [entry('l8', 'k8', '2026-05-12T00:00:00.000Z'), entry('l9', 'k9', '2026-05-12T00:00:00.000Z', { amount: '1e3' })])))?.code).toBe('invalid_input');
    expect(await s.listLedger(ws, { after: 'l3' })).toEqual([]);
  });

  it('ledger: the same key appended twice at the same time is stored once', async () => {
    const s = store();
    const at = '2026-05-20T00:00:00.000Z';
    const answers = await Promise.all([
      s.appendLedger(ws, [entry('lc1', 'commission:o-race:r1', at)]),
      s.appendLedger(ws, [entry('lc2', 'commission:o-race:r1', at)]),
      s.appendLedger(ws, [entry('lc3', 'commission:o-race:r1', at)]),
    ]);
    expect(answers.flat()).toHaveLength(1);
    expect((await s.listLedger(ws, { after: 'l3' })).map((e) => e.key)).toEqual(['commission:o-race:r1']);
  });

  it('payout runs: a run through a date already paid is refused with its entries; a failed run leaves nothing; runs are marked paid once', async () => {
    const s = store();
    const payout = (id: string, runId: string, amount: string) => entry(id, `payout:${runId}:prt_a`, '2026-07-01T08:00:00.000Z', { kind: 'payout', amount, ref: runId, payout_run_id: runId, rule_id: null });
    expect(await s.createPayoutRun(run('run_may', 'prg_a', '2026-05-31'), [payout('p1', 'run_may', '-12.50')])).toBe('created');
    // The same date, or an earlier one, is paid already: nothing of either run is stored.
    expect(await s.createPayoutRun(run('run_may2', 'prg_a', '2026-05-31'), [payout('p2', 'run_may2', '-5')])).toBe('already_paid');
    expect(await s.createPayoutRun(run('run_mid', 'prg_a', '2026-05-15'), [payout('p3', 'run_mid', '-5')])).toBe('already_paid');
    // Another programme has its own dates; so has another workspace.
    expect(await s.createPayoutRun(run('run_b_may', 'prg_b', '2026-05-31'), [])).toBe('created');
    expect(await s.createPayoutRun({ ...run('run_may', 'prg_a', '2026-05-31'), workspace_id: other }, [])).toBe('created');
    // A run whose id the workspace holds fails whole: its entry is not stored and June is still open.
    expect(await errorOf(s.createPayoutRun(run('run_may', 'prg_a', '2026-06-30'), [payout('p4', 'run_may', '-1')]))).toBeInstanceOf(Error);
    expect((await s.listLedger(ws, { partner_id: 'prt_a' })).filter((e) => e.kind === 'payout').map((e) => e.id)).toEqual(['p1']);
    // Two runs through June at the same time: one is created, the other already paid.
    const june = await Promise.all([s.createPayoutRun(run('run_jun', 'prg_a', '2026-06-30'), [payout('p5', 'run_jun', '-3')]), s.createPayoutRun(run('run_jun2', 'prg_a', '2026-06-30'), [payout('p6', 'run_jun2', '-3')])]);
    expect([...june].sort()).toEqual(['already_paid', 'created']);
    const runs = await s.listPayoutRuns(ws, 'prg_a');
    expect(runs.map((r) => r.through)).toEqual(['2026-05-31', '2026-06-30']);
    expect((await s.listLedger(ws, { partner_id: 'prt_a' })).filter((e) => e.kind === 'payout')).toHaveLength(2);
    // Marked paid once: the first reference stays; another workspace's run, or an unknown one, is not marked.
    expect(await s.markPayoutRunPaid(ws, 'run_may', 'SEPA-2026-06-01', '2026-06-01T09:00:00.000Z')).toBe(true);
    expect(await s.markPayoutRunPaid(ws, 'run_may', 'SEPA-again', '2026-06-02T09:00:00.000Z')).toBe(false);
    expect(await s.markPayoutRunPaid(ws, 'run_nobody', 'x', '2026-06-02T09:00:00.000Z')).toBe(false);
    expect(await s.markPayoutRunPaid(other, 'run_b_may', 'x', '2026-06-02T09:00:00.000Z')).toBe(false);
    expect((await s.listPayoutRuns(ws, 'prg_a'))[0]).toEqual({ ...run('run_may', 'prg_a', '2026-05-31'), paid_reference: 'SEPA-2026-06-01', paid_at: '2026-06-01T09:00:00.000Z' });
    expect((await s.listPayoutRuns(other, 'prg_a')).map((r) => [r.id, r.paid_reference])).toEqual([['run_may', null]]);
    expect(await s.listPayoutRuns(ws, 'prg_none')).toEqual([]);
  });

  it('a programme or partner row that does not fit its record answers the registry\'s internal error naming the field', async () => {
    const s = store();
    const broken = 'ws_partners_broken';
    await s.putProgram({ ...program('prg_bad', broken), currency: 'euro' });
    await s.putProgram(program('prg_good', broken));
    const err = await errorOf(s.getProgram(broken, 'prg_bad'));
    expect(err).toBeInstanceOf(AppError);
    expect([err?.code, err?.issues.map((i) => i.path)]).toEqual(['internal', ['currency']]);
    expect((await errorOf(s.listPrograms(broken)))?.code).toBe('internal');
    expect((await s.getProgram(broken, 'prg_good'))?.currency).toBe('EUR');
    await s.createPartner({ ...partner('prt_bad', []), workspace_id: broken, status: 'asleep' as never });
    expect((await errorOf(s.getPartner(broken, 'prt_bad')))?.issues.map((i) => i.path)).toEqual(['status']);
    // A programme is replaced whole: the fixed one reads again.
    await s.putProgram(program('prg_bad', broken));
    expect((await s.listPrograms(broken)).map((p) => p.id)).toEqual(['prg_bad', 'prg_good']);
  });
}
