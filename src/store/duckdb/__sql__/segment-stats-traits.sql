WITH 
  rev_mode AS (
    SELECT CASE WHEN s.value IN ('verified', 'all') THEN s.value
      WHEN EXISTS (SELECT 1 FROM orders WHERE workspace_id = $ws) OR EXISTS (SELECT 1 FROM leads WHERE workspace_id = $ws)
        OR EXISTS (SELECT 1 FROM events WHERE workspace_id = $ws AND type IN ('conversion', 'lead') AND coalesce(properties LIKE '%rl_verified%' AND json_extract_string(properties, '$.rl_verified') = 'true', false))
      THEN 'verified' ELSE 'all' END AS mode
    FROM (SELECT 1) one LEFT JOIN settings s ON s.key = 'workspace.' || $ws || '.revenue_sources'
  ),
  idmap AS (
    SELECT anonymous_id, min(user_id) AS user_id FROM events
    WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id
  ),
  ev AS (
    SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
    FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
    WHERE e.workspace_id = $ws AND e.ts < $to_ts::TIMESTAMP
  ),
  touches AS (
    SELECT person, ts, id, channel, coalesce(utm_campaign, '(not set)') AS campaign, coalesce(utm_content, '(not set)') AS ad,
      coalesce(utm_source, regexp_extract(referrer, '^https?://(?:www\.)?([^/:?#]+)', 1), '(direct)') || ' / ' ||
  coalesce(utm_medium, CASE WHEN channel = 'organic_search' THEN 'organic' WHEN referrer IS NOT NULL AND referrer <> '' THEN 'referral' ELSE '(none)' END) AS source_medium, landing_page, country, device
    FROM ev
    WHERE type IN ('page_view', 'click') AND channel <> 'direct'
      AND ts >= $from_ts::TIMESTAMP - to_days($lookback::INTEGER)
  ),
  credit_touches AS (SELECT * FROM touches QUALIFY row_number() OVER (PARTITION BY person, ts ORDER BY id DESC) = 1),
  rates_ts AS (
    SELECT currency, date::TIMESTAMP AS since, rate FROM rates WHERE workspace_id = $ws
  ),
  first_rate AS (
    SELECT currency, arg_min(rate, date) AS rate FROM rates WHERE workspace_id = $ws GROUP BY currency
  ),
  click_person AS (
    SELECT click_id, min(person) AS person FROM ev WHERE click_id IS NOT NULL GROUP BY click_id
  ),
  conv_events AS (
    SELECT coalesce(order_id, id) AS key, person, ts, revenue_amount AS amount, revenue_currency AS currency,
      coalesce(properties LIKE '%rl_verified%' AND json_extract_string(properties, '$.rl_verified') = 'true', false) AS verified
    FROM ev WHERE type = 'conversion'
    QUALIFY row_number() OVER (PARTITION BY coalesce(order_id, id) ORDER BY coalesce(properties LIKE '%rl_verified%' AND json_extract_string(properties, '$.rl_verified') = 'true', false) DESC, ts, id) = 1
  ),
  conv_orders AS (
    SELECT o.order_id AS key, coalesce(cp.person, o.customer_id) AS person, o.customer_id, cp.person AS click_person, o.ts, o.amount, o.currency
    FROM orders o LEFT JOIN click_person cp ON cp.click_id = o.click_id
    WHERE o.workspace_id = $ws AND o.ts < $to_ts::TIMESTAMP
  ),
  conv_all AS (
    SELECT coalesce(e.key, o.key) AS key,
      CASE WHEN o.key IS NOT NULL AND NOT coalesce(e.verified, false) AND e.person IS DISTINCT FROM o.customer_id AND e.person IS DISTINCT FROM o.click_person THEN o.person
           ELSE coalesce(e.person, o.person) END AS person,
      CASE WHEN o.key IS NOT NULL AND NOT coalesce(e.verified, false) THEN o.ts ELSE coalesce(e.ts, o.ts) END AS ts,
      CASE WHEN o.key IS NOT NULL THEN o.amount ELSE e.amount END AS amount,
      CASE WHEN o.key IS NOT NULL THEN o.currency ELSE e.currency END AS currency,
      o.key IS NOT NULL OR coalesce(e.verified, false) AS verified
    FROM conv_events e FULL OUTER JOIN conv_orders o ON e.key = o.key
  ),
  lead_events AS (
    -- One row per lead (its lead_id, else the event id): several lead events may share a lead_id; the earliest by (ts, id) says who.
    SELECT coalesce(json_extract_string(properties, '$.lead_id'), id) AS key, person, ts
    FROM ev WHERE type = 'lead'
    QUALIFY row_number() OVER (PARTITION BY coalesce(json_extract_string(properties, '$.lead_id'), id) ORDER BY ts, id) = 1
  ),
  email_person AS (
    SELECT json_extract_string(properties, '$.email_hash') AS email_hash, min(person) AS person
    FROM ev WHERE properties LIKE '%email_hash%' AND json_extract_string(properties, '$.email_hash') IS NOT NULL
    GROUP BY 1
  ),
  lead_crm AS (
    SELECT l.lead_id AS key, coalesce(l.user_id, cp.person, ep.person, 'lead:' || l.lead_id) AS person,
      l.created_at AS ts, l.mql_at, l.sql_at, l.opportunity_at, l.customer_at
    FROM leads l
    LEFT JOIN click_person cp ON cp.click_id = l.click_id
    LEFT JOIN email_person ep ON ep.email_hash = l.email_hash
    WHERE l.workspace_id = $ws
  ),
  lead_all AS (
    SELECT coalesce(c.key, e.key) AS key, coalesce(e.person, c.person) AS person, coalesce(c.ts, e.ts) AS ts,
      c.mql_at, c.sql_at, c.opportunity_at, c.customer_at
    FROM lead_events e FULL OUTER JOIN lead_crm c ON c.key = e.key
  ),
  conv_money AS (
    SELECT c.*, CASE WHEN c.amount IS NULL THEN 0 WHEN c.currency = $base THEN c.amount
           ELSE c.amount * coalesce(r.rate, f.rate) END AS value,
      c.amount IS NOT NULL AND c.currency <> $base AND r.rate IS NULL AND f.rate IS NULL AS unconverted,
      -- A person's first sale: the first verified one when there is any (a forged earlier sale cannot make a customer old).
      row_number() OVER (PARTITION BY c.person ORDER BY c.verified DESC, c.ts, c.key) = 1 AS is_new
    FROM (SELECT * FROM conv_all WHERE verified OR (SELECT mode FROM rev_mode) = 'all') c
    ASOF LEFT JOIN rates_ts r ON c.currency = r.currency AND c.ts >= r.since
    LEFT JOIN first_rate f ON f.currency = c.currency
  ),
  conv AS (
    SELECT c.key, c.ts, c.value, c.is_new, c.unconverted, c.currency, c.verified,
      CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.channel ELSE 'direct' END AS channel, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.campaign ELSE '(not set)' END AS campaign, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.ad ELSE '(not set)' END AS ad, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.source_medium ELSE '(direct) / (none)' END AS source_medium, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.landing_page ELSE NULL END AS landing_page, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.country ELSE NULL END AS country, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.device ELSE NULL END AS device
    FROM (SELECT * FROM conv_money WHERE ts >= $from_ts::TIMESTAMP) c
    ASOF LEFT JOIN credit_touches t ON c.person = t.person AND c.ts >= t.ts
  ),
  lead_credit AS (
    SELECT l.ts, l.mql_at, l.sql_at, l.opportunity_at, l.customer_at, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.channel ELSE 'direct' END AS channel, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.campaign ELSE '(not set)' END AS campaign, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.ad ELSE '(not set)' END AS ad, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.source_medium ELSE '(direct) / (none)' END AS source_medium, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.landing_page ELSE NULL END AS landing_page, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.country ELSE NULL END AS country, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.device ELSE NULL END AS device
    FROM lead_all l
    ASOF LEFT JOIN credit_touches t ON l.person = t.person AND l.ts >= t.ts
  ), sales AS (
    SELECT person, count(*) AS orders, sum(value) AS revenue, min(ts) AS first_order, max(ts) AS last_order
    FROM conv_money GROUP BY person
  ),
  first_sale AS (
    SELECT c.person, c.ts, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.channel ELSE 'direct' END AS channel, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.campaign ELSE '(not set)' END AS campaign
    FROM (SELECT * FROM conv_money WHERE is_new) c
    ASOF LEFT JOIN credit_touches t ON c.person = t.person AND c.ts >= t.ts
  ),
  seen AS (SELECT person, arg_max(country, (ts, id)) FILTER (WHERE country IS NOT NULL) AS country FROM ev GROUP BY person),
  people AS (
    SELECT coalesce(s.person, o.person) AS person, coalesce(o.orders, 0) AS orders, coalesce(o.revenue, 0) AS revenue, s.country, fs.channel AS acq_channel
    FROM seen s FULL OUTER JOIN sales o ON o.person = s.person
    LEFT JOIN first_sale fs ON fs.person = coalesce(s.person, o.person)
  )
    SELECT count(*)::DOUBLE AS people, (count(*) FILTER (WHERE p.orders > 0))::DOUBLE AS buyers,
      coalesce(sum(p.orders), 0)::DOUBLE AS orders, coalesce(sum(p.revenue), 0)::DOUBLE AS revenue
    FROM people p WHERE ((list_contains(from_json($sg0, '["VARCHAR"]'), p.country)) OR (list_contains(from_json($sg1, '["VARCHAR"]'), p.acq_channel)))