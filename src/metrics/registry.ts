import Big from 'big.js';
import type { BaseMeasures } from './kpi-query.js';

export type MetricUnit = 'money' | 'count' | 'ratio' | 'seconds' | 'number';

/** One KPI, defined once: everything (API, CLI, dashboard) reads this registry. */
export interface MetricDefinition {
  name: string;
  label: string;
  unit: MetricUnit;
  /** Which direction is good. */
  good: 'up' | 'down';
  /** The formula in words. */
  formula: string;
  description: string;
  /** Computes the value from the base measures; null where undefined (e.g. CPA with no conversions). */
  compute(m: BaseMeasures, ctx: MetricContext): number | null;
}

export interface MetricContext {
  /** Gross margin applied to revenue (1 = revenue is all profit). */
  margin: number;
  /** Minor-unit digits of the workspace currency, for rounding money. */
  moneyDigits: number;
}

const money = (value: string, ctx: MetricContext) => Number(new Big(value).round(ctx.moneyDigits, Big.roundHalfEven).toFixed(ctx.moneyDigits));
const div = (a: number, b: number) => (b === 0 ? null : a / b);
const num = (value: string) => Number(value);

/** Money divided by a count, rounded to the currency's minor unit. */
const moneyPer = (amount: string, count: number, ctx: MetricContext) =>
  count === 0 ? null : Number(new Big(amount).div(count).round(ctx.moneyDigits, Big.roundHalfEven).toFixed(ctx.moneyDigits));

/**
 * A cost ratio (CPA, CPC, CPL, …): null when nothing was spent or the count is 0.
 * A channel without spend has no cost per anything; 0 would read as "free".
 */
const costPer = (spend: string, count: number, ctx: MetricContext) => (new Big(spend).eq(0) ? null : moneyPer(spend, count, ctx));

const profit = (m: BaseMeasures, ctx: MetricContext) => new Big(m.revenue).times(ctx.margin).minus(m.spend);

