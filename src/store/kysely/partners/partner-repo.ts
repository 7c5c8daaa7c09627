import { sql, type Kysely, type Transaction } from 'kysely';
import { partnerRecord, programRecord } from '../../../records/partner-schemas.js';
import type { Partner, Program } from '../../../records/partners.js';
import { AppError } from '../../../shared/errors.js';
import type { PartnerConflict, PartnerPatch, PartnerRepo } from '../../ports/partner-ledger.js';
import type { MetadataTables } from '../metadata-tables.js';
import { jsonText, recordOf } from '../metadata-rows.js';
import { inTransaction } from './refusal.js';

/** Ids in byte order on both engines, whatever the database's locale. */
const idBytes = sql<string>`${sql.ref('id')} collate "C"`;

/** A partner as stored: e-mail lower-case, coupon codes upper-case and each once (first spelling kept), each link slug once. */
function normalized(partner: Partner): Partner {
  return { ...partner, email: partner.email.toLowerCase(), links: [...new Set(partner.links)], coupons: [...new Set(partner.coupons.map((c) => c.toUpperCase()))] };
}

function programOf(row: { workspace_id: string; id: string; body: string }): Program {
  const where = `programs ${row.workspace_id}/${row.id}`;
  return recordOf(programRecord, jsonText(row.body, where, 'body'), where);
}

function partnerOf(row: { workspace_id: string; id: string; body: string }): Partner {
  const where = `partners ${row.workspace_id}/${row.id}`;
  return recordOf(partnerRecord, jsonText(row.body, where, 'body'), where);
}

/** The tables that give a value to one partner per workspace: coupon codes and tracking link slugs. */
const claimTables = {
  coupon: { table: 'partner_coupons', column: 'code' },
  link: { table: 'partner_links', column: 'slug' },
} as const;

/**
 * Gives `values` (coupon codes or link slugs) to the partner: one insert whose primary key
 * (workspace, value) lets each value have one holder whatever runs at the same time (a concurrent
 * claim waits for this transaction, then finds the value taken). Answers the first value another
 * partner holds, if any.
 */
async function claim(tx: Transaction<MetadataTables>, kind: PartnerConflict['conflict'], workspaceId: string, partnerId: string, values: readonly string[]): Promise<PartnerConflict | undefined> {
  if (values.length === 0) return undefined;
  const got = new Set<string>();
  if (kind === 'coupon') {
    const rows = await tx.insertInto('partner_coupons')
      .values(values.map((code) => ({ workspace_id: workspaceId, code, partner_id: partnerId })))
      .onConflict((oc) => oc.columns(['workspace_id', 'code']).doNothing())
      .returning('code')
      .execute();
    for (const r of rows) got.add(r.code);
  } else {
    const rows = await tx.insertInto('partner_links')
      .values(values.map((slug) => ({ workspace_id: workspaceId, slug, partner_id: partnerId })))
      .onConflict((oc) => oc.columns(['workspace_id', 'slug']).doNothing())
      .returning('slug')
      .execute();
    for (const r of rows) got.add(r.slug);
  }
  const taken = values.find((v) => !got.has(v));
  return taken === undefined ? undefined : { conflict: kind, value: taken };
}

/** Frees the values the partner no longer has. */
async function release(tx: Transaction<MetadataTables>, kind: PartnerConflict['conflict'], workspaceId: string, partnerId: string, values: readonly string[]): Promise<void> {
  if (values.length === 0) return;
  const { table, column } = claimTables[kind];
  await tx.deleteFrom(table).where('workspace_id', '=', workspaceId).where('partner_id', '=', partnerId).where(column, 'in', values).execute();
}

