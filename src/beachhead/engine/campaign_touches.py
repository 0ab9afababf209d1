"""Campaign responses recorded in the CRM, as engagement events.

A team that exports only its CRM still has engagement: CampaignMember rows with a response
date (webinar attended, event visited, email clicked). They join the activities table as events
of the matching type, unless the activity feed already holds that person's touch for that
campaign (a webinar platform's own attendance row, at any time before the cut-off), so nothing
counts twice. The events are built in DuckDB from the record tables `engine.inputs` reads.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

# Campaign type (lower case) -> the activity a response to it stands for.
RESPONSE_ACTIVITY = {
    "webinar": "webinar_attended",
    "conference": "event_attended",
    "trade show": "event_attended",
    "event": "event_attended",
    "email": "email_click",
    "advertisement": "ad_click",
    "banner ads": "ad_click",
    "content syndication": "content_download",
    "direct mail": "form_fill",
}
DEFAULT_ACTIVITY = "form_fill"
CHANNEL = {"webinar_attended": "event", "event_attended": "event", "email_click": "email",
           "ad_click": "paid_social", "content_download": "web", "form_fill": "web"}  # fmt: skip
SOURCE = "crm_campaign"


def campaign_kinds(campaigns: pa.Table) -> pa.Table:
    """The activity type and channel a response stands for, per distinct campaign type."""
    kinds = pc.unique(campaigns.column("campaign_type")).to_pylist()
    types = [RESPONSE_ACTIVITY.get((k or "").strip().lower(), DEFAULT_ACTIVITY) for k in kinds]
    return pa.table(
        {
            "campaign_type": pa.array(kinds, pa.string()),
            "activity_type": pa.array(types, pa.string()),
            "channel": pa.array([CHANNEL[t] for t in types], pa.string()),
        }
    )


def responses_sql(names: dict[str, str], as_of: bool, since: bool) -> str:
    """DuckDB SELECT of responded members as events with the activity columns.

    Responses count on days before the cut-off's day (parameter `$as_of`, when `as_of`) and
    from the day of `$since` on (when `since`). `names` maps the record tables to their names
    in DuckDB.
    """
    window = ["m.responded_on < CAST($as_of AS DATE)"] if as_of else []
    if since:
        window.append("m.responded_on >= CAST($since AS DATE)")
    where = f"WHERE {' AND '.join(window)}" if window else ""
    return f"""
        SELECT
            'campaign-member:' || m.member_id AS event_id,
            CAST(m.responded_on AS TIMESTAMP) AS occurred_at,
            k.activity_type,
            k.channel,
            coalesce(c.email, l.email) AS contact_email,
            a.domain AS account_domain,
            r.ref AS campaign_ref,
            CAST(NULL AS VARCHAR) AS url,
            CAST(NULL AS DOUBLE) AS duration_minutes,
            '{SOURCE}' AS source
        FROM {names["members"]} AS m
        JOIN {names["campaigns"]} AS g ON g.campaign_id = m.campaign_id
        JOIN {names["campaign_kinds"]} AS k
            ON k.campaign_type IS NOT DISTINCT FROM g.campaign_type
        LEFT JOIN {names["contacts"]} AS c ON c.contact_id = m.contact_id
        LEFT JOIN {names["leads"]} AS l ON l.lead_id = m.lead_id
        LEFT JOIN {names["accounts"]} AS a ON a.account_id = coalesce(c.account_id, l.account_id)
        LEFT JOIN {names["campaign_refs"]} AS r ON r.campaign_id = g.campaign_id
        {where}
    """


def recorded_sql(responses: str, feed: str) -> str:
    """DuckDB DELETE of the responses whose (campaign, person) `feed` already holds.

    `feed` is a table or a FROM-able scan with `campaign_ref` and `contact_email`; emails
    are compared lower-cased, a missing email matching a missing one.
    """
    return f"""
        DELETE FROM {responses} AS r
        WHERE r.campaign_ref IS NOT NULL AND EXISTS (
            SELECT 1 FROM {feed} AS f
            WHERE f.campaign_ref = r.campaign_ref
              AND lower(f.contact_email) IS NOT DISTINCT FROM lower(r.contact_email)
        )
    """
