"""The vocabulary of an import, shared by every layer: a rejected row, what changed, progress.

These live at the bottom so readers (connectors), writers (store) and use-cases (services)
speak of the same objects instead of restating them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol


@dataclass(frozen=True)
class RowIssue:
    """One rejected row (or cell): where it is and why."""

    file: str
    line: int
    column: str | None
    reason: str
    value: str | None = None


@dataclass
class EntityCounts:
    """What an import did to one kind of record or signal."""

    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    rejected: int = 0

    @property
    def changed(self) -> int:
        return self.inserted + self.updated + self.merged

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Progress(Protocol):
    """A progress sink the edges implement (Rich bars in the CLI); the rest only report."""

    def start(self, task: str, total: int | None) -> None: ...

    def advance(self, task: str, amount: int = 1) -> None: ...

    def finish(self, task: str) -> None: ...


class NoProgress:
    """The sink for callers that show nothing (tests, the API)."""

    def start(self, task: str, total: int | None) -> None:
        return None

    def advance(self, task: str, amount: int = 1) -> None:
        return None

    def finish(self, task: str) -> None:
        return None
