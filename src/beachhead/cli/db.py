"""`beachhead db`: the record store's schema."""

from __future__ import annotations

import typer

from beachhead.cli.common import JsonOption, WorkspaceOption, console, open_platform, print_json
from beachhead.services.workspace import upgrade_store

db_app = typer.Typer(help="Record-store schema (migrations).", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Migrate the record store to the newest schema (also done on first use)."""
    with open_platform(workspace) as platform:
        before, after = upgrade_store(platform)
    if as_json:
        print_json({"before": before, "after": after})
    elif before == after:
        console.print(f"Store already at the newest schema ({after}).")
    else:
        console.print(f"Store migrated from {before or 'empty'} to {after}.")
