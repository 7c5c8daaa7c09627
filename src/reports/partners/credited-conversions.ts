import type { Partner, Program } from '../../records/partners.js';
import { creditConversions, type SkippedConversion } from '../../partners/crediting/index.js';
import type { CreditedConversion } from '../../partners/credited-conversion.js';
import type { PartnerClickFact } from '../../partners/crediting/facts.js';
import { AppError } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';

export interface CreditedConversions {
  credited: CreditedConversion[];
  /** Conversions that pointed at a partner but earn nothing: self-referral, a partner not approved, a sale without a rate. */
  skipped: SkippedConversion[];
  /** The server clicks the credits name (`click_id`), for fraud scoring: one per click id. */
  clicks: PartnerClickFact[];
}

/**
 * The verified conversions of `range` (inclusive local dates) credited to the programme's partners
 * (issue 16): `partnerFacts` a page at a time (`pageSize` conversions, default 5,000), each page
 * credited by `creditConversions` with the workspace's rates. Memory stays one page of facts plus
 * the credits; a programme paid by an attribution model fits Markov on each page's journeys.
 *
 * @example
 *   const { credited, skipped } = await creditedConversions(store, 'default', program, partners, { from: '2026-03-01', to: '2026-03-31' });
 */
export async function creditedConversions(
  store: Store, workspaceId: string, program: Program, partners: readonly Partner[], range: { from: string; to: string }, opts: { pageSize?: number } = {},
): Promise<CreditedConversions> {
  const ws = await store.getWorkspace(workspaceId);
  if (!ws || program.workspace_id !== workspaceId) throw new AppError('not_found', `programme ${program.id} is not in workspace ${workspaceId}`);
  const own = partners.filter((p) => p.program_id === program.id && p.workspace_id === workspaceId);
  const slugs = [...new Set(own.flatMap((p) => p.links))].sort();
  const rates = await store.listRates(workspaceId);
  const out: CreditedConversions = { credited: [], skipped: [], clicks: [] };
  const named = new Map<string, PartnerClickFact>();
  let cursor: string | null = null;
  do {
    const page = await store.partnerFacts(workspaceId, {
      from: range.from, to: range.to, slugs, windowDays: program.window_days, touches: Boolean(program.model), cursor, limit: opts.pageSize,
    });
    const result = creditConversions({ program, partners: own, rates, base: ws.currency, conversions: page.conversions, clicks: page.clicks, touches: page.touches });
    out.credited.push(...result.credited);
    out.skipped.push(...result.skipped);
    const byId = new Map(page.clicks.map((c) => [c.click_id, c]));
    for (const c of result.credited) if (c.click_id && byId.has(c.click_id)) named.set(c.click_id, byId.get(c.click_id)!);
    cursor = page.next_cursor;
  } while (cursor);
  out.clicks = [...named.values()];
  return out;
}