/** Programmes and partners (see `PartnerRepo`), one set of queries for DuckDB and PostgreSQL. */
export class KyselyPartnerRepo implements PartnerRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  /** Creates the programme or replaces the stored one with the same id. */
  async putProgram(program: Program): Promise<void> {
    const body = JSON.stringify(program);
    await this.db.insertInto('programs').values({ workspace_id: program.workspace_id, id: program.id, body })
      .onConflict((oc) => oc.columns(['workspace_id', 'id']).doUpdateSet({ body }))
      .execute();
  }

  async getProgram(workspaceId: string, id: string): Promise<Program | undefined> {
    const row = await this.db.selectFrom('programs').select(['workspace_id', 'id', 'body']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return row && programOf(row);
  }

  /** In id order. */
  async listPrograms(workspaceId: string): Promise<Program[]> {
    const rows = await this.db.selectFrom('programs').select(['workspace_id', 'id', 'body']).where('workspace_id', '=', workspaceId).orderBy(idBytes).execute();
    return rows.map(programOf);
  }

  /** Stores the partner, its links and its coupons in one transaction, or nothing (a link or coupon conflict; an id the workspace holds is a `conflict` error). */
  async createPartner(partner: Partner): Promise<Partner | PartnerConflict> {
    const stored = normalized(partner);
    return inTransaction<Partner, PartnerConflict>(this.db, async (tx, refuse) => {
      const made = await tx.insertInto('partners')
        .values({ workspace_id: stored.workspace_id, id: stored.id, program_id: stored.program_id, body: JSON.stringify(stored) })
        .onConflict((oc) => oc.columns(['workspace_id', 'id']).doNothing())
        .returning('id')
        .execute();
      if (made.length === 0) throw new AppError('conflict', `partner ${stored.id} exists in workspace ${stored.workspace_id}`, [{ path: 'id', message: 'taken' }]);
      const conflict = (await claim(tx, 'link', stored.workspace_id, stored.id, stored.links)) ?? (await claim(tx, 'coupon', stored.workspace_id, stored.id, stored.coupons));
      if (conflict) refuse(conflict);
      return stored;
    });
  }

  /**
   * Applies the patch in one transaction: the partner's row is locked first (a no-op update: both
   * engines, no `FOR UPDATE` in DuckDB), the slugs and codes it drops are freed and those it adds claimed;
   * one another partner holds rolls everything back and answers the conflict.
   */
  async updatePartner(workspaceId: string, id: string, patch: PartnerPatch): Promise<Partner | PartnerConflict | undefined> {
    return inTransaction<Partner | undefined, PartnerConflict>(this.db, async (tx, refuse) => {
      const row = await tx.updateTable('partners').set((eb) => ({ body: eb.ref('body') }))
        .where('workspace_id', '=', workspaceId).where('id', '=', id)
        .returning(['workspace_id', 'id', 'body'])
        .executeTakeFirst();
      if (!row) return undefined;
      const before = partnerOf(row);
      const next = normalized({ ...before, ...patch, id: before.id, workspace_id: before.workspace_id, created_at: before.created_at });
      for (const [kind, was, now] of [['link', before.links, next.links], ['coupon', before.coupons, next.coupons]] as const) {
        await release(tx, kind, workspaceId, id, was.filter((v) => !now.includes(v)));
        const conflict = await claim(tx, kind, workspaceId, id, now.filter((v) => !was.includes(v)));
        if (conflict) refuse(conflict);
      }
      await tx.updateTable('partners').set({ program_id: next.program_id, body: JSON.stringify(next) })
        .where('workspace_id', '=', workspaceId).where('id', '=', id)
        .execute();
      return next;
    });
  }

  async getPartner(workspaceId: string, id: string): Promise<Partner | undefined> {
    const row = await this.db.selectFrom('partners').select(['workspace_id', 'id', 'body']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return row && partnerOf(row);
  }

  /** In id byte order, of one programme when asked, one page when asked (ids after `after`, at most `limit`). */
  async listPartners(workspaceId: string, query: { program_id?: string; after?: string; limit?: number } = {}): Promise<Partner[]> {
    const rows = await this.db.selectFrom('partners').select(['workspace_id', 'id', 'body'])
      .where('workspace_id', '=', workspaceId)
      .$if(query.program_id !== undefined, (q) => q.where('program_id', '=', query.program_id!))
      .$if(query.after !== undefined, (q) => q.where(idBytes, '>', query.after!))
      .orderBy(idBytes)
      .$if(query.limit !== undefined, (q) => q.limit(query.limit!))
      .execute();
    return rows.map(partnerOf);
  }

  /** Stores (or replaces) the sealed text; a partner the workspace does not hold is `not_found`. */
  async putPayoutDetails(workspaceId: string, partnerId: string, sealed: string): Promise<void> {
    const partner = await this.db.selectFrom('partners').select('id').where('workspace_id', '=', workspaceId).where('id', '=', partnerId).executeTakeFirst();
    if (!partner) throw new AppError('not_found', `no partner ${partnerId} in workspace ${workspaceId}`);
    await this.db.insertInto('payout_details').values({ workspace_id: workspaceId, partner_id: partnerId, sealed })
      .onConflict((oc) => oc.columns(['workspace_id', 'partner_id']).doUpdateSet({ sealed }))
      .execute();
  }

  async getPayoutDetails(workspaceId: string, partnerId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('payout_details').select('sealed').where('workspace_id', '=', workspaceId).where('partner_id', '=', partnerId).executeTakeFirst();
    return row?.sealed;
  }
}
