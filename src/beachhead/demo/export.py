"""Write a generated market as the files revenue teams export, plus the truth as Parquet.

Layout under `out_dir`::

    salesforce/<Object>.csv      Account.csv carries a UTF-8 BOM, as Salesforce exports do
    hubspot/{companies,contacts,deals}.csv
    bombora_company_surge.csv
    activities.csv               activities.parquet above 200,000 rows
    truth/*.parquet
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from beachhead.demo.market import Market

Progress = Callable[[str, int], None]
ACTIVITIES_CSV_MAX_ROWS = 200_000
_BOM = b"\xef\xbb\xbf"
_BOM_FILES = frozenset({"Account"})
_ISO_SECONDS = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class ExportPaths:
    """Where each export went."""

    salesforce_dir: Path
    hubspot_dir: Path
    intent_file: Path
    activities_file: Path
    truth_dir: Path


def csv_ready(table: pa.Table) -> pa.Table:
    """Timestamps as ISO-8601 UTC strings (`2026-01-31T09:15:00Z`); dates stay ISO dates."""
    columns = []
    for column in table.columns:
        if pa.types.is_timestamp(column.type):
            column = pc.strftime(column, format=_ISO_SECONDS)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def write_csv(table: pa.Table, path: Path, bom: bool = False) -> None:
    """Quoted, comma-separated, header first; nulls become empty fields."""
    options = pacsv.WriteOptions(quoting_style="needed")
    with path.open("wb") as sink:
        if bom:
            sink.write(_BOM)
        pacsv.write_csv(csv_ready(table), sink, options)


def _write_dir(
    tables: dict[str, pa.Table], folder: Path, prefix: str, progress: Progress | None
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        write_csv(table, folder / f"{name}.csv", bom=name in _BOM_FILES and prefix == "salesforce")
        _report(progress, f"{prefix}/{name}", table.num_rows)


def _report(progress: Progress | None, step: str, rows: int) -> None:
    if progress is not None:
        progress(step, rows)


def _write_activities(table: pa.Table, out_dir: Path) -> Path:
    as_csv = table.num_rows <= ACTIVITIES_CSV_MAX_ROWS
    path, stale = out_dir / "activities.csv", out_dir / "activities.parquet"
    if not as_csv:
        path, stale = stale, path
    stale.unlink(missing_ok=True)  # a re-run in another size must not leave both behind
    if as_csv:
        write_csv(table, path)
    else:
        pq.write_table(table, path)
    return path


def write_exports(market: Market, out_dir: Path, progress: Progress | None = None) -> ExportPaths:
    """Write every export and truth table of `market` under `out_dir` (created if needed).

    `progress(step, rows)` is called after each file, e.g. for a progress bar.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = ExportPaths(
        out_dir / "salesforce",
        out_dir / "hubspot",
        out_dir / "bombora_company_surge.csv",
        out_dir / "activities.csv",
        out_dir / "truth",
    )
    _write_dir(market.salesforce, paths.salesforce_dir, "salesforce", progress)
    _write_dir(market.hubspot, paths.hubspot_dir, "hubspot", progress)
    write_csv(market.intent, paths.intent_file)
    _report(progress, "bombora", market.intent.num_rows)
    activities = _write_activities(market.activities, out_dir)
    _report(progress, "activities", market.activities.num_rows)
    paths.truth_dir.mkdir(parents=True, exist_ok=True)
    for name, table in market.truth.items():
        pq.write_table(table, paths.truth_dir / f"{name}.parquet")
        _report(progress, f"truth/{name}", table.num_rows)
    return ExportPaths(
        paths.salesforce_dir, paths.hubspot_dir, paths.intent_file, activities, paths.truth_dir
    )
