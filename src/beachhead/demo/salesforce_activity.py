"""Salesforce Task, Event and CampaignMember exports."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.demo.activity_batches import TYPES, Batch
from beachhead.demo.campaigns import CAMPAIGN_TYPES, Campaigns
from beachhead.demo.common import DAY_SECONDS, Calendar, blank_where, dates, stamps, take
from beachhead.demo.crm import Crm
from beachhead.demo.deals import Deals
from beachhead.demo.ids import salesforce_ids
from beachhead.demo.people import People
from beachhead.demo.salesforce_deals import SfDeals, active_span

_TASKS = (
    ("Call", "Call"),
    ("Call", "Left voicemail"),
    ("Call", "Discovery call follow-up"),
    ("Email", "Email: Follow up"),
    ("Email", "Email: Pricing questions"),
    ("Email", "Sent proposal"),
    ("Email", "Email: Intro"),
)
_EVENTS = (
    "Discovery call",
    "Demo",
    "Technical deep dive",
    "Pricing review",
    "Executive alignment",
    "Security review",
)
MEMBER_STATUS = ("Sent", "Registered", "Responded", "Attended")
_TYPE_STATUS = {
    "email_open": 0,
    "email_click": 2,
    "content_download": 2,
    "form_fill": 2,
    "webinar_attended": 3,
    "event_attended": 3,
}


def _who(crm: Crm, person: np.ndarray) -> pa.Array:
    """WhoId: the person's Contact id, else their Lead id, else blank."""
    taken = pa.array(person)
    return pc.coalesce(crm.contact_id.take(taken), crm.lead_id.take(taken))


def _deal_rows(
    rng: np.random.Generator, cal: Calendar, deals: Deals, sf: SfDeals, per_week: float
) -> tuple[np.ndarray, np.ndarray]:
    """(position in sf.rows, day) for activities spread over each deal's working span."""
    start, end = active_span(cal, deals, sf.rows)
    count = rng.poisson(per_week * (end - start) / 7.0 + 1.0)
    opp = np.repeat(np.arange(sf.rows.size), count)
    day = start[opp] + (rng.random(opp.size) * (end - start + 1)[opp]).astype(np.int64)
    return opp, np.minimum(day, cal.as_of - 1)


def _deal_person(
    rng: np.random.Generator, deals: Deals, rows: np.ndarray, people: People
) -> np.ndarray:
    pick = (rng.random(rows.size) * deals.engaged[rows]).astype(np.int64)
    return np.asarray(people.start[deals.company[rows]] + pick)


