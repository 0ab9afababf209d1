"""The in-memory index of accounts an import matches against: domains, names, tie-break facts.

Accounts are addressed by a *handle* (their position in the book) because an account created
by the current import has no store id until it is inserted.

>>> book = AccountBook(Thresholds())
>>> acme = book.add(7, "acme", Signals(country="US"))
>>> book.claim("acme.com", acme, declared=True)
True
>>> book.resolve_account(["acme.com"], [], "acme corp", Signals()).method
'domain'
>>> book.resolve_account([], [], "acme", Signals()).method
'name_exact'
>>> book.id_of(book.resolve_account([], [], "acme", Signals()).handle)
7
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from beachhead.core.identity.matching import (
    NAME_EXACT,
    AccountFacts,
    NameIndex,
    NameMatch,
    Signals,
    Thresholds,
    classify,
    pick_best,
    supporting_signals,
    worth_review,
)

DOMAIN = "domain"
DERIVED_DOMAIN = "derived_domain"
NAME_EXACT_ADDRESS = "name_exact_address"
SAME_NAME_SIGNALS = 2  # agreeing address signals that let one name with two websites merge
REVIEW_LIMIT = 5


@dataclass(frozen=True)
class Resolution:
    """Where a probe belongs: an account to match without a person, or candidates to review."""

    handle: int | None = None
    method: str | None = None
    score: float | None = None
    review: tuple[NameMatch, ...] = ()


@dataclass
class _Entry:
    id: int | None
    signals: Signals
    facts: AccountFacts
    declared: bool = False  # has a domain of its own (primary or additional), not only derived
    domains: set[str] = field(default_factory=set)


class AccountBook:
    """Accounts known so far (store + this import), searchable by domain and by name."""

    def __init__(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self._entries: list[_Entry] = []
        self._by_domain: dict[str, int] = {}
        self._by_id: dict[int, int] = {}
        self._names = NameIndex()
        # Accounts without a domain of their own: the only name candidates for an account row
        # that has one, so most CRM rows never scan the whole index.
        self._bare_names = NameIndex()

    def __len__(self) -> int:
        return len(self._entries)

    def add(
        self,
        account_id: int | None,
        name_key: str,
        signals: Signals,
        facts: AccountFacts | None = None,
        has_own_domain: bool = False,
    ) -> int:
        """Add an account and return its handle (`has_own_domain`: it is about to claim one)."""
        handle = len(self._entries)
        self._entries.append(_Entry(account_id, signals, facts or AccountFacts(), has_own_domain))
        self.alias(handle, name_key)
        if account_id is not None:
            self._by_id[account_id] = handle
        return handle

    def set_id(self, handle: int, account_id: int) -> None:
        self._entries[handle].id = account_id
        self._by_id[account_id] = handle

    def id_of(self, handle: int) -> int | None:
        return self._entries[handle].id

    def handle_of(self, account_id: int) -> int | None:
        return self._by_id.get(account_id)

    def facts(self, handle: int) -> AccountFacts:
        return self._entries[handle].facts

    def domains_of(self, handle: int) -> set[str]:
        return set(self._entries[handle].domains)

    def has_own_domain(self, handle: int) -> bool:
        """True when the account has a primary or additional domain (not only derived ones)."""
        return self._entries[handle].declared

    def owner(self, domain: str | None) -> int | None:
        return self._by_domain.get(domain) if domain else None

    def claim(self, domain: str, handle: int, declared: bool) -> bool:
        """Give `domain` to `handle` unless another account has it; True when newly given."""
        entry = self._entries[handle]
        owner = self._by_domain.setdefault(domain, handle)
        if owner != handle:
            return False
        entry.declared = entry.declared or declared
        if domain in entry.domains:
            return False
        entry.domains.add(domain)
        return True

    def alias(self, handle: int, name_key: str) -> None:
        """Another name the account is known by (e.g. a merged duplicate's)."""
        self._names.add(handle, name_key)
        if not self._entries[handle].declared:
            self._bare_names.add(handle, name_key)

    def resolve_account(
        self, domains: Sequence[str], derived: Sequence[str], name_key: str, signals: Signals
    ) -> Resolution:
        """Account dedup: a shared domain, else a derived domain, else the name rules.

        An account with domains of its own is only matched by name to accounts without one:
        two accounts that both have known, different domains are never merged.
        """
        for domain in domains:
            if (handle := self.owner(domain)) is not None:
                return Resolution(handle, DOMAIN, 100.0)
        if not domains:
            for domain in derived:
                if (handle := self.owner(domain)) is not None:
                    return Resolution(handle, DERIVED_DOMAIN, 100.0)
        found = self.match_name(name_key, signals, domainless_only=bool(domains))
        if domains and found.handle is None:
            return self._same_name_other_domain(name_key, signals) or found
        return found

    def _same_name_other_domain(self, name_key: str, signals: Signals) -> Resolution | None:
        """The same company name with another website (a product or country domain): merged
        when the address agrees on two signals (e.g. country and city), else put to a person."""
        matches = [self._match(h, 100.0, signals, True) for h in self._names.exact(name_key)]
        sure = [m for m in matches if len(m.signals) >= SAME_NAME_SIGNALS]
        if sure:
            return Resolution(pick_best(sure, self.facts).handle, NAME_EXACT_ADDRESS, 100.0)
        unsure = tuple(NameMatch(m.handle, m.score, None, m.signals) for m in matches)
        return Resolution(review=unsure[:REVIEW_LIMIT]) if unsure else None

    def match_name(
        self,
        name_key: str,
        signals: Signals,
        domainless_only: bool = False,
        exclude: Collection[int] = (),
    ) -> Resolution:
        """Exact name key first; else fuzzy names, matched with a supporting signal."""

        def allowed(handle: int) -> bool:
            return handle not in exclude and not (
                domainless_only and self._entries[handle].declared
            )

        names = self._bare_names if domainless_only else self._names
        exact = [self._match(h, 100.0, signals, True) for h in names.exact(name_key)]
        exact = [m for m in exact if allowed(m.handle)]
        if exact:
            best = pick_best(exact, self.facts)
            return Resolution(best.handle, NAME_EXACT, 100.0)
        similar = names.similar(name_key, self.thresholds.review)
        matches = [self._match(h, s, signals, False) for h, s in similar if allowed(h)]
        auto = [m for m in matches if m.method is not None]
        if auto:
            best = pick_best(auto, self.facts)
            return Resolution(best.handle, best.method, best.score)
        review = [m for m in matches if worth_review(m, self.thresholds)]
        return Resolution(review=tuple(review[:REVIEW_LIMIT]))

    def _match(self, handle: int, score: float, signals: Signals, exact: bool) -> NameMatch:
        agreed = supporting_signals(signals, self._entries[handle].signals)
        return NameMatch(handle, score, classify(score, exact, agreed, self.thresholds), agreed)
