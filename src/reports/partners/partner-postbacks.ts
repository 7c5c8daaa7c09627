/**
 * Outgoing postbacks to a partner's own platform (issue 16): for each new commission, and for each
 * reversal or clawback of one, roilens calls the partner's `postback_url` with its macros filled in,
 * through the one outbound client (signed, retried, private targets refused unless
 * `ROILENS_OUTBOUND_ALLOW` names them). Each delivery is logged once per ledger entry in the
 * documents collection `partner_postbacks/<partner id>` (id: the entry's id), so a ledger sync that runs again
 * sends nothing twice; the manager and the partner read the log.
 */
import type { CreditedConversion } from '../../partners/credited-conversion.js';
import type { LedgerEntry, Partner } from '../../records/partners.js';
import { outboundSettings } from '../../config/config.js';
import { deliver, literalTargetProblem, type OutboundErrorCode } from '../../shared/outbound/client.js';
import type { DocumentRepo } from '../../store/ports/document-repo.js';
import { subIdKeys, type SubIdKey } from '../../partners/crediting/facts.js';

/** The log's collection of one partner: one per partner, so a partner's page reads only its own deliveries. */
export const postbackCollection = (partnerId: string) => `partner_postbacks/${partnerId}`;

/** The macros a postback URL may hold; each is replaced by its value, percent-encoded (empty when the entry has none). */
export const postbackMacros = ['click_id', ...subIdKeys, 'payout', 'order_id', 'status', 'currency'] as const;
export type PostbackMacro = (typeof postbackMacros)[number];

/** What a partner's platform is told: `pending` or `held` for a new commission, `reversed` for a reversal or clawback (its `payout` negative). */
export type PostbackStatus = 'pending' | 'held' | 'reversed';

/** One delivery as logged (and as the manager and the partner read it). */
export interface PostbackDelivery {
  /** The ledger entry's id. */
  id: string;
  partner_id: string;
  kind: 'commission' | 'reversal' | 'clawback';
  order_id: string | null;
  click_id: string | null;
  sub_ids: Partial<Record<SubIdKey, string>>;
  status: PostbackStatus;
  /** Signed decimal in `currency`. */
  payout: string;
  currency: string;
  /** The URL called, macros filled in. */
  url: string;
  ok: boolean;
  http_status: number | null;
  attempts: number;
  error_code: OutboundErrorCode | null;
  /** ISO instant of the delivery. */
  at: string;
}

/**
 * The template with its macros filled in, each value percent-encoded.
 * @example expandPostbackUrl('https://t.example/pb?cid={click_id}&p={payout}', { click_id: 'c 1', payout: '2.50' }) // 'https://t.example/pb?cid=c%201&p=2.50'
 */
export function expandPostbackUrl(template: string, values: Partial<Record<PostbackMacro, string | null>>): string {
  return template.replace(/\{([a-z0-9_]+)\}/g, (whole, name: string) =>
    (postbackMacros as readonly string[]).includes(name) ? encodeURIComponent(values[name as PostbackMacro] ?? '') : whole);
}

/**
 * Why a postback URL template cannot be used (checked with the outbound client's own rules, its
 * macros filled with sample values), or null. `refused_target` for private, loopback and link-local
 * addresses the operator did not allow.
 */
export function postbackUrlProblem(template: string): { code: OutboundErrorCode; message: string } | null {
  const sample = expandPostbackUrl(template, { click_id: 'c', sub1: 's', sub2: 's', sub3: 's', sub4: 's', sub5: 's', payout: '1.00', order_id: 'o', status: 'pending', currency: 'EUR' });
  const problem = literalTargetProblem(sample, outboundSettings().allow);
  if (problem === null) return null;
  const message = problem === 'refused_target'
    ? 'the postback URL points at a private, loopback or link-local address, which outbound calls may not reach'
    : 'expected an http:// or https:// URL';
  return { code: problem, message };
}

export interface PostbackSyncInput {
  workspaceId: string;
  /** The partners the entries belong to (those without a postback URL get none). */
  partners: readonly Partner[];
  /** Ledger entries just appended (others kinds are ignored). */
  entries: readonly LedgerEntry[];
  /** The credited conversions behind new commissions: their click id and sub-ids. */
  credits?: readonly CreditedConversion[];
}

