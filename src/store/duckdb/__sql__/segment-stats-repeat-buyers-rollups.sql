WITH rev_mode AS (SELECT 'verified' AS mode),
    rates_ts AS (SELECT currency, date::TIMESTAMP AS since, rate FROM rates WHERE workspace_id = $ws),
    rates_iv AS (SELECT *, lead(since) OVER (PARTITION BY currency ORDER BY since) AS until FROM rates_ts),
    first_rate AS (SELECT currency, arg_min(rate, date) AS rate FROM rates WHERE workspace_id = $ws GROUP BY currency),
    sales AS (
      SELECT r.key, r.person, r.ts, r.is_new, CASE WHEN r.amount IS NULL THEN 0 WHEN r.currency = $base THEN r.amount
           ELSE r.amount * coalesce(x.rate, f.rate) END AS value,
      r.amount IS NOT NULL AND r.currency <> $base AND x.rate IS NULL AND f.rate IS NULL AS unconverted, CASE WHEN r.touch_ts IS NOT NULL AND r.touch_ts >= r.ts - to_days($lookback::INTEGER) THEN r.channel ELSE 'direct' END AS channel, CASE WHEN r.touch_ts IS NOT NULL AND r.touch_ts >= r.ts - to_days($lookback::INTEGER) THEN r.campaign ELSE '(not set)' END AS campaign, CASE WHEN r.touch_ts IS NOT NULL AND r.touch_ts >= r.ts - to_days($lookback::INTEGER) THEN r.ad ELSE '(not set)' END AS ad, CASE WHEN r.touch_ts IS NOT NULL AND r.touch_ts >= r.ts - to_days($lookback::INTEGER) THEN r.source_medium ELSE '(direct) / (none)' END AS source_medium, CASE WHEN r.touch_ts IS NOT NULL AND r.touch_ts >= r.ts - to_days($lookback::INTEGER) THEN r.landing_page ELSE NULL END AS landing_page, CASE WHEN r.touch_ts IS NOT NULL AND r.touch_ts >= r.ts - to_days($lookback::INTEGER) THEN r.country ELSE NULL END AS country, CASE WHEN r.touch_ts IS NOT NULL AND r.touch_ts >= r.ts - to_days($lookback::INTEGER) THEN r.device ELSE NULL END AS device
      FROM (SELECT * FROM rollup_credits WHERE workspace_id = $ws AND is_sale AND (verified OR (SELECT mode FROM rev_mode) = 'all') AND TRUE) r
      LEFT JOIN rates_iv x ON r.currency = x.currency AND r.ts >= x.since AND (x.until IS NULL OR r.ts < x.until)
      LEFT JOIN first_rate f ON f.currency = r.currency
    ),
    people AS (
      SELECT person, count(*) AS orders, sum(value) AS revenue, any_value(channel) FILTER (WHERE is_new) AS acq_channel
      FROM sales GROUP BY person
    )
    SELECT count(*)::DOUBLE AS people, (count(*) FILTER (WHERE p.orders > 0))::DOUBLE AS buyers,
      coalesce(sum(p.orders), 0)::DOUBLE AS orders, coalesce(sum(p.revenue), 0)::DOUBLE AS revenue
    FROM people p WHERE ((p.orders >= $sg0))