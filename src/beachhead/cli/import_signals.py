"""`beachhead import intent|activities|triggers`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from beachhead.cli.common import JsonOption, WorkspaceOption, user_errors
from beachhead.cli.import_summary import run_import_command
from beachhead.errors import InputError
from beachhead.services.signals import import_activities, import_intent
from beachhead.services.triggers import import_triggers

FileArgument = Annotated[
    Path, typer.Argument(help="CSV or Parquet file.", show_default=False, dir_okay=False)
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Write nothing if any row is rejected.")
]


def intent(
    file: FileArgument,
    provider: Annotated[
        str, typer.Option("--provider", help="Who produced the file (supported: bombora).")
    ] = "bombora",
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            help="Report week (YYYY-MM-DD, any day of it) for files without a week column.",
            show_default=False,
        ),
    ] = None,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Import a third-party intent file (Bombora Company Surge); weeks are kept as history."""
    with user_errors():
        week_start = _parse_week(week)
    run_import_command(
        workspace,
        as_json,
        lambda p, bars: import_intent(p, file, provider, week_start, strict, bars),
    )


def activities(
    file: FileArgument,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Import engagement events in Beachhead's activities format; repeats are skipped."""
    run_import_command(workspace, as_json, lambda p, bars: import_activities(p, file, strict, bars))


def triggers(
    file: FileArgument,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Import trigger events (funding, hiring, executive change, platform migration...)."""
    run_import_command(workspace, as_json, lambda p, bars: import_triggers(p, file, strict, bars))


def _parse_week(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--week {text!r} is not a date", hint="use YYYY-MM-DD") from None


def register(import_app: typer.Typer) -> None:
    import_app.command("intent")(intent)
    import_app.command("activities")(activities)
    import_app.command("triggers")(triggers)
