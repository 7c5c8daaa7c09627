import Big from 'big.js';
import type { FieldIssue } from '../shared/errors.js';
import { getMaxOrderAmount } from '../store/revenue-settings.js';
import type { SettingsRepo } from '../store/ports/settings-repo.js';
import type { Workspace } from '../records/workspace.js';
import type { EventRecord } from '../records/events.js';
import { serverClickProperty } from '../tracking/partner-click.js';

/**
 * Verified revenue (issue 12 #1, design.md "Verified revenue"). A verified event carries the
 * top-level property `rl_verified: true`, set only by the server: for postbacks with a source
 * secret or signature, and for events sent with the admin token (the server key). Browser and
 * write-key events are unverified and may not mention the property anywhere (the engines read
 * it from the properties text), nor use the postback id namespace `pb:` (ids are scoped to their
 * source, issue 12 #4). Orders and leads are verified by nature (imports).
 */
export const verifiedProperty = 'rl_verified';
/** Event ids of postbacks: `pb:<source id>:<order id>`; no other sender may use the prefix. */
export const postbackIdPrefix = 'pb:';

/** Problems of an event from an untrusted sender (browser, write key): reserved property or id namespace. */
export function untrustedIssues(event: EventRecord): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (event.id.startsWith(postbackIdPrefix)) issues.push({ path: 'id', message: `ids starting with "${postbackIdPrefix}" are reserved for postbacks` });
  if (event.properties && JSON.stringify(event.properties).includes(verifiedProperty)) {
    issues.push({ path: 'properties', message: `"${verifiedProperty}" is reserved: only the server marks revenue as verified` });
  }
  if (event.properties && JSON.stringify(event.properties).includes(serverClickProperty)) {
    issues.push({ path: 'properties', message: `"${serverClickProperty}" is reserved: only the server's tracking links mark their clicks` });
  }
  return issues;
}

/**
 * The event as stored: verified ones carry `rl_verified: true`; any client-sent flag is dropped, and
 * so is the server-click mark (`rl_server_click`), which only `/c/:slug` sets, even for trusted senders.
 */
export function markVerified(event: EventRecord, verified: boolean): EventRecord {
  // Nothing to drop nor to add: the event as it is (no copy per event on the ingest path).
  if (!verified && event.properties === undefined) return event;
  const { [verifiedProperty]: _dropped, [serverClickProperty]: _serverClick, ...rest } = event.properties ?? {};
  const properties = verified ? { ...rest, [verifiedProperty]: true } : rest;
  return { ...event, ...(Object.keys(properties).length || event.properties ? { properties } : {}) };
}

/** A checker of amounts against the workspace's `max_order_amount` (in its base currency; other currencies at their latest rate). */
export async function orderAmountLimit(store: SettingsRepo, ws: Workspace): Promise<(amount: string, currency: string) => string | null> {
  const max = await getMaxOrderAmount(store, ws.id);
  if (!max) return () => null;
  const limit = new Big(max);
  let latest: Map<string, string> | undefined;
  const rates = async () => {
    if (!latest) {
      latest = new Map();
      for (const r of [...(await store.listRates(ws.id))].sort((a, b) => a.date.localeCompare(b.date))) latest.set(r.currency, r.rate);
    }
    return latest;
  };
  await rates();
  return (amount, currency) => {
    const rate = currency === ws.currency ? '1' : latest!.get(currency);
    // Without a rate the amount is never converted into revenue: nothing to protect.
    if (rate === undefined) return null;
    const value = new Big(amount).times(rate);
    return value.gt(limit) ? `exceeds the workspace's max_order_amount (${max} ${ws.currency})` : null;
  };
}

export interface GuardedBatch {
  events: EventRecord[];
  rejected: { index: number; errors: FieldIssue[] }[];
}

/**
 * Applies the revenue rules to parsed events at ingest: untrusted senders may not claim
 * verification or postback ids; every amount respects `max_order_amount`. `indexOf` maps an
 * event back to its position in the request for the rejection list.
 */
export async function guardEvents(store: SettingsRepo, ws: Workspace, events: EventRecord[], opts: { verified: boolean; indexOf?: (i: number) => number }): Promise<GuardedBatch> {
  // Most batches carry no amount: the limit (a settings read) is loaded only for one that does.
  const check = events.some((e) => e.revenue) ? await orderAmountLimit(store, ws) : () => null;
  const out: GuardedBatch = { events: [], rejected: [] };
  events.forEach((event, i) => {
    const errors = opts.verified ? [] : untrustedIssues(event);
    if (event.revenue) {
      const problem = check(event.revenue.amount, event.revenue.currency);
      if (problem) errors.push({ path: 'revenue.amount', message: problem });
    }
    if (errors.length) out.rejected.push({ index: opts.indexOf ? opts.indexOf(i) : i, errors });
    else out.events.push(markVerified(event, opts.verified));
  });
  return out;
}
