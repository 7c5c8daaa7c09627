import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { roilens } from '../helpers/roilens-cli.js';
import { tempDir } from '../helpers/temp.js';

/** `roilens import spend` (issue 11 #1, #17): the answer in JSON and as a table, --dry-run, --replace range, --source. */
describe('roilens import spend', { timeout: 300_000 }, () => {
  const tmp = tempDir();
  const db = `${tmp.dir}/spend.duckdb`;
  const file = (name: string, text: string) => {
    writeFileSync(`${tmp.dir}/${name}`, text);
    return `${tmp.dir}/${name}`;
  };
  const spendOn = async (day: string) => JSON.parse((await roilens('kpi', '--from', day, '--to', day, '--format', 'json', '--db', db)).stdout).totals.spend;

  beforeAll(async () => {
    // An empty database with its workspace.
    const server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm' });
    await server.close();
  });
  afterAll(() => tmp.cleanup());

  const google = 'Day,Campaign,Ad group,Currency code,Cost,Impr.,Clicks\n2026-11-20,generic_search,ag1,EUR,400.00,10000,300\n';

  it('the issue scenario: only the Google Ads row of the same key is replaced', async () => {
    const earlier = file('earlier.csv', [
      'date,channel,campaign,ad,cost,currency,source',
      '2026-11-20,paid_search,bing_generic,ag1,120.00,EUR,microsoft_ads',
      '2026-11-20,paid_search,brand,exact,90.00,EUR,google_ads',
      '2026-11-20,paid_search,generic_search,ag1,350.00,EUR,google_ads',
    ].join('\n'));
    expect((await roilens('import', 'spend', earlier, '--db', db)).code).toBe(0);
    const g = file('google.csv', google);

    const dry = await roilens('import', 'spend', g, '--dry-run', '--format', 'json', '--db', db);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dry_run: true, stored: 0, inserted: 1, replaced: 1, removed: 0 });
    expect(await spendOn('2026-11-20')).toBe(560);

    const res = await roilens('import', 'spend', g, '--format', 'json', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      inserted: 1, replaced: 1, removed: 0, warnings: [], errors: [],
      by_channel: [{ channel: 'paid_search', inserted: 1, replaced: 1, removed: 0, spend: '400', currency: 'EUR' }],
    });
    // 120 + 90 + 400.
    expect(await spendOn('2026-11-20')).toBe(610);
  });

  it('prints the answer as a table; --replace range removes the source\'s other rows of the range', async () => {
    const res = await roilens('import', 'spend', file('google2.csv', google), '--replace', 'range', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/spend \(google_ads layout\): inserted 1, replaced 1, removed 1/);
    expect(res.stdout).toMatch(/paid_search\s+1\s+1\s+1\s+400 EUR/);
    // 120 + 400.
    expect(await spendOn('2026-11-20')).toBe(520);
    const bad = await roilens('import', 'spend', file('google3.csv', google), '--replace', 'everything', '--db', db);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--replace/);
  });

  it('warns about a channel no rule knows, on stderr, and still imports it (#17)', async () => {
    const res = await roilens('import', 'spend', file('tiktok.csv', 'date,channel,campaign,cost\n2026-11-24,tiktok,launch,55\n'), '--source', 'tiktok_ads', '--db', db);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/warning \(line 2\): channel "tiktok".*--channel/);
    expect(await spendOn('2026-11-24')).toBe(55);
  });
});
