-- One row per account: fit (generated from the ICP), intent, engagement and the journey stage
-- by the default rules, first match wins. Like core/scoring/stages.py, a stage threshold on a
-- sum is met within 1e-9: a parallel sum lands on 9.999999999999998 or 10.0 by thread order.
WITH fit AS (
    SELECT account_id, least(greatest({fit_raw}, 0.0), 100.0) AS fit
    FROM (SELECT *, list_transform(technologies, lambda t: lower(trim(t))) AS stack FROM accounts)
),
deals AS (
    SELECT
        account_id,
        count(*) FILTER (WHERE won) AS won_deals,
        count(*) FILTER (WHERE is_open AND kind = 'new') AS open_new_opps,
        count(*) FILTER (WHERE is_open AND kind = 'expansion') AS open_expansion_opps,
        min(date_diff('day', close_date, DATE '{as_of}'))
            FILTER (WHERE won AND kind = 'expansion') AS days_since_won_expansion
    FROM (
        SELECT
            account_id,
            close_date,
            lower(opp_type) AS kind,
            coalesce(is_won, false) AND coalesce(close_date < DATE '{as_of}', true) AS won,
            coalesce(created_date < DATE '{as_of}', false)
                AND NOT (coalesce(is_closed, false)
                         AND NOT coalesce(close_date >= DATE '{as_of}', false)) AS is_open
        FROM opportunities
    )
    GROUP BY account_id
),
facts AS (
    SELECT
        a.account_id,
        f.fit,
        coalesce(i.intent, 0.0) AS intent,
        coalesce(i.in_market, false) AS in_market,
        i.freshness_days,
        coalesce(e.engagement, 0.0) AS engagement,
        coalesce(e.engagement_score, 0.0) AS engagement_score,
        coalesce(e.minutes_90d, 0.0) AS minutes_90d,
        e.last_activity_days,
        coalesce(a.is_customer, false) OR coalesce(d.won_deals, 0) > 0 AS customer,
        coalesce(d.open_new_opps, 0) AS open_new_opps,
        coalesce(d.open_expansion_opps, 0) AS open_expansion_opps,
        d.days_since_won_expansion
    FROM accounts AS a
    JOIN fit AS f USING (account_id)
    LEFT JOIN intent AS i USING (account_id)
    LEFT JOIN engagement AS e USING (account_id)
    LEFT JOIN deals AS d USING (account_id)
)
SELECT
    account_id,
    fit,
    CASE WHEN fit >= {strong} THEN 'strong' WHEN fit >= {moderate} THEN 'moderate'
         ELSE 'weak' END AS fit_band,
    intent,
    in_market,
    engagement,
    engagement_score,
    CASE
        WHEN customer AND (open_expansion_opps >= 1
                           OR coalesce(days_since_won_expansion <= 180, false))
            THEN 'expansion'
        WHEN customer THEN 'customer'
        WHEN open_new_opps >= 1 THEN 'opportunity'
        WHEN fit >= 70 - 1e-9 AND (engagement_score >= 50 - 1e-9 OR in_market) THEN 'mqa'
        WHEN minutes_90d >= 10 - 1e-9 THEN 'engaged'
        WHEN coalesce(last_activity_days <= 90, false) OR coalesce(freshness_days <= 90, false)
            THEN 'aware'
        ELSE 'unaware'
    END AS stage
FROM facts
ORDER BY account_id;
