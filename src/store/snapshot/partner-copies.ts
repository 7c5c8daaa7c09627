/**
 * How partner programmes travel in a copy, a backup and a restore (issue 16): read through the
 * partner and ledger ports of any store, written through them into another. Every write is
 * idempotent (a programme, partner or run already there stays as it is; ledger entries by key), so
 * copying again changes nothing. The ledger and payout runs are never deleted, not even by
 * `restore --replace`: money owed and paid stays on record, and the restored rows join it by key.
 */
import type { LedgerEntry, Partner, PayoutRun, Program } from '../../records/partners.js';
import { AppError } from '../../shared/errors.js';
import type { LedgerRepo, PartnerRepo } from '../ports/partner-ledger.js';

/** A partner with its payout details as the sealed text the store holds (null: none given). */
export type PartnerRow = { partner: Partner; payout_details: string | null };

/** A workspace's partner programmes as records, the ledger in pages. */
export interface PartnerSnapshot {
  programs(ws: string): Promise<Program[]>;
  partners(ws: string): Promise<PartnerRow[]>;
  /** Each programme's runs in `through` order. */
  payoutRuns(ws: string): Promise<PayoutRun[]>;
  /** The ledger in `(created_at, id)` order. */
  ledger(ws: string): AsyncIterable<LedgerEntry[]>;
}

const pageSize = 1000;

/** The partner snapshot of a store, through its ports. */
export function partnerSnapshotOf(store: PartnerRepo & LedgerRepo): PartnerSnapshot {
  return {
    programs: (ws) => store.listPrograms(ws),
    partners: async (ws) => {
      const rows: PartnerRow[] = [];
      for (let page = await store.listPartners(ws, { limit: pageSize }); page.length; page = await store.listPartners(ws, { after: page[page.length - 1].id, limit: pageSize })) {
        for (const partner of page) rows.push({ partner, payout_details: (await store.getPayoutDetails(ws, partner.id)) ?? null });
      }
      return rows;
    },
    payoutRuns: async (ws) => (await Promise.all((await store.listPrograms(ws)).map((p) => store.listPayoutRuns(ws, p.id)))).flat(),
    ledger: async function* (ws) {
      for (let page = await store.listLedger(ws, { limit: pageSize }); page.length; page = await store.listLedger(ws, { after: page[page.length - 1].id, limit: pageSize })) yield page;
    },
  };
}

/** What was copied of a workspace's partner programmes. */
export interface PartnerCopy {
  programs: number;
  partners: number;
  payout_runs: number;
  /** Ledger entries appended (those whose key the target held already are not counted). */
  ledger: number;
}

/** Writes a workspace's programmes, partners (with payout details), payout runs and ledger into `target`. */
export async function copyPartners(source: PartnerSnapshot, target: PartnerRepo & LedgerRepo, ws: string): Promise<PartnerCopy> {
  const copy: PartnerCopy = { programs: 0, partners: 0, payout_runs: 0, ledger: 0 };
  for (const program of await source.programs(ws)) {
    if (await target.getProgram(ws, program.id)) continue;
    await target.putProgram(program);
    copy.programs += 1;
  }
  for (const { partner, payout_details } of await source.partners(ws)) {
    if (await target.getPartner(ws, partner.id)) continue;
    const made = await target.createPartner(partner);
    if ('conflict' in made) throw new AppError('conflict', `partner ${partner.id}: ${made.conflict} ${made.value} is another partner's in workspace ${ws} here`, [{ path: made.conflict === 'link' ? 'links' : 'coupons', message: `${made.value} taken` }]);
    if (payout_details !== null) await target.putPayoutDetails(ws, partner.id, payout_details);
    copy.partners += 1;
  }
  // A run the target has already (or a later one of its programme) answers already_paid: it stays as it is.
  for (const run of await source.payoutRuns(ws)) if ((await target.createPayoutRun(run, [])) === 'created') copy.payout_runs += 1;
  for await (const page of source.ledger(ws)) copy.ledger += (await target.appendLedger(ws, page)).length;
  return copy;
}