export const metricRegistry: MetricDefinition[] = [
  { name: 'spend', label: 'Spend', unit: 'money', good: 'down', formula: 'sum of cost', description: 'What the channels cost, converted to the workspace currency.', compute: (m, c) => money(m.spend, c) },
  { name: 'impressions', label: 'Impressions', unit: 'count', good: 'up', formula: 'sum of impressions', description: 'Times an ad was shown, as the ad platforms report.', compute: (m) => m.impressions },
  { name: 'clicks', label: 'Clicks', unit: 'count', good: 'up', formula: 'sum of clicks', description: 'Ad clicks, as the ad platforms report.', compute: (m) => m.clicks },
  { name: 'tracked_clicks', label: 'Tracked clicks', unit: 'count', good: 'up', formula: 'distinct click ids: tracking-link clicks, click events, postbacks', description: 'Clicks roilens saw itself (a tracking link, a click event, or a postback\'s click id), each click id once; counted on the day of its first sighting.', compute: (m) => m.tracked_clicks },
  { name: 'ctr', label: 'CTR', unit: 'ratio', good: 'up', formula: 'clicks / impressions', description: 'Click-through rate: the share of impressions that were clicked.', compute: (m) => div(m.clicks, m.impressions) },
  { name: 'cpc', label: 'CPC', unit: 'money', good: 'down', formula: 'spend / clicks', description: 'Cost per click.', compute: (m, c) => costPer(m.spend, m.clicks, c) },
  { name: 'cpm', label: 'CPM', unit: 'money', good: 'down', formula: 'spend × 1000 / impressions', description: 'Cost per thousand impressions.', compute: (m, c) => costPer(new Big(m.spend).times(1000).toFixed(), m.impressions, c) },
  { name: 'sessions', label: 'Sessions', unit: 'count', good: 'up', formula: 'count of sessions', description: 'Visits: hits grouped until 30 minutes of inactivity.', compute: (m) => m.sessions },
  { name: 'unique_visitors', label: 'Unique visitors', unit: 'count', good: 'up', formula: 'distinct anonymous ids with a session', description: 'Distinct browsers that visited (exact count).', compute: (m) => m.unique_visitors },
  { name: 'page_views', label: 'Page views', unit: 'count', good: 'up', formula: 'count of page views', description: 'Pages viewed in sessions.', compute: (m) => m.page_views },
  { name: 'pages_per_session', label: 'Pages / session', unit: 'number', good: 'up', formula: 'page views / sessions', description: 'Depth of a visit.', compute: (m) => div(m.page_views, m.sessions) },
  { name: 'time_per_session', label: 'Time / session', unit: 'seconds', good: 'up', formula: 'session seconds / sessions', description: 'Average time from first to last hit of a session.', compute: (m) => div(m.session_seconds, m.sessions) },
  { name: 'bounce_rate', label: 'Bounce rate', unit: 'ratio', good: 'down', formula: 'single-page sessions / sessions', description: 'Share of sessions with one page view.', compute: (m) => div(m.bounces, m.sessions) },
  { name: 'leads', label: 'Leads', unit: 'count', good: 'up', formula: 'count of leads', description: 'Leads (sign-ups, forms, CRM leads), credited last non-direct click.', compute: (m) => m.leads },
  { name: 'cpl', label: 'CPL', unit: 'money', good: 'down', formula: 'spend / leads', description: 'Cost per lead.', compute: (m, c) => costPer(m.spend, m.leads, c) },
  { name: 'mqls', label: 'MQLs', unit: 'count', good: 'up', formula: 'leads that became marketing-qualified in the period', description: 'Marketing-qualified leads.', compute: (m) => m.mqls },
  { name: 'sqls', label: 'SQLs', unit: 'count', good: 'up', formula: 'leads that became sales-qualified in the period', description: 'Sales-qualified leads.', compute: (m) => m.sqls },
  { name: 'opportunities', label: 'Opportunities', unit: 'count', good: 'up', formula: 'leads that became opportunities in the period', description: 'CRM opportunities.', compute: (m) => m.opportunities },
  { name: 'lead_to_mql_rate', label: 'Lead → MQL', unit: 'ratio', good: 'up', formula: 'MQLs / leads', description: 'Stage-to-stage rate, period based.', compute: (m) => div(m.mqls, m.leads) },
  { name: 'mql_to_sql_rate', label: 'MQL → SQL', unit: 'ratio', good: 'up', formula: 'SQLs / MQLs', description: 'Stage-to-stage rate, period based.', compute: (m) => div(m.sqls, m.mqls) },
  { name: 'sql_to_opportunity_rate', label: 'SQL → opportunity', unit: 'ratio', good: 'up', formula: 'opportunities / SQLs', description: 'Stage-to-stage rate, period based.', compute: (m) => div(m.opportunities, m.sqls) },
  { name: 'opportunity_to_customer_rate', label: 'Opportunity → customer', unit: 'ratio', good: 'up', formula: 'won / opportunities', description: 'Close rate, period based.', compute: (m) => div(m.won, m.opportunities) },
  { name: 'cost_per_mql', label: 'Cost / MQL', unit: 'money', good: 'down', formula: 'spend / MQLs', description: 'Cost per marketing-qualified lead.', compute: (m, c) => costPer(m.spend, m.mqls, c) },
  { name: 'cost_per_sql', label: 'Cost / SQL', unit: 'money', good: 'down', formula: 'spend / SQLs', description: 'Cost per sales-qualified lead.', compute: (m, c) => costPer(m.spend, m.sqls, c) },
  { name: 'conversions', label: 'Conversions', unit: 'count', good: 'up', formula: 'count of sales', description: 'Sales (conversion events and orders, deduplicated by order id), credited last non-direct click.', compute: (m) => m.conversions },
  { name: 'conversion_rate', label: 'Conversion rate', unit: 'ratio', good: 'up', formula: 'conversions / sessions', description: 'Sales per visit.', compute: (m) => div(m.conversions, m.sessions) },
  { name: 'cpa', label: 'CPA', unit: 'money', good: 'down', formula: 'spend / conversions', description: 'Cost per acquisition (sale).', compute: (m, c) => costPer(m.spend, m.conversions, c) },
  { name: 'new_customers', label: 'New customers', unit: 'count', good: 'up', formula: "count of people's first sale", description: 'Customers buying for the first time.', compute: (m) => m.new_customers },
  { name: 'cac', label: 'CAC', unit: 'money', good: 'down', formula: 'spend / new customers', description: 'Customer acquisition cost.', compute: (m, c) => costPer(m.spend, m.new_customers, c) },
  { name: 'revenue', label: 'Revenue', unit: 'money', good: 'up', formula: 'sum of sale amounts', description: 'Revenue of the sales, converted to the workspace currency.', compute: (m, c) => money(m.revenue, c) },
  { name: 'revenue_unverified', label: 'Unverified revenue', unit: 'money', good: 'down', formula: 'sum of unverified sale amounts', description: 'Revenue of sales only the browser or a write key reported (no order import, postback secret or server key): kept apart, and left out of revenue unless the workspace counts all sources (revenue_sources).', compute: (m, c) => money(m.revenue_unverified, c) },
  { name: 'profit', label: 'Profit', unit: 'money', good: 'up', formula: 'revenue × margin − spend', description: 'Gross profit after marketing cost (margin is a workspace setting).', compute: (m, c) => money(profit(m, c).toFixed(), c) },
  { name: 'aov', label: 'AOV', unit: 'money', good: 'up', formula: 'revenue / conversions', description: 'Average order value.', compute: (m, c) => moneyPer(m.revenue, m.conversions, c) },
  { name: 'value_per_visit', label: 'Value / visit', unit: 'money', good: 'up', formula: 'revenue / sessions', description: 'Revenue per session.', compute: (m, c) => moneyPer(m.revenue, m.sessions, c) },
  { name: 'roas', label: 'ROAS', unit: 'number', good: 'up', formula: 'revenue / spend', description: 'Return on ad spend (3 = 3 of revenue per 1 spent).', compute: (m) => (num(m.spend) === 0 ? null : Number(new Big(m.revenue).div(m.spend).toFixed(6))) },
  { name: 'roi', label: 'ROI', unit: 'ratio', good: 'up', formula: '(revenue × margin − spend) / spend', description: 'Return on investment of the marketing spend.', compute: (m, c) => (num(m.spend) === 0 ? null : Number(profit(m, c).div(m.spend).toFixed(6))) },
];

export const metricsByName = new Map(metricRegistry.map((m) => [m.name, m]));

/** Computes every metric (or the named ones) from base measures. */
export function computeMetrics(m: BaseMeasures, ctx: MetricContext, names?: string[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const def of metricRegistry) {
    if (names && !names.includes(def.name)) continue;
    const v = def.compute(m, ctx);
    out[def.name] = v === null || !Number.isFinite(v) ? null : v;
  }
  return out;
}

/** The registry as data, for the API and the dashboard. */
export function describeMetrics() {
  return metricRegistry.map(({ name, label, unit, good, formula, description }) => ({ name, label, unit, good, formula, description }));
}
