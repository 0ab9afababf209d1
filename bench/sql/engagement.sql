-- Per account: decayed points, the 0-100 score, minutes in 90 days, the weekly spike, and
-- breadth over the last 90 days (people, departments, roles, 3 x 3 depth).
CREATE TEMP TABLE engagement AS
WITH totals AS (
    SELECT
        account_id,
        sum(points) AS engagement,
        coalesce(sum(raw) FILTER (WHERE age_days <= 90), 0.0) AS minutes_90d,
        coalesce(sum(raw) FILTER (WHERE age_days <= 7), 0.0) AS this_week,
        coalesce(sum(raw) FILTER (WHERE age_days > 7 AND age_days <= 35), 0.0) AS prior_weeks,
        min(age_days) AS last_activity_days
    FROM events
    GROUP BY account_id
),
known AS (
    SELECT * FROM events WHERE contact_id IS NOT NULL AND raw > 0.0 AND age_days <= 90
),
people AS (
    SELECT
        account_id,
        count(DISTINCT contact_id) AS engaged_people,
        count(DISTINCT "function") AS departments_engaged,
        count(DISTINCT buying_role) AS roles_engaged
    FROM known
    GROUP BY account_id
),
per_function AS (
    SELECT account_id, "function", least(count(DISTINCT contact_id), 3) AS deep
    FROM known
    WHERE "function" IS NOT NULL
    GROUP BY ALL
),
depth AS (
    SELECT account_id, CAST(sum(deep) AS BIGINT) AS depth_3x3
    FROM (
        SELECT *
        FROM per_function
        QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY deep DESC, "function") <= 3
    )
    GROUP BY account_id
)
SELECT
    t.account_id,
    t.engagement,
    100.0 * (1.0 - exp(-t.engagement / 50.0)) AS engagement_score,
    coalesce(p.engaged_people, 0) AS engaged_people,
    coalesce(p.departments_engaged, 0) AS departments_engaged,
    coalesce(p.roles_engaged, 0) AS roles_engaged,
    coalesce(d.depth_3x3, 0) AS depth_3x3,
    t.this_week >= 5.0 AND t.this_week > t.prior_weeks / 4.0 * 2.0 AND t.this_week > 0.0
        AS spike,
    t.minutes_90d,
    t.last_activity_days
FROM totals AS t
LEFT JOIN people AS p USING (account_id)
LEFT JOIN depth AS d USING (account_id);
