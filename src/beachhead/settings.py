"""One typed Settings object per workspace, built explicitly from `beachhead.toml`."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from beachhead.errors import ConfigError, WorkspaceError

SETTINGS_FILE = "beachhead.toml"
DEFAULT_DB_FILE = "beachhead.db"
WORKSPACE_ENV = "BEACHHEAD_WORKSPACE"


class StoreSettings(BaseModel):
    """Where records live. An empty URL means the SQLite file in the workspace."""

    model_config = ConfigDict(extra="forbid")
    url: str = ""


class IdentitySettings(BaseModel):
    """How people and accounts are matched (see docs/concepts/identity.md)."""

    model_config = ConfigDict(extra="forbid")
    name_match_threshold: float = Field(92.0, ge=0, le=100)
    review_threshold: float = Field(80.0, ge=0, le=100)
    extra_free_mail_domains: list[str] = Field(default_factory=list)
    derived_domain_min_contacts: int = Field(2, ge=1)
    derived_domain_min_share: float = Field(0.25, gt=0, le=1)


class IntentSettings(BaseModel):
    """Defaults for third-party intent files."""

    model_config = ConfigDict(extra="forbid")
    surge_threshold: float = Field(60.0, ge=0, le=100)


class Settings(BaseModel):
    """Everything a command needs to know about its workspace."""

    model_config = ConfigDict(extra="forbid")
    workspace: Path
    name: str = "beachhead"
    store: StoreSettings = Field(default_factory=StoreSettings)
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    intent: IntentSettings = Field(default_factory=IntentSettings)

    @property
    def store_url(self) -> str:
        if self.store.url:
            return self.store.url
        return f"sqlite:///{(self.workspace / DEFAULT_DB_FILE).resolve()}"

    @property
    def signals_dir(self) -> Path:
        return self.workspace / "signals"

    @property
    def reports_dir(self) -> Path:
        return self.workspace / "reports"


def resolve_workspace(explicit: Path | None) -> Path:
    """The workspace folder: the explicit option, else $BEACHHEAD_WORKSPACE, else the cwd."""
    if explicit is not None:
        return explicit
    env = os.environ.get(WORKSPACE_ENV)
    return Path(env) if env else Path.cwd()


def load_settings(workspace: Path) -> Settings:
    """Read and validate `beachhead.toml` in `workspace`."""
    path = workspace / SETTINGS_FILE
    if not path.is_file():
        raise WorkspaceError(
            f"{workspace} is not a Beachhead workspace (no {SETTINGS_FILE})",
            hint=f"create one with: beachhead init {workspace}",
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    try:
        return Settings(workspace=workspace, **raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {describe_validation(exc)}") from exc


def describe_validation(exc: ValidationError) -> str:
    """One line per problem: `field.path: reason`."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def default_settings_toml(name: str, store_url: str = "") -> str:
    """The commented settings file `beachhead init` writes."""
    return f"""# Beachhead workspace settings. See docs/reference/settings.md.
name = "{name}"

[store]
# Empty: records live in {DEFAULT_DB_FILE} (SQLite, WAL) in this folder.
# A PostgreSQL URL puts them there instead, e.g. postgresql+psycopg://user:pw@host/db
url = "{store_url}"

[identity]
# Company-name similarity (0-100) needed to attach a person to an account without a domain.
name_match_threshold = 92.0
# Matches between this and name_match_threshold go to `beachhead accounts matches` for review.
review_threshold = 80.0
# Domains never used as account keys, on top of the built-in free-mail and ISP list.
extra_free_mail_domains = []

[intent]
# Bombora Company Surge: a topic counts as surging at or above this score.
surge_threshold = 60.0
"""
