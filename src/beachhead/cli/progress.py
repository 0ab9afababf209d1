"""Rich progress bars behind the services' Progress protocol."""

from __future__ import annotations

from types import TracebackType

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from beachhead.cli.common import err_console


class RichProgress:
    """One bar per task name, drawn on stderr so --json output stays clean."""

    def __init__(self, enabled: bool = True) -> None:
        self._bars = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            disable=not enabled,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RichProgress:
        return self  # bars appear with the first task, so a quick failure prints only its error

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            # The error line is the last word: unfinished bars are cleared, not redrawn under it.
            self._bars.live.transient = True
        self._bars.stop()

    def start(self, task: str, total: int | None) -> None:
        if not self._tasks:
            self._bars.start()
        self._tasks[task] = self._bars.add_task(task, total=total)

    def advance(self, task: str, amount: int = 1) -> None:
        if task not in self._tasks:
            self.start(task, None)
        self._bars.advance(self._tasks[task], amount)

    def finish(self, task: str) -> None:
        if task in self._tasks:
            bar = self._tasks[task]
            total = self._bars.tasks[bar].total
            completed = self._bars.tasks[bar].completed
            self._bars.update(
                bar, total=total if total is not None else completed, completed=total or completed
            )
