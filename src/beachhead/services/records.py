"""Writing a canonical batch's records to the store: idempotent, set-based, identity-aware.

Every row is remembered in `external_ids` under (source, entity, ref) — rows without a source
id get one derived from their natural key — so importing the same data again changes nothing.
Rows are written in dependency order; a row whose reference cannot be resolved becomes a row
issue and is skipped (contacts excepted: they may stay without an account). Account and person
matching live in `services.identity`, the generic machinery in `services.record_writer`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from beachhead.connectors.canonical import CanonicalBatch, Row
from beachhead.services import identity, identity_people, record_kinds
from beachhead.services.counts import EntityCounts
from beachhead.services.progress import Progress
from beachhead.services.record_writer import WriteContext, write_entity
from beachhead.settings import Settings

Writer = Callable[[WriteContext, list[Row]], EntityCounts]

WRITERS: tuple[tuple[str, Writer], ...] = (
    ("users", lambda ctx, rows: write_entity(ctx, record_kinds.USERS, rows).counts),
    ("accounts", identity.write_accounts),
    ("contacts", identity_people.write_contacts),
    ("leads", identity_people.write_leads),
    ("campaigns", lambda ctx, rows: write_entity(ctx, record_kinds.CAMPAIGNS, rows).counts),
    ("opportunities", record_kinds.write_opportunities),
    ("stages", record_kinds.write_stages),
    ("contact_roles", record_kinds.write_contact_roles),
    ("campaign_members", record_kinds.write_campaign_members),
)


def write_records(
    session: Session, settings: Settings, batch: CanonicalBatch, progress: Progress
) -> dict[str, EntityCounts]:
    """Write `batch.records` in dependency order; counts per record kind that had rows.

    Only flushes: the caller owns the transaction. Unresolvable rows are appended to
    `batch.issues` and skipped.
    """
    ctx = WriteContext(session, settings, batch, progress)
    counts: dict[str, EntityCounts] = {}
    for kind, writer in WRITERS:
        rows = batch.records.get(kind) or []
        if rows:
            progress.start(kind, len(rows))
            counts[kind] = writer(ctx, rows)
            progress.finish(kind)
    return counts
