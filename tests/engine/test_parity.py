"""The same Ibis expressions give the same answer on DuckDB, Spark and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

import ibis
import ibis.expr.types as ir
import pytest

from beachhead.engine.results import assert_same, to_arrow
from beachhead.engine.tables import ArrowInputs, EngineTables

Query = Callable[[EngineTables, dt.datetime], ir.Table]


def recent_activity(t: EngineTables, as_of: dt.datetime) -> ir.Table:
    """Events per account and type in the 30 days before as_of, with minutes spent."""
    a = t.activities
    since = ibis.timestamp(as_of - dt.timedelta(days=30))
    recent = a.filter(a.occurred_at >= since, a.account_id.notnull())
    return recent.group_by(["account_id", "activity_type"]).aggregate(
        events=recent.count(),
        people=recent.contact_id.nunique(),
        minutes=recent.duration_minutes.sum(),
        last_at=recent.occurred_at.max(),
    )


def weekly_max_intent(t: EngineTables, as_of: dt.datetime) -> ir.Table:
    i = t.intent.filter(t.intent.account_id.notnull())
    return i.group_by(["account_id", "week_start"]).aggregate(
        max_score=i.score.max(),
        mean_score=i.score.mean(),
        surging=i.is_surging.ifelse(1, 0).sum(),  # Postgres cannot cast bool to int
    )


def snowflake_accounts(t: EngineTables, as_of: dt.datetime) -> ir.Table:
    a = t.accounts
    flagged = a.mutate(uses=a.technologies.contains("Snowflake"), tools=a.technologies.length())
    return flagged.select("account_id", "region", "uses", "tools")


def won_revenue_by_region(t: EngineTables, as_of: dt.datetime) -> ir.Table:
    o, a = t.opportunities, t.accounts
    joined = o.join(a, o.account_id == a.account_id)
    won = joined.filter(joined.is_won)
    return won.group_by("region").aggregate(
        deals=won.count(), amount=won.amount.sum(), avg_amount=won.amount.mean()
    )


def committee_by_account(t: EngineTables, as_of: dt.datetime) -> ir.Table:
    c = t.contacts.filter(t.contacts.account_id.notnull())
    return c.group_by(["account_id", "buying_role", "role_source"]).aggregate(
        people=c.count(),
        senior=c.seniority.isin(["cxo", "vp"]).ifelse(1, 0).sum(),
    )


def weekly_engagement(t: EngineTables, as_of: dt.datetime) -> ir.Table:
    a = t.activities.filter(t.activities.account_id.notnull())
    weekly = a.mutate(week=a.occurred_at.truncate("W").cast("date"))
    age = (ibis.date(as_of.date()) - weekly.week).cast("int64")
    return weekly.group_by(["account_id", "week"]).aggregate(
        events=weekly.count(), age_days=age.max()
    )


QUERIES: dict[str, tuple[Query, list[str]]] = {
    "recent_activity": (recent_activity, ["account_id", "activity_type"]),
    "weekly_max_intent": (weekly_max_intent, ["account_id", "week_start"]),
    "snowflake_accounts": (snowflake_accounts, ["account_id"]),
    "won_revenue_by_region": (won_revenue_by_region, ["region"]),
    "committee_by_account": (committee_by_account, ["account_id", "buying_role", "role_source"]),
    "weekly_engagement": (weekly_engagement, ["account_id", "week"]),
}


def test_engines_agree(tables: EngineTables, reference: EngineTables, as_of: dt.datetime) -> None:
    for name, (query, key) in QUERIES.items():
        expected = to_arrow(query(reference, as_of), key)
        assert expected.num_rows > 0, name
        assert_same(to_arrow(query(tables, as_of), key), expected, key)


@pytest.mark.parametrize("name", ["recent_activity"])
def test_reference_matches_plain_python(
    name: str, reference: EngineTables, inputs: ArrowInputs, as_of: dt.datetime
) -> None:
    since = as_of - dt.timedelta(days=30)
    expected = Counter(
        (e["account_id"], e["activity_type"])
        for e in inputs.activities.to_pylist()
        if e["account_id"] is not None and e["occurred_at"] >= since
    )
    got = to_arrow(recent_activity(reference, as_of), ["account_id", "activity_type"])
    counts = {(r["account_id"], r["activity_type"]): r["events"] for r in got.to_pylist()}
    assert counts == dict(expected)


def test_snowflake_flag_matches_the_lists(reference: EngineTables, inputs: ArrowInputs) -> None:
    got = to_arrow(snowflake_accounts(reference, dt.datetime(2026, 1, 1)), "account_id")
    expected = [
        "Snowflake" in r["technologies"] for r in inputs.accounts.sort_by("account_id").to_pylist()
    ]
    assert got.column("uses").to_pylist() == expected
    assert any(expected)
