"""`beachhead import salesforce|hubspot|accounts|contacts|opportunities`."""

from __future__ import annotations

import typer


def register(import_app: typer.Typer) -> None:
    return None
