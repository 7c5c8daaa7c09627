/**
 * Upgrade (issue 15): a database made by the previous release opens with this code. The fixture was
 * made once with the CLI of commit 6dfdfb8 (the last before issue 15's spine; the commands are in
 * answers.json, with that release's own KPI answers): a 14-day demo world, a tracking link and a
 * postback source, its admin token generated and kept in plain text. Here the current server starts
 * on a copy: the migrations apply, the admin token works as the owner's secret key and is no longer
 * stored in plain text, the link and the source still work, and the KPIs read the same as the old
 * release answered them.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { migrations } from '../../src/store/duckdb/migrations.js';
import { legacyAdminTokenSetting } from '../../src/server/open-workspace.js';
import { tempDir } from '../helpers/temp.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'previous-release');
interface OldAnswers {
  admin_token: string;
  postback_source: { id: string; secret: string };
  kpis: Record<'channel' | 'day', { rows: Record<string, unknown>[]; totals: Record<string, unknown> }>;
}
const old = JSON.parse(readFileSync(join(fixture, 'answers.json'), 'utf8')) as OldAnswers;

let temp: ReturnType<typeof tempDir>;
let dbPath: string;
let server: RunningServer | undefined;

beforeAll(async () => {
  temp = tempDir('roilens-upgrade-');
  dbPath = join(temp.dir, 'previous-release.duckdb');
  writeFileSync(dbPath, gunzipSync(readFileSync(join(fixture, 'previous-release.duckdb.gz'))));
  copyFileSync(dbPath, `${dbPath}.as-made`);
  server = await startServer({ dbPath, port: 0, demo: false, quiet: true });
}, 120_000);
afterAll(async () => {
  await server?.close();
  temp?.cleanup();
});

const get = (path: string, token = old.admin_token) => fetch(`${server!.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** `actual` holds every figure of `expected` with the same value (newer answers may add fields, e.g. fresh_as_of). */
function sameFigures(actual: Record<string, unknown>, expected: Record<string, unknown>, where: string): void {
  for (const [key, value] of Object.entries(expected)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) sameFigures(actual[key] as Record<string, unknown>, value as Record<string, unknown>, `${where}.${key}`);
    // Six decimals: since issue 14 session time is summed from whole milliseconds (exact), the previous release summed seconds (time_per_session differed by 6e-9 s).
    else if (typeof value === 'number') expect(actual[key], `${where}.${key}`).toBeCloseTo(value, 6);
    else expect(actual[key], `${where}.${key}`).toEqual(value);
  }
}

describe('a database of the previous release', () => {
  it('its admin token works as the owner\'s secret key, and the server shows no token', async () => {
    expect(server!.adminToken).toBeUndefined();
    expect((await get('/v1/keys')).status).toBe(200);
    const keys = ((await (await get('/v1/keys')).json()) as { keys: { id: string; scopes: string[]; prefix: string }[] }).keys;
    expect(keys).toEqual([expect.objectContaining({ id: 'key_admin_token', scopes: ['admin'], prefix: old.admin_token.slice(0, 4) })]);
    expect((await get('/v1/keys', 'adm_not_the_token')).status).toBe(401);
  });

  it('reads the same KPIs as the previous release answered, by channel and by day', async () => {
    for (const by of ['channel', 'day'] as const) {
      const res = await get(`/v1/kpis?by=${by}&from=2026-11-17&to=2026-11-30&compare=none`);
      expect(res.status).toBe(200);
      const now = (await res.json()) as OldAnswers['kpis']['channel'];
      expect(now.rows.length, by).toBe(old.kpis[by].rows.length);
      old.kpis[by].rows.forEach((row, i) => sameFigures(now.rows[i], row, `${by}.rows[${i}]`));
      sameFigures(now.totals, old.kpis[by].totals, `${by}.totals`);
    }
  });

  it('its tracking link redirects and its postback source is still known', async () => {
    const click = await fetch(`${server!.url}/c/spring-sale`, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toMatch(/^https:\/\/shop\.example\/spring\?rl_cid=/);
    const { id, secret } = old.postback_source;
    // A known source with the right secret gets as far as the click (none with this id): 422, not 401.
    expect((await fetch(`${server!.url}/v1/postback?source=${id}&secret=${secret}&click_id=nope`)).status).toBe(422);
    expect((await fetch(`${server!.url}/v1/postback?source=${id}&secret=wrong&click_id=nope`)).status).toBe(401);
  });

  it('every migration applied and the plain admin token is gone from the file', async () => {
    await server!.close();
    server = undefined;
    const store = await DuckDbStore.open(dbPath);
    try {
      expect(await store.getSetting(legacyAdminTokenSetting)).toBe('');
    } finally {
      await store.close();
    }
    const asMade = readFileSync(`${dbPath}.as-made`);
    expect(asMade.includes(old.admin_token)).toBe(true);
    const upgraded = readFileSync(dbPath);
    expect(upgraded.includes(old.admin_token.slice(4))).toBe(false);
    expect(migrations.at(-1)!.version).toBeGreaterThanOrEqual(8);
  });
});
