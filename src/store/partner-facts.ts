/**
 * The page of facts partner crediting reads (issue 16, `FactQueries.partnerFacts`): verified sales
 * and leads, server-observed clicks on partner links, and the persons' other touches. Both engines
 * answer the same page for the same cursor; the cursor is opaque to callers.
 */
import type { PartnerClickFact, PartnerConversionFact, PartnerTouchFact } from '../partners/crediting/facts.js';

export type { PartnerClickFact, PartnerConversionFact, PartnerTouchFact } from '../partners/crediting/facts.js';

export interface PartnerFactsQuery {
  /** Inclusive local dates of the workspace's time zone: conversions of [from 00:00, to + 1 day 00:00). */
  from: string;
  to: string;
  /** The link slugs of the programme's partners; clicks on other links are ordinary touches. */
  slugs: string[];
  /** Clicks (and touches) at most this many days before a conversion, up to and including its instant. */
  windowDays: number;
  /** Also the persons' other non-direct touches in those windows (programmes paid by an attribution model). */
  touches?: boolean;
  /** The previous page's `next_cursor`; absent for the first page. */
  cursor?: string | null;
  /** Conversions per page (default 5,000, at most 50,000). */
  limit?: number;
}

export interface PartnerFactsPage {
  /** Ordered by (ts, kind, id). */
  conversions: PartnerConversionFact[];
  /** Server clicks on the slugs of the page's persons within the window before one of the page's conversions; ordered by (person, ts, click_id). */
  clicks: PartnerClickFact[];
  /** With `touches`: the persons' other non-direct touches in those windows (partner clicks excluded); else empty. */
  touches: PartnerTouchFact[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export const partnerFactsDefaultLimit = 5000;
export const partnerFactsMaxLimit = 50_000;
export const landingWindowMs = 30 * 60 * 1000;

/** The position after a conversion: its (ts, kind, id), base64url of JSON so any id survives. */
export function encodePartnerCursor(c: Pick<PartnerConversionFact, 'ts' | 'kind' | 'id'>): string {
  return Buffer.from(JSON.stringify([c.ts, c.kind, c.id])).toString('base64url');
}

/** The (ts, kind, id) a cursor names; undefined for a malformed one (the caller answers `invalid_input`). */
export function decodePartnerCursor(cursor: string): { ts: string; kind: string; id: string } | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string') && !Number.isNaN(Date.parse(v[0]))) return { ts: v[0], kind: v[1], id: v[2] };
  } catch {
    // falls through: malformed
  }
  return undefined;
}

/** The page size asked for, within bounds. */
export function partnerFactsLimit(limit: number | undefined): number {
  if (limit === undefined) return partnerFactsDefaultLimit;
  return Math.max(1, Math.min(partnerFactsMaxLimit, Math.floor(limit)));
}

