"""Intent: topic surges vs threshold and own baseline, breadth, in-market, first-party pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from beachhead.core.scoring import (
    ScoringConfig,
    combined_intent,
    first_party_intent,
    intent_scores,
)

from .tables import AS_OF, activities, by_account, intent, points_by_account


def week(i: int) -> dt.date:
    """Week i before AS_OF (0 = the latest full week)."""
    return AS_OF - dt.timedelta(days=7 * (i + 1))


def signal(account: int | None, topic: str, i: int, score: float, **more: Any) -> dict[str, Any]:
    return {"provider": "bombora", "account_id": account, "topic": topic, "week_start": week(i),
            "score": score, **more}  # fmt: skip


ROWS = [
    signal(1, "Cloud Security", 0, 72, metro="Boston"),
    signal(1, "Cloud Security", 0, 64, metro="Austin"),  # the best metro counts
    signal(1, "Cloud Security", 1, 64),
    signal(1, "Cloud Security", 3, 50),
    signal(1, "Cloud Security", 4, 54),
    signal(1, "Zero Trust", 0, 58),
    {**signal(1, "Zero Trust", 0, 99), "week_start": AS_OF},  # starts on as_of: not yet
    signal(1, "Data Loss", 1, 61),
    signal(1, "SIEM", 5, 90),  # a stale surge
    signal(2, "Cloud Security", 2, 60),
    signal(None, "Cloud Security", 0, 99),  # unresolved domain
    signal(3, "Old", 15, 99),  # before the 15-week window
]


def test_hand_computed_intent() -> None:
    scores, contributions = intent_scores(intent(ROWS), AS_OF, ScoringConfig())
    got = by_account(scores)
    assert set(got) == {1, 2}
    one, two = got[1], got[2]
    # strength 40 * 0.44 + breadth 30 * min(1, 0.5 / 0.25) + recency 15 + momentum 15 * 16/20
    assert one["intent"] == pytest.approx(17.6 + 30 + 15 + 12)
    assert (one["surging_topics"], one["tracked_topics"], one["breadth"]) == (2, 4, 0.5)
    assert one["in_market"] is True
    assert one["top_topics"] == "Cloud Security, Data Loss, Zero Trust"
    assert (one["last_signal_week"], one["freshness_days"]) == (week(0), 7)
    assert (one["provider"], one["party"]) == ("bombora", "third")
    # a surge at exactly 60, two weeks old: 40 * 0.2 + 30 + 15 / 3 + 15 * 10 / 20
    assert two["intent"] == pytest.approx(8 + 30 + 5 + 7.5)
    assert (two["freshness_days"], two["in_market"]) == (21, True)
    sums = points_by_account(contributions, "intent")
    assert sums == pytest.approx({1: one["intent"], 2: two["intent"]})


def test_tracked_topics_set_the_denominator() -> None:
    topics = ["Cloud Security", "zero trust", "Data Loss", "SIEM", "XDR", "SASE", "CASB", "EDR"]
    cfg = ScoringConfig.model_validate({"intent": {"tracked_topics": topics}})
    got = by_account(intent_scores(intent(ROWS), AS_OF, cfg)[0])
    assert (got[1]["surging_topics"], got[1]["tracked_topics"], got[1]["breadth"]) == (2, 8, 0.25)
    assert got[1]["in_market"] is True
    narrow = ScoringConfig.model_validate({"intent": {"tracked_topics": ["Zero Trust"]}})
    got = by_account(intent_scores(intent(ROWS), AS_OF, narrow)[0])
    assert set(got) == {1} and got[1]["in_market"] is False


def test_ties_break_by_topic_name_and_providers_join() -> None:
    rows = [
        signal(1, "Beta", 0, 70),
        signal(1, "Alpha", 0, 70),
        signal(1, "Gamma", 0, 70),
        signal(1, "Delta", 0, 70, provider="g2"),
    ]
    got = by_account(intent_scores(intent(rows), AS_OF, ScoringConfig())[0])[1]
    assert got["top_topics"] == "Alpha, Beta, Delta"
    assert got["provider"] == "bombora+g2"


def test_as_of_excludes_later_weeks() -> None:
    earlier = AS_OF - dt.timedelta(days=7)
    got = by_account(intent_scores(intent(ROWS), earlier, ScoringConfig())[0])
    assert got[1]["last_signal_week"] == week(1)
    assert got[1]["top_topics"].startswith("Cloud Security, Data Loss")


def visit(n: int, days: int, url: str, kind: str = "web_visit", account: int | None = 1) -> dict:
    when = dt.datetime.combine(AS_OF - dt.timedelta(days=days), dt.time(12))
    return {"event_id": f"v{n}", "occurred_at": when, "activity_type": kind, "url": url,
            "account_id": account}  # fmt: skip


def test_first_party_intent_from_topic_pages() -> None:
    cfg = ScoringConfig.model_validate(
        {"first_party": {"topic_pages": {"/solutions/security": "Cloud Security",
                                         "/pricing": "Pricing"}}}
    )  # fmt: skip
    rows = [
        *[
            visit(i, d, "https://acme.com/solutions/security/zero-trust")
            for i, d in enumerate((2, 3, 4))
        ],
        visit(5, 9, "/pricing?plan=pro"),
        visit(6, 2, "https://acme.com/blog/pricing"),  # not under /pricing
        visit(7, 2, "https://acme.com/pricing", kind="email_click"),  # not a visit
        visit(8, 2, "https://acme.com/pricing", account=None),  # unresolved
        visit(9, 0, "https://acme.com/pricing"),  # on as_of itself
    ]
    scores, contributions = first_party_intent(activities(rows), AS_OF, cfg)
    got = by_account(scores)[1]
    assert (got["provider"], got["party"]) == ("website", "first")
    assert (got["surging_topics"], got["tracked_topics"], got["top_topics"]) == (
        1, 2, "Cloud Security, Pricing")  # fmt: skip
    assert got["intent"] == pytest.approx(40 * 0.2 + 30 + 15 + 15 * 0.5)
    assert (got["last_signal_week"], got["freshness_days"]) == (week(0), 7)
    assert points_by_account(contributions, "intent") == pytest.approx({1: got["intent"]})


def test_first_party_without_topic_pages_is_empty() -> None:
    scores, contributions = first_party_intent(
        activities([visit(1, 2, "/pricing")]), AS_OF, ScoringConfig()
    )
    assert by_account(scores) == {} and contributions.to_pyarrow().num_rows == 0


def test_a_datetime_as_of_counts_by_its_date() -> None:
    midnight = dt.datetime.combine(AS_OF, dt.time())
    by_date = by_account(intent_scores(intent(ROWS), AS_OF, ScoringConfig())[0])
    assert by_account(intent_scores(intent(ROWS), midnight, ScoringConfig())[0]) == by_date


def test_combined_intent_scores_both_sources_together() -> None:
    cfg = ScoringConfig.model_validate(
        {"first_party": {"topic_pages": {"/solutions/security": "Cloud Security"}}}
    )
    visits = [visit(i, 2 + i, "/solutions/security/zero-trust", account=2) for i in range(4)]
    scores, contributions = combined_intent(intent(ROWS), activities(visits), AS_OF, cfg)
    got = by_account(scores)
    assert (got[2]["provider"], got[2]["party"]) == ("bombora+website", "mixed")
    assert (got[1]["provider"], got[1]["party"]) == ("bombora", "third")
    # account 2: website makes Cloud Security 80 in week 0 (4 visits), beating Bombora's 60
    assert got[2]["intent"] == pytest.approx(40 * 0.6 + 30 + 15 + 15 * 1.0)
    assert points_by_account(contributions, "intent") == pytest.approx(
        {k: v["intent"] for k, v in got.items()}
    )
