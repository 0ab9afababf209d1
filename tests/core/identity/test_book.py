"""The account book: domain keys first, names with the never-merge-two-domains rule."""

from __future__ import annotations

from beachhead.core.identity.book import DERIVED_DOMAIN, DOMAIN, AccountBook
from beachhead.core.identity.matching import NAME_EXACT, NAME_FUZZY, Signals, Thresholds
from beachhead.core.identity.names import name_key


def _book() -> tuple[AccountBook, int, int]:
    book = AccountBook(Thresholds())
    acme = book.add(1, name_key("Acme Corp"), Signals(country="US"))
    book.claim("acme.com", acme, declared=True)
    bare = book.add(2, name_key("Globex Corporation"), Signals(country="DE"))
    return book, acme, bare


def test_a_shared_domain_wins() -> None:
    book, acme, _ = _book()
    found = book.resolve_account(["acme.com"], [], name_key("Something Else"), Signals())
    assert (found.handle, found.method) == (acme, DOMAIN)


def test_a_derived_domain_matches_only_accounts_without_their_own() -> None:
    book, acme, _ = _book()
    assert book.resolve_account([], ["acme.com"], "x", Signals()).method == DERIVED_DOMAIN
    assert book.resolve_account(["other.com"], ["acme.com"], "x", Signals()).handle is None


def test_two_known_different_domains_never_merge_by_name() -> None:
    book, _, bare = _book()
    found = book.resolve_account(["acme.io"], [], name_key("ACME, Inc."), Signals())
    assert found.handle is None
    # ...but an account without a domain of its own can take one
    found = book.resolve_account(["globex.com"], [], name_key("Globex"), Signals())
    assert (found.handle, found.method) == (bare, NAME_EXACT)


def test_fuzzy_names_need_a_supporting_signal() -> None:
    book, _, bare = _book()
    with_signal = book.resolve_account([], [], name_key("Globexx"), Signals(country="Germany"))
    assert (with_signal.handle, with_signal.method) == (bare, NAME_FUZZY)
    without = book.resolve_account([], [], name_key("Globexx"), Signals(country="France"))
    assert without.handle is None
    assert [m.handle for m in without.review] == [bare]


def test_claims_are_first_come() -> None:
    book, acme, bare = _book()
    assert not book.claim("acme.com", bare, declared=True)
    assert book.owner("acme.com") == acme
    assert book.claim("globex.com", bare, declared=False)
    assert not book.has_own_domain(bare)


def test_new_accounts_get_ids_later() -> None:
    book = AccountBook(Thresholds())
    handle = book.add(None, "hooli", Signals())
    assert book.id_of(handle) is None
    book.set_id(handle, 42)
    assert book.handle_of(42) == handle


def test_excluded_accounts_are_skipped() -> None:
    book, _, bare = _book()
    assert book.match_name("globex", Signals(), exclude={bare}).handle is None
