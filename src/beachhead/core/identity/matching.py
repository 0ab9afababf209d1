"""Deciding whether two company records are the same company.

A name match alone is only trusted when the normalised names are identical; a close (fuzzy)
name needs one supporting signal too — country, city, postal code or phone — as LeanData's
lead-to-account rules do. Matches below that bar but above the review threshold are kept for a
person to decide.

>>> a = Signals(country="USA", city="Austin")
>>> b = Signals(country="United States", phone="+1 512 555 0100")
>>> supporting_signals(a, b)
('country',)
>>> classify(100.0, exact=True, signals=(), thresholds=Thresholds())
'name_exact'
>>> classify(95.0, exact=False, signals=("country",), thresholds=Thresholds())
'name_fuzzy'
>>> classify(95.0, exact=False, signals=(), thresholds=Thresholds()) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

NAME_EXACT = "name_exact"
NAME_FUZZY = "name_fuzzy"

# Country spellings CRMs mix (ISO codes, English names); everything else compares lower-cased.
_COUNTRY_ALIASES = {
    "us": "us",
    "usa": "us",
    "u.s.": "us",
    "u.s.a.": "us",
    "united states": "us",
    "united states of america": "us",
    "uk": "gb",
    "gb": "gb",
    "great britain": "gb",
    "united kingdom": "gb",
    "england": "gb",
    "de": "de",
    "germany": "de",
    "deutschland": "de",
    "fr": "fr",
    "france": "fr",
    "ca": "ca",
    "canada": "ca",
    "in": "in",
    "india": "in",
    "au": "au",
    "australia": "au",
    "nl": "nl",
    "netherlands": "nl",
    "the netherlands": "nl",
}
_NOT_DIGIT = re.compile(r"\D+")
_PHONE_DIGITS = 9  # compare national numbers: the last 9 digits survive country-code styles


@dataclass(frozen=True)
class Thresholds:
    """Name similarity (0-100) to match with a supporting signal, and to queue for review."""

    match: float = 92.0
    review: float = 80.0


@dataclass(frozen=True)
class Signals:
    """Facts besides the name that can support a fuzzy company-name match."""

    country: str | None = None
    city: str | None = None
    postal_code: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class AccountFacts:
    """What the tie-breakers look at: customer > open opportunity > most contacts."""

    is_customer: bool = False
    open_opportunities: int = 0
    contacts: int = 0


@dataclass(frozen=True)
class NameMatch:
    """One account whose name resembles the probe's."""

    handle: int
    score: float
    method: str | None  # name_exact | name_fuzzy when good enough to match without a person
    signals: tuple[str, ...] = ()


def normalise_country(value: str | None) -> str | None:
    """A comparable country: ISO alpha-2 for the common spellings, else the lower-cased text.

    >>> normalise_country(" U.S.A. "), normalise_country("Germany"), normalise_country("Peru")
    ('us', 'de', 'peru')
    """
    if not value or not value.strip():
        return None
    text = value.strip().lower()
    return _COUNTRY_ALIASES.get(text, text)


def _phone_key(value: str | None) -> str | None:
    digits = _NOT_DIGIT.sub("", value or "")
    return digits[-_PHONE_DIGITS:] if len(digits) >= 7 else None


def _postal_key(value: str | None) -> str | None:
    text = (value or "").replace(" ", "").upper()
    return text or None


def _text_key(value: str | None) -> str | None:
    text = (value or "").strip().lower()
    return text or None


_SIGNAL_KEYS: tuple[tuple[str, Callable[[str | None], str | None]], ...] = (
    ("country", normalise_country),
    ("city", _text_key),
    ("postal_code", _postal_key),
    ("phone", _phone_key),
)


def supporting_signals(a: Signals, b: Signals) -> tuple[str, ...]:
    """The signals both sides know and agree on."""
    found = []
    for name, key in _SIGNAL_KEYS:
        left, right = key(getattr(a, name)), key(getattr(b, name))
        if left is not None and left == right:
            found.append(name)
    return tuple(found)


