import type { Partner, Program } from '../../records/partners.js';
import type { RateRecord } from '../../records/events.js';
import type { CreditedConversion } from '../credited-conversion.js';
import type { PartnerClickFact, PartnerConversionFact, PartnerTouchFact } from './facts.js';
import { PartnerIndex, type CreditRefusal } from './partner-index.js';
import { SaleAmounts } from './sale-amounts.js';
import { chooseClick, clicksInWindow, DAY_MS, millis } from './click-choice.js';
import { modelShares, programModel, type ModelJourneyInput } from './model-shares.js';

/** A conversion that pointed at a partner but earns nothing, and why. */
export interface SkippedConversion {
  kind: PartnerConversionFact['kind'];
  id: string;
  reason: CreditRefusal | 'no_rate';
  /** The partner it would have gone to (absent for `no_rate`). */
  partner_id?: string;
  /** `no_rate`: the currencies without a rate on the sale's day. */
  missing?: string[];
}

export interface CreditingInput {
  program: Program;
  /** The programme's partners (others are ignored). */
  partners: readonly Partner[];
  /** The workspace's rates table and its base (the workspace currency). */
  rates: readonly RateRecord[];
  base: string;
  /** One page of facts (`partnerFacts`): conversions, the persons' partner clicks and, for model programmes, their other touches. */
  conversions: readonly PartnerConversionFact[];
  clicks: readonly PartnerClickFact[];
  touches?: readonly PartnerTouchFact[];
}

export interface CreditingResult {
  credited: CreditedConversion[];
  skipped: SkippedConversion[];
}

/**
 * Which partner earns each verified conversion of a programme (issue 16, design.md "Partners").
 *
 * 1. Only the events the programme has rules for (`sale`, `lead`, `click`).
 * 2. A click conversion goes to its link's partner.
 * 3. A sale or lead with a coupon held by an approved partner goes to that partner (`via: coupon`), click or no click.
 * 4. Else, by click (`first_click` | `last_click`): the chosen partner click of the person within
 *    `window_days` before it; by model (`program.model`): each partner's share of the person's
 *    touches in the window, partner clicks a channel per partner (shares rounded down: ≤ 1 per sale).
 * 5. A credit to a partner that is not approved or to the partner's own identities is refused and
 *    reported; a sale whose currency has no rate into the programme's is skipped and reported.
 *
 * Pure: the same facts give the same credits. Sale amounts are in the programme's currency;
 * `share` says which part of it the partner earns.
 */
export function creditConversions(input: CreditingInput): CreditingResult {
  const { program } = input;
  const index = new PartnerIndex(program.id, input.partners);
  const paid = new Set(program.rules.map((r) => r.event));
  const amounts = new SaleAmounts(input.rates, input.base, program.currency);
  const clicksOf = groupBy(input.clicks.filter((c) => index.ofSlug(c.slug)), (c) => c.person);
  const clickById = new Map(input.clicks.map((c) => [c.click_id, c]));
  const out: CreditingResult = { credited: [], skipped: [] };
  const byModel: ModelJourneyInput[] = [];
  const touchesOf = program.model ? groupBy(input.touches ?? [], (t) => t.person) : new Map<string, PartnerTouchFact[]>();

  for (const conversion of input.conversions) {
    if (!paid.has(conversion.kind)) continue;
    let amount: string | null = null;
    if (conversion.kind === 'sale') {
      if (conversion.amount === null || conversion.currency === null) continue;
      const converted = amounts.convert(conversion.amount, conversion.currency, conversion.ts);
      if ('missing' in converted) {
        out.skipped.push({ kind: conversion.kind, id: conversion.id, reason: 'no_rate', missing: converted.missing });
        continue;
      }
      amount = converted.amount;
    }
    const give = (partner: Partner, via: CreditedConversion['via'], share: string, click: PartnerClickFact | undefined) => {
      const refusal = index.refusal(partner, conversion, click);
      if (refusal) out.skipped.push({ kind: conversion.kind, id: conversion.id, reason: refusal, partner_id: partner.id });
      else out.credited.push(credited(program.id, partner.id, conversion, amount, via, share, click));
    };

    if (conversion.kind === 'click') {
      const click = clickById.get(conversion.id);
      const partner = click && index.ofSlug(click.slug);
      if (click && partner) give(partner, 'click', '1', click);
      continue;
    }
    const inWindow = clicksInWindow(clicksOf.get(conversion.person) ?? [], conversion.ts, program.window_days);
    const holder = index.ofCoupon(conversion.coupon);
    if (holder && holder.status === 'approved') {
      give(holder, 'coupon', '1', chooseClick(inWindow.filter((c) => index.ofSlug(c.slug) === holder), 'last_click'));
      continue;
    }
    if (!inWindow.length) continue;
    if (program.model) {
      const end = millis(conversion.ts);
      const start = end - program.window_days * DAY_MS;
      const touches = (touchesOf.get(conversion.person) ?? []).filter((t) => millis(t.ts) >= start && millis(t.ts) <= end);
      byModel.push({ conversion, clicks: inWindow.map((click) => ({ click, partnerId: index.ofSlug(click.slug)!.id })), touches });
      continue;
    }
    const click = chooseClick(inWindow, program.crediting)!;
    give(index.ofSlug(click.slug)!, 'click', '1', click);
  }

  if (byModel.length) creditByModel(program, index, amounts, byModel, out);
  return out;
}

function creditByModel(program: Program, index: PartnerIndex, amounts: SaleAmounts, inputs: ModelJourneyInput[], out: CreditingResult): void {
  const shares = modelShares(inputs, programModel(program.model!), program.window_days);
  inputs.forEach(({ conversion, clicks }, i) => {
    const amount = conversion.kind === 'sale' ? (amounts.convert(conversion.amount!, conversion.currency!, conversion.ts) as { amount: string }).amount : null;
    for (const [partnerId, share] of [...shares[i]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const own = clicks.filter((c) => c.partnerId === partnerId).map((c) => c.click);
      const click = chooseClick(own, 'last_click')!;
      const partner = index.ofSlug(click.slug)!;
      const refusal = index.refusal(partner, conversion, click);
      if (refusal) out.skipped.push({ kind: conversion.kind, id: conversion.id, reason: refusal, partner_id: partnerId });
      else out.credited.push(credited(program.id, partnerId, conversion, amount, 'model', share, click));
    }
  });
}

function credited(programId: string, partnerId: string, c: PartnerConversionFact, amount: string | null, via: CreditedConversion['via'], share: string, click: PartnerClickFact | undefined): CreditedConversion {
  return {
    program_id: programId, partner_id: partnerId, event: c.kind, id: c.id, occurred_at: c.ts, amount,
    product: c.product, category: c.category, customer: c.kind === 'click' ? null : c.person,
    via, share, click_id: click?.click_id ?? null, sub_ids: click ? { ...click.sub_ids } : {},
    fraud_score: null, fraud_reasons: [],
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
