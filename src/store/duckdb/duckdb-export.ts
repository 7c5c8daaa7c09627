import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { LeadRecord, OrderRecord, SpendRecord, StoredEvent } from '../../records/events.js';
import type { TrackingLink, Workspace } from '../../records/workspace.js';
import type { MetadataExport } from '../kysely/index.js';
import type { SettingsRepo } from '../ports/settings-repo.js';
import type { PersonRepo } from '../ports/person-repo.js';
import type { AuditRepo } from '../ports/audit-and-share-links.js';
import type { AuditEntry } from '../../records/audit.js';
import type { LedgerEntry, PayoutRun, Program } from '../../records/partners.js';
import type { LedgerRepo, PartnerRepo } from '../ports/partner-ledger.js';
import { partnerSnapshotOf, type PartnerRow, type PartnerSnapshot } from '../snapshot/partner-copies.js';
import { auditPagesOf, membersOf, settingOfWorkspace, type KeyRow, type MemberRow, type StoreSnapshot } from '../snapshot/store-snapshot.js';
import type { DuckDbDatabase } from './duckdb-database.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import type { RateRecord } from '../../records/events.js';
import { rowToEvent } from './event-rows.js';

const iso = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

/**
 * Reads a DuckDB workspace back out as canonical records, in pages, so
 * `roilens migrate` can copy it into another store without holding it all.
 */
export class DuckDbExport implements StoreSnapshot {
  constructor(private readonly conn: DuckDBConnection, private readonly metadata: MetadataExport, private readonly settingsRepo: Pick<SettingsRepo, 'getChannelRules' | 'listRates'> & Pick<PersonRepo, 'listMembers' | 'getPerson'> & Pick<AuditRepo, 'auditChain'> & PartnerRepo & LedgerRepo) {
    this.partnerRows = partnerSnapshotOf(settingsRepo);
  }

  private readonly partnerRows: PartnerSnapshot;

  programs(ws: string): Promise<Program[]> {
    return this.partnerRows.programs(ws);
  }

  partners(ws: string): Promise<PartnerRow[]> {
    return this.partnerRows.partners(ws);
  }

  payoutRuns(ws: string): Promise<PayoutRun[]> {
    return this.partnerRows.payoutRuns(ws);
  }

  ledger(ws: string): AsyncIterable<LedgerEntry[]> {
    return this.partnerRows.ledger(ws);
  }

  channelRules(ws: string): Promise<ChannelRule[] | undefined> {
    return this.settingsRepo.getChannelRules(ws);
  }

  rates(ws: string): Promise<RateRecord[]> {
    return this.settingsRepo.listRates(ws);
  }

  members(ws: string): Promise<MemberRow[]> {
    return membersOf(this.settingsRepo, ws);
  }

  audit(ws: string): AsyncIterable<AuditEntry[]> {
    return auditPagesOf(this.settingsRepo, ws);
  }

  apiKeys(ws: string): Promise<KeyRow[]> {
    return this.metadata.apiKeys(ws);
  }

  close(): void {
    this.conn.closeSync();
  }

  workspaces(): Promise<Workspace[]> {
    return this.metadata.workspaces();
  }

  settings(): Promise<{ key: string; value: string }[]> {
    return this.metadata.settings();
  }

  documents(ws: string): Promise<{ collection: string; id: string; body: unknown }[]> {
    return this.metadata.documents(ws);
  }

  /** Every link of the workspace, deleted ones included (their slugs stay reserved in the copy). */
  links(ws: string): Promise<(TrackingLink & { deleted_at?: string })[]> {
    return this.metadata.links(ws);
  }

  async spend(ws: string): Promise<SpendRecord[]> {
    const rows = await this.rows<Record<string, string | number | null>>(
      `SELECT strftime(date, '%Y-%m-%d') AS date, channel, campaign, ad, source, account, cost::VARCHAR AS cost, currency, impressions, clicks, pricing_model
       FROM spend WHERE workspace_id = $ws ORDER BY date, channel, campaign, ad`, { ws });
    return rows.map((r) => ({
      date: String(r.date), channel: String(r.channel), campaign: String(r.campaign), ad: String(r.ad), ...(r.source ? { source: String(r.source) } : {}), ...(r.account ? { account: String(r.account) } : {}),
      cost: { amount: String(r.cost), currency: String(r.currency) }, impressions: Number(r.impressions), clicks: Number(r.clicks), pricing_model: r.pricing_model as SpendRecord['pricing_model'],
    }));
  }

