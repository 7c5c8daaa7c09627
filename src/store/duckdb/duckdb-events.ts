import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventRecord, LeadRecord, OrderRecord, RateRecord, SpendRecord, StoredEvent } from '../../records/events.js';
import type { DataRange } from '../store.js';
import { batchedIdLookup } from '../batched-id-lookup.js';
import { StoredIdFilter } from '../stored-id-filter.js';
import { eventListAfter, listEventsMax, personAnonymousIdsMax, type EventListFilter } from '../ports/event-log.js';
import type { EventDeletionFilter } from '../event-deletion.js';
import { emptyPersonLinks, type PersonErasureCounts, type PersonIds, type PersonLinks } from '../person-erasure.js';
import { spendAccount, spendDeletion, spendSource, summarizeSpendReplacement, type SpendReplaceOptions, type SpendReplacement, type StoredSpendKey } from '../spend-ranges.js';
import type { DuckDbDatabase, DuckDbTx, Params } from './duckdb-database.js';
import { rowToEvent } from './event-rows.js';
import { insertStagedEventsSql, stageEventFilesSql, stagedEvents } from './insert-events-sql.js';
import type { DuckDbRollups } from './rollups/duckdb-rollups.js';
import type { DuckDbJourneyRollups } from './journey-rollups/duckdb-journey-rollups.js';
import { erasePersonEventsSql, erasePersonLeadsSql, erasePersonOrdersSql, erasePersonStagingSql, personLinksSql } from './person-erasure-sql.js';
import { sqlString } from './sql-literal.js';

/** Ids per duplicate-check query: DuckDB's index scan stops at 2,048 matching rows. */
export const idsPerIndexLookup = 1_000;

/** The workspaces and ids of stored events with one of `ids`: a filter on `id` alone, which DuckDB answers from the index on `id`. */
export function storedIdsSql(ids: string[]): string {
  return `SELECT workspace_id, id FROM events WHERE id IN (${ids.map(sqlString).join(', ')})`;
}

/**
 * The embedded store's events and money rows: events (appended from spool files, listed,
 * deleted, re-channelled), a person's erasure, spend, orders, leads and currency rates.
 */
export class DuckDbEvents {
  /** The stored ids as a Bloom filter (issue 14): kept by `insertEventFiles`, built at the first duplicate check. */
  private readonly storedIds: StoredIdFilter;

  /** The journey rollups, told what each write changed (issue 14). */
  private readonly journeys?: DuckDbJourneyRollups;

  /** `rollups` and `opts.journeys` (the KPI and the journey rollups): told what each write changed (issue 14); `idFilterCapacity`: see `StoredIdFilter`. */
  constructor(
    private readonly db: DuckDbDatabase,
    private readonly rollups?: DuckDbRollups,
    opts: { idFilterCapacity?: number; journeys?: DuckDbJourneyRollups } = {},
  ) {
    this.journeys = opts.journeys;
    this.storedIds = new StoredIdFilter({
      count: async () => Number(await this.db.scalar('SELECT count(*) FROM events')),
      scan: (add) => this.db.eachChunk('SELECT workspace_id, id FROM events', {}, (column) => add(column<string>('workspace_id'), column<string>('id')), 4096),
    }, opts.idFilterCapacity);
  }

  /**
   * Which of `ids` the workspace stores: only the ids the filter says it may store are asked
   * (`stored-id-filter.ts`), and concurrent calls share one query (`batched-id-lookup.ts`).
   */
  readonly existingEventIds = async (workspaceId: string, ids: string[]): Promise<string[]> => {
    const maybe = this.storedIds.maybeStored(workspaceId, ids);
    return maybe.length ? this.lookupStoredIds(workspaceId, maybe) : [];
  };

  /** The stored-id filter: built yet, its bytes (0 until the first duplicate check) and the asked ids it let through to the store. */
  get storedIdFilter(): { ready: boolean; bytes: number; passed: number } {
    return this.storedIds.stats;
  }

