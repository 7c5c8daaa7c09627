/**
 * Versioned schema of the embedded store. Append a migration; never edit one
 * that has shipped. Money columns are DECIMAL(38,6) with a currency column.
 */
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE workspaces (
        id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, currency VARCHAR NOT NULL,
        timezone VARCHAR NOT NULL, margin VARCHAR NOT NULL, write_key VARCHAR NOT NULL UNIQUE,
        channel_rules VARCHAR
      );
      CREATE TABLE events (
        workspace_id VARCHAR NOT NULL, id VARCHAR NOT NULL, type VARCHAR NOT NULL,
        ts TIMESTAMP NOT NULL, anonymous_id VARCHAR NOT NULL, user_id VARCHAR, session_id VARCHAR,
        name VARCHAR, url VARCHAR, referrer VARCHAR,
        utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR, utm_content VARCHAR, utm_term VARCHAR,
        click_id VARCHAR, order_id VARCHAR, revenue_amount DECIMAL(38,6), revenue_currency VARCHAR,
        properties VARCHAR, channel VARCHAR NOT NULL, landing_page VARCHAR, country VARCHAR, device VARCHAR,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE TABLE spend (
        workspace_id VARCHAR NOT NULL, date DATE NOT NULL, channel VARCHAR NOT NULL,
        campaign VARCHAR NOT NULL, ad VARCHAR NOT NULL, source VARCHAR,
        cost DECIMAL(38,6) NOT NULL, currency VARCHAR NOT NULL,
        impressions BIGINT NOT NULL, clicks BIGINT NOT NULL, pricing_model VARCHAR NOT NULL,
        PRIMARY KEY (workspace_id, date, channel, campaign, ad)
      );
      CREATE TABLE orders (
        workspace_id VARCHAR NOT NULL, order_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL,
        ts TIMESTAMP NOT NULL, amount DECIMAL(38,6) NOT NULL, currency VARCHAR NOT NULL,
        email_hash VARCHAR, click_id VARCHAR,
        PRIMARY KEY (workspace_id, order_id)
      );
      CREATE TABLE leads (
        workspace_id VARCHAR NOT NULL, lead_id VARCHAR NOT NULL, user_id VARCHAR, email_hash VARCHAR,
        click_id VARCHAR, created_at TIMESTAMP NOT NULL, mql_at TIMESTAMP, sql_at TIMESTAMP,
        opportunity_at TIMESTAMP, customer_at TIMESTAMP,
        PRIMARY KEY (workspace_id, lead_id)
      );
      CREATE TABLE rates (
        workspace_id VARCHAR NOT NULL, date DATE NOT NULL, currency VARCHAR NOT NULL,
        rate DECIMAL(38,12) NOT NULL,
        PRIMARY KEY (workspace_id, currency, date)
      );
      CREATE TABLE links (
        workspace_id VARCHAR NOT NULL, slug VARCHAR NOT NULL, destination VARCHAR NOT NULL,
        channel VARCHAR, utm VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, slug)
      );
      CREATE TABLE events_staging (
        workspace_id VARCHAR, id VARCHAR, type VARCHAR, ts VARCHAR, anonymous_id VARCHAR, user_id VARCHAR,
        session_id VARCHAR, name VARCHAR, url VARCHAR, referrer VARCHAR,
        utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR, utm_content VARCHAR, utm_term VARCHAR,
        click_id VARCHAR, order_id VARCHAR, revenue_amount VARCHAR, revenue_currency VARCHAR,
        properties VARCHAR, channel VARCHAR, landing_page VARCHAR, country VARCHAR, device VARCHAR
      );
    `,
  },
  {
    version: 2,
    name: 'settings',
    sql: `CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);`,
  },
  {
    version: 3,
    name: 'documents',
    sql: `CREATE TABLE documents (
      workspace_id VARCHAR NOT NULL, collection VARCHAR NOT NULL, id VARCHAR NOT NULL,
      body VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, collection, id)
    );`,
  },
  {
    version: 4,
    name: 'links: slugs unique per installation, disabled and deleted links; workspace fallback_url',
    sql: `
      CREATE TABLE links_v4 (
        slug VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, destination VARCHAR NOT NULL,
        channel VARCHAR, utm VARCHAR NOT NULL, disabled BOOLEAN NOT NULL DEFAULT false,
        created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP, deleted_at TIMESTAMP
      );
      INSERT INTO links_v4 (slug, workspace_id, destination, channel, utm, created_at)
        SELECT slug, workspace_id, destination, channel, utm, created_at FROM links;
      DROP TABLE links;
      ALTER TABLE links_v4 RENAME TO links;
      ALTER TABLE workspaces ADD COLUMN fallback_url VARCHAR;
    `,
  },
  {
    version: 5,
    name: 'spend: source and account in the key; rows stored before are source legacy',
    sql: `
      CREATE TABLE spend_v5 (
        workspace_id VARCHAR NOT NULL, date DATE NOT NULL, channel VARCHAR NOT NULL,
        campaign VARCHAR NOT NULL, ad VARCHAR NOT NULL, source VARCHAR NOT NULL, account VARCHAR NOT NULL,
        cost DECIMAL(38,6) NOT NULL, currency VARCHAR NOT NULL,
        impressions BIGINT NOT NULL, clicks BIGINT NOT NULL, pricing_model VARCHAR NOT NULL,
        PRIMARY KEY (workspace_id, source, account, date, channel, campaign, ad)
      );
      INSERT INTO spend_v5 SELECT workspace_id, date, channel, campaign, ad, 'legacy', '', cost, currency, impressions, clicks, pricing_model FROM spend;
      DROP TABLE spend;
      ALTER TABLE spend_v5 RENAME TO spend;
    `,
  },
  {
    version: 6,
    name: 'idempotency keys of writes that move money',
    sql: `
      CREATE TABLE idempotency_keys (
        workspace_id VARCHAR NOT NULL, operation VARCHAR NOT NULL, key VARCHAR NOT NULL,
        fingerprint VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, status INTEGER, body VARCHAR,
        PRIMARY KEY (workspace_id, operation, key)
      );
    `,
  },
  {
    version: 7,
    // The key's index (workspace_id, id) serves no IN list: every POST /v1/events' "already stored?"
    // lookup scanned the whole table (200 ms of CPU at a million events). An index on id alone does.
    name: 'events: an index on id, read by the ingest duplicate check',
    sql: `CREATE INDEX IF NOT EXISTS events_id ON events (id);`,
  },
  {
    version: 8,
    name: 'workspaces: archived_at; API keys (write and secret keys of each workspace, stored by their SHA-256)',
    sql: `
      ALTER TABLE workspaces ADD COLUMN archived_at VARCHAR;
      CREATE TABLE api_keys (
        id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, prefix VARCHAR NOT NULL,
        hash VARCHAR NOT NULL, scopes VARCHAR NOT NULL, allowed_origins VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, last_used_at TIMESTAMP, revoked_at TIMESTAMP
      );
    `,
  },
  {
    version: 9,
    name: 'people (e-mail, argon2id password hash, TOTP), their workspace memberships with a role, their sessions and one-time codes (stored by SHA-256)',
    sql: `
      CREATE TABLE people (
        id VARCHAR PRIMARY KEY, email VARCHAR NOT NULL UNIQUE, password_hash VARCHAR, totp_secret VARCHAR, totp_pending VARCHAR,
        created_at TIMESTAMP NOT NULL, disabled_at TIMESTAMP
      );
      CREATE TABLE memberships (
        person_id VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL, role VARCHAR NOT NULL, partner_id VARCHAR,
        created_at TIMESTAMP NOT NULL, PRIMARY KEY (person_id, workspace_id)
      );
      CREATE TABLE person_sessions (
        hash VARCHAR PRIMARY KEY, person_id VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, last_seen_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP
      );
      CREATE TABLE person_codes (
        hash VARCHAR PRIMARY KEY, person_id VARCHAR NOT NULL, purpose VARCHAR NOT NULL, expires_at TIMESTAMP NOT NULL, used_at TIMESTAMP
      );
    `,
  },
  {
    version: 10,
    name: 'audit log (append-only, a hash chain per workspace) and share links (stored by the SHA-256 of their token)',
    sql: `
      CREATE TABLE audit_log (
        workspace_id VARCHAR NOT NULL, seq INTEGER NOT NULL, id VARCHAR NOT NULL, recorded_at VARCHAR NOT NULL,
        actor_kind VARCHAR NOT NULL, actor_id VARCHAR NOT NULL, surface VARCHAR NOT NULL, ip VARCHAR, user_agent VARCHAR,
        operation VARCHAR NOT NULL, target_kind VARCHAR NOT NULL, target_id VARCHAR,
        before_state VARCHAR, after_state VARCHAR, prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL,
        PRIMARY KEY (workspace_id, seq)
      );
      CREATE TABLE share_links (
        id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, view VARCHAR NOT NULL, params VARCHAR NOT NULL,
        prefix VARCHAR NOT NULL, hash VARCHAR NOT NULL UNIQUE,
        created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP
      );
    `,
  },
  {
    version: 13,
    name: 'people.totp_last_step: the TOTP time step a sign-in last used (a code signs in once)',
    sql: `ALTER TABLE people ADD COLUMN totp_last_step BIGINT;`,
  },
  {
    version: 14,
    name: 'partners (issue 16): programmes, partners, their coupons (one holder per workspace) and sealed payout details; the append-only ledger (one row per workspace and key); payout runs and the date each programme is paid through',
    sql: `
      CREATE TABLE programs (
        workspace_id VARCHAR NOT NULL, id VARCHAR NOT NULL, body VARCHAR NOT NULL,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE TABLE partners (
        workspace_id VARCHAR NOT NULL, id VARCHAR NOT NULL, program_id VARCHAR NOT NULL, body VARCHAR NOT NULL,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE TABLE partner_coupons (
        workspace_id VARCHAR NOT NULL, code VARCHAR NOT NULL, partner_id VARCHAR NOT NULL,
        PRIMARY KEY (workspace_id, code)
      );
      CREATE TABLE payout_details (
        workspace_id VARCHAR NOT NULL, partner_id VARCHAR NOT NULL, sealed VARCHAR NOT NULL,
        PRIMARY KEY (workspace_id, partner_id)
      );
      CREATE TABLE ledger_entries (
        workspace_id VARCHAR NOT NULL, id VARCHAR NOT NULL, key VARCHAR NOT NULL, program_id VARCHAR NOT NULL, partner_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL, amount VARCHAR NOT NULL, currency VARCHAR NOT NULL, ref VARCHAR, order_id VARCHAR, rule_id VARCHAR,
        refund_id VARCHAR, payout_run_id VARCHAR, reason VARCHAR, fraud_score DOUBLE, held BOOLEAN NOT NULL,
        occurred_at TIMESTAMP NOT NULL, created_at TIMESTAMP NOT NULL, note VARCHAR,
        order_amount VARCHAR, share VARCHAR, customer VARCHAR, refund_amount VARCHAR,
        UNIQUE (workspace_id, key)
      );
      CREATE TABLE payout_runs (
        workspace_id VARCHAR NOT NULL, id VARCHAR NOT NULL, program_id VARCHAR NOT NULL, through VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, paid_reference VARCHAR, paid_at TIMESTAMP,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE TABLE payout_run_heads (
        workspace_id VARCHAR NOT NULL, program_id VARCHAR NOT NULL, through VARCHAR NOT NULL,
        PRIMARY KEY (workspace_id, program_id)
      );
    `,
  },
  {
    version: 15,
    name: 'orders.coupon, product and category: what credits a partner and limits a commission rule (issue 16)',
    sql: `ALTER TABLE orders ADD COLUMN coupon VARCHAR; ALTER TABLE orders ADD COLUMN product VARCHAR; ALTER TABLE orders ADD COLUMN category VARCHAR;`,
  },
  {
    version: 17,
    name: 'partner_links: each tracking link slug credits one partner per workspace, held by a primary key as coupons are (filled from the partners\' lists; of two holding one slug already, the lower id keeps it)',
    sql: `
      CREATE TABLE partner_links (
        workspace_id VARCHAR NOT NULL, slug VARCHAR NOT NULL, partner_id VARCHAR NOT NULL,
        PRIMARY KEY (workspace_id, slug)
      );
      INSERT INTO partner_links (workspace_id, slug, partner_id)
        SELECT workspace_id, slug, min(partner_id) FROM (
          SELECT workspace_id, unnest(json_extract_string(body, '$.links[*]')) AS slug, id AS partner_id FROM partners
        ) GROUP BY workspace_id, slug;
    `,
  },
];
