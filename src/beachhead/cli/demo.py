"""`beachhead demo`: a seeded synthetic market, imported and scored."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    return None
