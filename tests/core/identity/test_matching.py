"""Name matching: signals, blocking, classification and tie-breakers."""

from __future__ import annotations

from beachhead.core.identity.matching import (
    NAME_EXACT,
    NAME_FUZZY,
    AccountFacts,
    NameIndex,
    NameMatch,
    Signals,
    Thresholds,
    block_keys,
    classify,
    normalise_country,
    pick_best,
    supporting_signals,
)
from beachhead.core.identity.names import name_key


def test_country_spellings_agree() -> None:
    assert normalise_country("United States") == normalise_country("usa") == "us"
    assert normalise_country("UK") == normalise_country("United Kingdom") == "gb"
    assert normalise_country("  ") is None


def test_supporting_signals_need_both_sides() -> None:
    a = Signals(country="US", city="Austin", postal_code="78701", phone="+1 (512) 555-0100")
    b = Signals(country="USA", city=" austin ", postal_code="78702", phone="512.555.0100")
    assert supporting_signals(a, b) == ("country", "city", "phone")
    assert supporting_signals(a, Signals()) == ()


def test_postal_codes_ignore_spaces_and_case() -> None:
    assert supporting_signals(Signals(postal_code="sw1a 1aa"), Signals(postal_code="SW1A1AA")) == (
        "postal_code",
    )


def test_classify_requires_a_signal_for_fuzzy_names() -> None:
    th = Thresholds(match=92, review=80)
    assert classify(100, True, (), th) == NAME_EXACT
    assert classify(93, False, ("country",), th) == NAME_FUZZY
    assert classify(93, False, (), th) is None
    assert classify(85, False, ("country",), th) is None


def test_block_keys_share_prefix_despite_spacing() -> None:
    assert block_keys("jp morgan") & block_keys("jpmorgan")
    assert block_keys("") == set()


def test_index_finds_typos_and_reordered_words() -> None:
    index = NameIndex()
    for handle, name in enumerate(["Acme Widgets", "Globex", "Initech Systems", "Umbrella"]):
        index.add(handle, name_key(name))
    assert index.similar(name_key("Acme Widgts"), 80)[0][0] == 0
    assert index.similar(name_key("Systems Initech"), 80)[0] == (2, 100.0)
    assert index.similar(name_key("Hooli"), 80) == []


def test_index_keeps_aliases() -> None:
    index = NameIndex()
    index.add(5, "acme")
    index.add(5, "acme widgets")
    assert index.exact("acme widgets") == [5]
    assert [h for h, _ in index.similar("acme widget", 80)] == [5]


def test_tie_breakers_prefer_customer_then_open_deals_then_contacts() -> None:
    facts = {
        1: AccountFacts(contacts=50),
        2: AccountFacts(open_opportunities=1),
        3: AccountFacts(is_customer=True),
    }
    matches = [NameMatch(h, 95.0, NAME_FUZZY) for h in (1, 2, 3)]
    assert pick_best(matches, facts.__getitem__).handle == 3
    assert pick_best(matches[:2], facts.__getitem__).handle == 2
    plain = {1: AccountFacts(contacts=2), 2: AccountFacts(contacts=9)}
    assert pick_best(matches[:2], plain.__getitem__).handle == 2


def test_only_near_misses_with_evidence_are_worth_review() -> None:
    from beachhead.core.identity.matching import NameMatch, Thresholds, worth_review

    limits = Thresholds(match=92.0, review=80.0)
    assert worth_review(NameMatch(1, 95.0, None), limits)  # close enough, lacks only a signal
    assert worth_review(NameMatch(1, 84.0, None, ("country",)), limits)
    assert not worth_review(NameMatch(1, 84.0, None), limits)  # a look-alike name, nothing else
