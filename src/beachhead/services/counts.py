"""What an import did to each kind of record, for the summary table and the idempotency check."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class EntityCounts:
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
