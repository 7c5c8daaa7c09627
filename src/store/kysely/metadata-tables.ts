import type { ColumnType } from 'kysely';

/**
 * The metadata tables as both engines hold them (DuckDB's migrations 1–4, 6, 8–10, 13, 14 and 17, PostgreSQL's 1–6, 9, 10 and 12).
 * JSON columns are text on DuckDB and `jsonb` on PostgreSQL: queries write JSON text (PostgreSQL
 * casts an untyped parameter to the column's type) and read `cast(col as text)`. Timestamps are
 * written as `cast(iso as timestamptz)` and read back as `Date`s.
 */
export interface MetadataTables {
  workspaces: WorkspacesTable;
  settings: SettingsTable;
  documents: DocumentsTable;
  links: LinksTable;
  idempotency_keys: IdempotencyKeysTable;
  api_keys: ApiKeysTable;
  people: PeopleTable;
  memberships: MembershipsTable;
  person_sessions: PersonSessionsTable;
  person_codes: PersonCodesTable;
  audit_log: AuditLogTable;
  share_links: ShareLinksTable;
  programs: ProgramsTable;
  partners: PartnersTable;
  partner_coupons: PartnerCouponsTable;
  partner_links: PartnerLinksTable;
  payout_details: PayoutDetailsTable;
  ledger_entries: LedgerEntriesTable;
  payout_runs: PayoutRunsTable;
  payout_run_heads: PayoutRunHeadsTable;
}

type Timestamp = ColumnType<Date, string, string>;
type NullableTimestamp = ColumnType<Date | null, string | null, string | null>;

export interface WorkspacesTable {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  margin: string;
  write_key: string;
  fallback_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON text of `ChannelRule[]`; null: the built-in rules. */
  channel_rules: ColumnType<string | null, string | null | undefined, string | null>;
  /** ISO instant as text; null: active. */
  archived_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface DocumentsTable {
  workspace_id: string;
  collection: string;
  id: string;
  /** JSON text. */
  body: string;
  updated_at: Timestamp;
}

export interface LinksTable {
  slug: string;
  workspace_id: string;
  destination: string;
  channel: string | null;
  /** JSON text of the link's UTM tags. */
  utm: string;
  disabled: boolean;
  created_at: Timestamp;
  updated_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
}

export interface IdempotencyKeysTable {
  workspace_id: string;
  operation: string;
  key: string;
  /** SHA-256 of the request's input. */
  fingerprint: string;
  created_at: Timestamp;
  /** The kept answer; both null while the claimed write runs. */
  status: ColumnType<number | null, number | null | undefined, number | null>;
  body: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  kind: string;
  prefix: string;
  /** SHA-256 (hex) of the key. */
  hash: string;
  /** JSON text of the scopes and of the allowed origins. */
  scopes: string;
  allowed_origins: string;
  created_at: Timestamp;
  last_used_at: ColumnType<Date | null, string | null | undefined, string | null>;
  revoked_at: ColumnType<Date | null, string | null | undefined, string | null>;
}

type NullableText = ColumnType<string | null, string | null | undefined, string | null>;
type OptionalTimestamp = ColumnType<Date | null, string | null | undefined, string | null>;

export interface PeopleTable {
  id: string;
  /** Lower-case, unique. */
  email: string;
  /** argon2id (PHC string); null until an invited person sets one. */
  password_hash: NullableText;
  totp_secret: NullableText;
  totp_pending: NullableText;
  /** The last TOTP time step a sign-in used (a code is good once: RFC 6238 §5.2). */
  totp_last_step: ColumnType<number | string | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  disabled_at: OptionalTimestamp;
}

export interface MembershipsTable {
  person_id: string;
  workspace_id: string;
  role: string;
  partner_id: NullableText;
  created_at: Timestamp;
}

export interface PersonSessionsTable {
  /** SHA-256 of the cookie's session id. */
  hash: string;
  person_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  revoked_at: OptionalTimestamp;
}

export interface PersonCodesTable {
  /** SHA-256 of the code. */
  hash: string;
  person_id: string;
  purpose: string;
  expires_at: Timestamp;
  used_at: OptionalTimestamp;
}

/** Append-only (no query updates or deletes it); `recorded_at` is ISO text so that the hashed content reads back exactly. */
export interface AuditLogTable {
  workspace_id: string;
  seq: number;
  id: string;
  /** The entry's `at` (`at` is a keyword of DuckDB's). */
  recorded_at: string;
  actor_kind: string;
  actor_id: string;
  surface: string;
  ip: string | null;
  user_agent: string | null;
  operation: string;
  target_kind: string;
  target_id: string | null;
  /** JSON text as it was hashed (text on both engines: `jsonb` would reorder keys). */
  before_state: string | null;
  after_state: string | null;
  prev_hash: string;
  hash: string;
}

export interface ShareLinksTable {
  id: string;
  workspace_id: string;
  view: string;
  /** JSON text of the view's stored input. */
  params: string;
  prefix: string;
  /** SHA-256 (hex) of the token. */
  hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: ColumnType<Date | null, string | null | undefined, string | null>;
}

/** A partner programme as JSON text of the whole `Program` (rules and tiers nest). */
export interface ProgramsTable {
  workspace_id: string;
  id: string;
  body: string;
}

/** A partner as JSON text of the whole `Partner`; `program_id` is a column to filter by. */
export interface PartnersTable {
  workspace_id: string;
  id: string;
  program_id: string;
  body: string;
}

/** Who holds each coupon code (upper-case): the primary key makes a code one partner's per workspace, whatever the race. */
export interface PartnerCouponsTable {
  workspace_id: string;
  code: string;
  partner_id: string;
}

/** The tracking link slugs that credit a partner: one partner per slug and workspace (the primary key). */
export interface PartnerLinksTable {
  workspace_id: string;
  slug: string;
  partner_id: string;
}

/** A partner's payout details as the sealed (encrypted) text the caller gave. */
export interface PayoutDetailsTable {
  workspace_id: string;
  partner_id: string;
  sealed: string;
}

/** Append-only (no query updates or deletes it); unique per (workspace_id, key); amounts are decimal text. */
export interface LedgerEntriesTable {
  workspace_id: string;
  id: string;
  key: string;
  program_id: string;
  partner_id: string;
  kind: string;
  amount: string;
  currency: string;
  ref: string | null;
  order_id: string | null;
  rule_id: string | null;
  refund_id: string | null;
  payout_run_id: string | null;
  reason: string | null;
  fraud_score: number | null;
  held: boolean;
  occurred_at: Timestamp;
  created_at: Timestamp;
  note: string | null;
  /** What a sale's commission was computed on, and a refund's amount: decimal text, null when not given. */
  order_amount: NullableText;
  share: NullableText;
  customer: NullableText;
  refund_amount: NullableText;
}

export interface PayoutRunsTable {
  workspace_id: string;
  id: string;
  program_id: string;
  /** YYYY-MM-DD (text order is date order). */
  through: string;
  created_at: Timestamp;
  paid_reference: NullableText;
  paid_at: OptionalTimestamp;
}

/** The latest date each programme is paid through: a conditional upsert of it is what refuses a second run through the same days. */
export interface PayoutRunHeadsTable {
  workspace_id: string;
  program_id: string;
  through: string;
}
