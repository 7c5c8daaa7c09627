import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoWorld } from './generate.js';
import { leadColumns, orderColumns, spendColumns, writeDemoWorldFiles } from './write-files.js';

describe('writeDemoWorldFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roilens-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const world = generateDemoWorld({ seed: 11, days: 7, visitors: 1000 });
  const written = writeDemoWorldFiles(world, join(dir, 'out'));
  const read = (name: string) => readFileSync(join(dir, 'out', name), 'utf8');
  const csv = (name: string) => parse(read(name), { columns: true }) as Record<string, string>[];

  it('writes the six files with their row counts', () => {
    expect(written.files.map((f) => f.name)).toEqual(['events.jsonl', 'spend.csv', 'orders.csv', 'leads.csv', 'rates.csv', 'truth.json']);
    expect(written.files[0].rows).toBe(world.events.length);
  });

  it('round-trips events, orders, spend, leads, rates and truth', () => {
    const lines = read('events.jsonl').trimEnd().split('\n');
    expect(lines.length).toBe(world.events.length);
    expect(lines.map((l) => JSON.parse(l))).toEqual(world.events);

    const spend = csv('spend.csv');
    expect(Object.keys(spend[0])).toEqual([...spendColumns]);
    expect(spend.length).toBe(world.spend.length);
    expect(spend[0].cost).toBe(world.spend[0].cost.amount);
    expect(Number(spend[0].clicks)).toBe(world.spend[0].clicks);

    const orders = csv('orders.csv');
    expect(Object.keys(orders[0])).toEqual([...orderColumns]);
    expect(orders.map((o) => [o.order_id, o.amount, o.currency])).toEqual(world.orders.map((o) => [o.order_id, o.amount.amount, o.amount.currency]));

    const leads = csv('leads.csv');
    expect(Object.keys(leads[0])).toEqual([...leadColumns]);
    expect(leads.map((l) => l.mql_at || undefined)).toEqual(world.leads.map((l) => l.mql_at));

    expect(csv('rates.csv')).toEqual(world.rates.map((r) => ({ ...r })));
    expect(JSON.parse(read('truth.json'))).toEqual(world.truth);
  });
});
