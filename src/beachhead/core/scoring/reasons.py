"""Contributions: every score as the sum of reasons people can read (DESIGN §5).

Each scoring function returns, next to its per-account table, a long table with one row per
reason: `account_id, component, code, label, points`. Summing `points` per account and component
gives back the score (fit and intent exactly; engagement gives the decayed points behind
`engagement_score`; a stage row carries the stage's level). `explain` turns those rows into the
one line the CLI prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TypeAlias

import ibis
import ibis.expr.types as ir

CONTRIBUTION_SCHEMA = ibis.schema(
    {
        "account_id": "int64",
        "component": "string",
        "code": "string",
        "label": "string",
        "points": "float64",
    }
)
Text: TypeAlias = str | ir.StringValue
Number: TypeAlias = float | ir.NumericValue


# What a caller does with the one intermediate table a score and its contributions both read:
# nothing (the default), or materialise it once (`Table.cache`) so the engine does not compute
# the same base twice.
Keep = Callable[[ir.Table], ir.Table]


def as_is(table: ir.Table) -> ir.Table:
    return table


def contribution_rows(
    table: ir.Table, component: str, code: Text, label: Text, points: Number
) -> ir.Table:
    """One contribution row per row of `table` (which must have `account_id`)."""
    return table.select(
        account_id=table.account_id.cast("int64"),
        component=ibis.literal(component, type="string"),
        code=_as_text(code),
        label=_as_text(label),
        points=_as_number(points),
    )


def union_all(tables: Sequence[ir.Table]) -> ir.Table:
    """All rows of `tables` (an empty contributions table when there are none)."""
    if not tables:
        return empty_contributions()
    return ibis.union(*tables, distinct=False) if len(tables) > 1 else tables[0]


def empty_contributions() -> ir.Table:
    return ibis.memtable(
        {name: [] for name in CONTRIBUTION_SCHEMA.names}, schema=CONTRIBUTION_SCHEMA
    )


def day_of(as_of: dt.date) -> dt.date:
    """The day scores are computed for; a datetime (as the engine passes) counts by its date."""
    return as_of.date() if isinstance(as_of, dt.datetime) else as_of


def real(value: float) -> ir.FloatingValue:
    """A float constant every backend types as double.

    PostgreSQL reads a bare `10.0` as NUMERIC, so arithmetic on constants alone would come back
    as decimals there; parsing the exact text of the float gives a double everywhere.
    """
    return ibis.literal(repr(float(value)), type="string").cast("float64")


def count_true(condition: ir.BooleanValue) -> ir.IntegerScalar:
    """How many rows satisfy `condition` (PostgreSQL cannot cast booleans to bigint)."""
    return condition.ifelse(1, 0).sum().cast("int64")


def number_text(value: ir.NumericValue) -> ir.StringValue:
    """A number rounded to a whole as text, identical on every backend."""
    return value.round(0).cast("int64").cast("string")


def explain(component: str, score: float, rows: Iterable[tuple[str, float]]) -> str:
    """`fit 78 = Industry is Software +22, 200-1,000 employees +18` from (label, points) rows.

    >>> explain("fit", 40.0, [("Base", 10.0), ("Industry is Software", 22.0), ("No CDP", 8.0)])
    'fit 40 = Industry is Software +22, Base +10, No CDP +8'
    """
    ordered = sorted(rows, key=lambda row: (-abs(row[1]), row[0]))
    parts = [f"{label} {_signed(points)}" for label, points in ordered if points != 0]
    head = f"{component} {_number(score)}"
    return f"{head} = {', '.join(parts)}" if parts else head


def _signed(points: float) -> str:
    return f"{'+' if points > 0 else '-'}{_number(abs(points))}"


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.1f}"


def _as_text(value: Text) -> ir.StringValue:
    if isinstance(value, str):
        return ibis.literal(value, type="string")
    return value.cast("string")


def _as_number(value: Number) -> ir.NumericValue:
    if isinstance(value, int | float):
        return real(value)
    return value.cast("float64")
