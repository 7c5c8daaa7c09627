/**
 * A small stand-in for the roilens API, for developing the dashboard with
 * `vite` before the real server exists and for driving the pages' error
 * states. Serves web/dist and deterministic JSON; not used by the main e2e
 * test, which runs the real server.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const CHANNELS = ['paid_search', 'paid_social', 'display', 'email', 'affiliates', 'direct'];
const CPC = [0.9, 0.6, 0.3, 0.05, 0.4, 0];

interface DayRow {
  day: string;
  channel: string;
  campaign: string;
  spend: number;
  clicks: number;
  sessions: number;
  conversions: number;
  revenue: number;
  leads: number;
}

function isoDay(offset: number, end: string): string {
  const date = new Date(`${end}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - offset);
  return date.toISOString().slice(0, 10);
}

/** Deterministic daily facts per channel and campaign for `days` days ending on `end`. */
function world(days: number, end: string): DayRow[] {
  const rows: DayRow[] = [];
  for (let d = days - 1; d >= 0; d--) {
    CHANNELS.forEach((channel, c) => {
      for (let k = 0; k < 2; k++) {
        const clicks = 40 + ((d * 7 + c * 13 + k * 5) % 60);
        const conversions = (d + c + k) % 5;
        rows.push({
          day: isoDay(d, end),
          channel,
          campaign: `${channel}_${k === 0 ? 'brand' : 'prospecting'}`,
          spend: Math.round(clicks * CPC[c] * 100) / 100,
          clicks,
          sessions: Math.round(clicks * 0.9),
          conversions,
          revenue: conversions * (40 + c * 5),
          leads: conversions + 1,
        });
      }
    });
  }
  return rows;
}

function metrics(rows: DayRow[]): Record<string, number | null> {
  const sum = (key: keyof DayRow) => rows.reduce((total, row) => total + (row[key] as number), 0);
  const spend = Math.round(sum('spend') * 100) / 100;
  const clicks = sum('clicks');
  const conversions = sum('conversions');
  const revenue = sum('revenue');
  const leads = sum('leads');
  const sessions = sum('sessions');
  const div = (a: number, b: number) => (b === 0 ? null : a / b);
  return {
    spend, clicks, impressions: clicks * 40, sessions, unique_visitors: Math.round(sessions * 0.8), leads, conversions, revenue,
    ctr: div(clicks, clicks * 40), cpc: div(spend, clicks), cpa: div(spend, conversions), cpl: div(spend, leads),
    conversion_rate: div(conversions, sessions), roas: div(revenue, spend), roi: div(revenue - spend, spend),
    profit: revenue - spend, aov: div(revenue, conversions),
  };
}

function groupBy(rows: DayRow[], key: 'channel' | 'campaign' | 'day') {
  const groups = new Map<string, DayRow[]>();
  for (const row of rows) groups.set(row[key], [...(groups.get(row[key]) ?? []), row]);
  return [...groups].map(([value, group]) => ({ [key]: value, ...(key === 'campaign' ? { channel: group[0].channel } : {}), ...metrics(group) }));
}

const METRICS = [
  ['spend', 'Spend', 'money', 'up'], ['revenue', 'Revenue', 'money', 'up'], ['conversions', 'Conversions', 'count', 'up'],
  ['cpa', 'CPA', 'money', 'down'], ['roas', 'ROAS', 'ratio', 'up'], ['roi', 'ROI', 'ratio', 'up'],
  ['sessions', 'Sessions', 'count', 'up'], ['unique_visitors', 'Unique visitors', 'count', 'up'], ['leads', 'Leads', 'count', 'up'],
  ['cpl', 'CPL', 'money', 'down'], ['ctr', 'CTR', 'ratio', 'up'], ['cpc', 'CPC', 'money', 'down'],
].map(([name, label, unit, good]) => ({ name, label, unit, good, description: `${label} over the period.` }));

export interface FakeApiOptions {
  distDir: string;
  token: string;
  /** Path prefixes that answer 404 (to exercise empty states). */
  missing?: string[];
  currency?: string;
  port?: number;
  /** `simple`: the budget plan answers in simple mode with its reason and worded moves (issue 11 #8). */
  budgetMode?: 'model' | 'simple';
}

