"""`beachhead import salesforce|hubspot|accounts|contacts|opportunities`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from beachhead.cli.common import JsonOption, WorkspaceOption
from beachhead.cli.import_summary import run_import_command
from beachhead.services.crm_import import import_hubspot, import_mapped, import_salesforce

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


def salesforce(
    folder: FolderArgument,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Import Salesforce exports: Account.csv, Contact.csv, Opportunity.csv... (any subset)."""
    run_import_command(workspace, as_json, lambda p, bar: import_salesforce(p, folder, strict, bar))


def hubspot(
    folder: FolderArgument,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Import HubSpot exports: companies.csv, contacts.csv, deals.csv (any subset)."""
    run_import_command(workspace, as_json, lambda p, bar: import_hubspot(p, folder, strict, bar))


def _mapped_command(entity: str) -> Callable[..., None]:
    def command(
        file: FileArgument,
        mapping: MapOption,
        strict: StrictOption = False,
        as_json: JsonOption = False,
        workspace: WorkspaceOption = None,
    ) -> None:
        run_import_command(
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
