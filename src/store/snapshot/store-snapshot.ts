/**
 * Everything a store holds, read back as records: what `roilens migrate` copies into another store and
 * `roilens backup` writes to a file (and `restore` reads back from one). One list says how each
 * metadata table travels, so a table added later cannot be forgotten: its name must be added here
 * (the type requires every table of `MetadataTables`, and test/store/metadata-copies.test.ts every
 * table PostgreSQL's migrations create).
 */
import type { ApiKey } from '../../records/api-keys.js';
import type { Membership, PersonSecrets } from '../../records/people.js';
import type { PersonRepo } from '../ports/person-repo.js';
import type { AuditRepo } from '../ports/audit-and-share-links.js';
import type { AuditEntry } from '../../records/audit.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import type { LeadRecord, OrderRecord, RateRecord, SpendRecord, StoredEvent } from '../../records/events.js';
import type { TrackingLink, Workspace } from '../../records/workspace.js';
import type { MetadataTables } from '../kysely/metadata-tables.js';
import type { PartnerSnapshot } from './partner-copies.js';

/** How each metadata table is carried by a copy, a backup and a restore. */
export const metadataTableCopies = {
  workspaces: 'copied: name, currency, time zone, margin, write key, fallback URL, archived_at and channel rules',
  settings: 'copied: the installation\'s settings, and each workspace\'s own (their keys name the workspace)',
  documents: 'copied: experiments, segments, postback sources, goals, …',
  links: 'copied, deleted links too (their slugs stay reserved)',
  api_keys: 'copied by their SHA-256, with last use and revocation (the keys themselves exist nowhere)',
  idempotency_keys: 'not copied: answers kept for retries of recent writes, not data; a retry after a move is a new write',
  people: 'copied with the workspaces they belong to: e-mail, argon2id password hash, TOTP, disabled; an e-mail the target already has keeps the target\'s account (the membership goes to it)',
  memberships: 'copied: each member\'s role (and partner) in the workspace',
  person_sessions: 'not copied: sessions end with a move (people sign in again)',
  person_codes: 'not copied: one-time links end with a move',
  audit_log: 'copied as it is (each entry\'s seq and hashes kept, so `audit verify` holds in the copy) where it continues the target\'s log; a target whose log differs keeps its own (the copy says `audit_diverged`)',
  share_links: 'not copied: a share link is for this installation\'s address; make new ones after a move',
  programs: 'copied: each partner programme with its commission rules (one the target has already stays as it is)',
  partners: 'copied with their links, coupons and identities (one the target has already stays as it is)',
  partner_coupons: 'copied with the partners (each code stays one partner\'s per workspace)',
  partner_links: 'copied with the partners (each link slug stays one partner\'s per workspace)',
  payout_details: 'copied with the partners as the sealed text (the target needs the same secret to open them)',
  ledger_entries: 'copied: every entry as it is, appended by key (one the target holds is not appended again); never deleted, not by restore --replace either',
  payout_runs: 'copied with their paid reference; a run the target has (or a later one of its programme) stays as it is; never deleted',
  payout_run_heads: 'copied as the runs are: each programme\'s paid-through date follows from its runs',
} as const satisfies Record<keyof MetadataTables, string>;

export type LinkRow = TrackingLink & { deleted_at?: string };
export type KeyRow = { key: ApiKey; hash: string };
export type MemberRow = { person: PersonSecrets; membership: Membership };

/** A store's contents by workspace, as records (pages for events). */
export interface StoreSnapshot extends PartnerSnapshot {
  workspaces(): Promise<Workspace[]>;
  settings(): Promise<{ key: string; value: string }[]>;
  channelRules(ws: string): Promise<ChannelRule[] | undefined>;
  documents(ws: string): Promise<{ collection: string; id: string; body: unknown }[]>;
  links(ws: string): Promise<LinkRow[]>;
  apiKeys(ws: string): Promise<KeyRow[]>;
  members(ws: string): Promise<MemberRow[]>;
  rates(ws: string): Promise<RateRecord[]>;
  spend(ws: string): Promise<SpendRecord[]>;
  orders(ws: string): Promise<OrderRecord[]>;
  leads(ws: string): Promise<LeadRecord[]>;
  events(ws: string): AsyncIterable<StoredEvent[]>;
  /** The workspace's audit log in chain order, in pages. */
  audit(ws: string): AsyncIterable<AuditEntry[]>;
}

/** Whether an installation setting belongs to workspace `ws` (retention, salts, revenue sources, onboarding, demo truth). */
export function settingOfWorkspace(key: string, ws: string): boolean {
  return key.startsWith(`workspace.${ws}.`) || key.startsWith(`onboarding:${ws}:`) || key === `demo_truth:${ws}`;
}

/** The workspace's members with their accounts, through the person port (every store has it). */
export async function membersOf(people: Pick<PersonRepo, 'listMembers' | 'getPerson'>, ws: string): Promise<MemberRow[]> {
  const out: MemberRow[] = [];
  for (const m of await people.listMembers(ws)) {
    const person = await people.getPerson(m.person_id);
    if (person) out.push({ person, membership: { person_id: m.person_id, workspace_id: m.workspace_id, role: m.role, partner_id: m.partner_id, created_at: m.created_at } });
  }
  return out;
}

/** A workspace's audit log in chain order, read in pages of `size` (every store has the audit port). */
export async function* auditPagesOf(audit: Pick<AuditRepo, 'auditChain'>, ws: string, size = 1000): AsyncGenerator<AuditEntry[]> {
  for (let after = 0; ; ) {
    const page = await audit.auditChain(ws, after, size);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].seq;
  }
}
