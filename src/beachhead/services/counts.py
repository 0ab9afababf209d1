"""What an import did to each kind of record (defined in `core.ingest`, shared by all layers)."""

from beachhead.core.ingest import EntityCounts

__all__ = ["EntityCounts"]
