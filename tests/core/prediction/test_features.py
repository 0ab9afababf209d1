"""The propensity feature table: every feature group on small tables with known answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import pyarrow as pa
import pytest

from beachhead.core.icp.model import IcpModel
from beachhead.core.prediction.catalog import FEATURES
from beachhead.core.prediction.features import (
    FeatureInputs,
    activity_window_days,
    feature_table,
    frame_columns,
)
from beachhead.core.scoring import ScoringConfig, engagement_scores, fit_scores, intent_scores
from beachhead.engine.inputs import ACCOUNTS, CONTACTS, OPPORTUNITIES

AS_OF = dt.date(2026, 4, 1)
CFG = ScoringConfig()
ICP = IcpModel.model_validate(
    {"base": 30, "criteria": [{"id": "big", "label": "Big", "field": "employees", "op": "between",
                               "min": 500, "weight": 25}]}
)  # fmt: skip
ACTIVITIES = pa.schema(
    [
        ("event_id", pa.string()), ("occurred_at", pa.timestamp("us")),
        ("activity_type", pa.string()), ("channel", pa.string()), ("contact_email", pa.string()),
        ("account_domain", pa.string()), ("campaign_ref", pa.string()), ("url", pa.string()),
        ("duration_minutes", pa.float64()), ("source", pa.string()), ("account_id", pa.int64()),
        ("contact_id", pa.int64()),
    ]
)  # fmt: skip
INTENT = pa.schema(
    [
        ("provider", pa.string()), ("domain", pa.string()), ("account_id", pa.int64()),
        ("topic", pa.string()), ("category", pa.string()), ("score", pa.float64()),
        ("week_start", pa.date32()), ("is_surging", pa.bool_()), ("metro", pa.string()),
    ]
)  # fmt: skip
Rows = list[dict[str, Any]]


def arrow(schema: pa.Schema, rows: Rows) -> pa.Table:
    """Rows as an Arrow table; columns a row leaves out are null (technologies: empty)."""
    filled = [{n: r.get(n) for n in schema.names} for r in rows]
    if "technologies" in schema.names:
        for row in filled:
            row["technologies"] = row["technologies"] or []
    return pa.Table.from_pylist(filled, schema)


SCHEMAS = {"accounts": ACCOUNTS, "contacts": CONTACTS, "opportunities": OPPORTUNITIES,
           "activities": ACTIVITIES, "intent": INTENT}  # fmt: skip


def tables(accounts: Rows, **others: Rows) -> dict[str, pa.Table]:
    """The five input tables as Arrow: `accounts` and any of the others by name."""
    rows = {"accounts": accounts, **others}
    return {name: arrow(schema, rows.get(name, [])) for name, schema in SCHEMAS.items()}


def inputs_of(data: dict[str, pa.Table]) -> FeatureInputs:
    return FeatureInputs(**{name: ibis.memtable(table) for name, table in data.items()})


def features(data: dict[str, pa.Table], as_of: dt.date = AS_OF) -> dict[int, dict[str, Any]]:
    """Execute on DuckDB: {account_id: row}."""
    rows = feature_table(inputs_of(data), as_of, ICP, CFG).to_pyarrow().to_pylist()
    return {row["account_id"]: row for row in rows}


def at(days_before: int, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(AS_OF - dt.timedelta(days=days_before), dt.time(hour))


def day(days_before: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days_before)


def event(n: int, age: int, kind: str, **more: Any) -> dict[str, Any]:
    return {"event_id": f"e{n}", "occurred_at": at(age), "activity_type": kind, **more}


def test_columns_and_types_follow_the_catalog() -> None:
    table = feature_table(inputs_of(tables([{"account_id": 1}])), AS_OF, ICP, CFG)
    assert tuple(table.columns) == frame_columns()
    kinds = {f.name: f.kind for f in FEATURES}
    for name, kind in table.schema().items():
        if name in kinds:
            assert kind.is_float64() if kinds[name] == "numeric" else kind.is_string(), name
    assert table.schema()["population"].is_string()


def test_fit_group_comes_from_the_account() -> None:
    rows: Rows = [
        {"account_id": 1, "employees": 1000, "annual_revenue": 1e6, "industry": "Software",
         "region": "EMEA", "technologies": ["Snowflake", "Salesforce"]},
        {"account_id": 2, "employees": 0, "region": "unknown"},
        {"account_id": 3},
    ]  # fmt: skip
    got = features(tables(rows))
    fits = _scores(fit_scores(ibis.memtable(arrow(ACCOUNTS, rows)), ICP)[0])
    one = got[1]
    assert one["fit"] == 55.0
    assert (one["employees_log"], one["revenue_log"]) == pytest.approx((3.0, 6.0))
    assert (one["technologies"], one["industry"], one["region"]) == (2.0, "Software", "EMEA")
    assert got[2]["employees_log"] is None  # zero employees is not a size
    assert (got[2]["region"], got[2]["technologies"]) == (None, 0.0)  # 'unknown' region: null
    assert (got[3]["revenue_log"], got[3]["industry"]) == (None, None)
    assert {k: v["fit"] for k, v in got.items()} == {k: v["fit"] for k, v in fits.items()}


def week(i: int, before: dt.date = AS_OF) -> dt.date:
    return before - dt.timedelta(days=7 * (i + 1))


def signal(account: int, topic: str, start: dt.date, score: float) -> dict[str, Any]:
    return {"provider": "bombora", "account_id": account, "topic": topic, "week_start": start,
            "score": score}  # fmt: skip


def test_intent_group_and_its_four_week_trend() -> None:
    rows = [
        signal(1, "Cloud", week(0), 80), signal(1, "Data", week(1), 70),  # rising now
        signal(2, "Cloud", week(5), 90),  # surged a month ago, quiet since
        signal(3, "Cloud", AS_OF, 99),  # starts on the day: not yet known
    ]  # fmt: skip
    data = tables([{"account_id": i} for i in (1, 2, 3)], intent=rows)
    got = features(data)
    now = _scores(intent_scores(ibis.memtable(data["intent"]), AS_OF, CFG)[0])
    then = _scores(intent_scores(ibis.memtable(data["intent"]), day(28), CFG)[0])
    one = got[1]
    assert one["intent"] == pytest.approx(now[1]["intent"])
    assert (one["surging_topics"], one["breadth"], one["in_market"]) == (2.0, 1.0, 1.0)
    assert one["intent_trend"] == pytest.approx(now[1]["intent"])  # nothing 28 days ago
    assert then[2]["intent"] > 0
    assert got[2]["intent_trend"] == pytest.approx(now[2]["intent"] - then[2]["intent"])
    assert got[2]["intent_trend"] < 0
    assert (got[3]["intent"], got[3]["intent_trend"], got[3]["in_market"]) == (0.0, 0.0, 0.0)


def _scores(table: ibis.Table) -> dict[int, dict[str, Any]]:
    return {r["account_id"]: r for r in table.to_pyarrow().to_pylist()}


PEOPLE: Rows = [
    {"contact_id": 10, "account_id": 1, "seniority": "cxo", "function": "it", "buying_role": "dm"},
    {"contact_id": 11, "account_id": 1, "seniority": "vp", "function": "finance"},
    {"contact_id": 12, "account_id": 1, "seniority": "director", "function": "it"},
    {"contact_id": 13, "account_id": 1, "seniority": "cxo", "function": "it"},
    {"contact_id": 20, "account_id": 2, "seniority": "vp"},
    {"contact_id": 30},  # not matched to an account
]  # fmt: skip


def test_engagement_trend_actions_and_seniors() -> None:
    rows = [
        *(event(i, 10, "form_fill", account_id=1) for i in range(4)),  # 4 x 5 points, age 10
        event(4, 45, "form_fill", account_id=1), event(5, 46, "form_fill", account_id=1),
        event(6, 90, "demo_request", account_id=2),  # the 90th day counts
        event(7, 91, "demo_request", account_id=2),  # the 91st does not
        event(8, 5, "web_visit", account_id=2),
        event(9, 3, "meeting", contact_id=10), event(10, 3, "email_open", contact_id=11),
        event(11, 3, "email_open", contact_id=12),  # a director
        event(12, 120, "email_open", contact_id=13),  # a CxO, but past the 90-day window
        event(13, 0, "demo_request", account_id=3),  # on the day itself: not yet
    ]  # fmt: skip
    data = tables([{"account_id": i} for i in (1, 2, 3)], contacts=PEOPLE, activities=rows)
    got = features(data)
    one = got[1]
    # p30 = 20 (forms) + 30 x 2.0 (CxO meeting) + 0.1 x 1.5 + 0.1 x 1.25; p60 = 10
    p30 = 20 + 60 + 0.15 + 0.125
    assert one["engagement_trend"] == pytest.approx((p30 - 5) / (p30 + 5 + 1))
    assert one["high_intent_actions_90d"] == 7.0  # six forms and the meeting
    assert one["senior_engaged"] == 2.0
    # a web visit lately (p30 = 0.5) and a demo request 90 days ago (p60 = 20)
    two = got[2]
    assert two["high_intent_actions_90d"] == 1.0
    assert two["engagement_trend"] == pytest.approx((0.5 - 10) / (0.5 + 10 + 1))
    assert got[3]["engagement_trend"] == 0.0
    assert (got[3]["last_activity_days"], got[3]["engagement_score"]) == (None, 0.0)


def test_engagement_columns_match_the_engagement_score() -> None:
    rows = [
        event(1, 3, "meeting", contact_id=10, duration_minutes=45.0),
        event(2, 8, "webinar_attended", contact_id=11),
        event(3, 2, "ad_click", account_id=2),
    ]
    data = tables([{"account_id": i} for i in (1, 2)], contacts=PEOPLE, activities=rows)
    got = features(data)
    people = ibis.memtable(data["contacts"])
    expected = _scores(engagement_scores(ibis.memtable(data["activities"]), people, AS_OF, CFG)[0])
    names = ("engagement_score", "minutes_90d", "last_activity_days", "engaged_people",
             "departments_engaged", "roles_engaged", "depth_3x3")  # fmt: skip
    for account in (1, 2):
        for name in names:
            assert got[account][name] == pytest.approx(expected[account][name]), name
        assert got[account]["spike"] == float(expected[account]["spike"])
    assert got[1]["engaged_people"] == 2.0


def deal(n: int, account: int, kind: str, created: int | None, **more: Any) -> dict[str, Any]:
    """Deal `n`, created `created` days before AS_OF (negative: after it)."""
    when = None if created is None else day(created)
    close = more.pop("closed", None)
    closing = {} if close is None else {"is_closed": True, "close_date": day(close)}
    base = {"opportunity_id": n, "account_id": account, "opp_type": kind, "amount": 100.0}
    return {**base, "created_date": when, "is_closed": False, "is_won": False, **closing, **more}


def test_history_counts_only_what_was_known() -> None:
    opps = [
        deal(1, 1, "new", 400, closed=300),  # lost 300 days ago
        deal(2, 1, "new", 200, closed=100, is_won=True),  # won 100 days ago
        deal(3, 1, "expansion", 50, closed=20),  # lost 20 days ago
        deal(4, 1, "expansion", 10, closed=-5, is_won=True),  # won after the day: open then
        deal(5, 1, "new", -3),  # created after the day
        deal(6, 2, "New", 30),  # open, any case
        deal(7, 2, "new", None, closed=60),  # no created date: known from its close
        deal(8, 2, "new", None),  # open with no created date: unknown
    ]  # fmt: skip
    got = features(tables([{"account_id": i} for i in (1, 2, 3)], opportunities=opps))
    one = got[1]
    assert (one["prior_new_opps"], one["prior_lost"], one["won_deals"]) == (2.0, 2.0, 1.0)
    assert (one["days_since_last_close"], one["customer_days"]) == (20.0, 100.0)
    assert one["population"] is None  # an expansion deal was open on the day
    two = got[2]
    assert (two["prior_new_opps"], two["prior_lost"], two["days_since_last_close"]) == (2, 1, 60)
    assert (two["customer_days"], two["population"]) == (None, None)
    three = got[3]
    assert (three["prior_new_opps"], three["won_deals"], three["customer_days"]) == (0, 0, None)


def test_accounts_not_yet_created_have_no_population() -> None:
    rows: Rows = [
        {"account_id": 1, "created_at": at(100, 23)},
        {"account_id": 2},
        {"account_id": 3, "created_at": dt.datetime.combine(AS_OF, dt.time())},
    ]
    got = features(tables(rows))
    assert [got[i]["population"] for i in (1, 2, 3)] == ["new_business", "new_business", None]


POPULATIONS = {
    # account: (is_customer today, its deals, population as of AS_OF)
    1: (True, [deal(1, 1, "new", -5, closed=-30, is_won=True)], "new_business"),  # won later
    2: (True, [], "expansion"),  # a flag with no won deal: a customer throughout
    3: (False, [deal(3, 3, "new", 400, closed=200, is_won=True)], "expansion"),  # churned
    4: (False, [deal(4, 4, "new", 10)], None),  # a new-business deal is open
    5: (True, [deal(5, 5, "new", 400, closed=200, is_won=True), deal(6, 5, "expansion", 5)],
        None),  # an expansion deal is open
    6: (True, [deal(7, 6, "new", 400, closed=200, is_won=True), deal(8, 6, "new", 5)],
        "expansion"),  # a customer's new-business deal does not block expansion
    7: (False, [deal(9, 7, "new", 100, closed=50)], "new_business"),  # lost: a prospect again
    8: (False, [deal(10, 8, "new", 100, closed=-1)], None),  # lost after the day: open then
    9: (True, [deal(11, 9, "new", 100, is_closed=True, is_won=True)], "expansion"),  # undated
    10: (False, [deal(12, 10, "new", -1, closed=-2, is_won=True)], "new_business"),  # future
    11: (True, [deal(13, 11, "new", 60, closed=-10, is_won=True)], None),  # open on the day
    12: (False, [deal(14, 12, "new", 100, is_closed=True, is_won=True)], "new_business"),
}  # fmt: skip


@pytest.fixture(scope="module")
def populated() -> dict[int, dict[str, Any]]:
    rows = [{"account_id": a, "is_customer": c} for a, (c, _, _) in POPULATIONS.items()]
    opps = [d for _, deals, _ in POPULATIONS.values() for d in deals]
    return features(tables(rows, opportunities=opps))


@pytest.mark.parametrize("account", sorted(POPULATIONS))
def test_population_rules(account: int, populated: dict[int, dict[str, Any]]) -> None:
    assert populated[account]["population"] == POPULATIONS[account][2]


def test_undated_win_is_not_a_close_and_flags_hide_future_wins(
    populated: dict[int, dict[str, Any]],
) -> None:
    got = populated
    assert (got[9]["won_deals"], got[9]["customer_days"], got[9]["prior_new_opps"]) == (0, None, 1)
    for flagged_won_later in (1, 11):
        assert got[flagged_won_later]["won_deals"] == 0.0
        assert got[flagged_won_later]["customer_days"] is None
    assert got[3]["customer_days"] == 200.0


def test_no_accounts_gives_an_empty_table() -> None:
    table = feature_table(inputs_of(tables([])), AS_OF, ICP, CFG).to_pyarrow()
    assert table.num_rows == 0
    assert table.column_names == list(frame_columns())


def test_older_activities_cannot_change_the_table() -> None:
    window = activity_window_days(CFG)
    rows = [event(1, window, "meeting", account_id=1), event(2, 30, "form_fill", account_id=1)]
    older = [*rows, event(3, window + 1, "demo_request", account_id=1)]
    accounts = [{"account_id": 1}]
    assert features(tables(accounts, activities=older)) == features(
        tables(accounts, activities=rows)
    )
