"""The tables every score is computed from: one contract, on every engine.

`load_tables(platform, con, as_of)` reads the workspace's records (store) and signals
(Parquet) and registers them in the engine `con` (see `engine.backends`).
Timestamps are naive UTC; ids are int64; a column is null when the source had no value.

``accounts`` — one row per account
    account_id int64, domain string, name string, industry string, employees int64,
    annual_revenue float64, country string (as imported), region string (NA, EMEA, APAC,
    LATAM or unknown, from `core.geo.region_of(country)`), is_customer boolean,
    technologies array<string> (empty, never null, when none are known),
    created_at timestamp.
``account_domains`` — every domain an account is known by
    domain string, account_id int64.
``contacts`` — one row per contact
    contact_id int64, account_id int64 (null: not matched), email, title, department,
    country, seniority, function (from `core.committee.titles.classify_titles`; a department
    decides the function), buying_role (null: none), role_source ('crm' when the contact's
    CRM role field or a Salesforce opportunity contact role names a role, which then wins
    over the title; else 'inferred'). The contact's own field comes first; among deal
    roles a primary role beats others, then the latest deal's.
``opportunities`` — one row per deal
    opportunity_id int64, account_id int64, opp_type ('new' | 'expansion'), amount float64,
    stage, is_closed boolean, is_won boolean, created_date date, close_date date.
``stage_history`` — opportunity stage changes (only before `as_of`)
    opportunity_id int64, stage string, changed_at timestamp.
``activities`` — engagement events (only those with occurred_at < `as_of`)
    event_id, occurred_at timestamp, activity_type, channel, contact_email, account_domain,
    campaign_ref, url, duration_minutes float64, source, account_id int64 (the contact's
    account when the email matches a contact that has one, else the account owning
    account_domain; null when neither), contact_id int64 (by email, case-insensitive).
``intent`` — third-party intent (only weeks starting before `as_of`)
    provider, domain, account_id int64 (via account_domains; null: unknown domain), topic,
    category, score float64, week_start date, is_surging boolean, metro.

Every engine receives the same tables, built once by DuckDB: on the DuckDB engine they are
built in place, in the engine's own connection (nothing is copied back out); for the other
engines they are built in a private DuckDB and handed over as Arrow (`engine.register`).
Emails and domains are matched trimmed and lower-cased (DuckDB's `lower`), each to the lowest
contact or account id that carries it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

import duckdb
import ibis.expr.types as ir
import pyarrow as pa
from ibis import BaseBackend

from beachhead.engine import inputs
from beachhead.engine.backends import backend_kind
from beachhead.engine.campaign_touches import campaign_kinds, recorded_sql, responses_sql
from beachhead.engine.register import register
from beachhead.platform import Platform
from beachhead.store.signals import SignalStore


@dataclass(frozen=True)
class EngineTables:
    """The registered Ibis tables (see the module docstring for every column)."""

    accounts: ir.Table
    account_domains: ir.Table
    contacts: ir.Table
    opportunities: ir.Table
    stage_history: ir.Table
    activities: ir.Table
    intent: ir.Table

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class ArrowInputs:
    """The same tables as Arrow, before they reach an engine."""

    accounts: pa.Table
    account_domains: pa.Table
    contacts: pa.Table
    opportunities: pa.Table
    stage_history: pa.Table
    activities: pa.Table
    intent: pa.Table


# What a scan of no signal files reads: the stored columns and the partition column.
_EMPTY_EVENTS = pa.schema([*inputs.ACTIVITIES][:-2] + [("month", inputs.STR)]).empty_table()
_EMPTY_INTENT = pa.schema(
    [f for f in inputs.INTENT if f.name != "account_id"] + [("week", inputs.DATE)]
).empty_table()
SCHEMAS = {
    "accounts": inputs.ACCOUNTS,
    "account_domains": inputs.ACCOUNT_DOMAINS,
    "contacts": inputs.CONTACTS,
    "opportunities": inputs.OPPORTUNITIES,
    "stage_history": inputs.STAGE_HISTORY,
    "activities": inputs.ACTIVITIES,
    "intent": inputs.INTENT,
}


def utc_naive(moment: dt.datetime | None) -> dt.datetime | None:
    """`moment` as naive UTC (an aware datetime is converted; a naive one is taken as UTC)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def read_inputs(
    platform: Platform, as_of: dt.datetime | None = None, since: dt.datetime | None = None
) -> ArrowInputs:
    """Records and signals of `platform` as Arrow, signals cut at `as_of` (exclusive);
    activities also from `since` on, when the caller knows older ones cannot matter."""
    duck = duckdb.connect()
    try:
        names = stage_inputs(duck, platform, as_of, since)
        tables = {
            name: duck.table(table).to_arrow_table().cast(SCHEMAS[name])
            for name, table in names.items()
        }
    finally:
        duck.close()
    return ArrowInputs(**tables)


