/** CRM stage progression of a lead: lead → MQL → SQL → opportunity → customer. */
import type { LeadRecord } from '../../records/events.js';
import type { Rng } from '../world/prng.js';

const hourMs = 3_600_000;
const dayMs = 86_400_000;

/**
 * Fills the stage timestamps of a lead created at `createdMs`.
 * A lead whose person bought after signing up reaches every stage, spaced
 * evenly up to the purchase (customer_at = the purchase time). Others advance
 * with the channel's stage rates and stop at opportunity at the latest.
 * Stages that would fall after the window's end are left absent (not reached yet).
 */
export function advanceLead(
  rng: Rng,
  lead: LeadRecord,
  createdMs: number,
  purchaseMs: number | undefined,
  rates: readonly [number, number, number],
  windowEndMs: number,
): void {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (purchaseMs !== undefined && purchaseMs > createdMs) {
    const step = (purchaseMs - createdMs) / 4;
    lead.mql_at = iso(Math.round(createdMs + step));
    lead.sql_at = iso(Math.round(createdMs + 2 * step));
    lead.opportunity_at = iso(Math.round(createdMs + 3 * step));
    lead.customer_at = iso(purchaseMs);
    return;
  }
  let t = createdMs;
  const gaps = [hourMs + rng.exponential(dayMs), dayMs + rng.exponential(3 * dayMs), dayMs + rng.exponential(4 * dayMs)];
  const keys = ['mql_at', 'sql_at', 'opportunity_at'] as const;
  for (let stage = 0; stage < 3; stage += 1) {
    if (!rng.chance(rates[stage])) return;
    t += Math.round(gaps[stage]);
    if (t > windowEndMs) return;
    lead[keys[stage]] = iso(t);
  }
}
