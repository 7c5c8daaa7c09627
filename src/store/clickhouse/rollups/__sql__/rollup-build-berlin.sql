INSERT INTO roilens.kpi_rollup_sessions
    SELECT 'ws1', toUInt64(7), toDate(toDateTime(intDiv(s_start, 1000)), 'Europe/Berlin') AS g_day, s_channel, s_campaign, s_ad, s_source_medium,
      ifNull(s_landing_page, '(not set)') AS g_landing_page, ifNull(s_country, '(not set)') AS g_country, ifNull(s_device, '(not set)') AS g_device,
      count(), toUInt64(sum(s_page_views)), countIf(s_page_views <= 1), sum(s_end - s_start), uniqExactState(s_anon)
    FROM (SELECT * FROM (SELECT h_sid AS session_id, min(ts) AS s_start, max(ts) AS s_end, argMin(anonymous_id, (ts, id)) AS s_anon,
      argMin(channel, (ts, id)) AS s_channel, ifNull(argMin(utm_campaign, (ts, id)), '(not set)') AS s_campaign, ifNull(argMin(utm_content, (ts, id)), '(not set)') AS s_ad,
      argMin(concat(
  ifNull(utm_source, if(isNull(referrer), '(direct)', extract(assumeNotNull(referrer), '^https?://(?:www\\.)?([^/:?#]+)'))),
  ' / ',
  ifNull(utm_medium, multiIf(channel = 'organic_search', 'organic', ifNull(referrer, '') != '', 'referral', '(none)'))), (ts, id)) AS s_source_medium, argMin(landing_page, (ts, id)) AS s_landing_page, argMin(country, (ts, id)) AS s_country,
      argMin(device, (ts, id)) AS s_device, countIf(type = 'page_view') AS s_page_views
    FROM (SELECT h_sid, anonymous_id, ts, id, type, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device FROM (SELECT assumeNotNull(session_id) AS h_sid, anonymous_id, ts, id, type, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (isNotNull(session_id) AND ts >= -86400000 AND ts < 253402387200000))) UNION ALL SELECT h_sid, anonymous_id, ts, id, type, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device FROM (SELECT concat('srv:', p_anon, ':', toString(hit.2)) AS h_sid, p_anon AS anonymous_id, hit.1.1 AS ts, hit.1.2 AS id, 'page_view' AS type,
      hit.1.3 AS channel, hit.1.4 AS utm_source, hit.1.5 AS utm_medium, hit.1.6 AS utm_campaign, hit.1.7 AS utm_content, hit.1.8 AS referrer,
      hit.1.9 AS landing_page, hit.1.10 AS country, hit.1.11 AS device
    FROM (SELECT anonymous_id AS p_anon,
      arraySort(groupArray((ts, id, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device))) AS p_hits,
      arrayCumSum(arrayMap((d, i) -> toUInt32(i = 1 OR d > 1800000), arrayDifference(arrayMap(h -> h.1, p_hits)), arrayEnumerate(p_hits))) AS p_no
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (type = 'page_view' AND isNull(session_id) AND ts >= -86400000 AND ts < 253402387200000)) GROUP BY anonymous_id) ARRAY JOIN arrayMap((h, n) -> (h, n), p_hits, p_no) AS hit)) GROUP BY h_sid)
    WHERE s_start >= 0 AND s_start < 253402300800000)
    GROUP BY g_day, s_channel, s_campaign, s_ad, s_source_medium, g_landing_page, g_country, g_device;

INSERT INTO roilens.kpi_rollup_clicks
    SELECT 'ws1', toUInt64(7), toDate(toDateTime(intDiv(ts, 1000)), 'Europe/Berlin') AS g_day, channel, campaign, ad, source_medium,
      ifNull(landing_page, '(not set)') AS g_landing_page, ifNull(country, '(not set)') AS g_country, ifNull(device, '(not set)') AS g_device, count()
    FROM (SELECT k_ts AS ts, k_channel AS channel, ifNull(k_campaign, '(not set)') AS campaign, ifNull(k_ad, '(not set)') AS ad,
      k_source_medium AS source_medium, k_landing_page AS landing_page, k_country AS country, k_device AS device
    FROM (SELECT if(isNotNull(click_id), assumeNotNull(click_id), id) AS k_key, min(ts) AS k_ts, argMin(channel, (ts, id)) AS k_channel,
        argMin(utm_campaign, (ts, id)) AS k_campaign, argMin(utm_content, (ts, id)) AS k_ad, argMin(concat(
  ifNull(utm_source, if(isNull(referrer), '(direct)', extract(assumeNotNull(referrer), '^https?://(?:www\\.)?([^/:?#]+)'))),
  ' / ',
  ifNull(utm_medium, multiIf(channel = 'organic_search', 'organic', ifNull(referrer, '') != '', 'referral', '(none)'))), (ts, id)) AS k_source_medium,
        argMin(landing_page, (ts, id)) AS k_landing_page, argMin(country, (ts, id)) AS k_country, argMin(device, (ts, id)) AS k_device
      FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (ts >= -2678400000 AND ts < 253402300800000
    AND (type = 'click' OR (type IN ('conversion', 'lead') AND isNotNull(click_id) AND visitParamExtractString(ifNull(properties, ''), 'source') = 'postback')))) GROUP BY k_key))
    GROUP BY g_day, channel, campaign, ad, source_medium, g_landing_page, g_country, g_device;

