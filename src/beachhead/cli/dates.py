"""Options several commands share: the as-of day and the compute engine."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from beachhead.errors import BeachheadError

AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="As of this day (YYYY-MM-DD; default today, UTC)."),
]
EngineOption = Annotated[
    str, typer.Option("--engine", help="Compute engine: duckdb, pyspark or postgres.")
]


class DateError(BeachheadError):
    """A date option that is not YYYY-MM-DD."""


def parse_day(text: str | None, option: str = "--as-of") -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(f"{option}: {text!r} is not a date", hint="use YYYY-MM-DD") from None
