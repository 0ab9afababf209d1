"""Records read from the store as Arrow, and the Python-only lookups the inputs need.

Each record table is one SELECT: on PostgreSQL fetched as Arrow in one go through ADBC
(`adbc-driver-postgresql`, when installed), otherwise through the store's own DB-API cursor
(SQLite always: see `_adbc_connect`). Either way the columns are then given the types of the
contract in `engine.tables` (SQLite hands back dates, timestamps and booleans as text and
integers).
Rules that only exist in Python — regions, industry spellings, job titles, CRM role values —
are applied once per distinct value, as small lookup tables the engine joins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine, Select, Text, cast, func, select

from beachhead.core.committee.titles import classify_titles, role_from_crm
from beachhead.core.geo import region_of
from beachhead.core.industries import canonical_industry
from beachhead.errors import StoreError
from beachhead.store.db import Store
from beachhead.store.models import (
    Account,
    AccountDomain,
    Campaign,
    CampaignMember,
    Contact,
    ExternalId,
    Lead,
    Opportunity,
    OpportunityContactRole,
    OpportunityStage,
)

STR, I64, F64, BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
TS, DATE = pa.timestamp("us"), pa.date32()

ACCOUNTS = pa.schema(
    [
        ("account_id", I64), ("domain", STR), ("name", STR), ("industry", STR),
        ("employees", I64), ("annual_revenue", F64), ("country", STR), ("region", STR),
        ("is_customer", BOOL), ("technologies", pa.list_(STR)), ("created_at", TS),
    ]
)  # fmt: skip
ACCOUNT_DOMAINS = pa.schema([("domain", STR), ("account_id", I64)])
CONTACTS = pa.schema(
    [
        ("contact_id", I64), ("account_id", I64), ("email", STR), ("title", STR),
        ("department", STR), ("country", STR), ("seniority", STR), ("function", STR),
        ("buying_role", STR), ("role_source", STR),
    ]
)  # fmt: skip
OPPORTUNITIES = pa.schema(
    [
        ("opportunity_id", I64), ("account_id", I64), ("opp_type", STR), ("amount", F64),
        ("stage", STR), ("is_closed", BOOL), ("is_won", BOOL), ("created_date", DATE),
        ("close_date", DATE),
    ]
)  # fmt: skip
STAGE_HISTORY = pa.schema([("opportunity_id", I64), ("stage", STR), ("changed_at", TS)])
ACTIVITIES = pa.schema(
    [
        ("event_id", STR), ("occurred_at", TS), ("activity_type", STR), ("channel", STR),
        ("contact_email", STR), ("account_domain", STR), ("campaign_ref", STR), ("url", STR),
        ("duration_minutes", F64), ("source", STR), ("account_id", I64), ("contact_id", I64),
    ]
)  # fmt: skip
ACTIVITY_COLUMNS = tuple(ACTIVITIES.names[:-2])
INTENT = pa.schema(
    [
        ("provider", STR), ("domain", STR), ("account_id", I64), ("topic", STR),
        ("category", STR), ("score", F64), ("week_start", DATE), ("is_surging", BOOL),
        ("metro", STR),
    ]
)  # fmt: skip
INTENT_COLUMNS = tuple(n for n in INTENT.names if n != "account_id")

Column = tuple[str, Any, pa.DataType]
Query = tuple[Select[Any], pa.Schema]
Fetch = Callable[[Select[Any]], pa.Table]


def query(*columns: Column, where: Any = None, group_by: Any = None) -> Query:
    """A SELECT of labelled columns and the Arrow type each is read as."""
    stmt = select(*(expr.label(name) for name, expr, _ in columns))
    if where is not None:
        stmt = stmt.where(where)
    if group_by is not None:
        stmt = stmt.group_by(group_by)
    return stmt, pa.schema([(name, kind) for name, _, kind in columns])


def record_queries(
    as_of: dt.datetime | None = None, since: dt.datetime | None = None
) -> dict[str, Query]:
    """Every record table the inputs are built from; campaign responses only on the days
    in [since, as_of) when those are given (the engine applies the same cut again)."""
    a, c, o, d = Account, Contact, Opportunity, OpportunityContactRole
    s, ad = OpportunityStage, AccountDomain
    return {
        "accounts": query(
            ("account_id", a.id, I64), ("domain", a.domain, STR), ("name", a.name, STR),
            ("industry", a.industry, STR), ("employees", a.employees, I64),
            ("annual_revenue", a.annual_revenue, F64), ("country", a.country, STR),
            ("is_customer", a.is_customer, BOOL),
            ("technologies", cast(a.technologies, Text), STR), ("created_at", a.created_at, TS),
        ),
        "account_domains": query(("domain", ad.domain, STR), ("account_id", ad.account_id, I64)),
        "contacts": query(
            ("contact_id", c.id, I64), ("account_id", c.account_id, I64), ("email", c.email, STR),
            ("title", c.title, STR), ("department", c.department, STR),
            ("country", c.country, STR), ("crm_role", c.buying_role, STR),
        ),
        "deal_roles": query(
            ("contact_id", d.contact_id, I64), ("role", d.role, STR),
            ("is_primary", d.is_primary, BOOL), ("opportunity_id", d.opportunity_id, I64),
        ),
        "opportunities": query(
            ("opportunity_id", o.id, I64), ("account_id", o.account_id, I64),
            ("opp_type", o.opp_type, STR), ("amount", o.amount, F64), ("stage", o.stage, STR),
            ("is_closed", o.is_closed, BOOL), ("is_won", o.is_won, BOOL),
            ("created_date", o.created_date, DATE), ("close_date", o.close_date, DATE),
        ),
        "stage_history": query(
            ("opportunity_id", s.opportunity_id, I64), ("stage", s.stage, STR),
            ("changed_at", s.changed_at, TS),
        ),
        **_campaign_queries(as_of, since),
    }  # fmt: skip


def _campaign_queries(as_of: dt.datetime | None, since: dt.datetime | None) -> dict[str, Query]:
    """What `engine.campaign_touches` turns into events: responded members and their people."""
    m, x = CampaignMember, ExternalId
    responded = m.has_responded.is_(True) & m.first_responded_date.is_not(None)
    if as_of is not None:
        responded &= m.first_responded_date < as_of.date()
    if since is not None:
        responded &= m.first_responded_date >= since.date()
    return {
        "members": query(
            ("member_id", m.id, I64), ("campaign_id", m.campaign_id, I64),
            ("contact_id", m.contact_id, I64), ("lead_id", m.lead_id, I64),
            ("responded_on", m.first_responded_date, DATE), where=responded,
        ),
        "campaigns": query(
            ("campaign_id", Campaign.id, I64), ("campaign_type", Campaign.campaign_type, STR)
        ),
        # One source id per campaign, so a campaign known to two systems gives one event.
        "campaign_refs": query(
            ("campaign_id", x.record_id, I64), ("ref", func.min(x.external_id), STR),
            # By record id (indexed): the entity alone would scan every record's source ids.
            where=(x.entity == "campaigns") & x.record_id.in_(select(Campaign.id)),
            group_by=x.record_id,
        ),
        "leads": query(
            ("lead_id", Lead.id, I64), ("email", Lead.email, STR),
            ("account_id", Lead.account_id, I64),
        ),
    }  # fmt: skip


def read_records(
    store: Store, as_of: dt.datetime | None = None, since: dt.datetime | None = None
) -> dict[str, pa.Table]:
    """Every table of `record_queries()`, as Arrow with the declared column types."""
    store.ensure_schema()
    queries = record_queries(as_of, since)
    with arrow_reader(store) as fetch:
        return {name: conform(fetch(stmt), schema) for name, (stmt, schema) in queries.items()}


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with the columns and types of `schema` (text dates parsed, all-null retyped)."""
    columns = []
    for field in schema:
        column = table.column(field.name)
        if column.null_count == len(column):
            column = pa.chunked_array([pa.nulls(len(column), field.type)])
        elif column.type != field.type:
            column = pc.cast(column, field.type)
        columns.append(column)
    return pa.table(columns, schema=schema)


