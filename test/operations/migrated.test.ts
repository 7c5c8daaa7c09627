/**
 * The operations migrated from hand-written twins (issue 13 #1) keep their HTTP answers, and the
 * drift between the twins is gone: channel rules set over HTTP reset the ingestor's cached rules,
 * the experiment planner's limits are the same in and out of process, the funnel takes at most
 * one goal. Answers are checked against the output schemas (on under vitest).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelRulesSetOperation } from '../../src/operations/settings/channels.js';
import { runOperation } from '../../src/cli/operation-commands.js';
import { experimentPlanOperation } from '../../src/operations/analysis/experiments.js';
import { AppError } from '../../src/shared/errors.js';
import { appOf, type TestApp } from './app-of.js';

let t: TestApp;
beforeAll(async () => {
  t = await appOf();
}, 60_000);
afterAll(async () => t?.close());

const admin = { authorization: 'Bearer adm' };
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: admin });

describe('migrated operations', () => {
  it('GET /v1/kpis on an empty workspace answers the report shape; bad lookback names querystring.lookback', async () => {
    const res = await get('/v1/kpis?by=channel');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ by: 'channel', rows: [], currency: 'EUR', attribution: 'last-non-direct', calendar: 'gregorian' });
    const bad = await get('/v1/kpis?lookback=999');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'invalid_input', message: 'querystring.lookback: must be <= 365', issues: [{ path: 'querystring.lookback', message: 'must be <= 365' }] });
  });

  it('GET and PATCH /v1/workspace: errors name body fields, unknown keys are dropped as before', async () => {
    const ws = await get('/v1/workspace');
    expect(ws.json()).toMatchObject({ id: t.ctx.workspaceId, currency: 'EUR', timezone: 'UTC', fallback_url: null, calendar: 'gregorian', irr_display: 'rial' });
    const bad = await t.app.inject({ method: 'PATCH', url: '/v1/workspace', headers: admin, payload: { timezone: 'Mars/Olympus' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([{ path: 'body.timezone', message: 'must be an IANA time zone name, e.g. Asia/Tehran, Asia/Ho_Chi_Minh or UTC' }]);
    const ok = await t.app.inject({ method: 'PATCH', url: '/v1/workspace', headers: admin, payload: { timezone: 'asia/tehran', bogus: 1 } });
    expect(ok.body).toBe('{"updated":true}');
    expect((await get('/v1/workspace')).json().timezone).toBe('Asia/Tehran');
  });

  it('PUT /v1/channels/rules re-classifies and resets the ingestor\'s cached rules (the drift the CLI had)', async () => {
    const rules = [{ channel: 'search_ads', medium: '^cpc$' }];
    const res = await t.app.inject({ method: 'PUT', url: '/v1/channels/rules', headers: admin, payload: { rules } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ rules, events_reclassified: 0 });
    expect(t.forgotten).toEqual([t.ctx.workspaceId]);
    expect((await get('/v1/channels/rules')).json()).toEqual({ rules, default: false });
    const bad = await t.app.inject({ method: 'PUT', url: '/v1/channels/rules', headers: admin, payload: { rules: [{ channel: '' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('rules.0.channel');
    const notArray = await t.app.inject({ method: 'PUT', url: '/v1/channels/rules', headers: admin, payload: { rules: 'x' } });
    expect(notArray.json().issues).toEqual([{ path: 'body.rules', message: 'must be array' }]);
    // In the CLI the same handler runs (its pipeline has no cache to reset): same answer.
    const cli = await runOperation(channelRulesSetOperation, t.ctx.store, t.ctx.workspaceId, { rules });
    expect(cli).toEqual({ rules, events_reclassified: 0 });
  });

  it('experiment plan: one handler and one set of limits for HTTP and the CLI (R: power.prop.test → 31234)', async () => {
    const http = await get('/v1/experiments/plan?baseline=0.05&mde=0.1&power=0.8&daily_users=5000');
    expect(http.json()).toMatchObject({ users_per_variant: 31234, days: 13 });
    const cli = await runOperation(experimentPlanOperation, t.ctx.store, 'offline', { baseline: '0.05', mde: '0.1', power: '0.8', daily_users: '5000' });
    expect(cli).toEqual(http.json());
    const bad = await get('/v1/experiments/plan?baseline=2&mde=0.1');
    expect(bad.json().issues).toEqual([{ path: 'baseline', message: 'must be strictly between 0 and 1' }]);
    await expect(runOperation(experimentPlanOperation, t.ctx.store, 'offline', { baseline: '0.05', mde: '0.1', variants: '27' })).rejects.toThrow(AppError);
    const long = await get(`/v1/experiments/plan?baseline=${'1'.repeat(65)}&mde=0.1`);
    expect(long.json().issues).toEqual([{ path: 'querystring.baseline', message: 'must NOT have more than 64 characters' }]);
  });

  it('budget funnel: at most one of budget and the targets', async () => {
    const two = await get('/v1/budget/funnel?target_sales=5&budget=100&cpm=8&ctr=0.01&cvr=0.1&close_rate=0.2&aov=50');
    expect(two.statusCode).toBe(400);
    expect(two.json().message).toBe('target_sales: give at most one of budget, target_sales, target_revenue, target_leads');
    const negative = await get('/v1/budget/funnel?budget=-1');
    expect(negative.json().issues).toEqual([{ path: 'querystring.budget', message: 'must be >= 0' }]);
  });
});