def stage_inputs(
    duck: duckdb.DuckDBPyConnection,
    platform: Platform,
    as_of: dt.datetime | None = None,
    since: dt.datetime | None = None,
) -> dict[str, str]:
    """Build every input table in the DuckDB connection `duck`; their names, by table."""
    as_of, since = utc_naive(as_of), utc_naive(since)
    records = inputs.read_records(platform.store, as_of, since)
    sources = {
        **records,
        **inputs.lookups(records),
        "campaign_kinds": campaign_kinds(records["campaigns"]),
        "no_events": _EMPTY_EVENTS,
        "no_intent": _EMPTY_INTENT,
    }
    suffix = uuid.uuid4().hex[:8]
    raw = {name: f"bh_raw_{name}_{suffix}" for name in sources}
    for name, table in sources.items():
        duck.register(raw[name], table)
    out = {name: f"bh_{name}_{suffix}" for name in EngineTables.names()}
    try:
        with _unordered(duck):
            build_tables(duck, raw, out, platform.signals, as_of, since)
    finally:
        for name in raw.values():
            duck.unregister(name)
    return out


@contextmanager
def _unordered(duck: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """No row order to keep while the tables are built (it halves the joins' cost)."""
    row = duck.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    duck.execute("SET preserve_insertion_order = false")
    try:
        yield
    finally:
        duck.execute(f"SET preserve_insertion_order = {bool(row and row[0])}")


def register_inputs(con: BaseBackend, data: ArrowInputs) -> EngineTables:
    """Every input table registered in `con` under a name unique to this load."""
    suffix = uuid.uuid4().hex[:8]
    tables = {
        name: register(con, f"bh_{name}_{suffix}", getattr(data, name))
        for name in EngineTables.names()
    }
    return EngineTables(**tables)


def load_tables(
    platform: Platform,
    con: BaseBackend,
    as_of: dt.datetime | None = None,
    since: dt.datetime | None = None,
) -> EngineTables:
    """The workspace's records and signals as Ibis tables in `con` (see the module docs)."""
    if backend_kind(con) != "duckdb":
        return register_inputs(con, read_inputs(platform, as_of, since))
    names = stage_inputs(con.con, platform, as_of, since)
    return EngineTables(**{name: con.table(table) for name, table in names.items()})


# --- the SQL that builds the contract in DuckDB -------------------------------------------


def build_tables(
    duck: duckdb.DuckDBPyConnection,
    raw: dict[str, str],
    out: dict[str, str],
    signals: SignalStore,
    as_of: dt.datetime | None,
    since: dt.datetime | None,
) -> None:
    """Create the tables `out` names from the registered record tables `raw` and `signals`."""
    scratch = {name: f"{raw['accounts']}_{name}" for name in ("email_key", "domain_key", "resp")}
    names = {**raw, **{f"_{k}": v for k, v in scratch.items()}}
    try:
        for sql in _record_tables(names, out, as_of):
            duck.execute(sql)
        _activities(duck, names, out["activities"], signals, as_of, since)
        _intent(duck, names, out["intent"], signals, as_of)
    finally:
        for table in scratch.values():
            duck.execute(f"DROP TABLE IF EXISTS {table}")


def _record_tables(n: dict[str, str], out: dict[str, str], as_of: dt.datetime | None) -> list[str]:
    changed = f"WHERE changed_at < TIMESTAMP '{as_of.isoformat()}'" if as_of else ""
    return [
        f"""CREATE TABLE {out["accounts"]} AS
        SELECT a.account_id, a.domain, a.name, i.canonical AS industry, a.employees,
            a.annual_revenue, a.country, r.region, a.is_customer,
            coalesce(from_json(a.technologies, '["VARCHAR"]'), []) AS technologies, a.created_at
        FROM {n["accounts"]} AS a
        LEFT JOIN {n["industries"]} AS i ON i.industry = a.industry
        LEFT JOIN {n["regions"]} AS r ON r.country IS NOT DISTINCT FROM a.country""",
        f"CREATE TABLE {out['account_domains']} AS SELECT * FROM {n['account_domains']}",
        _contacts_sql(n, out["contacts"]),
        f"CREATE TABLE {out['opportunities']} AS SELECT * FROM {n['opportunities']}",
        f"CREATE TABLE {out['stage_history']} AS SELECT * FROM {n['stage_history']} {changed}",
        f"""CREATE TEMP TABLE {n["_email_key"]} AS
        SELECT k.key, k.contact_id, c.account_id
        FROM (
            SELECT {inputs.key_sql("email")} AS key, min(contact_id) AS contact_id
            FROM {n["contacts"]} WHERE email IS NOT NULL GROUP BY 1
        ) AS k
        JOIN {n["contacts"]} AS c USING (contact_id)""",
        f"""CREATE TEMP TABLE {n["_domain_key"]} AS
        SELECT {inputs.key_sql("domain")} AS key, min(account_id) AS account_id
        FROM {n["account_domains"]} WHERE domain IS NOT NULL GROUP BY 1""",
    ]


def _contacts_sql(n: dict[str, str], name: str) -> str:
    """Contacts with their title's profile; a CRM role (own field, else deals) beats it."""
    return f"""CREATE TABLE {name} AS
    WITH deal AS (
        SELECT d.contact_id, m.role
        FROM {n["deal_roles"]} AS d JOIN {n["crm_roles"]} AS m ON m.value = d.role
        WHERE m.role IS NOT NULL
        QUALIFY row_number() OVER (
            PARTITION BY d.contact_id ORDER BY d.is_primary DESC, d.opportunity_id DESC
        ) = 1
    ),
    crm AS (
        SELECT c.*, coalesce(own.role, deal.role) AS crm_role_found
        FROM {n["contacts"]} AS c
        LEFT JOIN {n["crm_roles"]} AS own ON own.value = c.crm_role
        LEFT JOIN deal ON deal.contact_id = c.contact_id
    )
    SELECT c.contact_id, c.account_id, c.email, c.title, c.department, c.country,
        t.seniority, t."function", coalesce(c.crm_role_found, t.buying_role) AS buying_role,
        CASE WHEN c.crm_role_found IS NULL THEN 'inferred' ELSE 'crm' END AS role_source
    FROM crm AS c
    LEFT JOIN {n["titles"]} AS t
        ON t.title = coalesce(c.title, '') AND t.department = coalesce(c.department, '')"""


def _activities(
    duck: duckdb.DuckDBPyConnection,
    n: dict[str, str],
    name: str,
    signals: SignalStore,
    as_of: dt.datetime | None,
    since: dt.datetime | None,
) -> None:
    """Stored events in [since, as_of), then the CRM responses the feed does not hold."""
    files = [str(path) for path in signals.activities_files()]
    where, params = _window(as_of, since)
    feed = _scan(files, n["no_events"], "month", where, inputs.ACTIVITIES.names[:-2])
    duck.execute(f"CREATE TABLE {name} AS {_resolved(n, feed)}", {**params, **_files(files)})
    cut = {key: params[key] for key in ("as_of", "since") if key in params}
    responses = responses_sql(n, as_of is not None, since is not None)
    duck.execute(f"CREATE TEMP TABLE {n['_resp']} AS {responses}", cut)
    duck.execute(recorded_sql(n["_resp"], name))  # the feed read so far holds [since, as_of)
    left = duck.execute(f"SELECT count(*) FROM {n['_resp']}").fetchone()
    if since is not None and files and left and left[0]:
        # A touch recorded before the window still means the response is not new.
        older, older_params = _window(since, None)
        scan = _scan(files, n["no_events"], "month", older, ("campaign_ref", "contact_email"))
        duck.execute(recorded_sql(n["_resp"], f"({scan})"), {**older_params, **_files(files)})
    recorded = _resolved(n, f"SELECT * FROM {n['_resp']}")
    duck.execute(f"INSERT INTO {name} {recorded}")


def _window(
    as_of: dt.datetime | None, since: dt.datetime | None
) -> tuple[list[str], dict[str, Any]]:
    """Conditions (and their parameters) on events' `occurred_at` and month partition."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if as_of is not None:
        where += ["occurred_at < $as_of", "month <= $last_month"]
        params.update(as_of=as_of, last_month=as_of.strftime("%Y-%m"))
    if since is not None:
        where += ["occurred_at >= $since", "month >= $first_month"]
        params.update(since=since, first_month=since.strftime("%Y-%m"))
    return where, params


def _scan(files: list[str], empty: str, partition: str, where: list[str], columns: Any) -> str:
    """A SELECT of `columns` from the signal `files` (or the empty table `empty`)."""
    if files:
        source = (
            "read_parquet($files, hive_partitioning = true, union_by_name = true, "
            f"hive_types = {{'{partition}': {'DATE' if partition == 'week' else 'VARCHAR'}}})"
        )
    else:
        source = empty
    condition = f"WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT {', '.join(columns)} FROM {source} {condition}"


def _files(files: list[str]) -> dict[str, Any]:
    return {"files": files} if files else {}


def _resolved(n: dict[str, str], events: str) -> str:
    """`events` with account_id and contact_id: by email first, else by domain."""
    typed = ", ".join(
        f"CAST(e.{f.name} AS {_DUCK[f.type]}) AS {f.name}" for f in inputs.ACTIVITIES
        if f.name not in ("account_id", "contact_id")
    )  # fmt: skip
    return f"""
        SELECT {typed}, coalesce(k.account_id, d.account_id) AS account_id, k.contact_id
        FROM ({events}) AS e
        LEFT JOIN {n["_email_key"]} AS k ON k.key = {inputs.key_sql("e.contact_email")}
        LEFT JOIN {n["_domain_key"]} AS d ON d.key = {inputs.key_sql("e.account_domain")}
    """


def _intent(
    duck: duckdb.DuckDBPyConnection,
    n: dict[str, str],
    name: str,
    signals: SignalStore,
    as_of: dt.datetime | None,
) -> None:
    """Intent rows of weeks that started before `as_of`, with the account of their domain."""
    files = [str(path) for path in signals.intent_files()]
    where: list[str] = []
    params: dict[str, Any] = {}
    if as_of is not None:
        where = ["week < $cutoff", "week_start < $cutoff"]
        params["cutoff"] = _first_day_not_started(as_of)
    rows = _scan(files, n["no_intent"], "week", where, ["*"])
    typed = ", ".join(
        "d.account_id" if f.name == "account_id" else f"CAST(i.{f.name} AS {_DUCK[f.type]})"
        f" AS {f.name}" for f in inputs.INTENT
    )  # fmt: skip
    sql = f"""CREATE TABLE {name} AS
        SELECT {typed} FROM ({rows}) AS i
        LEFT JOIN {n["_domain_key"]} AS d ON d.key = {inputs.key_sql("i.domain")}"""
    duck.execute(sql, {**params, **_files(files)})


def _first_day_not_started(as_of: dt.datetime) -> dt.date:
    """The first date whose midnight is not before `as_of`."""
    midnight = dt.datetime.combine(as_of.date(), dt.time())
    return as_of.date() if as_of == midnight else as_of.date() + dt.timedelta(days=1)


_DUCK = {
    inputs.STR: "VARCHAR", inputs.I64: "BIGINT", inputs.F64: "DOUBLE", inputs.BOOL: "BOOLEAN",
    inputs.TS: "TIMESTAMP", inputs.DATE: "DATE",
}  # fmt: skip
