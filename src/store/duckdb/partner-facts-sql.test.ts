import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbDatabase } from './duckdb-database.js';
import { duckDbPartnerFacts, partnerFactsSql } from './links-sql.js';
import { partnerFactsPage, type PartnerFactsPage } from '../partner-facts.js';

/**
 * The partner facts' reads were rewritten for speed (issue 14: the leaderboard gave no answer on 10M
 * events): `ev` no longer materialized, `click_person` only for the click ids orders and leads name,
 * the clicks' visitors stitched alone and `landed` as two equality lookups. The texts they replaced
 * are kept in `__sql__/partner-*-before.sql`; every page, paged finely, must be the same.
 */
describe('DuckDB partner facts: the rewritten reads answer as the ones they replaced', () => {
  const ws = 'ws_pf';
  let db: DuckDbDatabase;
  const before = {
    ...partnerFactsSql,
    conversions: readFileSync(new URL('./__sql__/partner-conversions-before.sql', import.meta.url), 'utf8'),
    clicks: readFileSync(new URL('./__sql__/partner-clicks-before.sql', import.meta.url), 'utf8'),
  };

  beforeAll(async () => {
    db = await DuckDbDatabase.open(':memory:');
    // 400 visitors a<v>, one every 97 minutes from Mar 1 (with ties: v and v+1 share an instant when v % 13 = 0).
    // Identity merges: a<v> with v % 5 = 0 identifies as u<v / 10> (two visitors a user), v % 7 = 0 also as w<v> (min wins).
    const at = (v: string, plus = "INTERVAL 0 MINUTE") => `TIMESTAMP '2026-03-01' + to_minutes((${v} - CASE WHEN ${v} % 13 = 1 THEN 1 ELSE 0 END) * 97) + ${plus}`;
    const slug = `['ann', 'bob', 'cy', 'other'][v % 4 + 1]`;
    const rows = (where: string, cols: string) => `INSERT INTO events (workspace_id, id, type, ts, anonymous_id, user_id, click_id, order_id, revenue_amount, revenue_currency, properties, channel)
      SELECT '${ws}', ${cols} FROM range(400) t(v) WHERE ${where}`;
    for (const sql of [
      rows('true', `'pv' || v, 'page_view', ${at('v', 'INTERVAL 1 DAY')}, 'a' || v, NULL, NULL, NULL, NULL, NULL, NULL, ['direct', 'email', 'search', 'social'][v % 4 + 1]`),
      rows('v % 5 = 0', `'id' || v, 'custom', ${at('v')}, 'a' || v, 'u' || (v // 10), NULL, NULL, NULL, NULL, NULL, 'direct'`),
      rows('v % 7 = 0', `'idw' || v, 'custom', ${at('v')}, 'a' || v, 'w' || v, NULL, NULL, NULL, NULL, NULL, 'direct'`),
      rows('v % 3 <> 2', `'k' || v, 'click', ${at('v')}, 'a' || v, NULL, 'rl_k' || v, NULL, NULL, NULL,
        json_object('link', ${slug}, 'rl_cid', 'rl_k' || v, 'rl_server_click', v % 17 <> 0)::VARCHAR, 'other'`),
      rows('v % 2 = 0', `'land' || v, 'page_view', ${at('v', 'INTERVAL 5 MINUTE')}, 'a' || v, NULL, NULL, NULL, NULL, NULL, NULL, 'direct'`),
      rows('v % 9 = 1', `'landc' || v, 'page_view', ${at('v', 'INTERVAL 20 MINUTE')}, 'b' || v, NULL, 'rl_k' || v, NULL, NULL, NULL, NULL, 'direct'`),
      rows('v % 2 = 0', `'s' || v, 'conversion', ${at('v', 'to_days(v % 10)')}, 'a' || v, NULL, NULL, 'o' || (v // 2 * 2), 10 + v, 'EUR',
        json_object('rl_verified', v % 8 <> 0, 'coupon', ' c' || v % 3, 'email_hash', 'h' || v % 11)::VARCHAR, 'direct'`),
      rows('v % 12 = 0', `'sd' || v, 'conversion', ${at('v', 'INTERVAL 2 DAY')}, 'a' || (v + 1), NULL, NULL, 'o' || v, 99, 'USD', '{"rl_verified": true}', 'direct'`),
      rows('v % 5 = 1', `'l' || v, 'lead', ${at('v', 'INTERVAL 3 HOUR')}, 'a' || v, NULL, NULL, NULL, NULL, NULL, json_object('rl_verified', true, 'lead_id', 'L' || v)::VARCHAR, 'direct'`),
      rows('v % 11 = 0', `'t' || v, 'custom', ${at('v', 'INTERVAL 1 HOUR')}, 'a' || v, NULL, NULL, NULL, NULL, NULL,
        json_object('email_hash', 'h' || v % 11, 'email_disposable', v % 22 = 0)::VARCHAR, 'direct'`),
      `INSERT INTO orders (workspace_id, order_id, customer_id, ts, amount, currency, email_hash, click_id, coupon)
        SELECT '${ws}', 'o' || v, 'c' || v, ${at('v', 'INTERVAL 6 HOUR')}, 5 + v, 'EUR', 'h' || v % 11, CASE WHEN v % 3 <> 2 THEN 'rl_k' || v END, 'x'
        FROM range(400) t(v) WHERE v % 4 = 1 OR v % 6 = 0`,
      `INSERT INTO leads (workspace_id, lead_id, user_id, click_id, created_at)
        SELECT '${ws}', 'L' || v, CASE WHEN v % 4 = 0 THEN 'u' || v END, 'rl_k' || v, ${at('v', 'INTERVAL 4 HOUR')} FROM range(400) t(v) WHERE v % 6 = 1 OR v % 5 = 1`,
    ]) await db.write(sql);
  });
  afterAll(() => db.close());

  const pages = async (sql: typeof partnerFactsSql, limit: number): Promise<PartnerFactsPage[]> => {
    const out: PartnerFactsPage[] = [];
    const range = { fromMs: Date.parse('2026-03-02T00:00:00Z'), toMs: Date.parse('2026-03-25T00:00:00Z') };
    for (let cursor: string | null = null; out.length < 1000;) {
      const page: PartnerFactsPage = await partnerFactsPage(duckDbPartnerFacts(db, ws, sql), range, { from: '', to: '', slugs: ['cy', 'ann', 'bob'], windowDays: 3, touches: true, emails: true, cursor, limit });
      out.push(page);
      if (!(cursor = page.next_cursor)) return out;
    }
    return out;
  };

  it('answers every page alike, paged by 15 and by 60 (several pages, merged identities, ties at page edges)', async () => {
    for (const limit of [15, 60]) {
      const [old, now] = [await pages(before, limit), await pages(partnerFactsSql, limit)];
      expect(now).toEqual(old);
      expect(old.length).toBeGreaterThan(limit === 15 ? 8 : 2);
    }
    const all = await pages(partnerFactsSql, 40);
    const clicks = all.flatMap((p) => p.clicks);
    const conversions = all.flatMap((p) => p.conversions);
    // The world has what the rewrite must keep: stitched persons, both ways of landing, sales of orders found by click id.
    expect(clicks.some((c) => c.person.startsWith('u')) && clicks.some((c) => c.person.startsWith('w'))).toBe(true);
    expect(clicks.some((c) => c.landed) && clicks.some((c) => !c.landed)).toBe(true);
    expect(conversions.some((c) => c.kind === 'sale' && c.anonymous_id === null && c.person.startsWith('a'))).toBe(true);
    expect(conversions.some((c) => c.kind === 'lead') && all.some((p) => p.touches.length > 0)).toBe(true);
  });
});
