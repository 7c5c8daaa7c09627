// Written by `npm run gen:cli-help` (scripts/gen-cli-help.ts) from every command module; index.test.ts checks it is current.

/** What top-level help shows of one command: its name and aliases (for typos' suggestions), whether hidden, its term and description. */
export interface CommandSummary {
  name: string;
  aliases: string[];
  hidden: boolean;
  term: string;
  description: string;
}

export const helpSummary: CommandSummary[] = [
  {"name":"start","aliases":[],"hidden":false,"term":"start [options]","description":"Serve the API, the tracking endpoints and the dashboard (loads the demo world into an empty database)"},
  {"name":"signin-link","aliases":[],"hidden":false,"term":"signin-link [options]","description":"print a fresh dashboard sign-in link (single-use, valid 15 minutes) for the server running on the database"},
  {"name":"workspace","aliases":[],"hidden":false,"term":"workspace","description":"the workspace's settings (currency, time zone, margin, calendar, revenue sources, retention …)"},
  {"name":"workspaces","aliases":[],"hidden":false,"term":"workspaces","description":"the workspaces of the installation (create, list, rename, archive); other commands act in one with --workspace ID"},
  {"name":"keys","aliases":[],"hidden":false,"term":"keys","description":"a workspace's write keys (rl_pub_…, events only) and secret keys (rl_sk_…, with scopes)"},
  {"name":"audit","aliases":[],"hidden":false,"term":"audit","description":"the audit log: every change, export and share-link view, with who, when, from where, before and after"},
  {"name":"share-links","aliases":[],"hidden":false,"term":"share-links","description":"read-only links to one report for clients (expiring, revocable)"},
  {"name":"demo","aliases":[],"hidden":false,"term":"demo [options]","description":"Write a deterministic simulated marketing world into the database, and its ground truth"},
  {"name":"import","aliases":[],"hidden":false,"term":"import [options] <kind> <file>","description":"Import a file: spend, orders, leads, events, rates, refunds (CSV; events as JSON lines). Valid rows are stored, bad rows reported by line."},
  {"name":"events","aliases":[],"hidden":false,"term":"events","description":"stored events"},
  {"name":"people","aliases":[],"hidden":false,"term":"people","description":"people who sign in (add, list, role, remove) and tracked people's personal data (erase)"},
  {"name":"retention","aliases":[],"hidden":false,"term":"retention","description":"the workspace's retention period: raw events older than it are deleted"},
  {"name":"kpi","aliases":[],"hidden":false,"term":"kpi [options]","description":"Every KPI by channel, campaign, ad, source_medium, landing_page, country, device, day, week or month"},
  {"name":"agency","aliases":[],"hidden":false,"term":"agency [options]","description":"every workspace's headline KPIs side by side, in its own currency and in --currency"},
  {"name":"metrics","aliases":[],"hidden":false,"term":"metrics [options]","description":"The KPI registry: every metric with its formula, unit and good direction"},
  {"name":"onboarding","aliases":[],"hidden":false,"term":"onboarding [options]","description":"First steps of a new install (snippet seen, first event, spend, orders or leads, first conversion), each done once its data arrived"},
  {"name":"channels","aliases":[],"hidden":false,"term":"channels","description":"channel grouping rules (source, medium, click id, referrer → channel)"},
  {"name":"links","aliases":[],"hidden":false,"term":"links","description":"tracking links: /c/<slug> records the click and redirects with a click id and UTMs"},
  {"name":"postback-sources","aliases":[],"hidden":false,"term":"postback-sources","description":"postback sources: each network or shop system that reports sales server to server, with its own secret"},
  {"name":"programs","aliases":[],"hidden":false,"term":"programs","description":"partner programmes: commission rules, windows, hold periods, applications"},
  {"name":"partners","aliases":[],"hidden":false,"term":"partners","description":"affiliates, influencers and publishers: their links, coupons and status (approve, suspend, ban)"},
  {"name":"portal","aliases":[],"hidden":false,"term":"portal","description":"a partner's portal pages as the partner sees them (--partner ID): statement, postback URL and its deliveries"},
  {"name":"payouts","aliases":[],"hidden":false,"term":"payouts","description":"what each partner would be paid now, against the programme's minimum"},
  {"name":"orders","aliases":[],"hidden":false,"term":"orders","description":"orders: refunds (reverse their partners' commissions)"},
  {"name":"attribution","aliases":[],"hidden":false,"term":"attribution [options]","description":"Attribute conversions and value to channels with a rule-based, Markov or Shapley model"},
  {"name":"experiment","aliases":[],"hidden":false,"term":"experiment","description":"A/B/n test statistics and planning"},
  {"name":"clv","aliases":[],"hidden":false,"term":"clv","description":"customer lifetime value: BG/NBD or Pareto/NBD with Gamma-Gamma spend"},
  {"name":"rfm","aliases":[],"hidden":false,"term":"rfm [options]","description":"RFM scores (1–5 by quintile), named segments and the R×F grid from transactions"},
  {"name":"customers","aliases":[],"hidden":false,"term":"customers","description":"customer profiles and lifetime value by acquisition channel"},
  {"name":"cohorts","aliases":[],"hidden":false,"term":"cohorts [options]","description":"retention and cumulative revenue per customer by acquisition month or week, or by acquisition channel"},
  {"name":"funnel","aliases":[],"hidden":false,"term":"funnel [options]","description":"CRM funnel: lead → MQL → SQL → opportunity → customer, rates, median days, cost per MQL and SQL"},
  {"name":"segments","aliases":[],"hidden":false,"term":"segments","description":"saved audiences: rules over traits, behaviour, orders, spend and acquisition channel"},
  {"name":"budget","aliases":[],"hidden":false,"term":"budget","description":"response curves, marketing-mix model and budget plans"},
  {"name":"writer","aliases":[],"hidden":false,"term":"writer [options]","description":"scale-out: move accepted events from NATS JetStream into ClickHouse (acknowledged only once stored)"},
  {"name":"migrate","aliases":[],"hidden":false,"term":"migrate [options]","description":"copy every workspace of a DuckDB file into the scale-out stores (PostgreSQL + ClickHouse), then verify the totals"},
  {"name":"backup","aliases":[],"hidden":false,"term":"backup [options]","description":"write the installation (or one workspace) to one file: settings, keys (hashed), links, documents, rates, spend, orders, leads and events, with a format version and a checksum"},
  {"name":"restore","aliases":[],"hidden":false,"term":"restore [options] <file>","description":"restore a backup (every workspace in it, or one) into the database; a workspace that exists is refused unless --replace"},
];
