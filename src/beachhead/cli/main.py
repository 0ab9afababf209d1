"""The `beachhead` command: groups of subcommands, one file per domain noun."""

from __future__ import annotations

from typing import Annotated

import typer

from beachhead import __version__
from beachhead.cli import (
    accounts,
    backtest,
    db,
    demo,
    groups,
    icp,
    import_crm,
    import_signals,
    models,
    run,
    tech,
    tiers,
    titles,
    workspace,
)

app = typer.Typer(
    name="beachhead",
    help="Account-based marketing on your own data: pick the accounts worth winning, "
    "coordinate the work, measure it honestly.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"beachhead {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Beachhead: account-based marketing on your own data."""


workspace.register(app)
demo.register(app)
accounts.register(app)
titles.register(app)
icp.register(app)
run.register(app)
models.register(app)
backtest.register(app)
tech.register(app)
tiers.register(app)
app.add_typer(groups.import_app, name="import", rich_help_panel="Data")
app.add_typer(db.db_app, name="db", rich_help_panel="Workspace")
import_crm.register(groups.import_app)
import_signals.register(groups.import_app)
