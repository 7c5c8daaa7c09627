WITH idmap AS (
    SELECT anonymous_id, min(user_id) AS user_id FROM events WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id
  ),
  ev AS (
    SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
    FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
    WHERE e.workspace_id = $ws AND e.ts < $to_ts::TIMESTAMP
  ),
  click_person AS (SELECT click_id, min(person) AS person FROM ev WHERE click_id IS NOT NULL GROUP BY click_id),
  sale_ev AS (
    SELECT coalesce(order_id, id) AS key, person, anonymous_id, ts, revenue_amount AS amount, revenue_currency AS currency,
      json_extract_string(properties, '$.coupon') AS coupon, json_extract_string(properties, '$.product') AS product, json_extract_string(properties, '$.category') AS category, json_extract_string(properties, '$.email_hash') AS email_hash
    FROM ev WHERE type = 'conversion' AND coalesce(properties LIKE '%rl_verified%' AND json_extract_string(properties, '$.rl_verified') = 'true', false)
    QUALIFY row_number() OVER (PARTITION BY coalesce(order_id, id) ORDER BY ts, id) = 1
  ),
  sale_ord AS (
    SELECT o.order_id AS key, coalesce(cp.person, o.customer_id) AS person, o.ts, o.amount, o.currency, o.coupon, o.product, o.category, o.email_hash
    FROM orders o LEFT JOIN click_person cp ON cp.click_id = o.click_id
    WHERE o.workspace_id = $ws AND o.ts < $to_ts::TIMESTAMP
  ),
  lead_ev AS (
    SELECT coalesce(json_extract_string(properties, '$.lead_id'), id) AS key, person, anonymous_id, ts, json_extract_string(properties, '$.email_hash') AS email_hash
    FROM ev WHERE type = 'lead' AND coalesce(properties LIKE '%rl_verified%' AND json_extract_string(properties, '$.rl_verified') = 'true', false)
    QUALIFY row_number() OVER (PARTITION BY coalesce(json_extract_string(properties, '$.lead_id'), id) ORDER BY ts, id) = 1
  ),
  lead_crm AS (
    SELECT l.lead_id AS key, coalesce(l.user_id, cp.person, 'lead:' || l.lead_id) AS person, l.created_at AS ts, l.email_hash
    FROM leads l LEFT JOIN click_person cp ON cp.click_id = l.click_id WHERE l.workspace_id = $ws
  ),
  facts AS (
    SELECT 'sale' AS kind, coalesce(e.key, o.key) AS id, coalesce(e.ts, o.ts) AS ts,
      CASE WHEN o.key IS NOT NULL THEN o.amount ELSE e.amount END AS amount,
      CASE WHEN o.key IS NOT NULL THEN o.currency ELSE e.currency END AS currency,
      upper(nullif(trim(coalesce(o.coupon, e.coupon)), '')) AS coupon, coalesce(o.product, e.product) AS product,
      coalesce(o.category, e.category) AS category, coalesce(e.person, o.person) AS person, e.anonymous_id,
      coalesce(o.email_hash, e.email_hash) AS email_hash
    FROM sale_ev e FULL OUTER JOIN sale_ord o ON e.key = o.key
    UNION ALL
    SELECT 'lead', coalesce(e.key, c.key), coalesce(c.ts, e.ts), NULL, NULL, NULL, NULL, NULL, coalesce(e.person, c.person), e.anonymous_id,
      coalesce(c.email_hash, e.email_hash)
    FROM lead_ev e FULL OUTER JOIN lead_crm c ON c.key = e.key
    UNION ALL
    SELECT 'click', click_id, ts, NULL, NULL, NULL, NULL, NULL, person, anonymous_id, NULL
    FROM ev WHERE type = 'click' AND properties LIKE '%rl_server_click%' AND json_extract_string(properties, '$.rl_server_click') = 'true' AND click_id = json_extract_string(properties, '$.rl_cid') AND json_extract_string(properties, '$.link') IN (SELECT unnest(from_json($slugs, '["VARCHAR"]')))
  )
  SELECT kind, id, epoch_ms(ts) AS ts_ms, amount::VARCHAR AS amount, currency, coupon, product, category, person, anonymous_id, email_hash
  FROM facts
  WHERE ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP
    AND (ts > $after_ts::TIMESTAMP OR (ts = $after_ts::TIMESTAMP AND (kind > $after_kind OR (kind = $after_kind AND id > $after_id))))
  ORDER BY ts, kind, id
  LIMIT $limit
