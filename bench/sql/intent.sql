-- Third-party intent: per account and topic the latest weekly score (best metro), the mean of
-- the last 3 weeks and of the 12 before them; per account strength, breadth, recency and
-- momentum (default scoring.yaml). Week 0 starts 1-7 days before the as-of day.
CREATE TEMP TABLE intent AS
WITH signal_window AS (
    SELECT
        d.account_id, i.provider, i.topic, i.week_start, CAST(i.score AS DOUBLE) AS score,
        (date_diff('day', i.week_start, DATE '{as_of}') - 1) // 7 AS week_idx
    FROM read_parquet('{signals}/intent/*/*/*.parquet', hive_partitioning = true) AS i
    JOIN domain_key AS d ON d.key = lower(trim(i.domain))
    WHERE i.week < DATE '{as_of}' AND i.week_start < DATE '{as_of}'
      AND i.week >= DATE '{as_of}' - INTERVAL {window_days} DAY
),
weekly AS (
    SELECT account_id, topic, week_idx, max(score) AS score, max(week_start) AS week_start
    FROM signal_window
    WHERE week_idx < 15
    GROUP BY ALL
),
topics AS (
    SELECT
        account_id, topic,
        min(week_idx) AS latest_idx,
        arg_min(score, week_idx) AS latest_score,
        avg(score) FILTER (WHERE week_idx < 3) AS recent_mean,
        avg(score) FILTER (WHERE week_idx >= 3) AS baseline_mean,
        max(week_start) AS last_week
    FROM weekly
    GROUP BY ALL
),
heat AS (
    SELECT
        *,
        latest_idx < 3 AND latest_score >= 60 AS surging,
        CASE WHEN latest_idx < 3
            THEN least(greatest((latest_score - 50.0) / 50.0, 0.0), 1.0) ELSE 0.0 END AS heat,
        CASE WHEN latest_idx < 3
            THEN least(greatest((recent_mean - coalesce(baseline_mean, 50.0)) / 20.0, 0.0), 1.0)
            ELSE 0.0 END AS momentum
    FROM topics
),
per_account AS (
    SELECT
        account_id,
        count(*) FILTER (WHERE surging) AS surging_topics,
        count(*) AS tracked_topics,
        max(heat) AS strength,
        max(momentum) AS momentum,
        min(latest_idx) AS latest_idx,
        max(last_week) AS last_signal_week,
        array_to_string(
            list(topic ORDER BY heat DESC, surging DESC, latest_score DESC, topic)[1:3], ', '
        ) AS top_topics
    FROM heat
    GROUP BY account_id
),
sources AS (
    SELECT
        account_id,
        array_to_string(list(DISTINCT provider ORDER BY provider)[1:3], '+') AS provider,
        CASE
            WHEN count(*) FILTER (WHERE provider = 'website') = count(*) THEN 'first'
            WHEN count(*) FILTER (WHERE provider = 'website') = 0 THEN 'third'
            ELSE 'mixed'
        END AS party
    FROM signal_window
    WHERE week_idx < 15
    GROUP BY account_id
),
parts AS (
    SELECT
        *,
        CAST(surging_topics AS DOUBLE) / tracked_topics AS breadth,
        least(greatest(1.0 - latest_idx / 3.0, 0.0), 1.0) AS recency
    FROM per_account
)
SELECT
    p.account_id,
    100.0 * 0.4 * p.strength + 100.0 * 0.3 * least(p.breadth / 0.25, 1.0)
        + 100.0 * 0.15 * p.recency + 100.0 * 0.15 * p.momentum AS intent,
    p.surging_topics, p.tracked_topics, p.breadth,
    p.breadth >= 0.25 AND p.surging_topics > 0 AS in_market,
    p.top_topics,
    date_diff('day', p.last_signal_week, DATE '{as_of}') AS freshness_days,
    s.provider, s.party
FROM parts AS p
JOIN sources AS s USING (account_id);