export interface PostbackSyncResult {
  delivered: number;
  failed: number;
}

/** Options of the outbound calls (tests shorten the backoff). */
export interface PostbackDeliveryOptions {
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  now?: () => Date;
}

/**
 * Calls the partners' postback URLs for new commissions, reversals and clawbacks and logs each
 * call; an entry already logged is not sent again. The ledger sync calls it after appending entries.
 * Never throws for a partner's platform failing: the log says how it went.
 */
export async function deliverPartnerPostbacks(store: DocumentRepo, input: PostbackSyncInput, options: PostbackDeliveryOptions = {}): Promise<PostbackSyncResult> {
  const partners = new Map(input.partners.map((p) => [p.id, p]));
  const credits = new Map((input.credits ?? []).map((c) => [`${c.partner_id}\u0000${c.id}`, c]));
  const settings = outboundSettings();
  const result: PostbackSyncResult = { delivered: 0, failed: 0 };
  for (const entry of input.entries) {
    if (entry.kind !== 'commission' && entry.kind !== 'reversal' && entry.kind !== 'clawback') continue;
    const partner = partners.get(entry.partner_id);
    if (!partner?.postback_url) continue;
    if (await store.getDocument(input.workspaceId, postbackCollection(partner.id), entry.id)) continue;
    const origin = await originOf(store, input.workspaceId, entry, credits);
    const values = {
      click_id: origin.click_id, ...origin.sub_ids, payout: entry.amount, order_id: entry.order_id ?? origin.order_id,
      status: statusOf(entry), currency: entry.currency,
    };
    const url = expandPostbackUrl(partner.postback_url, values);
    const body = JSON.stringify({ event: `partner.${entry.kind}`, entry_id: entry.id, ...values });
    const sent = await deliver(url, body, { ...settings, timeoutMs: options.timeoutMs ?? 10_000, attempts: options.attempts ?? 3, backoffMs: options.backoffMs ?? 500 });
    const record: PostbackDelivery = {
      id: entry.id, partner_id: partner.id, kind: entry.kind, order_id: values.order_id, click_id: origin.click_id, sub_ids: origin.sub_ids,
      status: values.status, payout: entry.amount, currency: entry.currency, url, ok: sent.ok, http_status: sent.status, attempts: sent.attempts,
      error_code: sent.error_code ?? null, at: (options.now?.() ?? new Date()).toISOString(),
    };
    await store.putDocument(input.workspaceId, postbackCollection(partner.id), entry.id, record);
    if (sent.ok) result.delivered++;
    else result.failed++;
  }
  return result;
}

function statusOf(entry: LedgerEntry): PostbackStatus {
  if (entry.kind !== 'commission') return 'reversed';
  return entry.held ? 'held' : 'pending';
}

/** The click and sub-ids behind an entry: a commission's from its credited conversion, a reversal's from its commission's delivery. */
async function originOf(store: DocumentRepo, workspaceId: string, entry: LedgerEntry, credits: Map<string, CreditedConversion>): Promise<{ click_id: string | null; sub_ids: Partial<Record<SubIdKey, string>>; order_id: string | null }> {
  if (entry.kind === 'commission') {
    const credit = entry.order_id === null ? undefined : credits.get(`${entry.partner_id}\u0000${entry.order_id}`);
    return { click_id: credit?.click_id ?? null, sub_ids: credit?.sub_ids ?? {}, order_id: entry.order_id };
  }
  const first = entry.ref === null ? undefined : await store.getDocument<PostbackDelivery>(workspaceId, postbackCollection(entry.partner_id), entry.ref);
  return { click_id: first?.click_id ?? null, sub_ids: first?.sub_ids ?? {}, order_id: first?.order_id ?? null };
}

/** A partner's deliveries, newest first (the manager's and the partner's view of the log). */
export async function listPartnerPostbacks(store: DocumentRepo, workspaceId: string, partnerId: string): Promise<PostbackDelivery[]> {
  const all = await store.listDocuments<PostbackDelivery>(workspaceId, postbackCollection(partnerId));
  return all.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
}