@contextmanager
def arrow_reader(store: Store) -> Iterator[Fetch]:
    """A function that runs one SELECT on `store` and returns its rows as Arrow."""
    connection, errors = _adbc_connect(store.engine)
    if connection is None:
        dialect = store.engine.dialect
        with store.reader() as session:
            raw = session.connection().connection  # the driver's own connection
            yield lambda stmt: _cursor_to_arrow(raw.cursor(), _sql(stmt, dialect))
        return
    dialect = store.engine.dialect
    try:
        yield lambda stmt: _adbc_fetch(connection, stmt, dialect, errors)
    finally:
        connection.close()


def _adbc_connect(engine: Engine) -> tuple[Any, type[Exception]]:
    """An ADBC connection to the store (None when its driver is missing or refuses).

    Not in autocommit mode: every table is read in one transaction, one snapshot.
    """
    url = engine.url
    try:
        # Never ADBC for SQLite: its driver carries a second copy of the SQLite library, and
        # two copies in one process break each other's POSIX locks (a crash or a corrupt
        # store). Python's sqlite3 cursor below is the same library SQLAlchemy uses.
        if url.get_backend_name() == "postgresql":
            from adbc_driver_postgresql import dbapi as pg_dbapi

            uri = url.set(drivername="postgresql").render_as_string(hide_password=False)
            return pg_dbapi.connect(uri), pg_dbapi.Error
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - an odd URL for libpq: SQLAlchemy reads it instead
        pass
    return None, Exception


