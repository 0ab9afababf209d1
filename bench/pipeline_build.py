"""Set-up of `bench/pipeline.py`, outside the timing: the market, extra events, record export.

The demo market yields about 54 events per true company; a 10M-event benchmark needs more.
`top_up` resamples stored events — who from one row, what (type, channel, url, duration,
source) from another, when from a third moved by up to a month — with fresh event ids and
dates before the as-of day, and appends them through the real activities importer.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from beachhead.core.icp.model import Criterion
from beachhead.core.scoring import ScoringConfig
from beachhead.platform import Platform

CHUNK = 1_000_000
WHO = ("contact_email", "account_domain")
WHAT = ("activity_type", "channel", "campaign_ref", "url", "duration_minutes", "source")
LOOKBACK_MONTHS = 7  # the months that can hold events within 180 days of the as-of day


def build(workspace: Path, accounts: int, events: int, as_of: dt.date) -> None:
    """The demo market at `accounts` (unless the workspace exists), topped up to `events`."""
    if not (workspace / "beachhead.toml").exists():
        command = [sys.executable, "-m", "beachhead", "demo", "--workspace", str(workspace)]
        command += ["--accounts", str(accounts), "--as-of", as_of.isoformat()]
        subprocess.run(command, check=True)
    top_up(workspace, events, as_of)


def top_up(workspace: Path, events: int, as_of: dt.date) -> None:
    """Append resampled events through the importer until the workspace holds `events`."""
    from beachhead.services.signals import import_activities

    known = ds.field("contact_email").is_valid() | ds.field("account_domain").is_valid()
    pool = _activities(workspace).to_table(columns=[*WHO, *WHAT, "occurred_at"], filter=known)
    rng = np.random.default_rng(11)
    stored = _activities(workspace).count_rows()
    batch = 0
    while stored < events:
        rows = min(CHUNK, events - stored)
        table = resample(pool, rows, as_of, rng, f"bench-{batch:03d}-")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "events.parquet"
            pq.write_table(table, path)
            platform = Platform.open(workspace)
            try:
                summary = import_activities(platform, path)
            finally:
                platform.close()
        stored = _activities(workspace).count_rows()
        print(
            f"top-up {batch}: {rows} rows offered, {stored} stored, {len(summary.issues)} rejected"
        )
        batch += 1


def resample(
    pool: pa.Table, rows: int, as_of: dt.date, rng: np.random.Generator, prefix: str
) -> pa.Table:
    """`rows` new events drawn from `pool`, all before `as_of`, ids `prefix` + a number."""
    who = pool.select(list(WHO)).take(rng.integers(0, pool.num_rows, rows))
    what = pool.select(list(WHAT)).take(rng.integers(0, pool.num_rows, rows))
    when = pool.column("occurred_at").take(rng.integers(0, pool.num_rows, rows))
    shift = rng.integers(-30 * 86_400, 30 * 86_400, rows) * 1_000_000
    moments = pc.cast(when, pa.int64()).to_numpy() + shift
    latest = int(dt.datetime.combine(as_of, dt.time()).timestamp() * 1_000_000) - 1_000_000
    moments = np.minimum(moments, latest - rng.integers(0, 86_400, rows) * 1_000_000)
    columns = {
        "event_id": pc.binary_join_element_wise(
            pa.scalar(prefix), pc.cast(pa.array(np.arange(rows)), pa.string()), ""
        ),
        "occurred_at": pa.array(moments, pa.timestamp("us")),
        **{name: who.column(name) for name in WHO},
        **{name: what.column(name) for name in WHAT},
    }
    table = pa.table(columns)
    return table.rename_columns(
        [("campaign" if n == "campaign_ref" else n) for n in table.column_names]
    )


def export_records(workspace: Path, as_of: dt.date) -> None:
    """The record tables the SQL baseline reads, as Parquet (done once, not timed).

    Campaign responses recorded in the CRM are engagement events too (the engine adds them to
    the activities); they are exported as of `as_of` with the activities' columns, before the
    engine drops those the feed already holds (the SQL does that itself).
    """
    import duckdb

    from beachhead.engine import inputs
    from beachhead.engine.campaign_touches import campaign_kinds, responses_sql
    from beachhead.engine.tables import read_inputs

    folder = workspace / "bench" / "records"
    if (folder / "campaign_responses.parquet").exists():
        return
    cutoff = dt.datetime.combine(as_of, dt.time())
    folder.mkdir(parents=True, exist_ok=True)
    platform = Platform.open(workspace)
    try:
        data = read_inputs(platform, cutoff, since=cutoff)  # records only: no event window
        records = inputs.read_records(platform.store, cutoff)
    finally:
        platform.close()
    duck = duckdb.connect()
    sources = {**records, "campaign_kinds": campaign_kinds(records["campaigns"])}
    for name, table in sources.items():
        duck.register(name, table)
    sql = responses_sql({name: name for name in sources}, as_of=True, since=False)
    tables = {
        "accounts": data.accounts,
        "account_domains": data.account_domains,
        "contacts": data.contacts,
        "opportunities": data.opportunities,
        "campaign_responses": duck.sql(sql, params={"as_of": cutoff}).to_arrow_table(),
    }
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet")


def workspace_size(workspace: Path, as_of: dt.date) -> str:
    records = workspace / "bench" / "records"
    accounts = pq.read_metadata(records / "accounts.parquet").num_rows
    contacts = pq.read_metadata(records / "contacts.parquet").num_rows
    events = _activities(workspace).count_rows()
    intent = ds.dataset(workspace / "signals" / "intent", partitioning="hive").count_rows()
    return f"{accounts} accounts, {contacts} contacts, {events} events, {intent} intent rows"


def sql_parameters(workspace: Path, as_of: dt.date) -> dict[str, str]:
    """Values for the `{name}` holes of `bench/sql/*.sql`, from the workspace's configuration."""
    from beachhead.services.run_config import run_config

    config = run_config(workspace)
    if config.scoring != ScoringConfig():
        print("warning: scoring.yaml differs from the defaults the SQL is written for")
    cfg = config.scoring.engagement
    first = as_of - dt.timedelta(days=cfg.lookback_days + 1)
    terms = [f"{config.icp.base!r}"]
    terms += [
        f"CASE WHEN {criterion_sql(c)} THEN {c.weight!r} ELSE 0.0 END" for c in config.icp.criteria
    ]
    return {
        "records": str(workspace / "bench" / "records"),
        "signals": str(workspace / "signals"),
        "as_of": as_of.isoformat(),
        "first_month": first.strftime("%Y-%m"),
        "lookback_days": str(cfg.lookback_days),
        "daily_cap": str(cfg.daily_cap),
        "half_life_days": repr(cfg.half_life_days),
        "window_days": str(
            7 * (config.scoring.intent.recent_weeks + config.scoring.intent.baseline_weeks + 1)
        ),
        "fit_raw": " + ".join(f"CAST({t} AS DOUBLE)" for t in terms),
        "strong": repr(float(config.icp.bands.strong)),
        "moderate": repr(float(config.icp.bands.moderate)),
    }


def criterion_sql(criterion: Criterion) -> str:
    """One ICP criterion as a DuckDB boolean that is never null (see `core/scoring/fit.py`)."""
    values = ", ".join(_quote(v.strip().lower()) for v in criterion.values)
    if criterion.op == "between":
        number = f"CAST({criterion.field} AS DOUBLE)"
        test = [f"{number} IS NOT NULL"]
        if criterion.min is not None:
            test.append(f"{number} >= {float(criterion.min)!r}")
        if criterion.max is not None:
            test.append(f"{number} < {float(criterion.max)!r}")
        return "(" + " AND ".join(test) + ")"
    if criterion.op in ("has", "lacks"):
        has = f"coalesce(list_has_any(stack, [{values}]::VARCHAR[]), false)"
        return has if criterion.op == "has" else f"NOT {has}"
    text = f"lower(trim(CAST({criterion.field} AS VARCHAR)))"
    matched = f"coalesce({text} IN ({values}), false)"
    if criterion.op == "in":
        return matched
    return f"({criterion.field} IS NOT NULL AND NOT {matched})"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _activities(workspace: Path) -> ds.Dataset:
    return ds.dataset(workspace / "signals" / "activities", format="parquet", partitioning="hive")
