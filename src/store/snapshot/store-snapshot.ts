/**
 * Everything a store holds, read back as records: what `roilens migrate` copies into another store and
 * `roilens backup` writes to a file (and `restore` reads back from one). One list says how each
 * metadata table travels, so a table added later cannot be forgotten: its name must be added here
 * (the type requires every table of `MetadataTables`, and test/store/metadata-copies.test.ts every
 * table PostgreSQL's migrations create).
 */
import type { ApiKey } from '../../records/api-keys.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import type { LeadRecord, OrderRecord, RateRecord, SpendRecord, StoredEvent } from '../../records/events.js';
import type { TrackingLink, Workspace } from '../../records/workspace.js';
import type { MetadataTables } from '../kysely/metadata-tables.js';

/** How each metadata table is carried by a copy, a backup and a restore. */
export const metadataTableCopies = {
  workspaces: 'copied: name, currency, time zone, margin, write key, fallback URL, archived_at and channel rules',
  settings: 'copied: the installation\'s settings, and each workspace\'s own (their keys name the workspace)',
  documents: 'copied: experiments, segments, postback sources, goals, …',
  links: 'copied, deleted links too (their slugs stay reserved)',
  api_keys: 'copied by their SHA-256, with last use and revocation (the keys themselves exist nowhere)',
  idempotency_keys: 'not copied: answers kept for retries of recent writes, not data; a retry after a move is a new write',
  people: 'NOT COPIED YET: accounts (e-mail, password hash, TOTP) — a copied installation starts without people and its first start creates a new owner',
  memberships: 'NOT COPIED YET: people\'s roles per workspace (see people)',
  person_sessions: 'not copied: sessions end with a move (people sign in again)',
  person_codes: 'not copied: one-time links end with a move',
} as const satisfies Record<keyof MetadataTables, string>;

export type LinkRow = TrackingLink & { deleted_at?: string };
export type KeyRow = { key: ApiKey; hash: string };

/** A store's contents by workspace, as records (pages for events). */
export interface StoreSnapshot {
  workspaces(): Promise<Workspace[]>;
  settings(): Promise<{ key: string; value: string }[]>;
  channelRules(ws: string): Promise<ChannelRule[] | undefined>;
  documents(ws: string): Promise<{ collection: string; id: string; body: unknown }[]>;
  links(ws: string): Promise<LinkRow[]>;
  apiKeys(ws: string): Promise<KeyRow[]>;
  rates(ws: string): Promise<RateRecord[]>;
  spend(ws: string): Promise<SpendRecord[]>;
  orders(ws: string): Promise<OrderRecord[]>;
  leads(ws: string): Promise<LeadRecord[]>;
  events(ws: string): AsyncIterable<StoredEvent[]>;
}

/** Whether an installation setting belongs to workspace `ws` (retention, salts, revenue sources, onboarding, demo truth). */
export function settingOfWorkspace(key: string, ws: string): boolean {
  return key.startsWith(`workspace.${ws}.`) || key.startsWith(`onboarding:${ws}:`) || key === `demo_truth:${ws}`;
}
