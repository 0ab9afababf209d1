"""The error hierarchy every layer raises; the edges (CLI, API) decide how to show it."""

from __future__ import annotations


class BeachheadError(Exception):
    """A problem the user can act on: a one-line message and an optional hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class WorkspaceError(BeachheadError):
    """The workspace is missing, unreadable or not initialised."""


class ConfigError(BeachheadError):
    """A settings or YAML file is invalid (names file, line and field)."""


class InputError(BeachheadError):
    """An input file cannot be read at all (missing columns, unreadable encoding...)."""


class RejectedRowsError(BeachheadError):
    """Some rows were rejected; the report has been written and the store left as documented."""


class NotFoundError(BeachheadError):
    """A record asked for by key does not exist."""


class StoreError(BeachheadError):
    """The record store cannot be reached or migrated."""


class LeakageError(BeachheadError):
    """A feature column is only known after the outcome it should predict (names the column)."""
