"""Campaign responses recorded in the CRM, as engagement events.

A team that exports only its CRM still has engagement: CampaignMember rows with a response
date (webinar attended, event visited, email clicked). They join the activities table as events
of the matching type, unless the activity feed already holds that person's touch for that
campaign (a webinar platform's own attendance row), so nothing counts twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beachhead.store.models import Account, Campaign, CampaignMember, Contact, ExternalId, Lead

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


def read_campaign_responses(
    session: Session,
    columns: pa.Schema,
    as_of: dt.datetime | None,
    since: dt.datetime | None = None,
) -> pa.Table:
    """Responded campaign members as events with the activity columns (`columns`)."""
    rows = session.execute(_responses_query(as_of, since)).all()
    member, responded, kind, campaign_ref, email, domain = (
        (list(column) for column in zip(*rows, strict=True)) if rows else ([], [], [], [], [], [])
    )
    types = [RESPONSE_ACTIVITY.get((k or "").strip().lower(), DEFAULT_ACTIVITY) for k in kind]
    data = {
        "event_id": [f"campaign-member:{m}" for m in member],
        "occurred_at": pa.array(responded, pa.date32()).cast(pa.timestamp("us")),
        "activity_type": types,
        "channel": [CHANNEL[t] for t in types],
        "contact_email": email,
        "account_domain": domain,
        "campaign_ref": campaign_ref,
        "url": pa.nulls(len(rows), pa.string()),
        "duration_minutes": pa.nulls(len(rows), pa.int64()),
        "source": [SOURCE] * len(rows),
    }
    table = pa.table({name: data[name] for name in columns.names})
    return table.cast(columns)


def _responses_query(as_of: dt.datetime | None, since: dt.datetime | None) -> Any:
    member, campaign = CampaignMember, Campaign
    # One source id per campaign, so a campaign known to two systems gives one event per member.
    refs = (
        select(ExternalId.record_id, func.min(ExternalId.external_id).label("ref"))
        .where(ExternalId.entity == "campaigns")
        .group_by(ExternalId.record_id)
        .subquery()
    )
    query = (
        select(
            member.id,
            member.first_responded_date,
            campaign.campaign_type,
            refs.c.ref,
            func.coalesce(Contact.email, Lead.email),
            Account.domain,
        )
        .join(campaign, campaign.id == member.campaign_id)
        .outerjoin(Contact, Contact.id == member.contact_id)
        .outerjoin(Lead, Lead.id == member.lead_id)
        .outerjoin(Account, Account.id == func.coalesce(Contact.account_id, Lead.account_id))
        .outerjoin(refs, refs.c.record_id == campaign.id)
        .where(member.has_responded.is_(True), member.first_responded_date.is_not(None))
    )
    if as_of is not None:
        query = query.where(member.first_responded_date < as_of.date())
    if since is not None:
        query = query.where(member.first_responded_date >= since.date())
    return query


def without_recorded(responses: pa.Table, activities: pa.Table) -> pa.Table:
    """Responses whose (campaign, person) the activity feed does not already hold."""
    touched = activities.filter(pc.is_valid(activities.column("campaign_ref")))
    if responses.num_rows == 0 or touched.num_rows == 0:
        return responses
    seen = set(
        zip(
            touched.column("campaign_ref").to_pylist(),
            pc.utf8_lower(touched.column("contact_email")).to_pylist(),
            strict=True,
        )
    )
    keys = zip(
        responses.column("campaign_ref").to_pylist(),
        pc.utf8_lower(responses.column("contact_email")).to_pylist(),
        strict=True,
    )
    keep = [key not in seen or key[0] is None for key in keys]
    return responses.filter(pa.array(keep, pa.bool_()))
