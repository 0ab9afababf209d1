"""What every connector hands to the import service: canonical rows, whatever the source.

A connector's only job is to turn a source's files into a `CanonicalBatch` (plus row issues).
Rows are plain dicts keyed by the names below; references between rows of the same batch use
the source's own ids (`*_ref`), which the import service resolves to store ids. Every row
carries `line` and `file` so later problems (e.g. an unknown reference) can still name them.

Records (→ store)
-----------------
users:          ref, name, email
accounts:       ref, name, website, domain, extra_domains (list), industry, employees,
                annual_revenue, country, state, city, postal_code, phone, parent_ref,
                owner_ref, is_customer (bool|None), account_type, technologies (list),
                created_at, custom (dict)
contacts:       ref, account_ref, company (free text), email, first_name, last_name, title,
                department, country, phone, email_opt_out, do_not_call, email_bounced,
                consent_basis, buying_role, lifecycle_stage, owner_ref, custom
leads:          ref, company, email, first_name, last_name, title, country, website,
                status, email_opt_out, is_converted, converted_contact_ref
opportunities:  ref, account_ref, name, opp_type ('new'|'expansion'), amount, stage,
                is_closed, is_won, created_date, close_date, owner_ref, campaign_ref,
                product, custom
stages:         opportunity_ref, stage, changed_at, amount, close_date
contact_roles:  opportunity_ref, contact_ref, role, is_primary
campaigns:      ref, name, campaign_type, status, start_date, end_date, budgeted_cost,
                actual_cost
campaign_members: ref, campaign_ref, contact_ref, lead_ref, status, has_responded,
                first_responded_date

`account_ref` may be missing; then `account_domain` / `account_name` (e.g. from a generic
CSV) let the import service find the account by identity rules.

Signals (→ Parquet, see `beachhead.store.signals`)
--------------------------------------------------
activities:     event_id, occurred_at (datetime), activity_type, channel, contact_email,
                contact_ref, account_domain, account_ref, campaign_ref, url,
                duration_minutes, source
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from beachhead.connectors.tabular import RowIssue

Row = dict[str, Any]

RECORD_KINDS = (
    "users",
    "accounts",
    "contacts",
    "leads",
    "campaigns",
    "opportunities",
    "stages",
    "contact_roles",
    "campaign_members",
)

ACTIVITY_TYPES = (
    "web_visit",
    "pricing_page_visit",
    "email_open",
    "email_click",
    "email_reply",
    "ad_impression",
    "ad_click",
    "form_fill",
    "content_download",
    "webinar_attended",
    "event_attended",
    "meeting",
    "call",
    "demo_request",
    "task_completed",
)


@dataclass(frozen=True)
class FileRead:
    """How one input file was read, for the summary table."""

    path: str
    kind: str
    encoding: str
    rows: int
    rejected: int


@dataclass
class CanonicalBatch:
    """Everything one import read, in canonical shape, plus what it had to reject."""

    source: str
    records: dict[str, list[Row]] = field(default_factory=lambda: {k: [] for k in RECORD_KINDS})
    activities: list[Row] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    files: list[FileRead] = field(default_factory=list)

    def add(self, kind: str, rows: list[Row]) -> None:
        self.records[kind].extend(rows)
