"""A progress sink the edges implement (Rich bars in the CLI); services only report to it."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
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
