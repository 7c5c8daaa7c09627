WITH idmap AS (
    SELECT anonymous_id, min(user_id) AS user_id FROM events WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id
  ),
  ev AS (
    SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
    FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
    WHERE e.workspace_id = $ws AND e.ts <= $to_ts::TIMESTAMP
  ),
  pc AS (
    SELECT click_id, json_extract_string(properties, '$.link') AS slug, ts, person, anonymous_id, properties
    FROM ev WHERE type = 'click' AND properties LIKE '%rl_server_click%' AND json_extract_string(properties, '$.rl_server_click') = 'true' AND click_id = json_extract_string(properties, '$.rl_cid') AND json_extract_string(properties, '$.link') IN (SELECT unnest(from_json($slugs, '["VARCHAR"]'))) AND ts >= $from_ts::TIMESTAMP AND person IN (SELECT unnest(from_json($persons, '["VARCHAR"]')))
  )
  SELECT pc.click_id, pc.slug, epoch_ms(pc.ts) AS ts_ms, pc.person, pc.anonymous_id, pc.properties,
    EXISTS (SELECT 1 FROM events v WHERE v.workspace_id = $ws AND v.type = 'page_view' AND (v.anonymous_id = pc.anonymous_id OR v.click_id = pc.click_id)
      AND v.ts >= pc.ts AND v.ts <= pc.ts + INTERVAL 30 MINUTE) AS landed
  FROM pc
