"""Account identity during an import: one account per company, however many spellings.

Accounts are keyed by registrable domain (never a free-mail one). A new account row joins an
account that shares a domain (website, additional domains, or a domain derived from its
contacts' email addresses); else one with the same normalised name; else one with a close name
and a supporting signal. Close names without a signal become review candidates. Person matching
(contacts, leads) is in `services.identity_people`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, cast

from sqlalchemy import Table

from beachhead.connectors.canonical import Row
from beachhead.core.identity.book import AccountBook, Resolution
from beachhead.core.identity.domains import derive_domains, email_domain, host_of
from beachhead.core.identity.domains import registrable_domain as domain_of
from beachhead.core.identity.freemail import free_mail_set
from beachhead.core.identity.matching import AccountFacts, Signals, Thresholds
from beachhead.core.identity.merging import FieldRules
from beachhead.core.identity.names import name_key
from beachhead.core.identity.plan import Plan, Resolved, TargetKey
from beachhead.services.counts import EntityCounts
from beachhead.services.record_writer import (
    EntitySpec,
    Values,
    WriteContext,
    apply_updates,
    clean_ref,
    insert_new,
    place_rows,
    record_refs,
    resolve_plan,
    row_values,
    tally,
    text,
)
from beachhead.settings import Settings
from beachhead.store import bulk, queries
from beachhead.store.models import Account, AccountDomain, MatchCandidate

ADDITIONAL, DERIVED = "additional", "derived"
COPIED_FIELDS = (
    "website", "industry", "employees", "annual_revenue", "country", "state", "city",
    "postal_code", "phone", "is_customer", "account_type", "technologies", "custom", "created_at",
)  # fmt: skip
ACCOUNT_COLUMNS = (*COPIED_FIELDS, "name", "name_key", "domain", "owner_id", "parent_id")


@dataclass(frozen=True)
class PendingParent:
    """A parent account created by this same import: its id is known once it is inserted."""

    ref: str


def thresholds(settings: Settings) -> Thresholds:
    identity = settings.identity
    return Thresholds(identity.name_match_threshold, identity.review_threshold)


def excluded_domains(settings: Settings) -> frozenset[str]:
    return free_mail_set(settings.identity.extra_free_mail_domains)


def company_domain(value: Any, excluded: frozenset[str]) -> str | None:
    """The registrable domain of a URL, host or email — unless it is a free-mail domain."""
    domain = domain_of(str(value)) if value else None
    return domain if domain and domain not in excluded else None


def load_book(ctx: WriteContext) -> AccountBook:
    """The stored accounts as a matching index, built once per import."""
    if ctx.book is None:
        book = AccountBook(thresholds(ctx.settings))
        for snap in queries.account_snapshots(ctx.session):
            signals = Signals(snap.country, snap.city, snap.postal_code, snap.phone)
            facts = AccountFacts(snap.is_customer, snap.open_opportunities, snap.contacts)
            own = any(kind != DERIVED for kind in snap.domains.values())
            handle = book.add(snap.id, snap.name_key, signals, facts, own)
            for domain, kind in snap.domains.items():
                book.claim(domain, handle, declared=kind != DERIVED)
        ctx.book = book
    return ctx.book


def account_signals(values: Values) -> Signals:
    return Signals(
        values.get("country"), values.get("city"), values.get("postal_code"), values.get("phone")
    )


@dataclass
class _Probe:
    """What identifies one account row besides its source id."""

    domains: list[tuple[str, str | None]]  # (registrable domain, full host): primary first
    derived: list[str]
    row: Row


@dataclass
class _AccountRows:
    """State of one accounts write: the book, each row's probe, new domains, review queue."""

    ctx: WriteContext
    book: AccountBook
    excluded: frozenset[str]
    derived_by_ref: dict[str, list[str]]
    batch_refs: set[str]
    probe: _Probe | None = None
    resolution: Resolution | None = None
    handles: dict[TargetKey, int] = field(default_factory=dict)
    keys: dict[int, TargetKey] = field(default_factory=dict)  # handle -> new account's key
    new_domains: list[tuple[TargetKey, str, str, str | None]] = field(default_factory=list)
    reviews: list[tuple[TargetKey, Resolution, Row]] = field(default_factory=list)

    def prepare(self, ctx: WriteContext, row: Row) -> Values | None:
        self.probe, self.resolution = None, None
        values = row_values(row, COPIED_FIELDS)
        probe = self._probe(row)
        name = text(row, "name") or (probe.domains[0][0] if probe.domains else None)
        if name is None:
            ctx.issue(row, "name", "account has no name and no website or domain")
            return None
        values["name"] = name[:255]
        values["name_key"] = name_key(name)[:255] or name.lower()[:255]
        if (owner := ctx.ref_id("users", row.get("owner_ref"))) is not None:
            values["owner_id"] = owner
        if (parent := self._parent(row)) is not None:
            values["parent_id"] = parent
        self.probe = probe
        return values

    def _probe(self, row: Row) -> _Probe:
        found: dict[str, str | None] = {}
        for value in [text(row, "domain") or text(row, "website"), *_extra(row)]:
            domain = company_domain(value, self.excluded)
            if domain is not None and domain not in found:
                found[domain] = host_of(str(value))
        derived = self.derived_by_ref.get(clean_ref(row.get("ref")) or "", [])
        return _Probe(list(found.items()), derived, row)

    def _parent(self, row: Row) -> int | PendingParent | None:
        ref = clean_ref(row.get("parent_ref"))
        if ref is None or ref == clean_ref(row.get("ref")):
            return None
        known = self.ctx.ref_id("accounts", ref)
        if known is not None:
            return known
        return PendingParent(ref) if ref in self.batch_refs else None

    def natural_ref(self, values: Values) -> tuple[str, str]:
        """What keys an account row without a source id: its domain, else its name."""
        assert self.probe is not None
        if self.probe.domains:
            return ("domain", self.probe.domains[0][0])
        return ("name", values["name_key"])

    def identify(self, plan: Plan, ref: str | None, values: Values) -> TargetKey | None:
        assert self.probe is not None
        domains = [d for d, _ in self.probe.domains]
        signals = account_signals(values)
        found = self.book.resolve_account(domains, self.probe.derived, values["name_key"], signals)
        self.resolution = found
        return self._key(found.handle) if found.handle is not None else None

    def _key(self, handle: int) -> TargetKey:
        account_id = self.book.id_of(handle)
        if account_id is not None:
            return ("id", account_id)
        return self.keys[handle]

    def placed(self, key: TargetKey, index: int, values: Values) -> None:
        assert self.probe is not None
        handle = self._handle(key, values)
        for domain, host in self.probe.domains:
            # Which own domain is primary is settled after the write (the account's `domain`).
            if self.book.claim(domain, handle, declared=True):
                self.new_domains.append((key, domain, ADDITIONAL, host))
        primary = self.probe.domains[0][0] if self.probe.domains else None
        if primary is not None and self.book.owner(primary) == handle:
            values["domain"] = primary
        for domain in self.probe.derived:
            if self.book.claim(domain, handle, declared=False):
                self.new_domains.append((key, domain, DERIVED, None))
        if primary is None and self.probe.derived:
            # No website: the domain its own people write from is the best key there is.
            derived = self.probe.derived[0]
            if self.book.owner(derived) == handle and not values.get("domain"):
                values["domain"] = derived
        self.book.alias(handle, values["name_key"])
        if key[0] == "new" and self.resolution is not None and self.resolution.review:
            self.reviews.append((key, self.resolution, self.probe.row))

    def _handle(self, key: TargetKey, values: Values) -> int:
        if key in self.handles:
            return self.handles[key]
        handle = self.book.handle_of(key[1]) if key[0] == "id" else None
        if handle is None:
            assert self.probe is not None
            facts = AccountFacts(is_customer=bool(values.get("is_customer")))
            signals, own = account_signals(values), bool(self.probe.domains)
            handle = self.book.add(None, values["name_key"], signals, facts, own)
        self.handles[key] = handle
        self.keys[handle] = key
        return handle


