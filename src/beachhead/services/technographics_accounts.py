"""Technographics onto accounts: canonical stack names, and detected technologies saved.

`Account.technologies` holds canonical catalog names (unknown names kept as given), whatever a
CRM export called them. What detection adds is recorded in
`Account.custom["technographics"]` as `{technology: {"source": "detected", "detected_on",
"confidence", "evidence", "url"}}`, so a score can say where a technology came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from beachhead.core.identity.domains import registrable_domain
from beachhead.core.technographics import Detection, name_key, normalise_stack
from beachhead.platform import Platform
from beachhead.services.technographics import SiteResult
from beachhead.store.bulk import update_by_id
from beachhead.store.models import Account, AccountDomain

DEFAULT_MIN_CONFIDENCE = 0.5
PROVENANCE_KEY = "technographics"
MAX_EVIDENCE = 3
_IN_CHUNK = 1000


@dataclass(frozen=True)
class SavedSite:
    """One page's outcome: the account it matched (if any) and the technologies it added."""

    site: str
    domain: str | None
    account_id: int | None
    account: str | None
    added: tuple[str, ...]


@dataclass
class SaveSummary:
    sites: list[SavedSite] = field(default_factory=list)
    accounts_updated: int = 0
    technologies_added: int = 0

    @property
    def unknown_domains(self) -> list[str]:
        """Domains read from pages that no account has (they are not created)."""
        return sorted({s.domain for s in self.sites if s.domain and s.account_id is None})

    @property
    def without_domain(self) -> list[str]:
        return [s.site for s in self.sites if s.domain is None]


def normalise_account_stacks(platform: Platform) -> int:
    """Rewrite every account's technologies to canonical names; returns how many changed."""
    with platform.store.unit_of_work() as session:
        query = select(Account.id, Account.technologies).where(Account.technologies.is_not(None))
        updates = []
        for account_id, stack in session.execute(query):
            if not isinstance(stack, list):
                continue
            canonical = normalise_stack(stack)
            if canonical != stack:
                updates.append({"id": account_id, "technologies": canonical})
        update_by_id(session, Account, updates)
    return len(updates)


def site_domain(result: SiteResult) -> str | None:
    """The account key of a page: its address's registrable domain, else its file name's."""
    return registrable_domain(result.url) or registrable_domain(result.site)


def save_detections(
    platform: Platform,
    results: Sequence[SiteResult],
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    today: dt.date | None = None,
) -> SaveSummary:
    """Merge detections (confidence ≥ `min_confidence`) into the matching accounts, at once.

    Pages whose domain no account has are listed in the summary, never created.
    """
    day = (today or dt.date.today()).isoformat()
    pages = [(r, site_domain(r)) for r in results if r.error is None]
    summary = SaveSummary()
    with platform.store.unit_of_work() as session:
        ids = _accounts_by_domain(session, {d for _, d in pages if d})
        accounts = _load_accounts(session, set(ids.values()))
        for result, domain in pages:
            account_id = ids.get(domain) if domain else None
            kept = [d for d in result.detections if d.confidence >= min_confidence]
            added: tuple[str, ...] = ()
            if account_id is not None:
                added = _merge(accounts[account_id], kept, result, day)
            name = accounts[account_id]["name"] if account_id is not None else None
            summary.sites.append(SavedSite(result.site, domain, account_id, name, added))
        updates = [_row(i, a) for i, a in accounts.items() if a["changed"]]
        update_by_id(session, Account, updates)
    summary.accounts_updated = len(updates)
    summary.technologies_added = sum(len(site.added) for site in summary.sites)
    return summary


def _accounts_by_domain(session: Session, domains: set[str]) -> dict[str, int]:
    """Account id per domain: any domain the account is known by, else its primary one."""
    found: dict[str, int] = {}
    ordered = sorted(domains)
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
        primary = select(Account.domain, Account.id).where(Account.domain.in_(chunk))
        known = select(AccountDomain.domain, AccountDomain.account_id)
        for domain, account_id in session.execute(primary):
            found[str(domain)] = account_id
        for domain, account_id in session.execute(known.where(AccountDomain.domain.in_(chunk))):
            found[domain] = account_id
    return found


def _load_accounts(session: Session, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    accounts: dict[int, dict[str, Any]] = {}
    ordered = sorted(ids)
    columns = (Account.id, Account.name, Account.technologies, Account.custom)
    for start in range(0, len(ordered), _IN_CHUNK):
        query = select(*columns).where(Account.id.in_(ordered[start : start + _IN_CHUNK]))
        for account_id, name, stack, custom in session.execute(query):
            accounts[account_id] = {
                "name": name,
                "technologies": list(stack) if isinstance(stack, list) else [],
                "custom": dict(custom) if isinstance(custom, dict) else {},
                "changed": False,
            }
    return accounts


def _merge(
    account: dict[str, Any], detections: list[Detection], result: SiteResult, day: str
) -> tuple[str, ...]:
    """Add `detections` to one account (in place); returns the names that were new."""
    had = {name_key(t) for t in normalise_stack(account["technologies"])}  # renames are not new
    stack = normalise_stack([*account["technologies"], *(d.technology for d in detections)])
    provenance = dict(account["custom"].get(PROVENANCE_KEY) or {})
    for detection in detections:
        provenance[detection.technology] = {
            "source": "detected",
            "detected_on": day,
            "confidence": round(detection.confidence, 2),
            "evidence": [str(e) for e in detection.evidence[:MAX_EVIDENCE]],
            "url": result.url or result.source,
        }
    custom = {**account["custom"], PROVENANCE_KEY: provenance}
    if stack != account["technologies"] or custom != account["custom"]:
        account.update(technologies=stack, custom=custom, changed=True)
    return tuple(t for t in stack if name_key(t) not in had)


def _row(account_id: int, account: dict[str, Any]) -> dict[str, Any]:
    return {"id": account_id, "technologies": account["technologies"], "custom": account["custom"]}