def _adbc_fetch(connection: Any, stmt: Select[Any], dialect: Any, errors: type[Exception]) -> Any:
    sql = _sql(stmt, dialect)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetch_arrow_table()
    except errors as exc:
        raise StoreError(f"store query failed: {exc}") from exc


def _sql(stmt: Select[Any], dialect: Any) -> str:
    return str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _cursor_to_arrow(cursor: Any, sql: str) -> pa.Table:
    """Rows of a plain DB-API cursor as Arrow (types inferred; `conform` fixes them)."""
    try:
        cursor.execute(sql)
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        cursor.close()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return pa.table([pa.array(list(values)) for values in columns], names=names)


# --- Python-only rules, once per distinct value -------------------------------------------


def lookups(records: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Small tables of the rules only Python knows, keyed by the raw values they apply to."""
    accounts, contacts = records["accounts"], records["contacts"]
    countries = _distinct(accounts.column("country"))
    industries = [v for v in _distinct(accounts.column("industry")) if v is not None]
    roles = _distinct(contacts.column("crm_role")) + _distinct(records["deal_roles"]["role"])
    return {
        "regions": pa.table(
            {"country": pa.array(countries, STR), "region": [region_of(c) for c in countries]}
        ),
        "industries": pa.table(
            {
                "industry": pa.array(industries, STR),
                "canonical": pa.array([canonical_industry(v) for v in industries], STR),
            }
        ),
        "crm_roles": pa.table(
            {
                "value": pa.array(roles, STR),
                "role": pa.array([role_from_crm(r) for r in roles], STR),
            }
        ),
        "titles": title_profiles(contacts),
    }


def title_profiles(contacts: pa.Table) -> pa.Table:
    """Seniority, function and buying role per distinct (title, department); '' for null."""
    pairs = pa.table(
        {
            "title": pc.fill_null(contacts.column("title"), ""),
            "department": pc.fill_null(contacts.column("department"), ""),
        }
    )
    pairs = pairs.group_by(["title", "department"], use_threads=False).aggregate([])
    titles, departments = pairs.column("title").to_pylist(), pairs.column("department").to_pylist()
    profiles = classify_titles(titles, departments)
    return pa.table(
        {
            "title": pa.array(titles, STR),
            "department": pa.array(departments, STR),
            "seniority": pa.array([p.seniority for p in profiles], STR),
            "function": pa.array([p.function for p in profiles], STR),
            "buying_role": pa.array([p.buying_role for p in profiles], STR),
        }
    )


def _distinct(column: pa.ChunkedArray) -> list[Any]:
    return list(pc.unique(column).to_pylist())


def key_sql(column: str) -> str:
    """DuckDB SQL for the join form of an email or domain: trimmed, lower case.

    Trimmed of the characters Arrow's `utf8_trim_whitespace` removes (Unicode white space),
    not only the spaces DuckDB's one-argument `trim` removes. That trim is slow, so a value
    that starts and ends with a visible ASCII character (nearly all) skips it.
    """
    plain = f"ord({column}[1]) BETWEEN 33 AND 126 AND ord({column}[-1]) BETWEEN 33 AND 126"
    return f"lower(CASE WHEN {plain} THEN {column} ELSE trim({column}, {_WHITESPACE}) END)"


_WHITESPACE = " || ".join(
    f"chr({c})"
    for c in (0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
              *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
)  # fmt: skip
