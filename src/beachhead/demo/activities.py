"""Engagement events in Beachhead's generic activities format.

Events are generated in vectorised batches (background nurture, anonymous traffic, buying
episodes, the meeting that opens an opportunity, early sales follow-up, stray free-mail
visitors), then stamped with times, campaigns and sources and sorted chronologically.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.demo.activity_batches import (
    ANONYMOUS,
    STRAY,
    TYPES,
    URLS,
    Batch,
    MarketView,
    anonymous_traffic,
    background_nurture,
    conversion_moments,
    episode_engagement,
    stray_visitors,
    timely_follow_up,
)
from beachhead.demo.campaigns import Campaigns, latest_campaign
from beachhead.demo.common import DAY_SECONDS, blank_where, random_times, stamps, take
from beachhead.demo.ids import sequential_ids

_CHANNEL_SOURCE: dict[str, tuple[str, str]] = {
    "web_visit": ("web", "website"),
    "email_open": ("email", "marketo"),
    "email_click": ("email", "marketo"),
    "email_reply": ("email", "outreach"),
    "ad_impression": ("paid_social", "linkedin_ads"),
    "ad_click": ("paid_social", "linkedin_ads"),
    "form_fill": ("web", "marketo"),
    "content_download": ("web", "marketo"),
    "webinar_attended": ("event", "on24"),
    "event_attended": ("event", "marketo"),
    "meeting": ("sales", "chilipiper"),
    "call": ("sales", "outreach"),
    "demo_request": ("web", "marketo"),
    "pricing_page_visit": ("web", "website"),
}
_CHANNELS = ("web", "email", "paid_social", "paid_search", "display", "event", "sales")
_SOURCES = ("website", "marketo", "outreach", "linkedin_ads", "google_ads", "on24", "chilipiper")
# Activity type -> (campaign types it can belong to, days after a campaign it still counts).
_CAMPAIGN_LINKS: dict[str, tuple[tuple[int, ...], int]] = {
    "email_open": ((0,), 10),
    "email_click": ((0,), 10),
    "webinar_attended": ((1,), 120),
    "ad_impression": ((2,), 0),
    "ad_click": ((2,), 0),
    "content_download": ((3,), 30),
    "event_attended": ((4, 5), 120),
}


def _campaigns(
    campaigns: Campaigns, kind: np.ndarray, day: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    found = np.full(len(kind), -1)
    for name, (types, age) in _CAMPAIGN_LINKS.items():
        rows = np.flatnonzero(kind == TYPES.index(name))
        found[rows] = latest_campaign(campaigns, types, day[rows], age)
    # Only part of the downloads come through syndication; the rest are organic.
    organic = (kind == TYPES.index("content_download")) & (rng.random(len(kind)) < 0.6)
    return np.where(organic, -1, found)


def _channels(rng: np.random.Generator, kind: np.ndarray) -> tuple[pa.Array, pa.Array]:
    channel = np.array([_CHANNELS.index(_CHANNEL_SOURCE[t][0]) for t in TYPES])[kind]
    source = np.array([_SOURCES.index(_CHANNEL_SOURCE[t][1]) for t in TYPES])[kind]
    # Some ads run on Google: display impressions, and search clicks.
    is_ad = np.isin(kind, [TYPES.index("ad_impression"), TYPES.index("ad_click")])
    google = is_ad & (rng.random(len(kind)) < 0.4)
    search = google & (kind == TYPES.index("ad_click")) & (rng.random(len(kind)) < 0.5)
    channel = np.where(
        google,
        np.where(search, _CHANNELS.index("paid_search"), _CHANNELS.index("display")),
        channel,
    )
    source = np.where(google, _SOURCES.index("google_ads"), source)
    return take(_CHANNELS, channel), take(_SOURCES, source)


def _emails(view: MarketView, batch: Batch, stray: pa.Array) -> pa.Array:
    email = blank_where(take(view.people.email, np.maximum(batch.person, 0)), batch.person < 0)
    is_stray = batch.person == STRAY
    if not is_stray.any():
        return email
    stray_email = take(stray, np.maximum(np.cumsum(is_stray) - 1, 0))
    return pc.if_else(pa.array(is_stray), stray_email, email)


def activities_table(
    rng: np.random.Generator, view: MarketView, campaigns: Campaigns
) -> tuple[pa.Table, Batch]:
    """The activities export, and the sorted event batch behind it (for CampaignMember)."""
    parts = [
        background_nurture(rng, view),
        anonymous_traffic(rng, view),
        episode_engagement(rng, view),
        conversion_moments(rng, view),
        timely_follow_up(rng, view),
    ]
    batch = Batch.concat(parts)
    stray_batch, stray = stray_visitors(rng, view, len(batch.person) // 50)
    batch = Batch.concat([batch, stray_batch])
    seconds = random_times(rng, view.cal, batch.week)
    batch = batch.sorted(seconds)
    campaign = _campaigns(campaigns, batch.kind, batch.seconds // DAY_SECONDS, rng)
    return _assemble(rng, view, batch, (campaigns, campaign), stray), batch.with_campaign(campaign)


def _assemble(
    rng: np.random.Generator,
    view: MarketView,
    batch: Batch,
    campaign: tuple[Campaigns, np.ndarray],
    stray: pa.Array,
) -> pa.Table:
    campaigns, index = campaign
    anonymous = batch.person == ANONYMOUS
    # Marketing automation fills a company domain for some known people; reverse-IP for all
    # anonymous traffic. Stray visitors have none.
    with_domain = (anonymous | (rng.random(len(anonymous)) < 0.4)) & (batch.person != STRAY)
    domain = blank_where(take(view.firms.domain, batch.company), ~with_domain)
    channel, source = _channels(rng, batch.kind)
    return pa.table(
        {
            "event_id": sequential_ids("act-", len(batch.kind), width=10),
            "occurred_at": stamps(batch.seconds),
            "activity_type": take(TYPES, batch.kind),
            "channel": channel,
            "contact_email": _emails(view, batch, stray),
            "account_domain": domain,
            "campaign": blank_where(take(campaigns.id, np.maximum(index, 0)), index < 0),
            "url": blank_where(take(URLS, np.maximum(batch.url, 0)), batch.url < 0),
            "duration_minutes": blank_where(pa.array(batch.duration), batch.duration <= 0),
            "source": source,
        }
    )
