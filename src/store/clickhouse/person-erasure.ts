import { emptyPersonLinks, type PersonErasureCounts, type PersonIds, type PersonLinks } from '../person-erasure.js';
import { ClickHouseClient } from './clickhouse-client.js';
import type { ClickHouseTopology } from './clickhouse-schema.js';
import { chValue } from './sql-literal.js';

/**
 * Person erasure on ClickHouse (issue 12 #14, see `store/person-erasure.ts`): the same closure and
 * rows as the embedded store, deleted by mutations on every node, waited for. Nullable columns go
 * through ifNull: 18.16 mutations delete the rows where a condition is NULL.
 */
export interface ErasureTarget {
  client: ClickHouseClient;
  /** Quoted database name. */
  db: string;
  topology: ClickHouseTopology;
  waitForMutations(client: ClickHouseClient, database: string, table: string): Promise<void>;
}

const emailProp = `visitParamExtractString(ifNull(properties, ''), 'email_hash')`;

/** `column IN (…)` for a non-empty list, else nothing (an empty IN list is invalid SQL). */
function anyOf(column: string, values: string[]): string[] {
  return values.length ? [`${column} IN (${values.map((v) => chValue(v)).join(', ')})`] : [];
}

function matching(ws: string, alternatives: string[]): string | undefined {
  return alternatives.length ? `workspace_id = ${chValue(ws)} AND (${alternatives.join(' OR ')})` : undefined;
}

const eventsWhere = (ws: string, p: PersonIds) =>
  matching(ws, [...anyOf('anonymous_id', p.anonymous_ids), ...anyOf(`ifNull(user_id, '')`, p.user_ids), ...anyOf(emailProp, p.email_hashes)]);

export async function personLinks(t: ErasureTarget, ws: string, ids: PersonIds): Promise<PersonLinks> {
  const out = emptyPersonLinks();
  const add = (list: string[], v: string | null | undefined) => {
    if (v) list.push(String(v));
  };
  const events = eventsWhere(ws, ids);
  if (events) {
    const rows = await t.client.query<Record<string, string>>(`SELECT DISTINCT anonymous_id AS a, ifNull(user_id, '') AS u, ${emailProp} AS e,
      ifNull(click_id, '') AS c, ifNull(order_id, '') AS o FROM ${t.db}.events FINAL WHERE ${events}`);
    for (const r of rows) {
      add(out.anonymous_ids, r.a);
      add(out.user_ids, r.u);
      add(out.email_hashes, r.e);
      add(out.click_ids, r.c);
      add(out.order_ids, r.o);
    }
  }
  const orders = matching(ws, [...anyOf('customer_id', ids.user_ids), ...anyOf(`ifNull(email_hash, '')`, ids.email_hashes)]);
  if (orders) {
    for (const r of await t.client.query<Record<string, string>>(`SELECT DISTINCT customer_id AS u, ifNull(email_hash, '') AS e FROM ${t.db}.orders FINAL WHERE ${orders}`)) {
      add(out.user_ids, r.u);
      add(out.email_hashes, r.e);
    }
  }
  const leads = matching(ws, [...anyOf(`ifNull(user_id, '')`, ids.user_ids), ...anyOf(`ifNull(email_hash, '')`, ids.email_hashes)]);
  if (leads) {
    for (const r of await t.client.query<Record<string, string>>(`SELECT DISTINCT ifNull(user_id, '') AS u, ifNull(email_hash, '') AS e FROM ${t.db}.leads FINAL WHERE ${leads}`)) {
      add(out.user_ids, r.u);
      add(out.email_hashes, r.e);
    }
  }
  return out;
}

export async function erasePerson(t: ErasureTarget, ws: string, p: PersonLinks): Promise<PersonErasureCounts> {
  const counts: PersonErasureCounts = { events: 0, traits: 0, orders: 0, leads: 0 };
  const events = eventsWhere(ws, p);
  const orders = matching(ws, [...anyOf('customer_id', p.user_ids), ...anyOf(`ifNull(email_hash, '')`, p.email_hashes), ...anyOf('order_id', p.order_ids), ...anyOf(`ifNull(click_id, '')`, p.click_ids)]);
  const leads = matching(ws, [...anyOf(`ifNull(user_id, '')`, p.user_ids), ...anyOf(`ifNull(email_hash, '')`, p.email_hashes), ...anyOf(`ifNull(click_id, '')`, p.click_ids)]);
  if (events) {
    const r = (await t.client.query<{ n: string; traits: string }>(`SELECT uniqExact(id) AS n, uniqExactIf(id, type = 'custom' AND ifNull(name, '') = 'identify') AS traits
      FROM ${t.db}.events WHERE ${events}`))[0];
    counts.events = Number(r?.n ?? 0);
    counts.traits = Number(r?.traits ?? 0);
  }
  if (orders) counts.orders = Number((await t.client.query<{ n: string }>(`SELECT uniqExact(order_id) AS n FROM ${t.db}.orders WHERE ${orders}`))[0]?.n ?? 0);
  if (leads) counts.leads = Number((await t.client.query<{ n: string }>(`SELECT uniqExact(lead_id) AS n FROM ${t.db}.leads WHERE ${leads}`))[0]?.n ?? 0);
  const work: [string, string | undefined, number][] = [['events', events, counts.events], ['orders', orders, counts.orders], ['leads', leads, counts.leads]];
  for (const [table, where, n] of work) {
    if (!where || n === 0) continue;
    const nodes = t.topology.kind === 'single' ? [{ url: t.topology.url, table }] : t.topology.shards.map((url) => ({ url, table: `${table}_local` }));
    for (const node of nodes) {
      const client = new ClickHouseClient(node.url);
      await client.exec(`ALTER TABLE ${t.db}.${node.table} DELETE WHERE ${where}`);
      await t.waitForMutations(client, t.topology.database, node.table);
    }
  }
  return counts;
}