  async orders(ws: string): Promise<OrderRecord[]> {
    const rows = await this.rows<Record<string, string | null>>(
      `SELECT order_id, customer_id, ${iso('ts')} AS ts, amount::VARCHAR AS amount, currency, email_hash, click_id, coupon, product, category FROM orders WHERE workspace_id = $ws ORDER BY order_id`, { ws });
    return rows.map((r) => ({
      order_id: r.order_id!, customer_id: r.customer_id!, ts: r.ts!, amount: { amount: r.amount!, currency: r.currency! },
      ...(r.email_hash ? { email_hash: r.email_hash } : {}), ...(r.click_id ? { click_id: r.click_id } : {}),
      ...(r.coupon ? { coupon: r.coupon } : {}), ...(r.product ? { product: r.product } : {}), ...(r.category ? { category: r.category } : {}),
    }));
  }

  async leads(ws: string): Promise<LeadRecord[]> {
    const rows = await this.rows<Record<string, string | null>>(
      `SELECT lead_id, user_id, email_hash, click_id, ${iso('created_at')} AS created_at, ${iso('mql_at')} AS mql_at, ${iso('sql_at')} AS sql_at,
         ${iso('opportunity_at')} AS opportunity_at, ${iso('customer_at')} AS customer_at FROM leads WHERE workspace_id = $ws ORDER BY lead_id`, { ws });
    return rows.map((r) => {
      const lead: LeadRecord = { lead_id: r.lead_id!, created_at: r.created_at! };
      for (const k of ['user_id', 'email_hash', 'click_id', 'mql_at', 'sql_at', 'opportunity_at', 'customer_at'] as const) if (r[k]) lead[k] = r[k]!;
      return lead;
    });
  }

  /** Every event of the workspace in pages of `size`, in (ts, id) order (keyset pagination). */
  async *events(ws: string, size = 50_000): AsyncGenerator<StoredEvent[]> {
    let after: { ts: string; id: string } | null = null;
    for (;;) {
      const params: Record<string, DuckDBValue> = { ws, size };
      let where = 'workspace_id = $ws';
      if (after) {
        where += ' AND (ts, id) > ($ts::TIMESTAMP, $id)';
        params.ts = after.ts;
        params.id = after.id;
      }
      const rows = await this.rows<Record<string, string | null>>(
        `SELECT *, ${iso('ts')} AS ts_iso, strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS ts_key, revenue_amount::VARCHAR AS amount FROM events WHERE ${where} ORDER BY ts, id LIMIT $size`, params);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1];
      after = { ts: last.ts_key!, id: last.id! };
      yield rows.map(rowToEvent);
    }
  }

  private async rows<T>(sql: string, params: Record<string, DuckDBValue> = {}): Promise<T[]> {
    return (await this.conn.runAndReadAll(sql, params)).getRowObjectsJS() as unknown as T[];
  }
}

/**
 * Deletes a workspace and everything it holds from the embedded store (`roilens restore --replace`):
 * the rows of every table with a `workspace_id` column (events, money rows, metadata, keys, the KPI
 * and journey rollups, which rebuild from nothing), the settings that name it, and the workspace.
 * The audit log and share links stay, as on the scale store: the log is never edited (the restored
 * one continues it where it can), and share links are this installation's. So do the partner ledger
 * and payout runs (append-only money records: the restored entries join them by key).
 * One transaction: a failure leaves the workspace as it was.
 */
export async function dropDuckDbWorkspace(db: DuckDbDatabase, workspaceId: string): Promise<void> {
  const tables = await db.rows<{ table_name: string }>(
    `SELECT DISTINCT table_name FROM information_schema.columns WHERE column_name = 'workspace_id' AND table_schema = 'main' AND table_name NOT IN ('workspaces', 'audit_log', 'share_links', 'ledger_entries', 'payout_runs', 'payout_run_heads') ORDER BY table_name`);
  const settings = (await db.rows<{ key: string }>('SELECT key FROM settings')).map((r) => r.key).filter((key) => settingOfWorkspace(key, workspaceId));
  await db.transaction(async (tx) => {
    for (const { table_name } of tables) await tx.run(`DELETE FROM "${table_name.replace(/"/g, '""')}" WHERE workspace_id = $ws`, { ws: workspaceId });
    for (const key of settings) await tx.run('DELETE FROM settings WHERE key = $key', { key });
    await tx.run(`DELETE FROM workspaces WHERE id = $ws`, { ws: workspaceId });
  });
}
