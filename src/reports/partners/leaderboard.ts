/**
 * The manager's leaderboard (issue 16): normalize (the programme and range) → fetch (partners,
 * the programme's ledger, link clicks, and for the shares the journeys of the touched sales) →
 * compute (`leaderboardRows`, `partnerRevenueShares`). One row per partner: sized by the programme,
 * not by its customers.
 *
 * Where the time goes: the link clicks (`linkStats`, on the embedded store read from the KPI
 * rollups) and the shares (every fact page of the range and a Markov fit); the ledger, partners and
 * range are small reads. Both slow parts are kept between calls while the workspace's data is
 * unchanged (`memos`). At 10M events a first call still takes seconds: the fact page's three reads
 * (conversions, clicks, touches; each re-stitches the events' persons) ~5× a plain pass each; the
 * Markov fit ~0.5 s.
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

/** Clicks per link slug in the range (`linkStats`). */
export type SlugClicks = Map<string, number>;

/**
 * Where a computed part is kept (the server keeps it while the workspace's data is unchanged,
 * `reports/common/data-memo.ts`): the value of `key`, kept or computed. `key` names everything the
 * part depends on besides the stored data.
 */
export interface PartMemo<T> {
  value(workspaceId: string, key: string, compute: () => Promise<T>): Promise<T>;
}
export type SharesMemo = PartMemo<PartnerShares>;

/** Where the leaderboard's slow parts are kept between calls: the shares and the link clicks. */
export interface LeaderboardMemos {
  shares: SharesMemo;
  clicks: PartMemo<SlugClicks>;
}

/**
 * The leaderboard of programme `q.program` over the local days `q.from`…`q.to` (default: the last 30
 * days with data). The shares need the store's partner fact pages (`facts`); without them
 * (null) `last_click_share` and `data_driven_share` are null. `memos`: where the shares (every fact
 * page read and a Markov fit) and the link clicks (a pass over the events) are kept between calls.
 */
export async function partnerLeaderboard(store: Store, workspaceId: string, q: { program: string; from?: string; to?: string }, facts: PartnerFactsReader | null, memos?: LeaderboardMemos): Promise<Leaderboard> {
  // Read at once; a failure is answered in this order (workspace, programme, range) whichever came first.
  const [workspace, program, { from, to }] = settled(await Promise.allSettled([
    store.getWorkspace(workspaceId).then((w) => w ?? Promise.reject(new AppError('not_found', `no workspace ${workspaceId}`))),
    programNamed(store, workspaceId, q.program, 'program'),
    resolveRange(store, workspaceId, q.from, q.to),
  ] as const));
  const readClicks = async (): Promise<SlugClicks> => new Map((await store.linkStats(workspaceId, { from, to, lookbackDays: program.window_days })).map((l) => [l.slug, l.clicks]));
  const clicksKey = JSON.stringify(['link-clicks', from, to, program.window_days]);
  const [partners, entries, clicksBySlug] = await Promise.all([
    partnersOf(store, workspaceId, program.id),
    ledgerOf(store, workspaceId, { program_id: program.id }),
    memos ? memos.clicks.value(workspaceId, clicksKey, readClicks) : readClicks(),
  ]);
  const partnerOfSlug = new Map(partners.flatMap((p) => p.links.map((slug) => [slug, p.id] as const)));
  const computeShares = async (reader: PartnerFactsReader) =>
    partnerRevenueShares(await shareFacts(reader, workspaceId, { from, to, slugs: [...partnerOfSlug.keys()], windowDays: program.window_days }), {
      partnerOfSlug, windowDays: program.window_days, currency: program.currency, rates: await store.listRates(workspaceId), base: workspace.currency,
    });
  const sharesKey = JSON.stringify(['partner-shares', from, to, [...partnerOfSlug].sort(), program.window_days, program.currency, workspace.currency]);
  const shares = facts ? await (memos ? memos.shares.value(workspaceId, sharesKey, () => computeShares(facts)) : computeShares(facts)) : undefined;
  const rows = leaderboardRows({ partners, currency: program.currency, timeZone: workspace.timezone, from, to, entries, clicksBySlug, shares });
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

/** The values of settled promises, or the first failure in their order. */
function settled<T extends readonly unknown[]>(results: { [K in keyof T]: PromiseSettledResult<T[K]> }): T {
  for (const r of results as readonly PromiseSettledResult<unknown>[]) if (r.status === 'rejected') throw r.reason;
  return (results as readonly PromiseSettledResult<unknown>[]).map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
