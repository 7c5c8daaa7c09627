WITH 
  rev_mode AS (SELECT 'verified' AS mode),
  idmap AS (
    SELECT anonymous_id, min(user_id) AS user_id FROM events
    WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id
  ),
  ev AS (
    SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
    FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
    WHERE e.workspace_id = $ws
  ),
  touches AS (
    SELECT person, ts, id, channel, coalesce(utm_campaign, '(not set)') AS campaign, coalesce(utm_content, '(not set)') AS ad,
      coalesce(utm_source, regexp_extract(referrer, '^https?://(?:www\.)?([^/:?#]+)', 1), '(direct)') || ' / ' ||
  coalesce(utm_medium, CASE WHEN channel = 'organic_search' THEN 'organic' WHEN referrer IS NOT NULL AND referrer <> '' THEN 'referral' ELSE '(none)' END) AS source_medium, landing_page, country, device
    FROM ev
    WHERE type IN ('page_view', 'click') AND channel <> 'direct'
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
    WHERE o.workspace_id = $ws
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
    FROM conv_all c
    ASOF LEFT JOIN rates_ts r ON c.currency = r.currency AND c.ts >= r.since
    LEFT JOIN first_rate f ON f.currency = c.currency
  ),
  conv AS (
    SELECT c.key, c.ts, c.value, c.is_new, c.unconverted, c.currency, c.verified,
      CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.channel ELSE 'direct' END AS channel, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.campaign ELSE '(not set)' END AS campaign, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.ad ELSE '(not set)' END AS ad, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.source_medium ELSE '(direct) / (none)' END AS source_medium, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.landing_page ELSE NULL END AS landing_page, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.country ELSE NULL END AS country, CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.device ELSE NULL END AS device
    FROM (SELECT * FROM conv_money WHERE ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP) c
    ASOF LEFT JOIN credit_touches t ON c.person = t.person AND c.ts >= t.ts
  ),
  lead_credit AS (
    SELECT l.ts, l.mql_at, l.sql_at, l.opportunity_at, l.customer_at, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.channel ELSE 'direct' END AS channel, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.campaign ELSE '(not set)' END AS campaign, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.ad ELSE '(not set)' END AS ad, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.source_medium ELSE '(direct) / (none)' END AS source_medium, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.landing_page ELSE NULL END AS landing_page, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.country ELSE NULL END AS country, CASE WHEN t.ts IS NOT NULL AND t.ts >= l.ts - to_days($lookback::INTEGER) THEN t.device ELSE NULL END AS device
    FROM lead_all l
    ASOF LEFT JOIN credit_touches t ON l.person = t.person AND l.ts >= t.ts
  ),
    server_hits AS (
    SELECT *, CASE WHEN lag(ts) OVER w IS NULL OR epoch_ms(ts) - epoch_ms(lag(ts) OVER w) > 1800000 THEN 1 ELSE 0 END AS starts
    FROM events WHERE workspace_id = $ws AND session_id IS NULL AND type = 'page_view' AND ts >= $from_ts::TIMESTAMP - INTERVAL 1 DAY AND ts < $to_ts::TIMESTAMP + INTERVAL 1 DAY
    WINDOW w AS (PARTITION BY anonymous_id ORDER BY ts, id)
  ),
  sess_hits AS (
    SELECT session_id AS sid, anonymous_id, ts, id, type, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device FROM events WHERE workspace_id = $ws AND session_id IS NOT NULL AND ts >= $from_ts::TIMESTAMP - INTERVAL 1 DAY AND ts < $to_ts::TIMESTAMP + INTERVAL 1 DAY
    UNION ALL
    SELECT 'srv:' || anonymous_id || ':' || sum(starts) OVER (PARTITION BY anonymous_id ORDER BY ts, id ROWS UNBOUNDED PRECEDING), anonymous_id, ts, id, type, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device FROM server_hits
  ),
  sess AS (
    SELECT sid AS session_id, min(ts) AS start_ts, max(ts) AS end_ts, arg_min(anonymous_id, (ts, id)) AS anonymous_id,
      arg_min(channel, (ts, id)) AS channel, coalesce(arg_min(utm_campaign, (ts, id)), '(not set)') AS campaign,
      coalesce(arg_min(utm_content, (ts, id)), '(not set)') AS ad, arg_min(coalesce(utm_source, regexp_extract(referrer, '^https?://(?:www\.)?([^/:?#]+)', 1), '(direct)') || ' / ' ||
  coalesce(utm_medium, CASE WHEN channel = 'organic_search' THEN 'organic' WHEN referrer IS NOT NULL AND referrer <> '' THEN 'referral' ELSE '(none)' END), (ts, id)) AS source_medium,
      arg_min(landing_page, (ts, id)) AS landing_page, arg_min(country, (ts, id)) AS country, arg_min(device, (ts, id)) AS device,
      count(*) FILTER (WHERE type = 'page_view') AS page_views
    FROM sess_hits
    GROUP BY sid
    HAVING min(ts) >= $from_ts::TIMESTAMP AND min(ts) < $to_ts::TIMESTAMP
  ),
    tracked AS (
    SELECT coalesce(click_id, id) AS click_key, min(ts) AS ts, arg_min(channel, (ts, id)) AS channel,
      coalesce(arg_min(utm_campaign, (ts, id)), '(not set)') AS campaign, coalesce(arg_min(utm_content, (ts, id)), '(not set)') AS ad,
      arg_min(coalesce(utm_source, regexp_extract(referrer, '^https?://(?:www\.)?([^/:?#]+)', 1), '(direct)') || ' / ' ||
  coalesce(utm_medium, CASE WHEN channel = 'organic_search' THEN 'organic' WHEN referrer IS NOT NULL AND referrer <> '' THEN 'referral' ELSE '(none)' END), (ts, id)) AS source_medium, arg_min(landing_page, (ts, id)) AS landing_page, arg_min(country, (ts, id)) AS country, arg_min(device, (ts, id)) AS device
    FROM events
    WHERE workspace_id = $ws AND ts >= $from_ts::TIMESTAMP - INTERVAL 31 DAY AND ts < $to_ts::TIMESTAMP
      AND (type = 'click' OR (type IN ('conversion', 'lead') AND click_id IS NOT NULL AND json_extract_string(properties, '$.source') = 'postback'))
    GROUP BY 1
  ),
    credited AS (
    SELECT r.is_sale, r.ts, r.value, r.is_new, r.unconverted, r.mql_at, r.sql_at, r.opportunity_at, r.customer_at,
      r.verified, r.verified OR (SELECT mode FROM rev_mode) = 'all' AS counted,
      CASE WHEN t.ts IS NOT NULL AND t.ts >= r.ts - to_days($lookback::INTEGER) THEN t.channel ELSE 'direct' END AS channel, CASE WHEN t.ts IS NOT NULL AND t.ts >= r.ts - to_days($lookback::INTEGER) THEN t.campaign ELSE '(not set)' END AS campaign, CASE WHEN t.ts IS NOT NULL AND t.ts >= r.ts - to_days($lookback::INTEGER) THEN t.ad ELSE '(not set)' END AS ad, CASE WHEN t.ts IS NOT NULL AND t.ts >= r.ts - to_days($lookback::INTEGER) THEN t.source_medium ELSE '(direct) / (none)' END AS source_medium, CASE WHEN t.ts IS NOT NULL AND t.ts >= r.ts - to_days($lookback::INTEGER) THEN t.landing_page ELSE NULL END AS landing_page, CASE WHEN t.ts IS NOT NULL AND t.ts >= r.ts - to_days($lookback::INTEGER) THEN t.country ELSE NULL END AS country, CASE WHEN t.ts IS NOT NULL AND t.ts >= r.ts - to_days($lookback::INTEGER) THEN t.device ELSE NULL END AS device
    FROM (
      SELECT true AS is_sale, person, ts, value, is_new, unconverted,
        NULL::TIMESTAMP AS mql_at, NULL::TIMESTAMP AS sql_at, NULL::TIMESTAMP AS opportunity_at, NULL::TIMESTAMP AS customer_at, verified
      FROM conv_money WHERE ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP
      UNION ALL
      SELECT false, person, ts, NULL, false, false, mql_at, sql_at, opportunity_at, customer_at, true FROM lead_all
    ) r
    ASOF LEFT JOIN credit_touches t ON r.person = t.person AND r.ts >= t.ts
  ),
    facts AS (SELECT grouping(sp.ad) = 1 AND TRUE AS is_total, FALSE AS is_channel, (sp.ad)::VARCHAR AS key, sp.channel::VARCHAR AS channel, sp.campaign::VARCHAR AS campaign, sum(coalesce(sp.cost_base, 0)) AS spend, sum(sp.impressions) AS impressions, sum(sp.clicks) AS clicks, 0 AS tracked_clicks, 0 AS sessions, 0 AS unique_visitors, 0 AS page_views, 0 AS session_seconds, 0 AS bounces, 0 AS leads, 0 AS mqls, 0 AS sqls, 0 AS opportunities, 0 AS won, 0 AS conversions, 0 AS new_customers, 0 AS revenue, count(*) FILTER (WHERE sp.unconverted) AS unconverted, 0 AS revenue_unverified
    FROM (SELECT s.*, CASE WHEN s.currency = $base THEN s.cost ELSE s.cost * coalesce(r.rate, f.rate) END AS cost_base,
      s.currency <> $base AND r.rate IS NULL AND f.rate IS NULL AS unconverted
    FROM (SELECT *, date::TIMESTAMP AS day_ts FROM spend WHERE workspace_id = $ws AND date BETWEEN $from::DATE AND $to::DATE) s
    ASOF LEFT JOIN rates_ts r ON s.currency = r.currency AND s.day_ts >= r.since
    LEFT JOIN first_rate f ON f.currency = s.currency) sp WHERE TRUE GROUP BY GROUPING SETS ((sp.ad, sp.channel, sp.campaign), ())
 UNION ALL 
SELECT grouping(coalesce(se.ad, '(not set)')) = 1 AND TRUE AS is_total, FALSE AS is_channel, (coalesce(se.ad, '(not set)'))::VARCHAR AS key, se.channel::VARCHAR AS channel, coalesce(se.campaign, '(not set)')::VARCHAR AS campaign, 0 AS spend, 0 AS impressions, 0 AS clicks, 0 AS tracked_clicks, count(*) AS sessions, count(DISTINCT se.anonymous_id) AS unique_visitors, sum(se.page_views) AS page_views, sum(epoch_ms(se.end_ts) - epoch_ms(se.start_ts)) / 1000 AS session_seconds, count(*) FILTER (WHERE se.page_views <= 1) AS bounces, 0 AS leads, 0 AS mqls, 0 AS sqls, 0 AS opportunities, 0 AS won, 0 AS conversions, 0 AS new_customers, 0 AS revenue, 0 AS unconverted, 0 AS revenue_unverified
    FROM sess se WHERE TRUE GROUP BY GROUPING SETS ((coalesce(se.ad, '(not set)'), se.channel, coalesce(se.campaign, '(not set)')), ())
 UNION ALL 
SELECT grouping(coalesce(tk.ad, '(not set)')) = 1 AND TRUE AS is_total, FALSE AS is_channel, (coalesce(tk.ad, '(not set)'))::VARCHAR AS key, tk.channel::VARCHAR AS channel, coalesce(tk.campaign, '(not set)')::VARCHAR AS campaign, 0 AS spend, 0 AS impressions, 0 AS clicks, count(*) AS tracked_clicks, 0 AS sessions, 0 AS unique_visitors, 0 AS page_views, 0 AS session_seconds, 0 AS bounces, 0 AS leads, 0 AS mqls, 0 AS sqls, 0 AS opportunities, 0 AS won, 0 AS conversions, 0 AS new_customers, 0 AS revenue, 0 AS unconverted, 0 AS revenue_unverified
    FROM tracked tk WHERE tk.ts >= $from_ts::TIMESTAMP AND tk.ts < $to_ts::TIMESTAMP GROUP BY GROUPING SETS ((coalesce(tk.ad, '(not set)'), tk.channel, coalesce(tk.campaign, '(not set)')), ())
 UNION ALL 
SELECT grouping(coalesce(lc.ad, '(not set)')) = 1 AND TRUE AS is_total, FALSE AS is_channel, (coalesce(lc.ad, '(not set)'))::VARCHAR AS key, lc.channel::VARCHAR AS channel, coalesce(lc.campaign, '(not set)')::VARCHAR AS campaign, 0 AS spend, 0 AS impressions, 0 AS clicks, 0 AS tracked_clicks, 0 AS sessions, 0 AS unique_visitors, 0 AS page_views, 0 AS session_seconds, 0 AS bounces, count(*) AS leads, 0 AS mqls, 0 AS sqls, 0 AS opportunities, 0 AS won, 0 AS conversions, 0 AS new_customers, 0 AS revenue, 0 AS unconverted, 0 AS revenue_unverified
    FROM (SELECT * FROM credited WHERE is_sale = false) lc WHERE lc.ts >= $from_ts::TIMESTAMP AND lc.ts < $to_ts::TIMESTAMP GROUP BY GROUPING SETS ((coalesce(lc.ad, '(not set)'), lc.channel, coalesce(lc.campaign, '(not set)')), ())
 UNION ALL 
SELECT grouping(coalesce(lm.ad, '(not set)')) = 1 AND TRUE AS is_total, FALSE AS is_channel, (coalesce(lm.ad, '(not set)'))::VARCHAR AS key, lm.channel::VARCHAR AS channel, coalesce(lm.campaign, '(not set)')::VARCHAR AS campaign, 0 AS spend, 0 AS impressions, 0 AS clicks, 0 AS tracked_clicks, 0 AS sessions, 0 AS unique_visitors, 0 AS page_views, 0 AS session_seconds, 0 AS bounces, 0 AS leads, count(*) AS mqls, 0 AS sqls, 0 AS opportunities, 0 AS won, 0 AS conversions, 0 AS new_customers, 0 AS revenue, 0 AS unconverted, 0 AS revenue_unverified
    FROM (SELECT * REPLACE (mql_at AS ts) FROM credited WHERE is_sale = false) lm WHERE lm.ts >= $from_ts::TIMESTAMP AND lm.ts < $to_ts::TIMESTAMP GROUP BY GROUPING SETS ((coalesce(lm.ad, '(not set)'), lm.channel, coalesce(lm.campaign, '(not set)')), ())
 UNION ALL 
SELECT grouping(coalesce(ls.ad, '(not set)')) = 1 AND TRUE AS is_total, FALSE AS is_channel, (coalesce(ls.ad, '(not set)'))::VARCHAR AS key, ls.channel::VARCHAR AS channel, coalesce(ls.campaign, '(not set)')::VARCHAR AS campaign, 0 AS spend, 0 AS impressions, 0 AS clicks, 0 AS tracked_clicks, 0 AS sessions, 0 AS unique_visitors, 0 AS page_views, 0 AS session_seconds, 0 AS bounces, 0 AS leads, 0 AS mqls, count(*) AS sqls, 0 AS opportunities, 0 AS won, 0 AS conversions, 0 AS new_customers, 0 AS revenue, 0 AS unconverted, 0 AS revenue_unverified
    FROM (SELECT * REPLACE (sql_at AS ts) FROM credited WHERE is_sale = false) ls WHERE ls.ts >= $from_ts::TIMESTAMP AND ls.ts < $to_ts::TIMESTAMP GROUP BY GROUPING SETS ((coalesce(ls.ad, '(not set)'), ls.channel, coalesce(ls.campaign, '(not set)')), ())
 UNION ALL 
SELECT grouping(coalesce(lo.ad, '(not set)')) = 1 AND TRUE AS is_total, FALSE AS is_channel, (coalesce(lo.ad, '(not set)'))::VARCHAR AS key, lo.channel::VARCHAR AS channel, coalesce(lo.campaign, '(not set)')::VARCHAR AS campaign, 0 AS spend, 0 AS impressions, 0 AS clicks, 0 AS tracked_clicks, 0 AS sessions, 0 AS unique_visitors, 0 AS page_views, 0 AS session_seconds, 0 AS bounces, 0 AS leads, 0 AS mqls, 0 AS sqls, count(*) AS opportunities, 0 AS won, 0 AS conversions, 0 AS new_customers, 0 AS revenue, 0 AS unconverted, 0 AS revenue_unverified
    FROM (SELECT * REPLACE (opportunity_at AS ts) FROM credited WHERE is_sale = false) lo WHERE lo.ts >= $from_ts::TIMESTAMP AND lo.ts < $to_ts::TIMESTAMP GROUP BY GROUPING SETS ((coalesce(lo.ad, '(not set)'), lo.channel, coalesce(lo.campaign, '(not set)')), ())
 UNION ALL 
SELECT grouping(coalesce(lw.ad, '(not set)')) = 1 AND TRUE AS is_total, FALSE AS is_channel, (coalesce(lw.ad, '(not set)'))::VARCHAR AS key, lw.channel::VARCHAR AS channel, coalesce(lw.campaign, '(not set)')::VARCHAR AS campaign, 0 AS spend, 0 AS impressions, 0 AS clicks, 0 AS tracked_clicks, 0 AS sessions, 0 AS unique_visitors, 0 AS page_views, 0 AS session_seconds, 0 AS bounces, 0 AS leads, 0 AS mqls, 0 AS sqls, 0 AS opportunities, count(*) AS won, 0 AS conversions, 0 AS new_customers, 0 AS revenue, 0 AS unconverted, 0 AS revenue_unverified
    FROM (SELECT * REPLACE (customer_at AS ts) FROM credited WHERE is_sale = false) lw WHERE lw.ts >= $from_ts::TIMESTAMP AND lw.ts < $to_ts::TIMESTAMP GROUP BY GROUPING SETS ((coalesce(lw.ad, '(not set)'), lw.channel, coalesce(lw.campaign, '(not set)')), ())
 UNION ALL 
SELECT grouping(coalesce(cv.ad, '(not set)')) = 1 AND TRUE AS is_total, FALSE AS is_channel, (coalesce(cv.ad, '(not set)'))::VARCHAR AS key, cv.channel::VARCHAR AS channel, coalesce(cv.campaign, '(not set)')::VARCHAR AS campaign, 0 AS spend, 0 AS impressions, 0 AS clicks, 0 AS tracked_clicks, 0 AS sessions, 0 AS unique_visitors, 0 AS page_views, 0 AS session_seconds, 0 AS bounces, 0 AS leads, 0 AS mqls, 0 AS sqls, 0 AS opportunities, 0 AS won, count(*) FILTER (WHERE cv.counted) AS conversions, count(*) FILTER (WHERE cv.is_new AND cv.counted) AS new_customers, coalesce(sum(cv.value) FILTER (WHERE cv.counted), 0) AS revenue, count(*) FILTER (WHERE cv.unconverted) AS unconverted, coalesce(sum(cv.value) FILTER (WHERE NOT cv.verified), 0) AS revenue_unverified
    FROM (SELECT * FROM credited WHERE is_sale) cv WHERE TRUE GROUP BY GROUPING SETS ((coalesce(cv.ad, '(not set)'), cv.channel, coalesce(cv.campaign, '(not set)')), ()))
    SELECT is_total, is_channel, key, channel, campaign, sum(spend)::DECIMAL(38,6)::VARCHAR AS spend, sum(impressions)::DOUBLE AS impressions, sum(clicks)::DOUBLE AS clicks, sum(tracked_clicks)::DOUBLE AS tracked_clicks, sum(sessions)::DOUBLE AS sessions, sum(unique_visitors)::DOUBLE AS unique_visitors, sum(page_views)::DOUBLE AS page_views, sum(session_seconds)::DOUBLE AS session_seconds, sum(bounces)::DOUBLE AS bounces, sum(leads)::DOUBLE AS leads, sum(mqls)::DOUBLE AS mqls, sum(sqls)::DOUBLE AS sqls, sum(opportunities)::DOUBLE AS opportunities, sum(won)::DOUBLE AS won, sum(conversions)::DOUBLE AS conversions, sum(new_customers)::DOUBLE AS new_customers, sum(revenue)::DECIMAL(38,6)::VARCHAR AS revenue, sum(unconverted)::DOUBLE AS unconverted, sum(revenue_unverified)::DECIMAL(38,6)::VARCHAR AS revenue_unverified FROM facts GROUP BY is_total, is_channel, key, channel, campaign