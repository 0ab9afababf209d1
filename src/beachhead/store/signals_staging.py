"""Staged signal writes: new part files stay invisible until the import's records commit.

One import at a time writes a workspace's signals (a file lock), so the "already stored?" check
and the publish cannot interleave with another import's. New files go to
`signals/.staging/<id>/` with the same relative layout as their final place; publishing drops a
marker first and then renames each file into place, so an interrupted publish is finished (not
lost) by the next import, and an interrupted stage is thrown away.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
import uuid
import weakref
from pathlib import Path
from typing import IO

from beachhead.errors import StoreError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent imports are the user's call
    fcntl = None  # type: ignore[assignment]

STAGING_DIR = ".staging"
LOCK_FILE = ".lock"
PUBLISH_MARKER = "PUBLISHING"
LOCK_TIMEOUT_SECONDS = 30.0


class WriteLock:
    """An exclusive advisory lock on `signals/.lock`, held from staging to publish/discard."""

    def __init__(self, root: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.path = root / LOCK_FILE
        self.timeout = timeout
        self._handle: IO[bytes] | None = None

    def acquire(self, wait: bool = True) -> bool:
        """Take the lock; False (wait=False) or StoreError (after the timeout) when busy."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("ab")
        deadline = time.monotonic() + (self.timeout if wait else 0.0)
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                handle.close()
                if not wait:
                    return False
                raise StoreError(
                    f"another import is writing signals in {self.path.parent}",
                    hint="try again when it has finished",
                )
            time.sleep(0.05)
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the descriptor drops the flock
            self._handle = None


def _try_lock(handle: IO[bytes]) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class Staging:
    """One import's new part files under `signals/.staging/<id>/`, published or discarded once."""

    def __init__(self, root: Path, lock: WriteLock) -> None:
        self.root = root
        self.path = root / STAGING_DIR / uuid.uuid4().hex
        self.path.mkdir(parents=True)
        self.files = 0
        self._lock = lock
        # Whoever drops a Staging without publishing (a failed transaction) discards it.
        self._finalizer = weakref.finalize(self, _abandon, self.path, lock)

    def new_part(self, relative_dir: str) -> Path:
        """A fresh file name in `relative_dir` (e.g. `activities/month=2024-05`)."""
        folder = self.path / relative_dir
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        self.files += 1
        return folder / f"part-{stamp}-{uuid.uuid4().hex[:12]}.parquet"

    @property
    def pending(self) -> bool:
        return self._finalizer.alive

    def publish(self) -> None:
        """Move every staged file into place (each rename is atomic) and release the lock."""
        if not self._finalizer.alive:
            return
        (self.path / PUBLISH_MARKER).touch()
        roll_forward(self.root, self.path)
        self._finalizer.detach()
        self._lock.release()

    def discard(self) -> None:
        self._finalizer()


def _abandon(path: Path, lock: WriteLock) -> None:
    shutil.rmtree(path, ignore_errors=True)
    lock.release()


def roll_forward(root: Path, staged: Path) -> None:
    """Rename each staged part file to its place under `root`, then drop the staging folder."""
    for source in sorted(staged.rglob("*.parquet")):
        target = root / source.relative_to(staged)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    shutil.rmtree(staged, ignore_errors=True)


def recover(root: Path) -> None:
    """Finish publishes and drop stages that a dead process left behind (lock must be held)."""
    staging = root / STAGING_DIR
    if not staging.is_dir():
        return
    for folder in sorted(p for p in staging.iterdir() if p.is_dir()):
        if (folder / PUBLISH_MARKER).exists():
            roll_forward(root, folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def recover_if_idle(root: Path) -> None:
    """On open: tidy leftovers, unless an import is running right now."""
    staging = root / STAGING_DIR
    if not staging.is_dir() or not any(staging.iterdir()):
        return
    lock = WriteLock(root)
    if lock.acquire(wait=False):
        try:
            recover(root)
        finally:
            lock.release()