def classify(
    score: float, exact: bool, signals: Sequence[str], thresholds: Thresholds
) -> str | None:
    """The match method when a name match is good enough to act on without a person."""
    if exact:
        return NAME_EXACT
    if score >= thresholds.match and signals:
        return NAME_FUZZY
    return None


def worth_review(match: NameMatch, thresholds: Thresholds) -> bool:
    """Whether a person should look at a near-miss: a name close enough to match but for a
    supporting signal, or a looser name that agrees on one. Similar names alone are noise: in a
    large market most names have a look-alike."""
    return match.score >= thresholds.match or bool(match.signals)


def tie_break_order(facts: AccountFacts, score: float, handle: int) -> tuple[object, ...]:
    """Sort key, best first: customer, open opportunity, most contacts, then score, oldest."""
    return (
        not facts.is_customer,
        facts.open_opportunities == 0,
        -facts.contacts,
        -score,
        handle,
    )


def pick_best(matches: Sequence[NameMatch], facts: Callable[[int], AccountFacts]) -> NameMatch:
    """The match the tie-breakers prefer when several accounts qualify."""
    return min(matches, key=lambda m: tie_break_order(facts(m.handle), m.score, m.handle))


def block_keys(key: str) -> set[str]:
    """Blocking keys: candidates share a 3-letter prefix (spaces ignored) or their longest word.

    >>> sorted(block_keys("jp morgan chase"))
    ['p:jpm', 't:morgan']
    """
    compact = key.replace(" ", "")
    keys = {"p:" + compact[:3]} if compact else set()
    # Ties between equally long words go alphabetically, so word order does not matter.
    longest = max(key.split(), key=lambda word: (len(word), word), default="")
    if len(longest) >= 4:
        keys.add("t:" + longest)
    return keys


class NameIndex:
    """Company-name keys by handle, searchable by exact key and by blocked fuzzy similarity.

    >>> index = NameIndex()
    >>> index.add(1, "acme widgets"); index.add(2, "globex")
    >>> index.exact("acme widgets")
    [1]
    >>> [(h, round(s)) for h, s in index.similar("acme widget", 80.0)]
    [(1, 96)]
    """

    def __init__(self) -> None:
        self._exact: dict[str, list[int]] = {}
        self._blocks: dict[str, list[str]] = {}  # block -> distinct keys in it

    def add(self, handle: int, key: str) -> None:
        """Index `key` for `handle`; a handle may be known by several keys (aliases)."""
        if not key:
            return
        handles = self._exact.get(key)
        if handles is None:
            self._exact[key] = [handle]
            for block in block_keys(key):
                self._blocks.setdefault(block, []).append(key)
        elif handle not in handles:
            handles.append(handle)

    def exact(self, key: str) -> list[int]:
        return list(self._exact.get(key, ())) if key else []

    def similar(self, key: str, cutoff: float) -> list[tuple[int, float]]:
        """Handles whose best key scores at least `cutoff` against `key`, best first."""
        best: dict[int, float] = {}
        for block in block_keys(key):
            choices = self._blocks.get(block)
            if not choices:
                continue
            for candidate, score in _scored(key, choices, cutoff):
                for handle in self._exact[candidate]:
                    best[handle] = max(best.get(handle, 0.0), score)
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))


def _scored(key: str, choices: list[str], cutoff: float) -> Iterable[tuple[str, float]]:
    """`name_similarity` against many choices at once (both scorers run in C)."""
    best: dict[int, float] = {}
    for scorer in (fuzz.token_sort_ratio, fuzz.ratio):
        for _, score, index in process.extract(
            key, choices, scorer=scorer, score_cutoff=cutoff, limit=None
        ):
            best[index] = max(best.get(index, 0.0), float(score))
    return ((choices[i], s) for i, s in best.items())
