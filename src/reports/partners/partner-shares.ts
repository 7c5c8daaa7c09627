/**
 * Each partner's share of revenue under last click and under the data-driven model (issue 16
 * leaderboard): over the sales a programme's partners touched (a partner click in the window),
 * the journey is the person's touches with every partner a channel of its own (as crediting pays
 * by model, `modelShares`); last click gives the whole sale to the last touch, partner or not;
 * the data-driven model is Markov (removal effects) fitted on these journeys. A share is the
 * partner's credited revenue ÷ the revenue of every touched sale, in the programme's currency.
 */
import type { RateRecord } from '../../records/events.js';
import { modelShares, SaleAmounts, type PartnerClickFact, type PartnerConversionFact, type PartnerTouchFact } from '../../partners/crediting/index.js';
import type { ModelJourneyInput } from '../../partners/crediting/model-shares.js';

export interface ShareFacts {
  conversions: readonly PartnerConversionFact[];
  clicks: readonly PartnerClickFact[];
  touches: readonly PartnerTouchFact[];
}

export interface ShareInput {
  /** Link slug → partner id (the programme's partners). */
  partnerOfSlug: ReadonlyMap<string, string>;
  windowDays: number;
  currency: string;
  rates: readonly RateRecord[];
  /** The workspace currency (the rates' base). */
  base: string;
  /** `markov` unless the programme pays by another model. */
  dataDriven?: 'markov' | 'shapley';
}

const dayMs = 86_400_000;

/**
 * Per partner, `{ last_click, data_driven }` shares (0–1, 4 places) of the touched sales' revenue.
 * @example
 *   // sale A 100 (google → p1), sale B 300 (p1 → p2): last click p1 100/400 = 0.25, p2 300/400 = 0.75
 */
export function partnerRevenueShares(facts: ShareFacts, input: ShareInput): Map<string, { last_click: number; data_driven: number }> {
  const amounts = new SaleAmounts(input.rates, input.base, input.currency);
  const clicksOf = new Map<string, PartnerClickFact[]>();
  for (const c of facts.clicks) if (input.partnerOfSlug.has(c.slug)) (clicksOf.get(c.person) ?? clicksOf.set(c.person, []).get(c.person)!).push(c);
  const touchesOf = new Map<string, PartnerTouchFact[]>();
  for (const t of facts.touches) (touchesOf.get(t.person) ?? touchesOf.set(t.person, []).get(t.person)!).push(t);
  const journeys: ModelJourneyInput[] = [];
  const values: number[] = [];
  for (const conversion of facts.conversions) {
    if (conversion.kind !== 'sale' || conversion.amount === null || conversion.currency === null) continue;
    const at = Date.parse(conversion.ts);
    const inWindow = (ts: string) => Date.parse(ts) <= at && Date.parse(ts) >= at - input.windowDays * dayMs;
    const clicks = (clicksOf.get(conversion.person) ?? []).filter((c) => inWindow(c.ts));
    if (clicks.length === 0) continue;
    const value = amounts.convert(conversion.amount, conversion.currency, conversion.ts);
    if ('missing' in value) continue;
    journeys.push({ conversion, clicks: clicks.map((click) => ({ click, partnerId: input.partnerOfSlug.get(click.slug)! })), touches: (touchesOf.get(conversion.person) ?? []).filter((t) => inWindow(t.ts)) });
    values.push(Number(value.amount));
  }
  const total = values.reduce((s, v) => s + v, 0);
  const out = new Map<string, { last_click: number; data_driven: number }>();
  if (total <= 0) return out;
  const credit = (model: 'last' | 'markov' | 'shapley', key: 'last_click' | 'data_driven') => {
    modelShares(journeys, model, input.windowDays).forEach((shares, i) => {
      for (const [partner, share] of shares) {
        const row = out.get(partner) ?? out.set(partner, { last_click: 0, data_driven: 0 }).get(partner)!;
        row[key] += Number(share) * values[i];
      }
    });
  };
  credit('last', 'last_click');
  credit(input.dataDriven ?? 'markov', 'data_driven');
  for (const row of out.values()) {
    row.last_click = Number((row.last_click / total).toFixed(4));
    row.data_driven = Number((row.data_driven / total).toFixed(4));
  }
  return out;
}
