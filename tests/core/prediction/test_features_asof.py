"""The future cannot leak: features at day t from all the data equal those from the data of t.

A random market spans a year either side of the days tested. Cutting it to what the CRM and
the signal files held on day t — activities before t, intent weeks starting before t, deals
created before t with any close on or after t undone, the customer flag as it stood then, and
only the contacts seen in an event before t — must not change a single feature. Contacts carry
no created date, and CRMs add people while a deal is worked, so a contact no dated event
shows may not have existed on t.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pyarrow as pa
import pytest

from beachhead.core.prediction.features import feature_table
from beachhead.engine.results import assert_same

from .test_features import CFG, ICP, Rows, inputs_of, tables

ORIGIN = dt.date(2026, 1, 1)
TYPES = ("web_visit", "pricing_page_visit", "email_open", "form_fill", "meeting", "demo_request")


def _day(rng: random.Random, first: int, last: int) -> dt.date:
    return ORIGIN + dt.timedelta(days=rng.randint(first, last))


def _market(seed: int) -> dict[str, pa.Table]:
    rng = random.Random(seed)
    accounts = [
        {"account_id": a, "is_customer": rng.random() < 0.4, "employees": rng.choice([None, 80]),
         "created_at": rng.choice([None, dt.datetime.combine(_day(rng, -500, 200), dt.time(8))])}
        for a in range(1, 16)
    ]  # fmt: skip
    # Events name contacts 1-39 only: no event ever shows 40-54 (added with a later deal, say).
    contacts = [
        {"contact_id": c, "account_id": rng.choice([None, *range(1, 16)]),
         "seniority": rng.choice(["cxo", "vp", "manager", None]),
         "function": rng.choice(["it", "finance", None]), "buying_role": rng.choice(["dm", None])}
        for c in range(1, 55)
    ]  # fmt: skip
    return tables(
        accounts,
        contacts=contacts,
        activities=[_event(rng, n) for n in range(600)],
        intent=[_signal(rng) for _ in range(300)],
        opportunities=[_deal(rng, n) for n in range(40)],
    )


def _event(rng: random.Random, n: int) -> dict[str, Any]:
    # Whole days at midnight too, so events on the cut-off itself are tested.
    when = dt.datetime.combine(_day(rng, -250, 250), dt.time(rng.choice([0, 0, 9, 23])))
    who = {"contact_id": rng.randint(1, 39)} if rng.random() < 0.6 else {}
    return {"event_id": f"e{n}", "occurred_at": when, "activity_type": rng.choice(TYPES),
            "account_id": rng.choice([None, *range(1, 16)]), **who}  # fmt: skip


def _signal(rng: random.Random) -> dict[str, Any]:
    week = ORIGIN + dt.timedelta(days=7 * rng.randint(-30, 30) + rng.choice([0, 3]))
    return {
        "provider": "bombora",
        "account_id": rng.randint(1, 15),
        "week_start": week,
        "topic": rng.choice(["Cloud", "Data", "Security"]),
        "score": rng.uniform(30, 99),
    }


def _deal(rng: random.Random, n: int) -> dict[str, Any]:
    created = rng.choice([None, _day(rng, -700, 150), _day(rng, -700, 150)])
    closed = rng.random() < 0.6
    close = rng.choice([None, _day(rng, -600, 300), _day(rng, -600, 300), _day(rng, -600, 300)])
    return {"opportunity_id": n, "account_id": rng.randint(1, 15),
            "opp_type": rng.choice(["new", "new", "expansion"]), "amount": 10.0,
            "created_date": created, "close_date": close, "is_closed": closed,
            "is_won": closed and rng.random() < 0.5}  # fmt: skip


def _cut(data: dict[str, pa.Table], day: dt.date) -> dict[str, pa.Table]:
    """What the inputs held on `day` (see the module docs)."""
    midnight = dt.datetime.combine(day, dt.time())
    rows = {name: table.to_pylist() for name, table in data.items()}
    deals = rows["opportunities"]
    events = [e for e in rows["activities"] if e["occurred_at"] < midnight]
    seen = {e["contact_id"] for e in events}
    return tables(
        _flags_then(rows["accounts"], deals, day),
        contacts=[c for c in rows["contacts"] if c["contact_id"] in seen],
        activities=events,
        intent=[i for i in rows["intent"] if i["week_start"] < day],
        opportunities=[_reopened(d, day) for d in deals if _existed(d, day)],
    )


def _existed(deal: dict[str, Any], day: dt.date) -> bool:
    if deal["created_date"] is not None:
        return bool(deal["created_date"] < day)
    closed = deal["is_closed"] or deal["is_won"]
    return bool(closed and deal["close_date"] is not None and deal["close_date"] < day)


def _reopened(deal: dict[str, Any], day: dt.date) -> dict[str, Any]:
    if deal["close_date"] is not None and deal["close_date"] >= day:
        return {**deal, "is_closed": False, "is_won": False}
    return deal


def _flags_then(accounts: Rows, deals: Rows, day: dt.date) -> Rows:
    """The customer flag on `day`: won by then, or flagged with no dated win to contradict it."""
    dated = [d for d in deals if d["is_won"] and d["close_date"] is not None]
    ever = {d["account_id"] for d in dated}
    by_then = {d["account_id"] for d in dated if d["close_date"] < day and _existed(d, day)}
    return [
        {**a, "is_customer": a["account_id"] in by_then
         or (a["is_customer"] and a["account_id"] not in ever)}
        for a in accounts
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("seed", "day"),
    [(1, dt.date(2026, 1, 1)), (2, dt.date(2026, 3, 17)), (3, dt.date(2025, 11, 30))],
)
def test_features_ignore_everything_from_the_day_on(seed: int, day: dt.date) -> None:
    data = _market(seed)
    full = feature_table(inputs_of(data), day, ICP, CFG).to_pyarrow()
    cut = feature_table(inputs_of(_cut(data, day)), day, ICP, CFG).to_pyarrow()
    assert_same(full, cut, "account_id")
    assert len(set(full.column("population").to_pylist())) == 3  # all three kinds occur
    assert any(v for v in full.column("engagement_trend").to_pylist())


def test_the_cut_removes_something() -> None:
    data, day = _market(1), dt.date(2026, 1, 1)
    cut = _cut(data, day)
    for name in ("activities", "intent", "opportunities", "contacts"):
        assert cut[name].num_rows < data[name].num_rows, name