INSERT INTO roilens.kpi_rollup_credits
    SELECT 'ws1', toUInt64(7), key, c_person, c_ts, c_amount, c_currency, c_is_new, c_verified, c_is_lead,
      c_mql_at, c_sql_at, c_opportunity_at, c_customer_at, toUInt8(found), best_ts, best.1, best.2, best.3, best.4, best.5, best.6, best.7
    FROM (SELECT key, any(ts) AS c_ts, any(person) AS c_person, any(amount) AS c_amount, any(currency) AS c_currency, any(is_new) AS c_is_new, any(verified) AS c_verified, any(is_lead) AS c_is_lead, any(mql_at) AS c_mql_at, any(sql_at) AS c_sql_at, any(opportunity_at) AS c_opportunity_at, any(customer_at) AS c_customer_at,
      countIf(t_has = 1 AND t_ts <= ts) > 0 AS found, maxIf(t_ts, t_has = 1 AND t_ts <= ts) AS best_ts, argMaxIf(t_touch, (t_ts, t_id), t_has = 1 AND t_ts <= ts) AS best
    FROM (SELECT * FROM (SELECT concat('s', key) AS key, person, ts, amount, currency, toUInt8(is_new) AS is_new, toUInt8(verified) AS verified, toUInt8(0) AS is_lead,
      CAST(NULL AS Nullable(Int64)) AS mql_at, CAST(NULL AS Nullable(Int64)) AS sql_at, CAST(NULL AS Nullable(Int64)) AS opportunity_at, CAST(NULL AS Nullable(Int64)) AS customer_at FROM (SELECT sale.1 AS key, person, sale.2 AS ts, sale.3 AS amount, sale.4 AS currency, intDiv(sale.2, 86400000) AS day, sale.1 = first_key AS is_new, sale.5 AS verified
    FROM (SELECT person, groupArray((key, ts, amount, currency, verified)) AS p_sales, argMin(key, (1 - verified, ts, key)) AS first_key FROM (SELECT key, if(cv_has_order AND cv_e.5 = 0 AND cv_e.1 != cv_o.6 AND cv_e.1 != cv_o.7, cv_o.1, cv_e.1) AS person,
      if(cv_has_order AND cv_e.5 = 0, cv_o.2, cv_e.2) AS ts, cv_o.3 AS amount, ifNull(cv_o.4, '') AS currency,
      toUInt8(cv_has_order OR cv_e.5 = 1) AS verified
    FROM (SELECT key, argMin(pick, src) AS cv_e, argMax(pick, src) AS cv_o, max(src) = 2 AS cv_has_order
      FROM (SELECT key, src, pick FROM (SELECT ifNull(order_id, id) AS key, 1 AS src,
      argMin((person, ts, toString(revenue_amount), revenue_currency, toUInt8(visitParamExtractBool(ifNull(properties, ''), 'rl_verified')), '', ''), (1 - toUInt8(visitParamExtractBool(ifNull(properties, ''), 'rl_verified')), ts, id)) AS pick
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device, if(isNotNull(user_id), assumeNotNull(user_id), if(m_user != '', m_user, anonymous_id)) AS person
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (1)) AS j_l
    ANY LEFT JOIN (SELECT anonymous_id, min(assumeNotNull(user_id)) AS m_user FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (isNotNull(user_id))) GROUP BY anonymous_id) AS j_r
    USING anonymous_id) WHERE type = 'conversion' GROUP BY key) UNION ALL SELECT key, src, pick FROM (SELECT order_id AS key, 2 AS src,
      (if(cp_person != '', cp_person, customer_id), ts, CAST(toString(amount) AS Nullable(String)), CAST(currency AS Nullable(String)), toUInt8(1), customer_id, cp_person) AS pick
    FROM (SELECT order_id, customer_id, ts, amount, currency, ifNull(click_id, '') AS click_key FROM roilens.orders FINAL WHERE workspace_id = 'ws1' AND (1)) AS j_l
    ANY LEFT JOIN (SELECT assumeNotNull(click_id) AS click_key, min(person) AS cp_person FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device, if(isNotNull(user_id), assumeNotNull(user_id), if(m_user != '', m_user, anonymous_id)) AS person
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (1)) AS j_l
    ANY LEFT JOIN (SELECT anonymous_id, min(assumeNotNull(user_id)) AS m_user FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (isNotNull(user_id))) GROUP BY anonymous_id) AS j_r
    USING anonymous_id) WHERE isNotNull(click_id) GROUP BY click_key) AS j_r USING click_key)) GROUP BY key)) GROUP BY person) ARRAY JOIN p_sales AS sale)) UNION ALL SELECT * FROM (SELECT concat('l', key) AS key, person, ts, CAST(NULL AS Nullable(String)) AS amount, '' AS currency, toUInt8(0) AS is_new,
      toUInt8(1) AS verified, toUInt8(1) AS is_lead, mql_at, sql_at, opportunity_at, customer_at FROM (SELECT key, l_who.1 AS person, l_when.2 AS ts, l_when.3 AS mql_at, l_when.4 AS sql_at, l_when.5 AS opportunity_at, l_when.6 AS customer_at
    FROM (SELECT key, argMin(pick, (src, o_ts, o_id)) AS l_who, argMin(pick, (2 - src, o_ts, o_id)) AS l_when FROM (SELECT key, src, o_ts, o_id, pick FROM (SELECT if(visitParamExtractString(ifNull(properties, ''), 'lead_id') != '', visitParamExtractString(ifNull(properties, ''), 'lead_id'), id) AS key,
      1 AS src, ts AS o_ts, id AS o_id,
      (person, ts, CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64))) AS pick
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device, if(isNotNull(user_id), assumeNotNull(user_id), if(m_user != '', m_user, anonymous_id)) AS person
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (1)) AS j_l
    ANY LEFT JOIN (SELECT anonymous_id, min(assumeNotNull(user_id)) AS m_user FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (isNotNull(user_id))) GROUP BY anonymous_id) AS j_r
    USING anonymous_id) WHERE type = 'lead') UNION ALL SELECT key, src, o_ts, o_id, pick FROM (SELECT lead_id AS key, 2 AS src, created_at AS o_ts, lead_id AS o_id,
      (multiIf(isNotNull(user_id), assumeNotNull(user_id), cp_person != '', cp_person, ep_person != '', ep_person, concat('lead:', lead_id)),
       created_at, mql_at, sql_at, opportunity_at, customer_at) AS pick
    FROM (SELECT lead_id, user_id, email_key, created_at, mql_at, sql_at, opportunity_at, customer_at, cp_person
    FROM (SELECT lead_id, user_id, ifNull(email_hash, '') AS email_key, ifNull(click_id, '') AS click_key, created_at, mql_at, sql_at, opportunity_at, customer_at FROM roilens.leads FINAL WHERE workspace_id = 'ws1' AND (1)) AS j_l
    ANY LEFT JOIN (SELECT assumeNotNull(click_id) AS click_key, min(person) AS cp_person FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device, if(isNotNull(user_id), assumeNotNull(user_id), if(m_user != '', m_user, anonymous_id)) AS person
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (1)) AS j_l
    ANY LEFT JOIN (SELECT anonymous_id, min(assumeNotNull(user_id)) AS m_user FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (isNotNull(user_id))) GROUP BY anonymous_id) AS j_r
    USING anonymous_id) WHERE isNotNull(click_id) GROUP BY click_key) AS j_r USING click_key) AS j_l ANY LEFT JOIN (SELECT visitParamExtractString(assumeNotNull(properties), 'email_hash') AS email_key, min(person) AS ep_person
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device, if(isNotNull(user_id), assumeNotNull(user_id), if(m_user != '', m_user, anonymous_id)) AS person
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (1)) AS j_l
    ANY LEFT JOIN (SELECT anonymous_id, min(assumeNotNull(user_id)) AS m_user FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (isNotNull(user_id))) GROUP BY anonymous_id) AS j_r
    USING anonymous_id) WHERE visitParamExtractString(ifNull(properties, ''), 'email_hash') != '' GROUP BY email_key) AS j_r USING email_key)) GROUP BY key)))) AS j_l ALL LEFT JOIN (SELECT person, ts AS t_ts, id AS t_id, 1 AS t_has,
      (channel, ifNull(utm_campaign, '(not set)'), ifNull(utm_content, '(not set)'), concat(
  ifNull(utm_source, if(isNull(referrer), '(direct)', extract(assumeNotNull(referrer), '^https?://(?:www\\.)?([^/:?#]+)'))),
  ' / ',
  ifNull(utm_medium, multiIf(channel = 'organic_search', 'organic', ifNull(referrer, '') != '', 'referral', '(none)'))), landing_page, country, device) AS t_touch
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device, if(isNotNull(user_id), assumeNotNull(user_id), if(m_user != '', m_user, anonymous_id)) AS person
    FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (1)) AS j_l
    ANY LEFT JOIN (SELECT anonymous_id, min(assumeNotNull(user_id)) AS m_user FROM (SELECT id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device FROM roilens.events FINAL WHERE workspace_id = 'ws1' AND (isNotNull(user_id))) GROUP BY anonymous_id) AS j_r
    USING anonymous_id)
    WHERE type IN ('page_view', 'click') AND channel != 'direct') AS j_r USING person GROUP BY key)