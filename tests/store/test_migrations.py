"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from beachhead.platform import Platform
from beachhead.store.db import current_revision, head_revision
from beachhead.store.models import Base


def test_migrated_schema_matches_models(platform: Platform) -> None:
    platform.store.ensure_schema()
    engine = platform.store.engine
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
