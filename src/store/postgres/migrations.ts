/**
 * Versioned schema of the PostgreSQL metadata store (workspaces, settings,
 * documents, tracking links, channel rules). Append a migration; never edit
 * one that has shipped.
 */
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'metadata',
    sql: `
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, currency TEXT NOT NULL, timezone TEXT NOT NULL,
        margin TEXT NOT NULL, write_key TEXT NOT NULL UNIQUE, channel_rules JSONB
      );
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE documents (
        workspace_id TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL,
        body JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, collection, id)
      );
      CREATE TABLE links (
        workspace_id TEXT NOT NULL, slug TEXT NOT NULL, destination TEXT NOT NULL, channel TEXT,
        utm JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (workspace_id, slug)
      );
    `,
  },
  {
    version: 2,
    name: 'links: slugs unique per installation, disabled and deleted links; workspace fallback_url',
    sql: `
      ALTER TABLE links DROP CONSTRAINT links_pkey;
      ALTER TABLE links ADD PRIMARY KEY (slug);
      ALTER TABLE links ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT false;
      ALTER TABLE links ADD COLUMN updated_at TIMESTAMPTZ;
      ALTER TABLE links ADD COLUMN deleted_at TIMESTAMPTZ;
      CREATE INDEX links_workspace ON links (workspace_id, slug);
      ALTER TABLE workspaces ADD COLUMN fallback_url TEXT;
    `,
  },
  {
    version: 3,
    name: 'idempotency keys of writes that move money',
    sql: `
      CREATE TABLE idempotency_keys (
        workspace_id TEXT NOT NULL, operation TEXT NOT NULL, key TEXT NOT NULL,
        fingerprint TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, status INTEGER, body TEXT,
        PRIMARY KEY (workspace_id, operation, key)
      );
    `,
  },
  {
    version: 4,
    name: 'workspaces: archived_at; API keys (write and secret keys of each workspace, stored by their SHA-256)',
    sql: `
      ALTER TABLE workspaces ADD COLUMN archived_at TEXT;
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, kind TEXT NOT NULL, prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE, scopes JSONB NOT NULL, allowed_origins JSONB NOT NULL,
        created_at TIMESTAMPTZ NOT NULL, last_used_at TIMESTAMPTZ, revoked_at TIMESTAMPTZ
      );
    `,
  },
  {
    version: 5,
    name: 'people (e-mail, argon2id password hash, TOTP), their workspace memberships with a role, their sessions and one-time codes (stored by SHA-256)',
    sql: `
      CREATE TABLE people (
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT, totp_secret TEXT, totp_pending TEXT,
        created_at TIMESTAMPTZ NOT NULL, disabled_at TIMESTAMPTZ
      );
      CREATE TABLE memberships (
        person_id TEXT NOT NULL, workspace_id TEXT NOT NULL, role TEXT NOT NULL, partner_id TEXT,
        created_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (person_id, workspace_id)
      );
      CREATE INDEX memberships_workspace ON memberships (workspace_id);
      CREATE TABLE person_sessions (
        hash TEXT PRIMARY KEY, person_id TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, last_seen_at TIMESTAMPTZ NOT NULL, revoked_at TIMESTAMPTZ
      );
      CREATE INDEX person_sessions_person ON person_sessions (person_id);
      CREATE TABLE person_codes (
        hash TEXT PRIMARY KEY, person_id TEXT NOT NULL, purpose TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL, used_at TIMESTAMPTZ
      );
    `,
  },
  {
    version: 6,
    name: 'audit log (append-only, a hash chain per workspace) and share links (stored by the SHA-256 of their token)',
    sql: `
      CREATE TABLE audit_log (
        workspace_id TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, recorded_at TEXT NOT NULL,
        actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL, surface TEXT NOT NULL, ip TEXT, user_agent TEXT,
        operation TEXT NOT NULL, target_kind TEXT NOT NULL, target_id TEXT,
        before_state TEXT, after_state TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
        PRIMARY KEY (workspace_id, seq)
      );
      CREATE TABLE share_links (
        id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, view TEXT NOT NULL, params TEXT NOT NULL,
        prefix TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, revoked_at TIMESTAMPTZ
      );
    `,
  },
  {
    version: 9,
    name: 'people.totp_last_step: the TOTP time step a sign-in last used (a code signs in once)',
    sql: `ALTER TABLE people ADD COLUMN totp_last_step BIGINT;`,
  },
  {
    version: 10,
    name: 'partners (issue 16): programmes, partners, their coupons (one holder per workspace) and sealed payout details; the append-only ledger (one row per workspace and key); payout runs and the date each programme is paid through',
    sql: `
      CREATE TABLE programs (
        workspace_id TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE TABLE partners (
        workspace_id TEXT NOT NULL, id TEXT NOT NULL, program_id TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE TABLE partner_coupons (
        workspace_id TEXT NOT NULL, code TEXT NOT NULL, partner_id TEXT NOT NULL,
        PRIMARY KEY (workspace_id, code)
      );
      CREATE INDEX partner_coupons_partner ON partner_coupons (workspace_id, partner_id);
      CREATE TABLE payout_details (
        workspace_id TEXT NOT NULL, partner_id TEXT NOT NULL, sealed TEXT NOT NULL,
        PRIMARY KEY (workspace_id, partner_id)
      );
      CREATE TABLE ledger_entries (
        workspace_id TEXT NOT NULL, id TEXT NOT NULL, key TEXT NOT NULL, program_id TEXT NOT NULL, partner_id TEXT NOT NULL,
        kind TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL, ref TEXT, order_id TEXT, rule_id TEXT,
        refund_id TEXT, payout_run_id TEXT, reason TEXT, fraud_score DOUBLE PRECISION, held BOOLEAN NOT NULL,
        occurred_at TIMESTAMPTZ NOT NULL, created_at TIMESTAMPTZ NOT NULL, note TEXT,
        order_amount TEXT, share TEXT, customer TEXT, refund_amount TEXT,
        UNIQUE (workspace_id, key)
      );
      CREATE INDEX ledger_entries_order ON ledger_entries (workspace_id, created_at, id);
      CREATE INDEX ledger_entries_id ON ledger_entries (workspace_id, id);
      CREATE TABLE payout_runs (
        workspace_id TEXT NOT NULL, id TEXT NOT NULL, program_id TEXT NOT NULL, through TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL, paid_reference TEXT, paid_at TIMESTAMPTZ,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE TABLE payout_run_heads (
        workspace_id TEXT NOT NULL, program_id TEXT NOT NULL, through TEXT NOT NULL,
        PRIMARY KEY (workspace_id, program_id)
      );
    `,
  },
  {
    version: 12,
    name: 'partner_links: each tracking link slug credits one partner per workspace, held by a primary key as coupons are (filled from the partners\' lists; of two holding one slug already, the lower id keeps it)',
    sql: `
      CREATE TABLE partner_links (
        workspace_id TEXT NOT NULL, slug TEXT NOT NULL, partner_id TEXT NOT NULL,
        PRIMARY KEY (workspace_id, slug)
      );
      CREATE INDEX partner_links_partner ON partner_links (workspace_id, partner_id);
      INSERT INTO partner_links (workspace_id, slug, partner_id)
        SELECT workspace_id, slug, min(id COLLATE "C") FROM partners, jsonb_array_elements_text(body::jsonb -> 'links') AS slug
        GROUP BY workspace_id, slug;
    `,
  },
];