def _extra(row: Row) -> list[str]:
    extra = row.get("extra_domains") or []
    if isinstance(extra, str):
        extra = extra.replace("|", ";").split(";")
    return [str(e).strip() for e in extra if str(e).strip()]


ACCOUNTS = EntitySpec(
    "accounts",
    Account,
    ACCOUNT_COLUMNS,
    prepare=lambda _ctx, _row: None,  # replaced per write by _AccountRows.prepare
    rules=FieldRules(
        union=frozenset({"technologies"}),
        mapping=frozenset({"custom"}),
        groups=(("name", "name_key"), ("country", "state", "city", "postal_code")),
    ),
    defaults={"is_customer": False, "technologies": list, "custom": dict},
)


def write_accounts(ctx: WriteContext, rows: list[Row]) -> EntityCounts:
    """Dedup and write account rows; see the module docstring for the rules."""
    state = _AccountRows(
        ctx, load_book(ctx), excluded_domains(ctx.settings),
        _derived_domains(ctx), {r for row in rows if (r := clean_ref(row.get("ref")))},
    )  # fmt: skip
    spec = replace(ACCOUNTS, prepare=state.prepare, natural_ref=state.natural_ref)
    counts = EntityCounts(read=len(rows))
    plan = place_rows(ctx, spec, rows, counts, state.identify, state.placed)
    resolved = resolve_plan(ctx, spec, plan)
    pending = _take_pending_parents(resolved)
    ids = insert_new(ctx, spec, resolved)
    record_refs(ctx, "accounts", plan, ids)
    for key, handle in state.handles.items():
        state.book.set_id(handle, ids[key])
    apply_updates(ctx, spec, [(i, c) for i, c in resolved.updates if c])
    _write_parents(ctx, pending, ids)
    _write_domains(ctx, state.new_domains, ids)
    _settle_primary_domains(ctx, resolved, ids)
    _write_account_candidates(ctx, state, ids)
    tally(counts, resolved)
    return counts


