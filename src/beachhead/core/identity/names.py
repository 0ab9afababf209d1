"""Company-name keys and fuzzy similarity for matching without a domain."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

# Legal forms and filler words that do not distinguish one company from another.
LEGAL_SUFFIXES: frozenset[str] = frozenset(
    """
    inc incorporated corp corporation co company companies llc llp lp ltd limited plc
    gmbh ag kg kgaa se sa sas sarl srl spa bv nv oy ab as asa aps pty pte pvt kk
    holdings holding group the intl international
    """.split()
)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def name_key(name: str | None) -> str:
    """A comparable company-name key: accents, case, punctuation and legal forms removed.

    >>> name_key("  ACME Corp., Inc. ")
    'acme'
    >>> name_key("Société Générale S.A.")
    'societe generale'
    >>> name_key("The Home Depot")
    'home depot'
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("&", " and ")
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # S.A. -> SA, keeps "acme.com" whole
    tokens = [t for t in _NON_WORD.split(text) if t]
    kept = [t for t in tokens if t not in LEGAL_SUFFIXES]
    return " ".join(kept or tokens)


def name_similarity(a: str, b: str) -> float:
    """Similarity 0-100 of two name keys; token order and small typos are forgiven.

    >>> name_similarity("acme widgets", "acme widgets") == 100.0
    True
    >>> name_similarity("acme", "globex") < 50
    True
    """
    if not a or not b:
        return 0.0
    return float(max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a, b)))
