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
from sqlalchemy import and_, func, select
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
    session: Session, columns: pa.Schema, as_of: dt.datetime | None
) -> pa.Table:
    """Responded campaign members as events with the activity columns (`columns`)."""
    rows = session.execute(_responses_query(as_of)).all()
    first_seen: dict[int, tuple[object, ...]] = {}
    for row in rows:
        first_seen.setdefault(row[0], row)  # one event per member, whatever its source ids
    records = [_event(row) for row in first_seen.values()]
    return pa.Table.from_pylist(records, schema=columns)


def _responses_query(as_of: dt.datetime | None) -> Any:  # a typed Select of six columns
    member, campaign = CampaignMember, Campaign
    query = (
        select(
            member.id,
            member.first_responded_date,
            campaign.campaign_type,
            ExternalId.external_id,
            func.coalesce(Contact.email, Lead.email),
            Account.domain,
        )
        .join(campaign, campaign.id == member.campaign_id)
        .outerjoin(Contact, Contact.id == member.contact_id)
        .outerjoin(Lead, Lead.id == member.lead_id)
        .outerjoin(Account, Account.id == func.coalesce(Contact.account_id, Lead.account_id))
        .outerjoin(
            ExternalId,
            and_(ExternalId.entity == "campaigns", ExternalId.record_id == campaign.id),
        )
        .where(member.has_responded.is_(True), member.first_responded_date.is_not(None))
        .order_by(member.id, ExternalId.external_id)
    )
    if as_of is not None:
        query = query.where(member.first_responded_date < as_of.date())
    return query


def _event(row: tuple[object, ...]) -> dict[str, object]:
    member_id, responded, campaign_type, campaign_ref, email, domain = row
    kind = RESPONSE_ACTIVITY.get(str(campaign_type or "").strip().lower(), DEFAULT_ACTIVITY)
    assert isinstance(responded, dt.date)
    return {
        "event_id": f"campaign-member:{member_id}",
        "occurred_at": dt.datetime.combine(responded, dt.time()),
        "activity_type": kind,
        "channel": CHANNEL[kind],
        "contact_email": email,
        "account_domain": domain,
        "campaign_ref": campaign_ref,
        "url": None,
        "duration_minutes": None,
        "source": SOURCE,
    }


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