  /**
   * DuckDB reads the index on `id` (migration 7) only for a filter on `id` alone with at most
   * `index_scan_max_count` (2,048) matches, so the workspace is checked here and the ids go in
   * lists of 1,000: any more condition, or a longer list, scans the whole table instead.
   */
  private readonly lookupStoredIds = batchedIdLookup(async (workspaceId, ids) => {
    const found: string[] = [];
    for (let i = 0; i < ids.length; i += idsPerIndexLookup) {
      for (const row of await this.db.rows<{ workspace_id: string; id: string }>(storedIdsSql(ids.slice(i, i + idsPerIndexLookup)))) {
        if (row.workspace_id === workspaceId) found.push(String(row.id));
      }
    }
    return [...new Set(found)];
  });

  async insertEvents(workspaceId: string, events: StoredEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const file = join(tmpdir(), `roilens-insert-${process.pid}-${randomBytes(6).toString('hex')}.jsonl`);
    // One spool-format line per chunk, kept well under read_json's object size limit, written as
    // it is made (no one string of every event); then one statement loads the file: a single
    // INSERT of a million events takes half the time of ten of 100,000.
    const fd = openSync(file, 'w');
    try {
      const addLines = (part: StoredEvent[]) => {
        const line = JSON.stringify({ w: workspaceId, e: part });
        if (line.length > 4_000_000 && part.length > 1) {
          addLines(part.slice(0, part.length >> 1));
          addLines(part.slice(part.length >> 1));
        } else writeSync(fd, line + '\n');
      };
      try {
        for (let i = 0; i < events.length; i += 2_000) addLines(events.slice(i, i + 2_000));
      } finally {
        closeSync(fd);
      }
      return await this.insertEventFiles([file]);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /**
   * Loads spool-format files: read once into a staging table, from which both rollups mark their
   * anonymous ids dirty and the insert takes the rows, in one transaction. Once the stored-id filter
   * is in use, the inserted ids go into it after the commit.
   */
  async insertEventFiles(paths: string[]): Promise<number> {
    if (paths.length === 0) return 0;
    const keep = this.storedIds.active;
    const insert = insertStagedEventsSql + (keep ? ' RETURNING workspace_id, id' : '');
    await this.journeys?.tables();
    const run = async (tx: DuckDbTx) => {
      await tx.run(stageEventFilesSql(paths));
      for (const rollups of [this.journeys, this.rollups]) if (rollups) await tx.run(rollups.dirtyFromStagedSql);
      const result = await tx.run(insert);
      const columns = keep ? ((await result.getColumnsJS()) as string[][]) : undefined;
      const count = columns ? (columns[1]?.length ?? 0) : Number(result.rowsChanged);
      // The KPI rollups learn whether every staged event was stored (their copy of the batch is then exact).
      await tx.run([...(this.rollups ? [this.rollups.afterInsertSql(count)] : []), `DROP TABLE ${stagedEvents}`].join(';\n'));
      return { count, columns };
    };
    const out = this.rollups ? await this.rollups.insertMarking(run) : await this.db.transaction(run);
    if (out.columns) this.storedIds.add(out.columns[0], out.columns[1]);
    return out.count;
  }

  /**
   * Orders or leads changed: the rollups' credits are recomputed at their next refresh. Marked
   * after the write commits (the mark runs on the side writer, after any refresh under way): a
   * refresh whose snapshot missed the write must not clear the mark.
   */
  private async markDirty(workspaceId: string): Promise<void> {
    await this.rollups?.markDirty(workspaceId);
    await this.journeys?.markDirty(workspaceId);
  }

  /** Events were deleted, erased or re-channelled: both rollups drop the workspace's rows. */
  private async markStale(workspaceId: string): Promise<void> {
    await this.rollups?.markStale(workspaceId);
    await this.journeys?.markStale(workspaceId);
  }

  async listEvents(workspaceId: string, filter: EventListFilter): Promise<StoredEvent[]> {
    const where = ['workspace_id = $ws'];
    const params: Params = { ws: workspaceId, limit: Math.min(Math.max(Math.trunc(filter.limit ?? 1000), 0), listEventsMax) };
    if (filter.after !== undefined) {
      const after = eventListAfter(filter.after);
      where.push('(epoch_ms(ts) > $after_ms OR (epoch_ms(ts) = $after_ms AND id > $after_id))');
      params.after_ms = after.ms;
      params.after_id = after.id;
    }
    if (filter.anonymous_id !== undefined) {
      where.push('anonymous_id = $anon');
      params.anon = filter.anonymous_id;
    }
    if (filter.user_id !== undefined) {
      where.push('user_id = $user');
      params.user = filter.user_id;
    }
    // A person's events: two scans each filtered on one column (an OR of them is no scan filter: 5× slower at 10M).
    let from = 'events';
    if (filter.person !== undefined) {
      from = `(SELECT * FROM events WHERE workspace_id = $ws AND user_id = $person_user
        UNION SELECT * FROM events WHERE workspace_id = $ws AND list_contains(from_json($person_anons, '["VARCHAR"]'), anonymous_id))`;
      params.person_user = filter.person.user_id;
      params.person_anons = JSON.stringify(filter.person.anonymous_ids.slice(0, personAnonymousIdsMax));
    }
    const order = filter.last ? 'epoch_ms(ts) DESC, id DESC' : 'epoch_ms(ts), id';
    const rows = await this.db.rows<Record<string, string | null>>(
      `SELECT *, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts_iso, revenue_amount::VARCHAR AS amount
       FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $limit`,
      params,
    );
    const events = rows.map(rowToEvent);
    return filter.last ? events.reverse() : events;
  }

  async findClick(workspaceId: string, clickId: string): Promise<StoredEvent | undefined> {
    const rows = await this.db.rows<Record<string, string | null>>(
      `SELECT *, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts_iso, revenue_amount::VARCHAR AS amount
       FROM events WHERE workspace_id = $ws AND click_id = $cid ORDER BY ts LIMIT 1`,
      { ws: workspaceId, cid: clickId },
    );
    return rows[0] ? rowToEvent(rows[0]) : undefined;
  }

  async countEvents(workspaceId: string): Promise<number> {
    return Number(await this.db.scalar(`SELECT count(*) FROM events WHERE workspace_id = $ws`, { ws: workspaceId }));
  }

  async deleteEvents(workspaceId: string, filter: EventDeletionFilter): Promise<number> {
    const where = ['workspace_id = $ws'];
    const params: Params = { ws: workspaceId };
    if (filter.ids !== undefined) {
      if (filter.ids.length === 0) return 0;
      where.push(`id IN (${filter.ids.map((id, i) => {
        params[`id${i}`] = id;
        return `$id${i}`;
      }).join(', ')})`);
    }
    if (filter.person !== undefined) {
      params.person = filter.person;
      where.push('(anonymous_id = $person OR user_id = $person OR anonymous_id IN (SELECT anonymous_id FROM events WHERE workspace_id = $ws AND user_id = $person))');
    }
    // ts is a UTC TIMESTAMP: instants compare as UTC wall-clock text.
    const utc = (iso: string) => iso.replace('T', ' ').replace('Z', '');
    if (filter.from !== undefined) {
      params.from = utc(filter.from);
      where.push('ts >= $from::TIMESTAMP');
    }
    if (filter.to !== undefined) {
      params.to = utc(filter.to);
      where.push('ts < $to::TIMESTAMP');
    }
    if (filter.source !== undefined) {
      params.source = filter.source;
      where.push('utm_source = $source');
    }
    const deleted = Number((await this.db.write(`DELETE FROM events WHERE ${where.join(' AND ')}`, params)).rowsChanged);
    if (deleted > 0) await this.markStale(workspaceId);
    return deleted;
  }

  // ---- erasure of a person (issue 12 #14) ----

  async personLinks(workspaceId: string, ids: PersonIds): Promise<PersonLinks> {
    const { ws, anon, users, emails } = this.personParams(workspaceId, { ...emptyPersonLinks(), ...ids });
    const rows = await this.db.rows<{ kind: string; value: string }>(personLinksSql, { ws, anon, users, emails });
    const out = emptyPersonLinks();
    const lists = { anon: out.anonymous_ids, user: out.user_ids, email: out.email_hashes, click: out.click_ids, order: out.order_ids } as Record<string, string[]>;
    for (const r of rows) lists[r.kind]?.push(String(r.value));
    return out;
  }

  async erasePerson(workspaceId: string, person: PersonLinks): Promise<PersonErasureCounts> {
    const params = this.personParams(workspaceId, person);
    const { anon, users, ws, emails, clicks, orders } = params;
    const counts = await this.db.transaction(async (tx) => {
      const events = await tx.rows<{ identify: boolean | null }>(erasePersonEventsSql, { ws, anon, users, emails });
      const orderCount = Number((await tx.run(erasePersonOrdersSql, { ws, users, emails, orders, clicks })).rowsChanged);
      const leadCount = Number((await tx.run(erasePersonLeadsSql, { ws, users, emails, clicks })).rowsChanged);
      await tx.run(erasePersonStagingSql, { ws, anon, users });
      return { events: events.length, traits: events.filter((e) => e.identify === true).length, orders: orderCount, leads: leadCount };
    });
    await this.markStale(workspaceId);
    return counts;
  }

  private personParams(workspaceId: string, p: PersonLinks): Params {
    return {
      ws: workspaceId, anon: JSON.stringify(p.anonymous_ids), users: JSON.stringify(p.user_ids), emails: JSON.stringify(p.email_hashes),
      clicks: JSON.stringify(p.click_ids), orders: JSON.stringify(p.order_ids),
    };
  }

  // ---- spend, orders, leads, rates ----

  async replaceSpend(workspaceId: string, rows: SpendRecord[], opts: SpendReplaceOptions = {}): Promise<SpendReplacement> {
    if (rows.length === 0) return summarizeSpendReplacement([], []);
    const del = spendDeletion(rows, opts.replace ?? 'keys');
    return this.db.transaction(async (tx) => {
      let where: string;
      const params: Params = { ws: workspaceId };
      if (del.mode === 'keys') {
        await tx.run(`CREATE OR REPLACE TEMP TABLE spend_import_keys (source VARCHAR, account VARCHAR, campaign VARCHAR, ad VARCHAR, date DATE)`);
        await tx.insertMany(`INSERT INTO spend_import_keys`, ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'DATE'], del.keys);
        where = `EXISTS (SELECT 1 FROM spend_import_keys k WHERE k.source = spend.source AND k.account = spend.account
          AND k.campaign = spend.campaign AND k.ad = spend.ad AND k.date = spend.date)`;
      } else {
        await tx.run(`CREATE OR REPLACE TEMP TABLE spend_import_keys (source VARCHAR, account VARCHAR)`);
        await tx.insertMany(`INSERT INTO spend_import_keys`, ['VARCHAR', 'VARCHAR'], del.groups.map((g) => [g.source, g.account]));
        where = `date BETWEEN $from::DATE AND $to::DATE
          AND EXISTS (SELECT 1 FROM spend_import_keys k WHERE k.source = spend.source AND (k.account IS NULL OR k.account = spend.account))`;
        Object.assign(params, { from: del.from, to: del.to });
      }
      const cols = `source, account, channel, campaign, ad, strftime(date, '%Y-%m-%d') AS date`;
      const deleted = opts.dryRun
        ? await tx.rows<StoredSpendKey>(`SELECT ${cols} FROM spend WHERE workspace_id = $ws AND ${where}`, params)
        : await tx.rows<StoredSpendKey>(`DELETE FROM spend WHERE workspace_id = $ws AND ${where} RETURNING ${cols}`, params);
      await tx.run(`DROP TABLE spend_import_keys`);
      if (!opts.dryRun) {
        const values = rows.map((r) => [workspaceId, r.date, r.channel, r.campaign, r.ad, spendSource(r), spendAccount(r), r.cost.amount, r.cost.currency, r.impressions, r.clicks, r.pricing_model]);
        await tx.insertMany(
          `INSERT OR REPLACE INTO spend (workspace_id, date, channel, campaign, ad, source, account, cost, currency, impressions, clicks, pricing_model)`,
          ['VARCHAR', 'DATE', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'DECIMAL(38,6)', 'VARCHAR', 'BIGINT', 'BIGINT', 'VARCHAR'],
          values,
        );
      }
      return summarizeSpendReplacement(rows, deleted);
    });
  }

  async upsertOrders(workspaceId: string, rows: OrderRecord[]): Promise<number> {
    await this.db.transaction((tx) =>
      tx.insertMany(
        `INSERT OR REPLACE INTO orders (workspace_id, order_id, customer_id, ts, amount, currency, email_hash, click_id, coupon, product, category)`,
        ['VARCHAR', 'VARCHAR', 'VARCHAR', 'TIMESTAMPTZ', 'DECIMAL(38,6)', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR'],
        rows.map((r) => [workspaceId, r.order_id, r.customer_id, r.ts, r.amount.amount, r.amount.currency, r.email_hash ?? null, r.click_id ?? null,
          r.coupon ?? null, r.product ?? null, r.category ?? null]),
      ),
    );
    await this.markDirty(workspaceId);
    return rows.length;
  }

  async upsertLeads(workspaceId: string, rows: LeadRecord[]): Promise<number> {
    await this.db.transaction((tx) =>
      tx.insertMany(
        `INSERT OR REPLACE INTO leads (workspace_id, lead_id, user_id, email_hash, click_id, created_at, mql_at, sql_at, opportunity_at, customer_at)`,
        ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'TIMESTAMPTZ', 'TIMESTAMPTZ', 'TIMESTAMPTZ', 'TIMESTAMPTZ', 'TIMESTAMPTZ'],
        rows.map((r) => [workspaceId, r.lead_id, r.user_id ?? null, r.email_hash ?? null, r.click_id ?? null, r.created_at, r.mql_at ?? null, r.sql_at ?? null, r.opportunity_at ?? null, r.customer_at ?? null]),
      ),
    );
    await this.markDirty(workspaceId);
    return rows.length;
  }

  async upsertRates(workspaceId: string, rows: RateRecord[]): Promise<number> {
    await this.db.transaction((tx) =>
      tx.insertMany(
        `INSERT OR REPLACE INTO rates (workspace_id, date, currency, rate)`,
        ['VARCHAR', 'DATE', 'VARCHAR', 'DECIMAL(38,12)'],
        rows.map((r) => [workspaceId, r.date, r.currency, r.rate]),
      ),
    );
    return rows.length;
  }

  async listRates(workspaceId: string): Promise<RateRecord[]> {
    return this.db.rows<RateRecord>(`SELECT strftime(date, '%Y-%m-%d') AS date, currency, rate::VARCHAR AS rate FROM rates WHERE workspace_id = $ws ORDER BY currency, date`, { ws: workspaceId });
  }

  // ---- channels ----

  /** Re-derives the channel of every stored event of the workspace with `classify`; answers how many changed. */
  async reclassify(workspaceId: string, classify: (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => string): Promise<number> {
    // Channels depend only on these few columns, so reclassify their distinct combinations, not every event.
    const combos = await this.db.rows<Record<string, string | null>>(
      `SELECT DISTINCT utm_source, utm_medium, referrer, click_id IS NOT NULL AS has_click,
         json_extract_string(properties, '$.gclid') AS gclid, json_extract_string(properties, '$.msclkid') AS msclkid,
         json_extract_string(properties, '$.fbclid') AS fbclid, json_extract_string(properties, '$.ttclid') AS ttclid,
         regexp_extract(url, '^https?://([^/:?#]+)', 1) AS host, regexp_extract(url, '[?&](gclid|msclkid|fbclid|ttclid|rl_cid)=', 1) AS url_kind
       FROM events WHERE workspace_id = $ws`,
      { ws: workspaceId },
    );
    return this.db.transaction(async (tx) => {
      await tx.run(`CREATE OR REPLACE TEMP TABLE channel_map (utm_source VARCHAR, utm_medium VARCHAR, referrer VARCHAR, has_click BOOLEAN, gclid VARCHAR, msclkid VARCHAR, fbclid VARCHAR, ttclid VARCHAR, host VARCHAR, url_kind VARCHAR, channel VARCHAR)`);
      const values = combos.map((c) => {
        const props: Record<string, unknown> = {};
        for (const k of ['gclid', 'msclkid', 'fbclid', 'ttclid'] as const) if (c[k]) props[k] = c[k];
        if (c.url_kind) props[c.url_kind] = 'x';
        const channel = classify({
          utm: { source: c.utm_source ?? undefined, medium: c.utm_medium ?? undefined },
          referrer: c.referrer ?? undefined,
          click_id: c.has_click ? 'x' : undefined,
          properties: props,
          url: c.host ? `https://${c.host}/` : undefined,
        });
        return [c.utm_source, c.utm_medium, c.referrer, Boolean(c.has_click), c.gclid, c.msclkid, c.fbclid, c.ttclid, c.host, c.url_kind, channel];
      });
      await tx.insertMany(`INSERT INTO channel_map`, ['VARCHAR', 'VARCHAR', 'VARCHAR', 'BOOLEAN', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR'], values);
      const res = await tx.run(`
        UPDATE events e SET channel = m.channel FROM channel_map m
        WHERE e.workspace_id = $ws
          AND e.utm_source IS NOT DISTINCT FROM m.utm_source AND e.utm_medium IS NOT DISTINCT FROM m.utm_medium
          AND e.referrer IS NOT DISTINCT FROM m.referrer AND (e.click_id IS NOT NULL) = m.has_click
          AND json_extract_string(e.properties, '$.gclid') IS NOT DISTINCT FROM m.gclid
          AND json_extract_string(e.properties, '$.msclkid') IS NOT DISTINCT FROM m.msclkid
          AND json_extract_string(e.properties, '$.fbclid') IS NOT DISTINCT FROM m.fbclid
          AND json_extract_string(e.properties, '$.ttclid') IS NOT DISTINCT FROM m.ttclid
          AND regexp_extract(e.url, '^https?://([^/:?#]+)', 1) IS NOT DISTINCT FROM m.host
          AND regexp_extract(e.url, '[?&](gclid|msclkid|fbclid|ttclid|rl_cid)=', 1) IS NOT DISTINCT FROM m.url_kind
          AND e.channel <> m.channel`, { ws: workspaceId });
      await tx.run(`DROP TABLE channel_map`);
      return Number(res.rowsChanged);
    }).then(async (changed) => {
      if (changed > 0) await this.markStale(workspaceId);
      return changed;
    });
  }

  async dataRange(workspaceId: string): Promise<DataRange> {
    const rows = await this.db.rows<{ from: string | null; to: string | null }>(
      // One scan of the events for both ends (least and greatest skip a side without rows).
      `WITH e AS (SELECT min(ts)::DATE AS lo, max(ts)::DATE AS hi FROM events WHERE workspace_id = $ws),
         s AS (SELECT min(date) AS lo, max(date) AS hi FROM spend WHERE workspace_id = $ws)
       SELECT strftime(least(e.lo, s.lo), '%Y-%m-%d') AS "from", strftime(greatest(e.hi, s.hi), '%Y-%m-%d') AS "to" FROM e, s`,
      { ws: workspaceId },
    );
    return rows[0] ?? { from: null, to: null };
  }
}
