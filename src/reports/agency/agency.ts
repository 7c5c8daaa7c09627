/**
 * The agency view (issue 15): every workspace a principal can see with its headline KPIs side by side,
 * in its own currency and converted into one chosen currency through the installation's rates table.
 * Pure: it takes each workspace's KPI totals (the KPI report's, read by the caller) and the table, and
 * computes. Money leaves as decimal strings at the currency's minor unit.
 *
 * Conversion (src/money/conversion.ts): at the rate on the range's last day (the latest row on or before
 * `to`), amount × r(own) ÷ r(chosen), rounded half-even to the chosen currency's minor unit; CPA in the
 * chosen currency is the converted spend ÷ conversions. A workspace whose currency (or the chosen one)
 * has no rate gets null converted figures and a warning, and the converted totals are null then too.
 */
import Big from 'big.js';
import { conversionOn, convertAmount, rateOf, type RateUsed } from '../../money/conversion.js';
import { minorDigits } from '../../money/currency.js';
import type { RateRecord } from '../../records/events.js';
import type { Workspace } from '../../records/workspace.js';

/** The headline metrics, as the KPI report's totals give them (numbers; null where undefined). */
export const headlineMetrics = ['sessions', 'conversions', 'revenue', 'spend', 'roas', 'cpa'] as const;
export type HeadlineTotals = Record<(typeof headlineMetrics)[number], number | null>;

/** One workspace's KPI report as the agency view reads it. */
export interface WorkspaceHeadline {
  workspace: Workspace;
  totals: Partial<HeadlineTotals>;
  warnings: readonly string[];
}

/** The installation's rates table: whose it is, its base currency and its rows. */
export interface RatesTable {
  workspace_id: string;
  base: string;
  rates: readonly RateRecord[];
}

export interface MoneyFigures {
  revenue: string | null;
  spend: string | null;
  cpa: string | null;
}

export interface AgencyRow {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  archived_at: string | null;
  sessions: number;
  conversions: number;
  roas: number | null;
  /** In the workspace's own currency. */
  own: MoneyFigures;
  /** In the chosen currency (all null without a rate), and the rate from own to chosen. */
  converted: MoneyFigures & { rate: string | null };
}

export interface AgencyView {
  from: string;
  to: string;
  currency: string;
  rates_table: { workspace_id: string; base: string };
  rates: RateUsed[];
  workspaces: AgencyRow[];
  totals: { sessions: number; conversions: number; roas: number | null } & MoneyFigures;
  warnings: string[];
}

const fixed = (value: number | null | undefined, currency: string) => (value === null || value === undefined ? null : new Big(value).toFixed(minorDigits(currency)));

/** Money ÷ a count at the currency's minor unit, half-even; null for no count or no cost (as the KPI registry's CPA). */
function costPer(amount: string, count: number, currency: string): string | null {
  if (count === 0 || new Big(amount).eq(0)) return null;
  const digits = minorDigits(currency);
  return new Big(amount).div(count).round(digits, Big.roundHalfEven).toFixed(digits);
}

/** Revenue ÷ spend with the KPI registry's 6 decimals; null without spend. */
function roasOf(revenue: string, spend: string): number | null {
  return new Big(spend).eq(0) ? null : Number(new Big(revenue).div(spend).toFixed(6));
}

/**
 * The agency view of `headlines` in `currency` for `from`–`to`.
 *
 * @example
 *   agencyView({ from, to, currency: 'EUR', table: { workspace_id: 'default', base: 'EUR', rates: [{ date: '2026-03-01', currency: 'VND', rate: '0.000036' }] }, headlines })
 *   // → a VND workspace's 10,000,000 ₫ revenue is '360.00' EUR, rates [{ date: '2026-03-01', from: 'VND', to: 'EUR', rate: '0.000036' }]
 */
export function agencyView(input: { from: string; to: string; currency: string; table: RatesTable; headlines: readonly WorkspaceHeadline[] }): AgencyView {
  const { from, to, currency, table } = input;
  const used = new Map<string, RateUsed>();
  const warnings: string[] = [];
  const total = { sessions: 0, conversions: 0, revenue: new Big(0), spend: new Big(0), complete: true };
  const workspaces = input.headlines.map(({ workspace: ws, totals, warnings: own }): AgencyRow => {
    for (const w of own) warnings.push(`${ws.name}: ${w}`);
    const sessions = totals.sessions ?? 0;
    const conversions = totals.conversions ?? 0;
    total.sessions += sessions;
    total.conversions += conversions;
    const revenue = fixed(totals.revenue ?? 0, ws.currency)!;
    const spend = fixed(totals.spend ?? 0, ws.currency)!;
    const row = { id: ws.id, name: ws.name, currency: ws.currency, timezone: ws.timezone, archived_at: ws.archived_at ?? null, sessions, conversions, roas: totals.roas ?? null, own: { revenue, spend, cpa: fixed(totals.cpa, ws.currency) } };
    const conversion = conversionOn(table.rates, table.base, ws.currency, currency, to);
    if (!conversion.ok) {
      total.complete = false;
      warnings.push(`${ws.name}: no rate for ${conversion.missing.join(' and ')} on or before ${to} in the installation's rates table (the ${table.workspace_id} workspace's, quoted in ${table.base}: roilens import rates FILE --workspace ${table.workspace_id}); its figures in ${currency} are left out`);
      return { ...row, converted: { rate: null, revenue: null, spend: null, cpa: null } };
    }
    for (const r of conversion.used) used.set(`${r.from}/${r.date}`, r);
    const converted = { revenue: convertAmount(revenue, conversion), spend: convertAmount(spend, conversion) };
    total.revenue = total.revenue.plus(converted.revenue);
    total.spend = total.spend.plus(converted.spend);
    return { ...row, converted: { rate: rateOf(conversion), ...converted, cpa: costPer(converted.spend, conversions, currency) } };
  });
  const digits = minorDigits(currency);
  const money = total.complete
    ? { revenue: total.revenue.toFixed(digits), spend: total.spend.toFixed(digits), cpa: costPer(total.spend.toFixed(digits), total.conversions, currency) }
    : { revenue: null, spend: null, cpa: null };
  return {
    from, to, currency,
    rates_table: { workspace_id: table.workspace_id, base: table.base },
    rates: [...used.values()].sort((a, b) => a.from.localeCompare(b.from) || a.date.localeCompare(b.date)),
    workspaces,
    totals: { sessions: total.sessions, conversions: total.conversions, ...money, roas: money.revenue === null || money.spend === null ? null : roasOf(money.revenue, money.spend) },
    warnings,
  };
}
