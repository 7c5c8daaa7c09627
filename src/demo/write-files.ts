/**
 * Writes a demo world to a folder: events.jsonl, spend.csv, orders.csv,
 * leads.csv, rates.csv and truth.json. The only module of src/demo that
 * touches the file system; the generator itself stays pure.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { DemoWorld } from './world/types.js';

export interface WrittenDemoFiles {
  dir: string;
  files: { name: string; path: string; rows: number }[];
}

export const spendColumns = ['date', 'channel', 'campaign', 'ad', 'source', 'cost', 'currency', 'impressions', 'clicks', 'pricing_model'] as const;
export const orderColumns = ['order_id', 'customer_id', 'ts', 'amount', 'currency', 'email_hash', 'click_id'] as const;
export const leadColumns = ['lead_id', 'user_id', 'email_hash', 'click_id', 'created_at', 'mql_at', 'sql_at', 'opportunity_at', 'customer_at'] as const;
export const rateColumns = ['date', 'currency', 'rate'] as const;

/**
 * Writes every part of the world under `dir` (created if missing) and returns the paths with row counts.
 * Money columns are split into an amount and a currency column (`cost`,`currency`; `amount`,`currency`).
 */
export function writeDemoWorldFiles(world: DemoWorld, dir: string): WrittenDemoFiles {
  mkdirSync(dir, { recursive: true });
  const files: WrittenDemoFiles['files'] = [];
  const record = (name: string, rows: number) => files.push({ name, path: join(dir, name), rows });

  writeJsonLines(join(dir, 'events.jsonl'), world.events);
  record('events.jsonl', world.events.length);

  writeCsv(
    join(dir, 'spend.csv'),
    spendColumns,
    world.spend.map((s) => [s.date, s.channel, s.campaign, s.ad, s.source ?? '', s.cost.amount, s.cost.currency, s.impressions, s.clicks, s.pricing_model]),
  );
  record('spend.csv', world.spend.length);

  writeCsv(
    join(dir, 'orders.csv'),
    orderColumns,
    world.orders.map((o) => [o.order_id, o.customer_id, o.ts, o.amount.amount, o.amount.currency, o.email_hash ?? '', o.click_id ?? '']),
  );
  record('orders.csv', world.orders.length);

  writeCsv(
    join(dir, 'leads.csv'),
    leadColumns,
    world.leads.map((l) => leadColumns.map((c) => l[c] ?? '')),
  );
  record('leads.csv', world.leads.length);

  writeCsv(join(dir, 'rates.csv'), rateColumns, world.rates.map((r) => [r.date, r.currency, r.rate]));
  record('rates.csv', world.rates.length);

  writeFileSync(join(dir, 'truth.json'), `${JSON.stringify(world.truth, null, 2)}\n`);
  record('truth.json', 1);
  return { dir, files };
}

function writeCsv(path: string, columns: readonly string[], rows: (string | number)[][]): void {
  writeFileSync(path, stringify(rows, { header: true, columns: [...columns] }));
}

/** One JSON document per line, written in chunks so a million events never become one giant string. */
function writeJsonLines(path: string, items: readonly unknown[]): void {
  const fd = openSync(path, 'w');
  try {
    const chunk = 10_000;
    for (let i = 0; i < items.length; i += chunk) {
      let text = '';
      for (const item of items.slice(i, i + chunk)) text += `${JSON.stringify(item)}\n`;
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
}
