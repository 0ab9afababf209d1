-- Counted engagement events: resolved to a contact (by email) and an account (the contact's,
-- else the domain's), within the lookback, at most {daily_cap} per person, type and day, with
-- their undecayed (raw) and decayed (points) weight. Default scoring.yaml weights.
CREATE TEMP TABLE events AS
WITH feed AS (
    SELECT
        event_id, occurred_at, activity_type, contact_email, account_domain, campaign_ref,
        duration_minutes, month
    FROM read_parquet('{signals}/activities/*/*.parquet', hive_partitioning = true)
    WHERE occurred_at < TIMESTAMP '{as_of}'
),
-- CRM campaign responses count unless the feed holds that person's touch of that campaign.
responses AS (
    SELECT r.event_id, r.occurred_at, r.activity_type, r.contact_email, r.account_domain,
        r.campaign_ref, r.duration_minutes
    FROM read_parquet('{records}/campaign_responses.parquet') AS r
    WHERE r.campaign_ref IS NULL OR NOT EXISTS (
        SELECT 1 FROM feed AS f
        WHERE f.campaign_ref = r.campaign_ref
          AND lower(f.contact_email) IS NOT DISTINCT FROM lower(r.contact_email)
    )
),
raw_events AS (
    SELECT *, date_diff('day', CAST(occurred_at AS DATE), DATE '{as_of}') AS age_days
    FROM (
        SELECT * EXCLUDE (month) FROM feed WHERE month >= '{first_month}'
        UNION ALL
        SELECT * FROM responses
    )
),
resolved AS (
    SELECT
        r.*, e.contact_id, coalesce(e.account_id, d.account_id) AS account_id,
        CAST(r.occurred_at AS DATE) AS day
    FROM raw_events AS r
    LEFT JOIN email_key AS e ON e.key = lower(trim(r.contact_email))
    LEFT JOIN domain_key AS d ON d.key = lower(trim(r.account_domain))
    WHERE r.age_days <= {lookback_days}
),
capped AS (
    SELECT *
    FROM resolved
    WHERE account_id IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY account_id, contact_id, activity_type, day
        ORDER BY occurred_at, event_id
    ) <= {daily_cap}
),
weighed AS (
    SELECT
        p.account_id, p.contact_id, p.activity_type, p.age_days,
        c."function", c.buying_role,
        greatest(
            CASE
                WHEN p.activity_type = 'meeting' AND p.duration_minutes IS NOT NULL
                    THEN p.duration_minutes
                ELSE CASE p.activity_type
                    WHEN 'ad_impression' THEN 0.01 WHEN 'ad_click' THEN 0.2
                    WHEN 'email_open' THEN 0.1 WHEN 'email_click' THEN 0.5
                    WHEN 'email_reply' THEN 1.0 WHEN 'web_visit' THEN 0.5
                    WHEN 'pricing_page_visit' THEN 3.0 WHEN 'content_download' THEN 3.0
                    WHEN 'form_fill' THEN 5.0 WHEN 'call' THEN 1.0
                    WHEN 'webinar_attended' THEN 10.0 WHEN 'event_attended' THEN 15.0
                    WHEN 'meeting' THEN 30.0 WHEN 'demo_request' THEN 20.0
                    ELSE 0.0
                END
            END
            * CASE
                WHEN p.contact_id IS NULL THEN 1.0
                ELSE CASE c.seniority
                    WHEN 'cxo' THEN 2.0 WHEN 'vp' THEN 1.5 WHEN 'director' THEN 1.25
                    WHEN 'manager' THEN 1.0 ELSE 0.5
                END
            END,
            0.0
        ) AS raw
    FROM capped AS p
    LEFT JOIN contacts AS c ON c.contact_id = p.contact_id
)
SELECT *, raw * exp(age_days * (-ln(2.0) / {half_life_days})) AS points
FROM weighed;
