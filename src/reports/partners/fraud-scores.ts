/**
 * Fraud scores of a programme's credited conversions (issue 16 "Fraud"), filled in before the
 * ledger core runs so that a commission at or over the programme's `fraud_threshold` is `held`
 * with its reasons in `note` (`partners/ledger/commissions.ts`).
 *
 * facts of the window (crediting's `partnerFacts` pages) → partner clicks and credited
 * conversions as the fraud core reads them → `scoreTraffic` → each credit's score: its own
 * signals (click-to-conversion time, a disposable e-mail domain as ingest recorded it, buyer
 * identities), its credited click's (user agent, hosting
 * network, ad click id, landing view, bursts) and, when its partner is flagged
 * (`partnerFlagThreshold`), the partner's signals over the window, combined as one noisy OR.
 *
 * Partner signals are added only to a flagged partner's credits: under the flag the partner's
 * shares are not evidence (design of `partner-score.ts`), and adding them would lift honest
 * partners' credits towards the threshold.
 *
 * The facts carry only the clicks of persons who converted (the window before each conversion),
 * so every partner's "conversion rate" over them is near 1: the conversion-rate test is off here.
 * Pure and deterministic: the same facts give the same scores.
 */
import type { CreditedConversion } from '../../partners/credited-conversion.js';
import type { PartnerClickFact, PartnerConversionFact } from '../../partners/crediting/facts.js';
import { combinedScore, partnerFlagThreshold, scoreTraffic, type AsnTable, type FraudClick, type FraudConversion, type PartnerVerdict, type RateTest } from '../../partners/fraud/index.js';
import { byWeight } from '../../partners/fraud/signals.js';
import { localDate } from '../../metrics/time-zone.js';
import type { Partner, Program } from '../../records/partners.js';
import { partnerFactsMaxLimit, type PartnerFactsPage, type PartnerFactsQuery } from '../../store/partner-facts.js';

/**
 * Days of facts, before the earliest credit being scored, that partner scores look at: the
 * programme's window plus this. Bounded so the per-minute ledger sync stays cheap; long enough
 * that a partner's pattern shows before its latest sales are paid.
 */
export const fraudExtraDays = 3;

/** How many days of facts partner scores of `program` read. */
export function fraudWindowDays(program: Pick<Program, 'window_days'>): number {
  return program.window_days + fraudExtraDays;
}

/** The facts carry only converting persons' clicks: no conversion rate can be told from them. */
const noRateTest: RateTest = { alpha: 0, ratio: Number.POSITIVE_INFINITY, minExpected: Number.POSITIVE_INFINITY };

export interface CreditFraudInput {
  program: Program;
  partners: readonly Partner[];
  /** The credits to score (crediting's output). */
  credited: readonly CreditedConversion[];
  /** The facts of the window: conversions (buyer identities) and partner clicks (may repeat across pages). */
  conversions: readonly PartnerConversionFact[];
  clicks: readonly PartnerClickFact[];
  /** IP-to-ASN table; default the installed one; null skips the hosting signal. */
  asnTable?: AsnTable | null;
}

export interface CreditFraud {
  /** `credited` in the order given, with `fraud_score` and `fraud_reasons` filled in. */
  credited: CreditedConversion[];
  /** Every partner with traffic in the window, highest score first (for the manager). */
  partners: PartnerVerdict[];
}

/**
 * Scores each credit from the window's facts.
 * @example
 *   const { credited } = scoreCredits({ program, partners, credited: raw, conversions: page.conversions, clicks: page.clicks });
 *   commissionEntries({ ..., conversions: credited }); // held when fraud_score ≥ program.fraud_threshold
 */
