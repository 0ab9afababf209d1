"""Real company names, domains, industries and sizes sampled from a PDL-style companies CSV."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from beachhead.core.identity.freemail import FREE_MAIL_DOMAINS
from beachhead.core.identity.names import name_key
from beachhead.demo.naming import StemRegistry
from beachhead.demo.vocab import SECTORS

# PDL uses LinkedIn's industry list; these substrings map it onto the demo's sectors.
_SECTOR_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("software", "Software"),
    ("internet", "Software"),
    ("computer", "Software"),
    ("information technology", "Software"),
    ("banking", "Banking"),
    ("insurance", "Insurance"),
    ("financial", "Financial Services"),
    ("investment", "Financial Services"),
    ("capital", "Financial Services"),
    ("hospital", "Healthcare"),
    ("health", "Healthcare"),
    ("medical", "Healthcare"),
    ("pharma", "Healthcare"),
    ("retail", "Retail"),
    ("consumer", "Retail"),
    ("apparel", "Retail"),
    ("logistics", "Logistics"),
    ("transportation", "Logistics"),
    ("airlines", "Logistics"),
    ("telecom", "Telecommunications"),
    ("media", "Media"),
    ("entertainment", "Media"),
    ("publishing", "Media"),
    ("education", "Education"),
    ("e-learning", "Education"),
    ("government", "Government"),
    ("military", "Government"),
    ("oil", "Energy"),
    ("energy", "Energy"),
    ("utilities", "Energy"),
    ("consulting", "Professional Services"),
    ("accounting", "Professional Services"),
    ("legal", "Professional Services"),
    ("staffing", "Professional Services"),
    ("hospitality", "Hospitality"),
    ("restaurants", "Hospitality"),
    ("real estate", "Real Estate"),
    ("non-profit", "Non-profit"),
    ("manufactur", "Manufacturing"),
    ("automotive", "Manufacturing"),
    ("machinery", "Manufacturing"),
    ("chemicals", "Manufacturing"),
)
_SECTOR_INDEX = {sector.label: i for i, sector in enumerate(SECTORS)}


@dataclass(frozen=True)
class RealCompanies:
    """Rows taken from the CSV, aligned by position."""

    name: list[str]
    domain: list[str]
    industry: list[str]
    sector: np.ndarray  # index into SECTORS, len(SECTORS) for "Other"
    employees: np.ndarray
    country: list[str]
    locality: list[str]


def sector_of(industry: str) -> int:
    """The demo sector index of a LinkedIn/PDL industry label."""
    text = industry.lower()
    for keyword, label in _SECTOR_KEYWORDS:
        if keyword in text:
            return _SECTOR_INDEX[label]
    return len(SECTORS)


def _display(name: str) -> str:
    # PDL lower-cases names; short single words are usually acronyms ("ibm").
    return name.upper() if len(name) <= 4 and " " not in name else name.title()


def _read(path: Path) -> pa.Table:
    columns = ["name", "domain", "industry", "country", "locality", "current employee estimate"]
    options = pacsv.ConvertOptions(include_columns=columns)
    table = pacsv.read_csv(path, convert_options=options)
    valid = pc.and_(pc.is_valid(table["name"]), pc.is_valid(table["domain"]))
    return table.filter(valid)


def _accept(name: str, domain: str, seen: tuple[set[str], set[str], StemRegistry]) -> bool:
    first_tokens, domains, registry = seen
    key = name_key(name)
    if not key or domain in domains or domain in FREE_MAIL_DOMAINS:
        return False
    # One company per leading word keeps "Deloitte" and "Deloitte Digital" from both appearing.
    first, compact = key.split()[0], key.replace(" ", "")
    if first in first_tokens or not registry.accept(first, 2):
        return False
    if compact != first and not registry.accept(compact, 2):
        return False
    first_tokens.add(first)
    domains.add(domain)
    registry.accept(domain.split(".")[0], 2)  # so no synthetic stem can later take it
    return True


def sample_real_companies(
    path: Path, rng: np.random.Generator, n: int, registry: StemRegistry
) -> RealCompanies:
    """Up to `n` companies from the CSV with unique, well-separated name keys and domains."""
    table = _read(path)
    rows = table.to_pydict()
    seen: tuple[set[str], set[str], StemRegistry] = (set(), set(), registry)
    picked: list[int] = []
    for i in rng.permutation(table.num_rows).tolist():
        domain = str(rows["domain"][i]).strip().lower()
        if _accept(str(rows["name"][i]), domain, seen):
            picked.append(i)
            if len(picked) == n:
                break
    employees = [rows["current employee estimate"][i] or 0 for i in picked]
    return RealCompanies(
        name=[_display(str(rows["name"][i]).strip()) for i in picked],
        domain=[str(rows["domain"][i]).strip().lower() for i in picked],
        industry=[str(rows["industry"][i] or "").title() for i in picked],
        sector=np.array([sector_of(str(rows["industry"][i] or "")) for i in picked], dtype=int),
        employees=np.maximum(np.array(employees, dtype=np.int64), 2),
        country=[str(rows["country"][i] or "").title() for i in picked],
        locality=[str(rows["locality"][i] or "") for i in picked],
    )
