"""Engagement: weighted, decayed, capped points per account; breadth, depth and spikes."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import ibis
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beachhead.core.scoring import ScoringConfig, engagement_scores
from beachhead.core.scoring.config import ACTIVITY_TYPES
from beachhead.core.scoring.engagement import decay

from .tables import AS_OF, activities, by_account, contacts, points_by_account

CFG = ScoringConfig()


def at(days_before: int, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(AS_OF - dt.timedelta(days=days_before), dt.time(hour))


def half(age: float) -> float:
    return float(0.5 ** (age / 30))


PEOPLE = contacts(
    [
        {"contact_id": 10, "account_id": 1, "seniority": "cxo", "function": "it_engineering",
         "buying_role": "decision_maker"},
        {"contact_id": 11, "account_id": 1, "seniority": "ic", "function": "it_engineering"},
        {"contact_id": 12, "account_id": 1, "seniority": None, "function": "finance"},
    ]
)  # fmt: skip


def event(n: int, when: dt.datetime, kind: str, **more: Any) -> dict[str, Any]:
    return {"event_id": f"e{n}", "occurred_at": when, "activity_type": kind, **more}


def test_points_weigh_type_person_and_age() -> None:
    rows = [
        event(1, at(1), "demo_request", account_id=1, contact_id=10),  # 20 x 2.0, age 1
        event(2, at(31), "meeting", account_id=1, contact_id=11, duration_minutes=60),
        event(3, at(1, 10), "web_visit", contact_id=10),  # account from the contact
        event(4, at(2), "email_open", account_id=2),  # anonymous: person weight 1.0
        event(5, dt.datetime.combine(AS_OF, dt.time()), "demo_request", account_id=1),
        event(6, at(181), "demo_request", account_id=1, contact_id=10),  # past the lookback
        event(7, at(1), "demo_request"),  # unresolved: no account
    ]
    scores, contributions = engagement_scores(activities(rows), PEOPLE, AS_OF, CFG)
    got = by_account(scores)
    one = 40 * half(1) + 60 * 0.5 * half(31) + 1.0 * half(1)
    assert got[1]["engagement"] == pytest.approx(one)
    assert got[2]["engagement"] == pytest.approx(0.1 * half(2))
    assert got[1]["minutes_90d"] == pytest.approx(71.0)
    assert got[1]["engagement_score"] == pytest.approx(100 * (1 - math.exp(-one / 50)))
    assert got[1]["last_activity_days"] == 1 and got[2]["last_activity_days"] == 2
    assert (got[1]["engaged_people"], got[1]["departments_engaged"]) == (2, 1)
    assert (got[1]["roles_engaged"], got[1]["depth_3x3"]) == (1, 2)
    assert (got[2]["engaged_people"], got[2]["depth_3x3"]) == (0, 0)
    assert points_by_account(contributions, "engagement") == pytest.approx(
        {k: v["engagement"] for k, v in got.items()}
    )
    labels = {r["label"] for r in contributions.to_pyarrow().to_pylist()}
    assert {"Demo request x 1", "Meeting x 1", "Web visit x 1", "Email open x 1"} == labels


def test_as_of_moves_the_window() -> None:
    rows = [event(1, at(1), "demo_request", account_id=1, contact_id=11)]
    earlier = AS_OF - dt.timedelta(days=1)
    scores, _ = engagement_scores(activities(rows), PEOPLE, earlier, CFG)
    assert by_account(scores) == {}


def test_daily_cap_per_person_and_type() -> None:
    rows = [
        event(i, at(1) + dt.timedelta(minutes=i), "email_open", account_id=1, contact_id=11)
        for i in range(25)
    ]
    scores, contributions = engagement_scores(activities(rows), PEOPLE, AS_OF, CFG)
    assert by_account(scores)[1]["minutes_90d"] == pytest.approx(20 * 0.1 * 0.5)
    assert [r["label"] for r in contributions.to_pyarrow().to_pylist()] == ["Email open x 20"]


def test_spike_is_this_week_against_the_prior_four() -> None:
    rows = [
        event(1, at(3), "demo_request", account_id=1),  # 20 this week
        *[event(10 + d, at(d), "web_visit", account_id=1) for d in (10, 17, 24, 31)],
        event(2, at(3), "demo_request", account_id=2),  # 20 this week ...
        *[event(20 + d, at(d), "demo_request", account_id=2) for d in (10, 17, 24)],  # mean 15
        event(3, at(3), "email_open", account_id=3),  # a spike below the floor
    ]
    scores, _ = engagement_scores(activities(rows), PEOPLE, AS_OF, CFG)
    got = by_account(scores)
    assert (got[1]["spike"], got[2]["spike"], got[3]["spike"]) == (True, False, False)


def test_depth_is_three_departments_three_people_deep() -> None:
    functions = ["data"] * 4 + ["finance"] * 2 + ["marketing", "hr"]
    people = contacts(
        [{"contact_id": i, "account_id": 1, "seniority": "manager", "function": f,
          "buying_role": "influencer" if i % 2 else None}
         for i, f in enumerate(functions)]
    )  # fmt: skip
    rows = [event(i, at(5), "email_reply", contact_id=i) for i in range(len(functions))]
    scores, _ = engagement_scores(activities(rows), people, AS_OF, CFG)
    got = by_account(scores)[1]
    assert (got["engaged_people"], got["departments_engaged"], got["roles_engaged"]) == (8, 4, 1)
    assert got["depth_3x3"] == 3 + 2 + 1


events = st.lists(
    st.fixed_dictionaries(
        {"days": st.integers(-3, 200), "kind": st.sampled_from(ACTIVITY_TYPES),
         "contact": st.sampled_from([None, 10, 11, 12]),
         "minutes": st.one_of(st.none(), st.integers(-30, 240))}
    ),
    min_size=1, max_size=30,
)  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(rows=events)
def test_engagement_is_never_negative_and_the_score_stays_in_range(
    rows: list[dict[str, Any]],
) -> None:
    table = activities(
        [event(i, at(r["days"]), r["kind"], account_id=1, contact_id=r["contact"],
               duration_minutes=r["minutes"]) for i, r in enumerate(rows)]
    )  # fmt: skip
    scores, contributions = engagement_scores(table, PEOPLE, AS_OF, CFG)
    for row in by_account(scores).values():
        assert row["engagement"] >= 0.0 and row["minutes_90d"] >= 0.0
        assert 0.0 <= row["engagement_score"] <= 100.0
    assert all(r["points"] > 0 for r in contributions.to_pyarrow().to_pylist())


@settings(max_examples=20, deadline=None)
@given(
    ages=st.lists(st.integers(0, 400), min_size=2, max_size=20),
    half_life=st.floats(1, 365),
)
def test_decay_is_monotone_in_age(ages: list[int], half_life: float) -> None:
    ordered = sorted(ages)
    table = ibis.memtable(pa.table({"age": pa.array(ordered, pa.int64())}))
    weights = table.select(w=decay(table.age, half_life)).to_pyarrow()["w"].to_pylist()
    assert all(a >= b for a, b in zip(weights, weights[1:], strict=False))
    assert weights == pytest.approx([0.5 ** (a / half_life) for a in ordered])


def test_engine_shapes_datetime_as_of_and_float_minutes() -> None:
    """The engine passes `as_of` as a datetime and minutes as float64: same answer."""
    rows = [
        event(1, at(1), "demo_request", account_id=1, contact_id=10),
        event(2, at(31), "meeting", account_id=1, contact_id=11, duration_minutes=60),
    ]
    table = activities(rows)
    floats = table.mutate(duration_minutes=table.duration_minutes.cast("float64"))
    midnight = dt.datetime.combine(AS_OF, dt.time())
    expected = by_account(engagement_scores(table, PEOPLE, AS_OF, CFG)[0])
    assert by_account(engagement_scores(floats, PEOPLE, midnight, CFG)[0]) == expected
