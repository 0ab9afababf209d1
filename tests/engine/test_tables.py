"""EngineTables: the documented columns, the store's row counts, the as_of cut-off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from ibis import BaseBackend
from sqlalchemy import func, insert, select

from beachhead.core.geo import REGIONS
from beachhead.engine import inputs as arrow_inputs
from beachhead.engine.backends import connect
from beachhead.engine.results import assert_same, to_arrow
from beachhead.engine.tables import ArrowInputs, EngineTables, load_tables, read_inputs
from beachhead.platform import Platform
from beachhead.services.workspace import init_workspace
from beachhead.store.models import Account, AccountDomain, Contact, Opportunity

COLUMNS = {
    "accounts": arrow_inputs.ACCOUNTS.names,
    "account_domains": arrow_inputs.ACCOUNT_DOMAINS.names,
    "contacts": arrow_inputs.CONTACTS.names,
    "opportunities": arrow_inputs.OPPORTUNITIES.names,
    "stage_history": arrow_inputs.STAGE_HISTORY.names,
    "activities": arrow_inputs.ACTIVITIES.names,
    "intent": arrow_inputs.INTENT.names,
}
TYPES = {
    ("accounts", "account_id"): "int64",
    ("accounts", "technologies"): "array<string>",
    ("accounts", "created_at"): "timestamp",
    ("accounts", "annual_revenue"): "float64",
    ("accounts", "is_customer"): "boolean",
    ("opportunities", "close_date"): "date",
    ("activities", "occurred_at"): "timestamp",
    ("activities", "account_id"): "int64",
    ("intent", "week_start"): "date",
    ("intent", "score"): "float64",
}


def test_every_table_has_the_documented_columns(tables: EngineTables) -> None:
    for name in EngineTables.names():
        assert getattr(tables, name).columns == tuple(COLUMNS[name]), name
    for (name, column), kind in TYPES.items():
        dtype = getattr(tables, name).schema()[column]
        assert str(dtype).removeprefix("!").startswith(kind), (name, column, dtype)


def test_row_counts_match_the_store(
    tables: EngineTables, inputs: ArrowInputs, demo_platform: Platform
) -> None:
    models = {
        "accounts": Account,
        "account_domains": AccountDomain,
        "contacts": Contact,
        "opportunities": Opportunity,
    }
    with demo_platform.store.reader() as session:
        for name, model in models.items():
            stored = session.scalar(select(func.count()).select_from(model))
            assert getattr(tables, name).count().to_pyarrow().as_py() == stored, name
    for name in ("stage_history", "activities", "intent"):
        expected = getattr(inputs, name).num_rows
        assert expected > 0
        assert getattr(tables, name).count().to_pyarrow().as_py() == expected, name


def test_as_of_excludes_later_events(
    demo_platform: Platform, inputs: ArrowInputs, as_of: dt.datetime
) -> None:
    everything = read_inputs(demo_platform)
    assert everything.activities.num_rows > inputs.activities.num_rows
    assert pc.max(inputs.activities.column("occurred_at")).as_py() < as_of
    assert pc.max(everything.activities.column("occurred_at")).as_py() >= as_of
    assert pc.max(inputs.intent.column("week_start")).as_py() < as_of.date()
    assert everything.intent.num_rows > inputs.intent.num_rows
    assert pc.max(inputs.stage_history.column("changed_at")).as_py() < as_of


@pytest.mark.parametrize(
    ("as_of", "last_week"),
    [
        (dt.datetime(2026, 10, 5), dt.date(2026, 9, 28)),
        (dt.datetime(2026, 10, 5, 1), dt.date(2026, 10, 5)),
    ],
)
def test_intent_weeks_start_before_as_of(
    demo_platform: Platform, as_of: dt.datetime, last_week: dt.date
) -> None:
    intent = read_inputs(demo_platform, as_of).intent
    assert pc.max(intent.column("week_start")).as_py() == last_week


def test_aware_as_of_is_taken_in_utc(demo_platform: Platform, as_of: dt.datetime) -> None:
    zone = dt.timezone(dt.timedelta(hours=2))
    aware = read_inputs(demo_platform, dt.datetime(2026, 10, 1, 2, tzinfo=zone))
    naive = read_inputs(demo_platform, as_of)
    assert aware.activities.num_rows == naive.activities.num_rows


def test_accounts_have_regions_and_technology_lists(inputs: ArrowInputs) -> None:
    accounts = inputs.accounts
    assert set(accounts.column("region").to_pylist()) <= set(REGIONS)
    assert {"NA", "EMEA"} <= set(accounts.column("region").to_pylist())
    assert accounts.column("technologies").null_count == 0


def test_crm_roles_override_titles(inputs: ArrowInputs) -> None:
    contacts = inputs.contacts
    sources = set(contacts.column("role_source").to_pylist())
    assert sources == {"crm", "inferred"}
    crm = contacts.filter(pc.equal(contacts.column("role_source"), "crm"))
    assert crm.column("buying_role").null_count == 0
    assert contacts.column("seniority").null_count == 0


def test_activities_resolve_to_contacts_and_accounts(inputs: ArrowInputs) -> None:
    contacts = {r["email"].lower(): r for r in inputs.contacts.to_pylist() if r["email"]}
    domains = {r["domain"]: r["account_id"] for r in inputs.account_domains.to_pylist()}
    for event in inputs.activities.slice(0, 2000).to_pylist():
        person = contacts.get((event["contact_email"] or "").strip().lower())
        assert event["contact_id"] == (person["contact_id"] if person else None)
        expected = person["account_id"] if person else None
        if expected is None:
            expected = domains.get((event["account_domain"] or "").strip().lower())
        assert event["account_id"] == expected
    assert pc.count(inputs.activities.column("account_id")).as_py() > 0


def test_resolution_is_case_insensitive_and_never_multiplies_rows(platform: Platform) -> None:
    with platform.store.unit_of_work() as session:
        session.execute(
            insert(Account),
            [{"id": i, "domain": None, "name": n, "name_key": n, "source": "t"}
             for i, n in ((7, "x"), (8, "y"), (9, "z"))],
        )  # fmt: skip
        session.execute(
            insert(AccountDomain),
            [{"domain": "y.com", "account_id": 8, "kind": "web"},
             {"domain": "Y.com", "account_id": 9, "kind": "web"}],
        )  # fmt: skip
        session.execute(
            insert(Contact),
            [{"id": 1, "account_id": None, "email": "ann@x.com", "source": "t"},
             {"id": 2, "account_id": 7, "email": "ANN@x.com", "source": "t"}],
        )  # fmt: skip
    events = [
        {"event_id": "e1", "contact_email": "Ann@X.com ", "account_domain": None},
        {"event_id": "e2", "contact_email": None, "account_domain": "\u2003Y.COM\t"},
    ]
    stamp = dt.datetime(2026, 1, 5)
    with platform.signals.stage_activities([{**e, "occurred_at": stamp} for e in events]) as staged:
        staged.publish()
    resolved = read_inputs(platform).activities.sort_by("event_id")
    pairs = [(r["contact_id"], r["account_id"]) for r in resolved.to_pylist()]
    assert pairs == [(1, None), (None, 8)]  # joins do not keep row order: compare by event


def test_records_read_the_same_from_either_store(platform: Platform) -> None:
    """SQLite and PostgreSQL hand back JSON lists, timestamps and nulls alike."""
    created = dt.datetime(2025, 3, 4, 5, 6, 7, 890000)
    with platform.store.unit_of_work() as session:
        session.execute(
            insert(Account),
            [
                {"id": 1, "domain": "a.com", "name": "A", "name_key": "a", "country": "U.S.",
                 "technologies": ["Snowflake"], "created_at": created, "source": "t"},
                {"id": 2, "domain": None, "name": "B", "name_key": "b", "country": "Atlantis",
                 "technologies": None, "source": "t"},
            ],
        )  # fmt: skip
        session.execute(
            insert(Contact),
            [
                {"id": 5, "account_id": 1, "email": "x@a.com", "title": "CFO", "source": "t",
                 "buying_role": "Economic Buyer"},
                {"id": 6, "account_id": 1, "email": "y@a.com", "title": "CFO", "source": "t"},
                {"id": 7, "account_id": None, "email": None, "title": None, "source": "t"},
            ],
        )  # fmt: skip
    data = read_inputs(platform)
    accounts = data.accounts.sort_by("account_id").to_pylist()
    assert [a["region"] for a in accounts] == ["NA", "unknown"]
    assert [a["technologies"] for a in accounts] == [["Snowflake"], []]
    assert accounts[0]["created_at"] == created and accounts[1]["created_at"] is None
    contacts = data.contacts.sort_by("contact_id").to_pylist()
    assert [c["role_source"] for c in contacts] == ["crm", "inferred", "inferred"]
    assert contacts[0]["buying_role"] == "economic_buyer"
    assert contacts[1]["seniority"] == "cxo"
    assert data.activities.num_rows == 0 and data.intent.num_rows == 0


def test_an_empty_workspace_loads(con: BaseBackend, tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws")
    platform = Platform.open(tmp_path / "ws")
    try:
        tables = load_tables(platform, con, dt.datetime(2026, 1, 1))
    finally:
        platform.close()
    for name in EngineTables.names():
        assert getattr(tables, name).count().to_pyarrow().as_py() == 0, name


KEYS = {
    "accounts": "account_id",
    "account_domains": "domain",
    "contacts": "contact_id",
    "opportunities": "opportunity_id",
    "stage_history": None,
    "activities": "event_id",
    "intent": None,
}


def test_duckdb_builds_in_place_what_other_engines_receive(
    demo_platform: Platform, inputs: ArrowInputs, as_of: dt.datetime
) -> None:
    tables = load_tables(demo_platform, connect("duckdb"), as_of)
    for name in EngineTables.names():
        table = getattr(tables, name)
        assert table.columns == tuple(COLUMNS[name]), name
        assert_same(to_arrow(table), getattr(inputs, name), KEYS[name])


def test_without_adbc_drivers_sqlalchemy_reads_the_same(
    demo_platform: Platform,
    inputs: ArrowInputs,
    as_of: dt.datetime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(arrow_inputs, "_adbc_connect", lambda engine: (None, Exception))
    slow = read_inputs(demo_platform, as_of)
    for name in EngineTables.names():
        assert getattr(slow, name).schema == getattr(inputs, name).schema, name
        assert_same(getattr(slow, name), getattr(inputs, name), KEYS[name])


def test_since_only_drops_older_events(
    demo_platform: Platform, inputs: ArrowInputs, as_of: dt.datetime
) -> None:
    since = dt.datetime(2026, 8, 1)
    recent = read_inputs(demo_platform, as_of, since)
    events = inputs.activities
    kept = events.filter(pc.greater_equal(events.column("occurred_at"), pa.scalar(since)))
    assert 0 < recent.activities.num_rows == kept.num_rows < events.num_rows
    assert_same(recent.activities, kept, "event_id")
    for name in ("accounts", "contacts", "intent"):
        assert getattr(recent, name).num_rows == getattr(inputs, name).num_rows
