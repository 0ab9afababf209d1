"""One industry vocabulary across sources.

Salesforce picklists ("Technology"), HubSpot enums ("COMPUTER_SOFTWARE") and LinkedIn/PDL labels
("information technology and services") name the same industries differently; an ICP learned
over raw values would split one industry into several weak criteria. Scoring and learning read
industries through `canonical_industry`; the store keeps what the source said.

>>> canonical_industry("COMPUTER_SOFTWARE"), canonical_industry("computer software")
('Software', 'Software')
>>> canonical_industry("HOSPITAL_HEALTH_CARE"), canonical_industry("Healthcare")
('Healthcare', 'Healthcare')
>>> canonical_industry("technolgy")
'Software'
>>> canonical_industry("Underwater Basket Weaving")
'Underwater Basket Weaving'
>>> canonical_industry("  ") is None
True
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz, process

# Canonical industry -> words or phrases that name it (compared on lower-cased, underscore-free
# text). Phrases are tried longest first, so "financial services" wins over "services".
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Software": (
        "software", "computer software", "saas", "information technology and services",
        "information technology", "technology", "internet", "it services",
        "computer networking", "computer hardware", "semiconductors", "computer games",
    ),
    "Financial Services": (
        "financial services", "finance", "investment management", "investment banking",
        "capital markets", "venture capital", "venture capital private equity", "accounting",
        "fintech",
    ),
    "Banking": ("banking", "bank", "banks"),
    "Insurance": ("insurance",),
    "Healthcare": (
        "healthcare", "health care", "hospital health care", "hospital & health care",
        "medical devices", "medical practice", "pharmaceuticals", "biotechnology",
        "mental health care", "health wellness and fitness",
    ),
    "Manufacturing": (
        "manufacturing", "industrial automation", "machinery",
        "electrical electronic manufacturing", "electronics", "chemicals", "automotive",
        "aviation aerospace", "mechanical or industrial engineering", "industrial", "engineering",
    ),
    "Retail": ("retail", "consumer goods", "apparel", "apparel fashion", "food beverages",
               "food & beverages", "consumer products"),
    "E-commerce": ("e-commerce", "ecommerce", "online retail"),
    "Professional Services": (
        "professional services", "management consulting", "consulting", "legal services",
        "law practice", "staffing and recruiting", "human resources", "marketing and advertising",
        "business services",
    ),
    "Logistics": (
        "logistics", "logistics and supply chain", "transportation",
        "transportation trucking railroad", "shipping", "package freight delivery", "maritime",
        "warehousing",
    ),
    "Media": ("media", "online media", "broadcast media", "publishing", "entertainment",
              "newspapers", "media production"),
    "Telecommunications": ("telecommunications", "telecom", "communications", "wireless"),
    "Education": ("education", "education management", "higher education", "e-learning",
                  "primary secondary education"),
    "Energy": ("energy", "oil energy", "oil & energy", "utilities", "renewables environment",
               "renewables & environment", "oil and gas", "mining metals"),
    "Government": ("government", "government administration", "public sector", "military",
                   "defense space", "public policy"),
    "Hospitality": ("hospitality", "leisure travel tourism", "restaurants", "hotels", "travel"),
    "Real Estate": ("real estate", "commercial real estate", "construction",
                    "architecture planning"),
    "Non-profit": ("non-profit", "nonprofit", "not for profit",
                   "non profit organization management", "philanthropy",
                   "civic social organization"),
}  # fmt: skip

_SPACES = re.compile(r"[\s_]+")
TYPO_SCORE = 90.0


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.replace("&", " & ").strip().lower()).replace(" & ", " & ")


@functools.cache
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, names in SYNONYMS.items():
        for name in (canonical, *names):
            table[_key(name)] = canonical
            table[_key(name.replace("&", "and"))] = canonical
            table[_key(name.replace("&", " "))] = canonical
    return table


def canonical_industry(value: str | None) -> str | None:
    """The canonical name of an industry; unknown values come back trimmed, as given."""
    if value is None or not value.strip():
        return None
    key = _key(value)
    table = _lookup()
    found = table.get(key) or table.get(_key(key.replace("&", " ")))
    if found is None:
        # Hand-typed picklists carry typos ("technolgy"); only a near-identical spelling counts.
        near = process.extractOne(key, list(table), scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
        found = table[near[0]] if near else None
    return found or value.strip()
