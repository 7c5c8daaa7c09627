/**
 * The manager's leaderboard (issue 16): normalize (the programme and range) → fetch (partners,
 * the programme's ledger, link clicks, and for the shares the journeys of the touched sales) →
 * compute (`leaderboardRows`, `partnerRevenueShares`). One row per partner: sized by the programme,
 * not by its customers.
 */
import type { Store } from '../../store/store.js';
import { AppError } from '../../shared/errors.js';
import { resolveRange } from '../common/date-range.js';
import { leaderboardRows, type LeaderboardRow } from './leaderboard-figures.js';
import { partnerRevenueShares, type ShareFacts } from './partner-shares.js';
import { ledgerOf, partnersOf, programNamed } from './partner-report-reads.js';
import type { PartnerFactsPage, PartnerFactsQuery } from '../../store/partner-facts.js';

export interface Leaderboard {
  program: { id: string; name: string; currency: string };
  from: string;
  to: string;
  /** The data-driven model the shares use. */
  model: 'markov';
  partners: LeaderboardRow[];
}

/** Where the shares' journeys come from (the store's partner fact pages). */
export interface PartnerFactsReader {
  partnerFacts(workspaceId: string, query: PartnerFactsQuery): Promise<PartnerFactsPage>;
}

/** Per partner, the last-click and data-driven shares (`partnerRevenueShares`). */
export type PartnerShares = Map<string, { last_click: number; data_driven: number }>;

/**
 * Where computed shares are kept (the server keeps them while the workspace's data is unchanged,
 * `reports/common/data-memo.ts`): the value of `key`, kept or computed. `key` names everything the
 * shares depend on besides the stored data.
 */
export interface SharesMemo {
  value(workspaceId: string, key: string, compute: () => Promise<PartnerShares>): Promise<PartnerShares>;
}

/**
 * The leaderboard of programme `q.program` over the local days `q.from`…`q.to` (default: the last 30
 * days with data). The shares need the store's partner fact pages (`facts`); without them
 * (null) `last_click_share` and `data_driven_share` are null. `memo`: where the shares (every fact
 * page read and a Markov fit, the slow part) are kept between calls.
 */
export async function partnerLeaderboard(store: Store, workspaceId: string, q: { program: string; from?: string; to?: string }, facts: PartnerFactsReader | null, memo?: SharesMemo): Promise<Leaderboard> {
  const workspace = await store.getWorkspace(workspaceId);
  if (!workspace) throw new AppError('not_found', `no workspace ${workspaceId}`);
  const program = await programNamed(store, workspaceId, q.program, 'program');
  const { from, to } = await resolveRange(store, workspaceId, q.from, q.to);
  const partners = await partnersOf(store, workspaceId, program.id);
  const [entries, links] = await Promise.all([
    ledgerOf(store, workspaceId, { program_id: program.id }),
    store.linkStats(workspaceId, { from, to, lookbackDays: program.window_days }),
  ]);
  const partnerOfSlug = new Map(partners.flatMap((p) => p.links.map((slug) => [slug, p.id] as const)));
  const computeShares = async (reader: PartnerFactsReader) =>
    partnerRevenueShares(await shareFacts(reader, workspaceId, { from, to, slugs: [...partnerOfSlug.keys()], windowDays: program.window_days }), {
      partnerOfSlug, windowDays: program.window_days, currency: program.currency, rates: await store.listRates(workspaceId), base: workspace.currency,
    });
  const sharesKey = JSON.stringify(['partner-shares', from, to, [...partnerOfSlug].sort(), program.window_days, program.currency, workspace.currency]);
  const shares = facts ? await (memo ? memo.value(workspaceId, sharesKey, () => computeShares(facts)) : computeShares(facts)) : undefined;
  const rows = leaderboardRows({
    partners, currency: program.currency, timeZone: workspace.timezone, from, to, entries,
    clicksBySlug: new Map(links.map((l) => [l.slug, l.clicks])), shares,
  });
  return { program: { id: program.id, name: program.name, currency: program.currency }, from, to, model: 'markov', partners: rows };
}

/** Every page of the range's sales with the persons' partner clicks and other touches. */
async function shareFacts(store: PartnerFactsReader, workspaceId: string, q: Omit<PartnerFactsQuery, 'touches' | 'cursor' | 'limit'>): Promise<ShareFacts> {
  const out = { conversions: [] as ShareFacts['conversions'][number][], clicks: [] as ShareFacts['clicks'][number][], touches: [] as ShareFacts['touches'][number][] };
  if (q.slugs.length === 0) return out;
  const seenClicks = new Set<string>();
  const seenTouches = new Set<string>();
  for (let cursor: string | null = null; ;) {
    const page: PartnerFactsPage = await store.partnerFacts(workspaceId, { ...q, touches: true, cursor, limit: 50_000 });
    out.conversions.push(...page.conversions.filter((c) => c.kind === 'sale'));
    // A person with sales on two pages has their clicks and touches on both: kept once.
    for (const c of page.clicks) if (!seenClicks.has(c.click_id)) seenClicks.add(c.click_id) && out.clicks.push(c);
    for (const t of page.touches) {
      const key = `${t.person}\u0000${t.ts}\u0000${t.channel}\u0000${t.kind}`;
      if (!seenTouches.has(key)) seenTouches.add(key) && out.touches.push(t);
    }
    if (page.next_cursor === null) return out;
    cursor = page.next_cursor;
  }
}