def _prospecting(
    rng: np.random.Generator, cal: Calendar, crm: Crm, people: People, fit: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # SDRs work high-fit accounts harder - a confounder a fair model has to see through.
    company = np.flatnonzero(crm.in_sf)
    company = np.repeat(company, rng.poisson(0.5 + 3.0 * fit[company] ** 2))
    size = np.diff(np.r_[people.start, people.n])[company]
    person = people.start[company] + (rng.random(company.size) * size).astype(np.int64)
    day = cal.anchor - rng.integers(1, 7 * cal.weeks + 1, company.size)
    return company, person, day


def task_table(
    rng: np.random.Generator,
    cal: Calendar,
    deals: Deals,
    sf: SfDeals,
    crm: Crm,
    market: tuple[People, np.ndarray],
) -> pa.Table:
    """Task.csv: calls and emails on open deals, plus prospecting on accounts."""
    people, fit = market
    opp, deal_day = _deal_rows(rng, cal, deals, sf, 0.9)
    deal_person = _deal_person(rng, deals, sf.rows[opp], people)
    company, person, day = _prospecting(rng, cal, crm, people, fit)
    what = pa.concat_arrays([sf.id.take(pa.array(opp)), crm.account_id.take(pa.array(company))])
    all_company = np.r_[deals.company[sf.rows[opp]], company]
    all_day = np.r_[deal_day, day]
    order = np.argsort(all_day, kind="stable")
    kind = rng.integers(0, len(_TASKS), order.size)
    return pa.table(
        {
            "Id": salesforce_ids(rng, "00T", order.size),
            "WhoId": _who(crm, np.r_[deal_person, person][order]),
            "WhatId": what.take(pa.array(order)),
            "AccountId": crm.account_id.take(pa.array(all_company[order])),
            "Subject": take([s for _, s in _TASKS], kind),
            "Type": take([t for t, _ in _TASKS], kind),
            "ActivityDate": dates(all_day[order]),
        }
    )


def event_table(
    rng: np.random.Generator, cal: Calendar, deals: Deals, sf: SfDeals, crm: Crm, people: People
) -> pa.Table:
    """Event.csv: meetings held while deals were worked."""
    opp, day = _deal_rows(rng, cal, deals, sf, 0.3)
    order = np.argsort(day, kind="stable")
    opp, day = opp[order], day[order]
    person = _deal_person(rng, deals, sf.rows[opp], people)
    start = day * DAY_SECONDS + 1800 * rng.integers(16, 36, opp.size)
    return pa.table(
        {
            "Id": salesforce_ids(rng, "00U", opp.size),
            "WhoId": blank_where(crm.contact_id.take(pa.array(person)), rng.random(opp.size) < 0.1),
            "WhatId": sf.id.take(pa.array(opp)),
            "AccountId": crm.account_id.take(pa.array(deals.company[sf.rows[opp]])),
            "Subject": take(_EVENTS, rng.integers(0, len(_EVENTS), opp.size)),
            "Type": take(("Meeting",), np.zeros(opp.size, np.int64)),
            "StartDateTime": stamps(start),
            "DurationInMinutes": pa.array(rng.choice([30, 45, 60, 90], size=opp.size)),
        }
    )


def _memberships(batch: Batch, known: np.ndarray) -> tuple[np.ndarray, ...]:
    """(campaign, person, best status, first response day) from campaign-linked activities."""
    status_of = np.full(len(TYPES), -1)
    for name, status in _TYPE_STATUS.items():
        status_of[TYPES.index(name)] = status
    status = status_of[batch.kind]
    rows = np.flatnonzero((batch.campaign >= 0) & (batch.person >= 0) & (status >= 0))
    rows = rows[known[batch.person[rows]]]
    key = batch.campaign[rows] * len(known) + batch.person[rows]
    unique, inverse = np.unique(key, return_inverse=True)
    best = np.full(unique.size, -1)
    np.maximum.at(best, inverse, status[rows])
    day = np.where(status[rows] >= 2, batch.seconds[rows] // DAY_SECONDS, np.iinfo(np.int64).max)
    first = np.full(unique.size, np.iinfo(np.int64).max)
    np.minimum.at(first, inverse, day)
    return unique // len(known), unique % len(known), best, first


def _no_shows(
    rng: np.random.Generator,
    member: tuple[np.ndarray, ...],
    campaigns: Campaigns,
    known: np.ndarray,
) -> tuple[np.ndarray, ...]:
    # Registrants who never attended: about 40% on top of the attendees of each webinar.
    campaign, person, status, _ = member
    webinar = CAMPAIGN_TYPES.index("Webinar")
    attended = campaign[(status == 3) & (campaigns.type[campaign] == webinar)]
    n = int(0.4 * attended.size)
    pool = np.flatnonzero(known)
    extra_c = rng.choice(attended, size=n) if n else np.zeros(0, np.int64)
    extra_p = rng.choice(pool, size=n) if n and pool.size else np.zeros(0, np.int64)
    key = extra_c * len(known) + extra_p
    fresh = ~np.isin(key, campaign * len(known) + person)
    _, first_seen = np.unique(key, return_index=True)
    fresh &= np.isin(np.arange(n), first_seen)
    return extra_c[fresh], extra_p[fresh]


def campaign_member_table(
    rng: np.random.Generator, batch: Batch, campaigns: Campaigns, crm: Crm
) -> pa.Table:
    """CampaignMember.csv: Salesforce contacts and leads touched by a campaign."""
    contact = pc.is_valid(crm.contact_id).to_numpy(zero_copy_only=False)
    known = contact | pc.is_valid(crm.lead_id).to_numpy(zero_copy_only=False)
    member = _memberships(batch, known)
    extra_c, extra_p = _no_shows(rng, member, campaigns, known)
    campaign = np.r_[member[0], extra_c]
    person = np.r_[member[1], extra_p]
    status = np.r_[member[2], np.ones(extra_c.size, np.int64)]
    first = np.r_[member[3], np.zeros(extra_c.size, np.int64)]
    responded = status >= 2
    is_contact = contact[person]
    return pa.table(
        {
            "Id": salesforce_ids(rng, "00v", campaign.size),
            "CampaignId": campaigns.id.take(pa.array(campaign)),
            "ContactId": blank_where(crm.contact_id.take(pa.array(person)), ~is_contact),
            "LeadId": blank_where(crm.lead_id.take(pa.array(person)), is_contact),
            "Status": take(MEMBER_STATUS, status),
            "HasResponded": pa.array(responded),
            "FirstRespondedDate": blank_where(dates(np.where(responded, first, 0)), ~responded),
        }
    )