/** Starts the fake API and static server; resolves with its URL and a close function. */
export async function startFakeApi(options: FakeApiOptions): Promise<{ url: string; close(): Promise<void> }> {
  const end = '2024-03-31';
  const all = world(120, end);
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  // Sign-in as the real server does it (issue 12 #15): single-use codes minted with the token, a session cookie.
  const codes = new Set<string>();
  const sessions = new Set<string>();
  const sessionOf = (req: IncomingMessage) => /(?:^|;\s*)roilens_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    json(res, status, body);
    return true;
  };
  const handleSession = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname === '/v1/session/codes' && req.method === 'POST') {
      if (req.headers.authorization !== `Bearer ${options.token}`) return answer(res, 401, { message: 'bad token' });
      const code = randomBytes(16).toString('hex');
      codes.add(code);
      return answer(res, 201, { code, expires_at: new Date(Date.now() + 15 * 60_000).toISOString(), url: `/#code=${code}` });
    }
    if (url.pathname !== '/v1/session') return false;
    if (req.method === 'GET') return answer(res, 200, { signed_in: sessions.has(sessionOf(req) ?? '') });
    if (req.method === 'DELETE') {
      sessions.delete(sessionOf(req) ?? '');
      res.setHeader('set-cookie', 'roilens_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
      return answer(res, 200, { signed_in: false });
    }
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const code = (JSON.parse(body || '{}') as { code?: string }).code ?? '';
    if (!codes.delete(code)) return answer(res, 401, { error: 'unauthorized', message: 'code: unknown, used or expired' });
    const id = randomBytes(16).toString('hex');
    sessions.add(id);
    res.setHeader('set-cookie', `roilens_session=${id}; Path=/; HttpOnly; SameSite=Lax`);
    return answer(res, 200, { signed_in: true });
  };
  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (await handleSession(req, res, url)) return;
    const signedIn = req.headers.authorization === `Bearer ${options.token}` || sessions.has(sessionOf(req) ?? '');
    if (!signedIn) return json(res, 401, { error: { message: 'bad token' } });
    if (options.missing?.some((prefix) => url.pathname.startsWith(prefix))) return json(res, 404, { message: 'not found' });
    const from = url.searchParams.get('from') ?? '2024-01-01';
    const to = url.searchParams.get('to') ?? end;
    const inRange = (a: string, b: string) => all.filter((row) => row.day >= a && row.day <= b);
    switch (url.pathname) {
      case '/v1/workspace':
        return json(res, 200, { id: 'ws1', name: 'Demo shop', currency: options.currency ?? 'EUR', timezone: 'UTC', data_from: all[0].day, data_to: end });
      case '/v1/metrics':
        return json(res, 200, { metrics: METRICS });
      case '/v1/kpis': {
        const by = (url.searchParams.get('by') ?? 'channel') as 'channel' | 'campaign' | 'day';
        const rows = inRange(from, to);
        const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
        const prevTo = isoDay(1, from);
        const prevFrom = isoDay(days - 1, prevTo);
        return json(res, 200, {
          by, from, to, currency: 'EUR', rows: groupBy(rows, by), totals: metrics(rows),
          ...(url.searchParams.get('compare') === 'previous' ? { previous: { from: prevFrom, to: prevTo, totals: metrics(inRange(prevFrom, prevTo)) } } : {}),
        });
      }
      case '/v1/attribution/compare': {
        const models = (url.searchParams.get('models') ?? 'first,last').split(',');
        return json(res, 200, {
          models,
          rows: CHANNELS.map((channel, c) => ({
            channel, spend: 1000 - c * 120, truth: { conversions: 50 + c * 3, revenue: 2500 + c * 100 },
            models: Object.fromEntries(models.map((model, m) => [model, { conversions: 40 + c * 4 + m, revenue: 2000 + c * 150 + m * 20, cpa: 20 + m, roas: 2 + c / 10 }])),
          })),
          highlights: ['Markov credits email 30% more than last touch.'],
        });
      }
      case '/v1/attribution/paths':
        return json(res, 200, {
          top_paths: [{ path: ['paid_search', 'direct'], journeys: 120, conversions: 30, value: 1500 }, { path: ['email'], journeys: 80, conversions: 20, value: 900 }],
          path_lengths: [{ length: 1, conversions: 40 }, { length: 2, conversions: 25 }, { length: 3, conversions: 9 }],
          days_to_conversion: [{ days: 0, conversions: 30 }, { days: 1, conversions: 12 }, { days: 7, conversions: 4 }],
          assisted: CHANNELS.map((channel, c) => ({ channel, assisted: 10 + c, last_touch: 20 - c, ratio: (10 + c) / (20 - c) })),
          sankey: {
            nodes: [{ name: '1:paid_search' }, { name: '1:email' }, { name: '2:direct' }, { name: '2:email' }, { name: 'conversion' }],
            links: [
              { source: '1:paid_search', target: '2:direct', value: 30 }, { source: '1:paid_search', target: '2:email', value: 10 },
              { source: '1:email', target: '2:direct', value: 8 }, { source: '2:direct', target: 'conversion', value: 38 }, { source: '2:email', target: 'conversion', value: 10 },
            ],
          },
        });
      case '/v1/experiments':
        return json(res, 200, { experiments: [{ id: 'e1', key: 'hero', name: 'Hero headline', status: 'running', variants: ['A', 'B', 'C'], primary_metric: 'conversion_rate' }] });
      case '/v1/experiments/e1/results':
        return json(res, 200, {
          srm_p_value: 0.0004, srm_warning: true,
          variants: [
            { name: 'A', users: 5000, rate: 0.05, lift: null, ci_low: null, ci_high: null, p_value: null, chance_to_win: null, risk: null },
            { name: 'B', users: 5400, rate: 0.056, lift: 0.12, ci_low: -0.02, ci_high: 0.26, p_value: 0.09, chance_to_win: 0.95, risk: 0.0004 },
            { name: 'C', users: 4700, rate: 0.047, lift: -0.06, ci_low: -0.19, ci_high: 0.07, p_value: 0.4, chance_to_win: 0.2, risk: 0.004 },
          ],
        });
      case '/v1/customers/rfm': {
        const grid = [];
        for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) grid.push({ r, f, customers: 10 + ((r * 7 + f * 3) % 40), revenue: 1000 * r + 300 * f });
        return json(res, 200, { segments: [{ segment: 'champions', customers: 120, revenue: 50000 }, { segment: 'at_risk', customers: 80, revenue: 9000 }], grid });
      }
      case '/v1/customers/cohorts':
        return json(res, 200, { cohorts: ['2024-01', '2024-02', '2024-03'].map((cohort, i) => ({ cohort, size: 300 - i * 40, retention: [1, 0.3, 0.2, 0.15].slice(0, 4 - i), revenue_per_customer: [50, 20, 15, 10].slice(0, 4 - i) })) });
      case '/v1/customers/funnel':
        return json(res, 200, { stages: [{ stage: 'lead', count: 1000, rate_from_previous: null, median_days: null }, { stage: 'mql', count: 400, rate_from_previous: 0.4, median_days: 2 }, { stage: 'sql', count: 150, rate_from_previous: 0.375, median_days: 5 }, { stage: 'customer', count: 60, rate_from_previous: 0.4, median_days: 9 }] });
      case '/v1/budget/plan': {
        const total = Number(url.searchParams.get('total'));
        const shares = [0.3, 0.25, 0.1, 0.05, 0.2, 0.1];
        if (options.budgetMode === 'simple') {
          const current = total / CHANNELS.length;
          const msg = (id: string, params: Record<string, string | number>, text: string, because?: unknown) => ({ id, params, text, ...(because ? { because } : {}) });
          return json(res, 200, {
            mode: 'simple',
            reason: '35 days of history are fewer than the 56 (8 weeks) the model needs',
            reason_message: msg('budget.msg.reason_short_history', { days: 35, min_days: 56 }, '35 days of history are fewer than the 56 (8 weeks) the model needs'),
            weeks: Number(url.searchParams.get('weeks') ?? 4),
            total,
            allocation: CHANNELS.map((channel, c) => ({ channel, current, spend: c === 0 ? current * 1.5 : c === 2 ? current * 0.5 : current })),
            outcome: 'new_customers',
            expected_outcome: 123.4,
            current_outcome: 110,
            moves: ['raise paid_search by 50%', 'lower display by 50%'],
            move_messages: [
              msg('budget.msg.move_up', { channel: 'paid_search', change_pct: 50, from_money: current, to_money: current * 1.5 }, 'raise', msg('budget.msg.rule_under_target', { unit: 'new_customers', marginal_money: 20, target_money: 35 }, 'under')),
              msg('budget.msg.move_down', { channel: 'display', change_pct: 50, from_money: current, to_money: current * 0.5 }, 'lower', msg('budget.msg.rule_above_target', { unit: 'new_customers', average_money: 80, target_money: 35 }, 'above')),
            ],
            warning_messages: [],
          });
        }
        return json(res, 200, {
          allocation: CHANNELS.map((channel, c) => ({ channel, current: (total * 1) / CHANNELS.length, spend: total * shares[c] })),
          outcome: 'revenue',
          expected_outcome: total * 3.1,
          moves: ['Move 20% of display into paid search (+6% revenue).'],
        });
      }
      default:
        return json(res, 404, { message: `no route ${url.pathname}` });
    }
  };
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/v1/')) return void handleApi(req, res, url);
    const file = normalize(join(options.distDir, url.pathname === '/' ? 'index.html' : url.pathname));
    if (!file.startsWith(options.distDir)) return json(res, 403, {});
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => json(res, 404, { message: 'not found' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
