"""Company names and domains that make name-based dedup well-posed.

Every true company gets a distinct brand stem, and any two stems are at least two edits apart
(a deletion-neighbourhood check, as in SymSpell), so "Acme Lab" / "Acme Labs" style near-twins
never name two different companies. Names, domains and name keys are therefore unique.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from beachhead.core.identity.freemail import FREE_MAIL_DOMAINS
from beachhead.core.identity.names import LEGAL_SUFFIXES
from beachhead.demo.vocab import (
    CODAS,
    ENDINGS,
    NAME_PREFIXES,
    NAME_ROOTS,
    ONSETS,
    STEM_BLOCKLIST,
    VOWELS,
)

_BLOCKED = STEM_BLOCKLIST | LEGAL_SUFFIXES | {d.split(".")[0] for d in FREE_MAIL_DOMAINS}


class StemRegistry:
    """Accepts a word only if it is at least two edits away from every word accepted before."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def accept(self, word: str, min_length: int = 4) -> bool:
        hood = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
        if len(word) < min_length or word in _BLOCKED or not hood.isdisjoint(self._seen):
            return False
        self._seen |= hood
        return True


def _invented(rng: np.random.Generator, n: int) -> list[str]:
    parts = [
        rng.integers(0, len(ONSETS), n),
        rng.integers(0, len(VOWELS), n),
        rng.integers(0, len(ONSETS), n),
        rng.integers(0, len(VOWELS), n),
        rng.integers(0, len(CODAS), n),
        rng.integers(0, len(ENDINGS), n),
    ]
    return [
        ONSETS[a] + VOWELS[b] + ONSETS[c] + VOWELS[d] + CODAS[e] + ENDINGS[f]
        for a, b, c, d, e, f in zip(*(p.tolist() for p in parts), strict=True)
    ]


def _compounds() -> list[str]:
    return sorted({p + r for p in NAME_PREFIXES for r in NAME_ROOTS if not p.endswith(r)})


def brand_stems(rng: np.random.Generator, n: int, registry: StemRegistry) -> list[str]:
    """`n` lower-case brand stems, compounds ("northbridge") preferred over invented words."""
    compounds = _compounds()
    stems: list[str] = []
    while len(stems) < n:
        invented = _invented(rng, 2 * (n - len(stems)) + 64)
        candidates = compounds + invented
        # Compounds read better, so they sort earlier on average; both kinds stay mixed.
        keys = np.r_[rng.random(len(compounds)), 0.4 + rng.random(len(invented))]
        for index in np.argsort(keys, kind="stable").tolist():
            word = candidates[index]
            if registry.accept(word):
                stems.append(word)
                if len(stems) == n:
                    break
        compounds = []
    return stems


@dataclass(frozen=True)
class NameParts:
    """Display name and web domains of synthetic companies."""

    name: list[str]
    domain: list[str]
    alias_domain: list[str]  # "" when the company has only one domain


def compose_names(
    rng: np.random.Generator, stems: list[str], descriptors: list[str], tlds: list[str]
) -> NameParts:
    """Names ("Northbridge Analytics"), domains and occasional alias domains from stems."""
    n = len(stems)
    with_descriptor = rng.random(n) < 0.7
    domain_style = rng.choice(3, size=n, p=[0.72, 0.2, 0.08])
    has_alias = rng.random(n) < 0.15
    names, domains, aliases = [], [], []
    for i, stem in enumerate(stems):
        words = descriptors[i] if with_descriptor[i] else ""
        names.append(f"{stem.capitalize()} {words}".strip())
        label = _domain_label(stem, words.lower().replace(" ", ""), int(domain_style[i]))
        domains.append(f"{label}.{tlds[i]}")
        aliases.append(f"{stem}.{'io' if tlds[i] == 'com' else 'com'}" if has_alias[i] else "")
    return NameParts(names, domains, aliases)


def _domain_label(stem: str, descriptor: str, style: int) -> str:
    if not descriptor or style == 0:
        return stem
    return f"{stem}{descriptor}" if style == 1 else f"{stem}-{descriptor}"
