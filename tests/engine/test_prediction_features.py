"""Propensity features on the demo market: the same on every engine, blind to the future."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

from beachhead.core.icp.defaults import default_profile
from beachhead.core.prediction.features import FeatureInputs, feature_table
from beachhead.core.scoring import ScoringConfig
from beachhead.engine.backends import connect
from beachhead.engine.results import assert_same, to_arrow
from beachhead.engine.tables import ArrowInputs, EngineTables, register_inputs

ICP = default_profile()
CFG = ScoringConfig()


def features(tables: EngineTables, day: dt.date) -> pa.Table:
    inputs = FeatureInputs(
        accounts=tables.accounts,
        contacts=tables.contacts,
        opportunities=tables.opportunities,
        activities=tables.activities,
        intent=tables.intent,
    )
    return to_arrow(feature_table(inputs, day, ICP, CFG), "account_id")


def test_engines_agree_on_features(
    tables: EngineTables, reference: EngineTables, as_of: dt.datetime
) -> None:
    expected = features(reference, as_of.date())
    assert set(expected.column("population").to_pylist()) == {"new_business", "expansion", None}
    assert pc.max(expected.column("intent")).as_py() > 0
    assert pc.max(expected.column("senior_engaged")).as_py() > 0
    assert_same(features(tables, as_of.date()), expected, "account_id")


def test_the_demo_features_of_a_past_day_ignore_later_data(inputs: ArrowInputs) -> None:
    day = dt.date(2026, 6, 1)
    con = connect("duckdb")
    full = features(register_inputs(con, inputs), day)
    cut = features(register_inputs(con, _as_on(inputs, day)), day)
    assert_same(cut, full, "account_id")


def _as_on(data: ArrowInputs, day: dt.date) -> ArrowInputs:
    """The inputs as they stood on `day`: later signals and deals gone, later closes undone,
    and the customer flag of accounts whose first win came later cleared."""
    midnight = pa.scalar(dt.datetime.combine(day, dt.time()), pa.timestamp("us"))
    opps = data.opportunities
    opps = opps.filter(pc.fill_null(pc.less(opps["created_date"], pa.scalar(day)), False))
    later = pc.fill_null(pc.greater_equal(opps["close_date"], pa.scalar(day)), False)
    for name in ("is_closed", "is_won"):
        column = pc.if_else(later, False, opps[name])
        opps = opps.set_column(opps.schema.get_field_index(name), name, column)
    return ArrowInputs(
        accounts=_flags_on(data.accounts, data.opportunities, opps),
        account_domains=data.account_domains,
        contacts=data.contacts,
        opportunities=opps,
        stage_history=data.stage_history,
        activities=data.activities.filter(pc.less(data.activities["occurred_at"], midnight)),
        intent=data.intent.filter(pc.less(data.intent["week_start"], pa.scalar(day))),
    )


def _flags_on(accounts: pa.Table, deals: pa.Table, deals_then: pa.Table) -> pa.Table:
    def dated_wins(table: pa.Table) -> pa.Array:
        won = pc.and_(pc.fill_null(table["is_won"], False), pc.is_valid(table["close_date"]))
        return table.filter(won)["account_id"]

    ids = accounts["account_id"]
    won_then = pc.is_in(ids, value_set=dated_wins(deals_then))
    never = pc.invert(pc.is_in(ids, value_set=dated_wins(deals)))
    flag = pc.or_(won_then, pc.and_(accounts["is_customer"], never))
    return accounts.set_column(accounts.schema.get_field_index("is_customer"), "is_customer", flag)