export function scoreCredits(input: CreditFraudInput): CreditFraud {
  const partnerOfSlug = new Map<string, string>();
  for (const p of input.partners) if (p.program_id === input.program.id) for (const slug of p.links) partnerOfSlug.set(slug, p.id);
  const clickById = new Map<string, FraudClick>();
  for (const c of input.clicks) {
    const partnerId = partnerOfSlug.get(c.slug);
    if (!partnerId || clickById.has(c.click_id)) continue;
    clickById.set(c.click_id, {
      id: c.click_id, partner_id: partnerId, ms: Date.parse(c.ts), ip_prefix: c.ip_prefix, user_agent: c.user_agent,
      anonymous_id: c.anonymous_id, ad_click_id: c.ad_click !== null, landed: c.landed,
    });
  }
  const clicks = [...clickById.values()].sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const factOf = new Map(input.conversions.map((f) => [`${f.kind}\u0000${f.id}`, f]));
  const conversions = input.credited.map((c) => fraudConversionOf(c, factOf.get(`${c.event}\u0000${c.id}`), clickById));
  const verdicts = scoreTraffic(
    { clicks, conversions, partners: input.partners.map((p) => ({ id: p.id, identities: p.identities })) },
    { asnTable: input.asnTable, rateTest: noRateTest },
  );
  const flagged = new Map(verdicts.partners.filter((p) => p.score >= partnerFlagThreshold).map((p) => [p.partner_id, p.reasons]));
  const credited = input.credited.map((c, i) => {
    const reasons = byWeight([...verdicts.conversions[i].reasons, ...(flagged.get(c.partner_id) ?? [])]);
    return { ...c, fraud_score: combinedScore(reasons), fraud_reasons: reasons };
  });
  return { credited, partners: verdicts.partners };
}

/**
 * A credit as the fraud core reads it. A pay-per-click credit is its click: scored by the click's
 * signals, with no click-to-conversion time (the core does not read `event`).
 */
function fraudConversionOf(c: CreditedConversion, fact: PartnerConversionFact | undefined, clicks: ReadonlyMap<string, FraudClick>): FraudConversion {
  const ms = Date.parse(c.occurred_at);
  const identities = fact ? [fact.person, fact.anonymous_id, fact.email_hash].filter((x): x is string => x !== null) : [];
  if (c.event === 'click') return { id: c.id, partner_id: c.partner_id, event: 'lead', ms, click_id: c.id, click_ms: null, email_disposable: null, buyer_identities: identities };
  const click = c.click_id ? clicks.get(c.click_id) : undefined;
  // E-mails are stored hashed; whether the domain is disposable is the trait ingest recorded before hashing (the facts' `email_disposable`).
  const email_disposable = fact?.email_disposable ?? null;
  return { id: c.id, partner_id: c.partner_id, event: c.event, ms, click_id: click ? click.id : null, click_ms: click ? click.ms : null, email_disposable, buyer_identities: identities };
}

/** One page of crediting's facts (the store's `partnerFacts` for one workspace). */
export type PartnerFactsReader = (query: PartnerFactsQuery) => Promise<PartnerFactsPage>;

const dayMs = 86_400_000;

/**
 * Scores `credited` (a sync run's new credits) from the facts of local days (earliest credit −
 * `fraudWindowDays`) through `today`: the partners' recent traffic around them. When the ledger
 * sync is caught up that is the programme's window plus 3 days of conversions and the clicks in
 * the window before them, whatever the age of the programme; nothing is read without credits.
 * @example
 *   const { credited } = await scoreCreditsFromFacts((q) => store.partnerFacts(ws, q), { program, partners, credited: fresh, timeZone, today });
 */
export async function scoreCreditsFromFacts(
  read: PartnerFactsReader,
  input: { program: Program; partners: readonly Partner[]; credited: readonly CreditedConversion[]; timeZone: string; today: string; asnTable?: AsnTable | null },
): Promise<CreditFraud> {
  if (input.credited.length === 0) return { credited: [], partners: [] };
  const earliest = Math.min(...input.credited.map((c) => Date.parse(c.occurred_at)));
  const slugs = [...new Set(input.partners.filter((p) => p.program_id === input.program.id).flatMap((p) => p.links))].sort();
  const query: PartnerFactsQuery = { from: localDate(earliest - fraudWindowDays(input.program) * dayMs, input.timeZone), to: input.today, slugs, windowDays: input.program.window_days, emails: true };
  const conversions: PartnerConversionFact[] = [];
  const clicks: PartnerClickFact[] = [];
  let cursor: string | null = null;
  do {
    const page: PartnerFactsPage = await read({ ...query, cursor, limit: partnerFactsMaxLimit });
    conversions.push(...page.conversions);
    clicks.push(...page.clicks);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return scoreCredits({ program: input.program, partners: input.partners, credited: input.credited, conversions, clicks, asnTable: input.asnTable });
}
