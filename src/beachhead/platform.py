"""Composition root: one Platform per workspace wires settings, store and signal files."""

from __future__ import annotations

from pathlib import Path

from beachhead.settings import Settings, load_settings
from beachhead.store.db import Store
from beachhead.store.signals import SignalStore


class Platform:
    """Everything a service needs, built once per command or request."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.store_url)
        self.signals = SignalStore(settings.signals_dir)

    @classmethod
    def open(cls, workspace: Path) -> Platform:
        return cls(load_settings(workspace))

    def close(self) -> None:
        self.store.dispose()