def _derived_domains(ctx: WriteContext) -> dict[str, list[str]]:
    """Company domains implied by this batch's contacts, per account source id."""
    by_ref: dict[str, list[str | None]] = {}
    for contact in ctx.batch.records.get("contacts") or []:
        ref = clean_ref(contact.get("account_ref"))
        if ref is not None:
            by_ref.setdefault(ref, []).append(email_domain(text(contact, "email")))
    identity, excluded = ctx.settings.identity, excluded_domains(ctx.settings)
    derived = {
        ref: derive_domains(
            domains,
            identity.derived_domain_min_contacts,
            identity.derived_domain_min_share,
            excluded,
        )
        for ref, domains in by_ref.items()
    }
    return {ref: domains for ref, domains in derived.items() if domains}


def _take_pending_parents(resolved: Resolved) -> list[tuple[TargetKey, str]]:
    """Parents created by this import are set after the insert that gives them ids."""
    pending: list[tuple[TargetKey, str]] = []
    for key, values in resolved.inserts:
        if isinstance(parent := values.get("parent_id"), PendingParent):
            pending.append((key, parent.ref))
            values["parent_id"] = None
    for record_id, changes in resolved.updates:
        if isinstance(parent := changes.get("parent_id"), PendingParent):
            pending.append((("id", record_id), parent.ref))
            del changes["parent_id"]
    return pending


def _write_parents(
    ctx: WriteContext, pending: list[tuple[TargetKey, str]], ids: dict[TargetKey, int]
) -> None:
    refs = ctx.refs("accounts")
    rows = [
        {"id": ids[key], "parent_id": refs[ref]}
        for key, ref in pending
        if ref in refs and refs[ref] != ids[key]
    ]
    bulk.update_by_id(ctx.session, Account, rows)


def _write_domains(
    ctx: WriteContext,
    found: list[tuple[TargetKey, str, str, str | None]],
    ids: dict[TargetKey, int],
) -> None:
    rows = [
        {"domain": domain, "account_id": ids[key], "kind": kind, "host": host}
        for key, domain, kind, host in found
    ]
    bulk.upsert_many(ctx.session, cast(Table, AccountDomain.__table__), rows, ["domain"])


def _settle_primary_domains(
    ctx: WriteContext, resolved: Resolved, ids: dict[TargetKey, int]
) -> None:
    touched = [ids[key] for key, _ in resolved.inserts]
    touched += [record_id for record_id, changes in resolved.updates if "domain" in changes]
    queries.settle_primary_domains(ctx.session, touched)


def _write_account_candidates(
    ctx: WriteContext, state: _AccountRows, ids: dict[TargetKey, int]
) -> None:
    rows = []
    for key, resolution, row in state.reviews:
        for match in resolution.review:
            other = state.book.id_of(match.handle)
            if other is None or other == ids[key]:
                continue
            rows.append(candidate_row(ctx, "account", ids[key], other, match.score, row,
                                      {"signals": list(match.signals)}))  # fmt: skip
    write_candidates(ctx, rows)


def candidate_row(
    ctx: WriteContext,
    subject: str,
    subject_id: int,
    account_id: int,
    score: float,
    row: Row,
    evidence: dict[str, Any],
) -> dict[str, Any]:
    """A review candidate: is `subject` the same company as / at account `account_id`?"""
    where = {"source": ctx.source, "file": row.get("file"), "line": row.get("line")}
    return {
        "subject": subject, "subject_id": subject_id, "account_id": account_id,
        "method": "name_fuzzy", "score": round(score, 1), "status": "pending",
        "evidence": {**where, **evidence},
    }  # fmt: skip


def write_candidates(ctx: WriteContext, rows: list[dict[str, Any]]) -> None:
    """Queue candidates; a pair seen before keeps its state (a person's decision stands)."""
    key = ["subject", "subject_id", "account_id"]
    bulk.upsert_many(ctx.session, cast(Table, MatchCandidate.__table__), rows, key)
