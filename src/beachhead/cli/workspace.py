"""`beachhead init`: create a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from beachhead.cli.common import JsonOption, console, print_json, run_command
from beachhead.services.workspace import init_workspace


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
    store_url: Annotated[
        str,
        typer.Option("--store-url", help="Keep records in this database (e.g. PostgreSQL URL)."),
    ] = "",
    as_json: JsonOption = False,
) -> None:
    """Create a workspace: settings file, record store (SQLite, WAL) and signals folder."""
    result = run_command(lambda: init_workspace(directory, store_url))
    if as_json:
        print_json(
            {
                "workspace": str(result.workspace),
                "store": result.store_url,
                "created": result.created,
            }
        )
        return
    verb = "Created" if result.created else "Already a workspace:"
    console.print(f"{verb} [bold]{result.workspace}[/] (store: {result.store_url})")
    console.print(f"Next: beachhead import salesforce DIR --workspace {result.workspace}")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Workspace")(init)
