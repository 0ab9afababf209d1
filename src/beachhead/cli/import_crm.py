"""`beachhead import salesforce|hubspot|accounts|contacts|opportunities`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from beachhead.cli.common import JsonOption, WorkspaceOption, open_platform, run_command
from beachhead.cli.import_summary import render_summary
from beachhead.cli.progress import RichProgress
from beachhead.platform import Platform
from beachhead.services.crm_import import import_hubspot, import_mapped, import_salesforce
from beachhead.services.importing import ImportSummary, raise_if_rejected
from beachhead.services.progress import Progress

Action = Callable[[Platform, Progress], ImportSummary]

FolderArgument = Annotated[Path, typer.Argument(help="Folder of export files.", show_default=False)]
FileArgument = Annotated[
    Path, typer.Argument(help="CSV or Parquet file to import.", show_default=False)
]
MapOption = Annotated[
    Path,
    typer.Option(
        "--map", "-m", help="Mapping YAML: canonical field → your column.", show_default=False
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Write nothing when any row is rejected.")
]


def _import(workspace: Path | None, as_json: bool, action: Action) -> None:
    """Run one import with a progress bar, print its summary, exit 1 if rows were rejected."""
    with open_platform(workspace) as platform, RichProgress(enabled=not as_json) as progress:
        summary = action(platform, progress)
    render_summary(summary, as_json)
    run_command(lambda: raise_if_rejected(summary))


def salesforce(
    folder: FolderArgument,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Import Salesforce exports: Account.csv, Contact.csv, Opportunity.csv... (any subset)."""
    _import(workspace, as_json, lambda p, bar: import_salesforce(p, folder, strict, bar))


def hubspot(
    folder: FolderArgument,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Import HubSpot exports: companies.csv, contacts.csv, deals.csv (any subset)."""
    _import(workspace, as_json, lambda p, bar: import_hubspot(p, folder, strict, bar))


def _mapped_command(entity: str) -> Callable[..., None]:
    def command(
        file: FileArgument,
        mapping: MapOption,
        strict: StrictOption = False,
        as_json: JsonOption = False,
        workspace: WorkspaceOption = None,
    ) -> None:
        _import(
            workspace,
            as_json,
            lambda p, bar: import_mapped(p, file, entity, mapping, strict, bar),
        )

    command.__doc__ = f"Import {entity} from any CSV or Parquet file, mapped by a YAML file."
    return command


def register(import_app: typer.Typer) -> None:
    import_app.command("salesforce")(salesforce)
    import_app.command("hubspot")(hubspot)
    for entity in ("accounts", "contacts", "opportunities"):
        import_app.command(entity)(_mapped_command(entity))
