import { attributeJourneys, type Journey as ModelJourney } from '../../attribution/index.js';
import { attributionModels, type AttributionModel } from '../../attribution/paths/types.js';
import { invalidArgument } from '../../shared/errors.js';
import type { PartnerClickFact, PartnerConversionFact, PartnerTouchFact } from './facts.js';
import { millis } from './click-choice.js';

/** The channel name a partner's clicks take in a journey: each partner is a channel of its own. */
export const partnerChannel = (partnerId: string) => `partner:${partnerId}`;

/** Decimal places of a model share; shares are rounded down so a sale's shares never sum past 1. */
export const shareDigits = 6;

export interface ModelJourneyInput {
  conversion: PartnerConversionFact;
  /** The person's partner clicks in the window, each with its partner. */
  clicks: { click: PartnerClickFact; partnerId: string }[];
  /** The person's other non-direct touches in the window. */
  touches: PartnerTouchFact[];
}

/** The model a programme names, checked against roilens's attribution models. */
export function programModel(model: string): AttributionModel {
  if (!(attributionModels as readonly string[]).includes(model)) {
    throw invalidArgument('model', `unknown attribution model "${model}"; one of ${attributionModels.join(', ')}`);
  }
  return model as AttributionModel;
}

/**
 * Each partner's share of each conversion under an attribution model (`attributeJourneys`): the
 * journey is the person's touches in the window with every partner's clicks as a channel of its
 * own; a partner's share is the sum of its touches' credits, rounded down to `shareDigits`
 * places. Markov is fitted on the journeys given together (a page of conversions).
 *
 * @example
 *   // linear over [google, partner:p1, partner:p1, email] → p1 has 2 of 4 touches: "0.500000"
 */
export function modelShares(inputs: readonly ModelJourneyInput[], model: AttributionModel, windowDays: number): Map<string, string>[] {
  const journeys: ModelJourney[] = inputs.map(({ conversion, clicks, touches }) => ({
    conversion: { id: conversion.id, ts: millis(conversion.ts), value: 1 },
    touches: [
      ...touches.map((t) => ({ ts: millis(t.ts), channel: t.channel, kind: t.kind })),
      ...clicks.map(({ click, partnerId }) => ({ ts: millis(click.ts), channel: partnerChannel(partnerId), kind: 'click' as const })),
    ].sort((a, b) => a.ts - b.ts),
  }));
  if (!journeys.length) return [];
  // Views count as long as clicks here: the window is the programme's, for every kind of touch.
  const result = attributeJourneys(journeys, { model, lookbackClickDays: windowDays, lookbackViewDays: windowDays });
  return result.conversions.map((c) => {
    const sums = new Map<string, number>();
    for (const t of c.touches) {
      if (!t.channel.startsWith('partner:')) continue;
      const id = t.channel.slice('partner:'.length);
      sums.set(id, (sums.get(id) ?? 0) + t.credit);
    }
    const shares = new Map<string, string>();
    for (const [id, credit] of sums) {
      const share = roundDown(credit);
      if (share !== '0.000000') shares.set(id, share);
    }
    return shares;
  });
}

/** A credit in [0, 1] as a decimal string rounded down to `shareDigits` places (a float a hair above an exact share keeps it). */
function roundDown(credit: number): string {
  const scaled = Math.floor(Math.min(1, Math.max(0, credit)) * 10 ** shareDigits + 1e-7);
  return (scaled / 10 ** shareDigits).toFixed(shareDigits);
}
