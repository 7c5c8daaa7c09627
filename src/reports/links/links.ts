import { randomBytes } from 'node:crypto';
import Big from 'big.js';
import { AppError, invalid } from '../../shared/errors.js';
import type { LinkStatsRow, Store } from '../../store/store.js';
import type { TrackingLink, TrackingLinkPatch } from '../../records/workspace.js';
import { resolveRange } from '../common/date-range.js';

/**
 * Tracking-link operations shared by the HTTP routes and the CLI: create (409 when
 * the slug is taken, deleted slugs included), change, disable/enable, delete, and
 * the list with each link's clicks, unique clicks, conversions, revenue and earnings
 * per click over a date range. `at` names a field the way the caller's user wrote
 * it (`body.destination`, `--destination`).
 */

export const slugPattern = /^[A-Za-z0-9_-]{1,64}$/;
const utmKeys = ['source', 'medium', 'campaign', 'content', 'term'] as const;

export interface LinkInput {
  slug?: string;
  destination: string;
  channel?: string;
  utm?: TrackingLink['utm'];
  disabled?: boolean;
}

type FieldName = (field: string) => string;
const plain: FieldName = (f) => f;

/** An absolute http(s) URL, normalised, or a 400 naming the field. */
export function httpUrl(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, 'must be an http or https URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(field, 'must be an http or https URL');
  return url.toString();
}

function checkedUtm(utm: unknown, at: FieldName): TrackingLink['utm'] {
  if (utm === undefined || utm === null) return {};
  if (typeof utm !== 'object' || Array.isArray(utm)) throw invalid(at('utm'), 'must be an object');
  const out: TrackingLink['utm'] = {};
  for (const [k, v] of Object.entries(utm)) {
    if (!(utmKeys as readonly string[]).includes(k)) throw invalid(at(`utm.${k}`), `is not one of ${utmKeys.join(', ')}`);
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string' || v.length > 500) throw invalid(at(`utm.${k}`), 'must be a string of at most 500 characters');
    out[k as (typeof utmKeys)[number]] = v;
  }
  return out;
}

/** Creates a link; a slug that any link ever had (here or in another workspace, deleted or not) is a 409. */
export async function createLink(store: Store, workspaceId: string, input: LinkInput, at: FieldName = plain): Promise<TrackingLink> {
  if (input.slug !== undefined && !slugPattern.test(input.slug)) throw invalid(at('slug'), 'letters, digits, "_" and "-" only (1 to 64)');
  const link: TrackingLink = {
    slug: input.slug ?? randomBytes(5).toString('base64url'),
    destination: httpUrl(input.destination, at('destination')),
    ...(input.channel ? { channel: input.channel } : {}),
    utm: checkedUtm(input.utm, at),
    disabled: input.disabled ?? false,
    created_at: new Date().toISOString(),
  };
  if (await store.createLink(workspaceId, link)) return link;
  // A generated slug (40 random bits) that is already taken is drawn again; a chosen one is the caller's.
  for (let tries = 0; input.slug === undefined && tries < 5; tries += 1) {
    const again = { ...link, slug: randomBytes(5).toString('base64url') };
    if (await store.createLink(workspaceId, again)) return again;
  }
  throw new AppError('conflict', `the slug "${link.slug}" is taken`, [{ path: at('slug'), message: 'is taken' }]);
}

/** Changes a link of the workspace (destination, channel, UTMs, disabled); unknown or deleted: 404. */
export async function updateLink(store: Store, workspaceId: string, slug: string, patch: Record<string, unknown>, at: FieldName = plain): Promise<TrackingLink> {
  const checked: TrackingLinkPatch = {};
  if (patch.destination !== undefined) checked.destination = httpUrl(patch.destination, at('destination'));
  if (patch.channel !== undefined) {
    if (patch.channel !== null && typeof patch.channel !== 'string') throw invalid(at('channel'), 'must be a string or null');
    checked.channel = patch.channel === '' ? null : (patch.channel as string | null);
  }
  if (patch.utm !== undefined) checked.utm = checkedUtm(patch.utm, at);
  if (patch.disabled !== undefined) {
    if (typeof patch.disabled !== 'boolean') throw invalid(at('disabled'), 'must be true or false');
    checked.disabled = patch.disabled;
  }
  const link = await store.updateLink(workspaceId, slug, checked);
  if (!link) throw new AppError('not_found', `no tracking link "${slug}"`);
  return link;
}

/** Deletes a link of the workspace; its slug stays reserved. Unknown or already deleted: 404. */
export async function deleteLink(store: Store, workspaceId: string, slug: string): Promise<{ slug: string; deleted: true }> {
  if (!(await store.deleteLink(workspaceId, slug))) throw new AppError('not_found', `no tracking link "${slug}"`);
  return { slug, deleted: true };
}

export interface LinkWithStats extends TrackingLink {
  clicks: number;
  unique_clicks: number;
  conversions: number;
  /** Workspace currency, 6 decimals. */
  revenue: string;
  /** Earnings per click: revenue ÷ clicks (6 decimals, half up); null without clicks. */
  epc: string | null;
}

export interface LinksAnswer {
  from: string;
  to: string;
  currency: string;
  lookback_days: number;
  links: LinkWithStats[];
  /** Pass as `cursor` for the next page; null on the last one. */
  next_cursor: string | null;
}

/** Earnings per click, exact to 6 decimals (half up); null when there were no clicks. */
export function earningsPerClick(revenue: string, clicks: number): string | null {
  return clicks > 0 ? new Big(revenue).div(clicks).toFixed(6, Big.roundHalfUp) : null;
}

/**
 * The workspace's links in slug order with their figures over [from, to] (default: the 30 days up
 * to the last data day): the links after the slug `page.after`, `page.limit + 1` of them (the
 * operation core pages: it keeps `limit` and makes the next cursor from the extra one).
 */
export async function listLinksWithStats(
  store: Store,
  workspaceId: string,
  q: { from?: string; to?: string; lookback?: string | number },
  page: { after: readonly string[] | null; limit: number },
): Promise<Omit<LinksAnswer, 'next_cursor'>> {
  const lookback = q.lookback === undefined ? 30 : Number(q.lookback);
  if (!Number.isInteger(lookback) || lookback < 1 || lookback > 365) throw invalid('lookback', 'must be an integer number of days from 1 to 365');
  const ws = await store.getWorkspace(workspaceId);
  if (!ws) throw new AppError('not_found', 'no workspace');
  const range = await resolveRange(store, workspaceId, q.from, q.to);
  const links = await store.listLinks(workspaceId, { after: page.after?.[0], limit: page.limit + 1 });
  // A page without links needs no statistics (they read every sale of the range with its person).
  const stats = links.length === 0 ? [] : await store.linkStats(workspaceId, { ...range, lookbackDays: lookback });
  const bySlug = new Map<string, LinkStatsRow>(stats.map((s) => [s.slug, s]));
  return {
    ...range,
    currency: ws.currency,
    lookback_days: lookback,
    links: links.map((link) => {
      const s = bySlug.get(link.slug) ?? { clicks: 0, unique_clicks: 0, conversions: 0, revenue: '0.000000' };
      return { ...link, clicks: s.clicks, unique_clicks: s.unique_clicks, conversions: s.conversions, revenue: s.revenue, epc: earningsPerClick(s.revenue, s.clicks) };
    }),
  };
}
