"""The progress sink services report to (defined in `core.ingest`, shared by all layers)."""

from beachhead.core.ingest import NoProgress, Progress

__all__ = ["NoProgress", "Progress"]
