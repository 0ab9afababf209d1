"""`beachhead import intent|activities`."""

from __future__ import annotations

import typer


def register(import_app: typer.Typer) -> None:
    return None
