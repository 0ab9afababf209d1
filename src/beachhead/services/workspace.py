"""Creating and upgrading workspaces."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from beachhead.errors import WorkspaceError
from beachhead.platform import Platform
from beachhead.settings import SETTINGS_FILE, default_settings_toml, load_settings
from beachhead.store.db import upgrade


@dataclass(frozen=True)
class InitResult:
    workspace: Path
    store_url: str
    created: bool


def init_workspace(directory: Path, store_url: str = "") -> InitResult:
    """Create settings, signals and reports folders, and a migrated store. Safe to repeat."""
    settings_path = directory / SETTINGS_FILE
    created = not settings_path.exists()
    if directory.exists() and not directory.is_dir():
        raise WorkspaceError(f"{directory} exists and is not a folder")
    directory.mkdir(parents=True, exist_ok=True)
    if created:
        settings_path.write_text(default_settings_toml(directory.resolve().name, store_url))
    settings = load_settings(directory)
    for folder in (settings.signals_dir, settings.reports_dir):
        folder.mkdir(exist_ok=True)
    platform = Platform(settings)
    try:
        upgrade(platform.store.engine)
    finally:
        platform.close()
    return InitResult(directory, _redact(settings.store_url), created)


def upgrade_store(platform: Platform) -> tuple[str | None, str | None]:
    """Bring the store to the newest schema; (revision before, revision after)."""
    return upgrade(platform.store.engine)


def _redact(url: str) -> str:
    """Never print a password from a store URL."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
