"""People at the true companies: buying committees, messy titles, emails, CRM membership."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beachhead.demo.common import blank_where, concat, occurrence, take
from beachhead.demo.vocab_people import (
    COMMITTEE_SLOTS,
    FIRST_NAMES,
    FREE_MAIL,
    FUNCTIONS,
    LAST_NAMES,
    REGION_QUALIFIERS,
    ROLE_CELLS,
    SENIORITIES,
    TITLES,
)

ROLES: tuple[str, ...] = tuple(ROLE_CELLS)
FUNCTION_KEYS: tuple[str, ...] = tuple(FUNCTIONS)
_NONE_ROLE = ROLES.index("none")
_SLOT_ROLE = np.array([ROLES.index(r) for r in COMMITTEE_SLOTS])


@dataclass(frozen=True)
class People:
    """Column arrays of the true people, grouped by company (committee slots first)."""

    company: np.ndarray
    role: np.ndarray  # index into ROLES
    seniority: np.ndarray  # index into SENIORITIES
    function: np.ndarray  # index into FUNCTION_KEYS
    first: pa.Array
    last: pa.Array
    title: pa.Array
    email: pa.Array
    is_freemail: np.ndarray
    start: np.ndarray  # per company: index of its first person
    committee: np.ndarray  # per company: committee members (slots 0..committee-1)

    @property
    def n(self) -> int:
        return len(self.company)


def ascii_token(word: str) -> str:
    """Lower-case ASCII letters and digits of a name, as mail systems write it."""
    text = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _layout(rng: np.random.Generator, committee: np.ndarray) -> tuple[np.ndarray, ...]:
    extras = rng.binomial(2, 0.3, len(committee))
    per_company = committee + extras
    company = np.repeat(np.arange(len(committee)), per_company)
    start = np.r_[0, np.cumsum(per_company)[:-1]]
    slot = np.arange(len(company)) - start[company]
    in_committee = slot < committee[company]
    role = np.where(in_committee, _SLOT_ROLE[np.minimum(slot, len(_SLOT_ROLE) - 1)], _NONE_ROLE)
    return company, role, start


def _cells(rng: np.random.Generator, role: np.ndarray) -> tuple[np.ndarray, np.ndarray, pa.Array]:
    """Seniority, function and title for each person, drawn from the role's title cells."""
    seniority, function = np.zeros(len(role), int), np.zeros(len(role), int)
    title_index = np.zeros(len(role), int)
    vocabulary: list[str] = []
    for r, name in enumerate(ROLES):
        rows = np.flatnonzero(role == r)
        cells = ROLE_CELLS[name]
        pick = rng.integers(0, len(cells), rows.size)
        offsets = np.array(
            [len(vocabulary) + sum(len(TITLES[c]) for c in cells[:k]) for k in range(len(cells))]
        )
        counts = np.array([len(TITLES[c]) for c in cells])
        title_index[rows] = offsets[pick] + (rng.random(rows.size) * counts[pick]).astype(int)
        seniority[rows] = [SENIORITIES.index(cells[k][0]) for k in pick.tolist()]
        function[rows] = [FUNCTION_KEYS.index(cells[k][1]) for k in pick.tolist()]
        vocabulary.extend(t for c in cells for t in TITLES[c])
    return seniority, function, _messy_titles(rng, take(vocabulary, title_index), seniority)


def _messy_titles(rng: np.random.Generator, titles: pa.Array, seniority: np.ndarray) -> pa.Array:
    n = len(titles)
    senior = (seniority == 1) | (seniority == 2)
    regional = senior & (rng.random(n) < 0.08)
    qualifier = take(REGION_QUALIFIERS, rng.integers(0, len(REGION_QUALIFIERS), n))
    out = pc.if_else(pa.array(regional), concat(titles, qualifier), titles)
    out = pc.if_else(pa.array(rng.random(n) < 0.03), pc.utf8_lower(out), out)
    return out


def _work_emails(
    rng: np.random.Generator,
    first: np.ndarray,
    last: np.ndarray,
    company: np.ndarray,
    domains: tuple[list[str], list[str]],
) -> pa.Array:
    """Company-consistent address patterns (first.last@, flast@, ...) on the company domain."""
    f = take([ascii_token(x) for x in FIRST_NAMES], first)
    ln = take([ascii_token(x) for x in LAST_NAMES], last)
    initial = pc.utf8_slice_codeunits(f, 0, 1)
    styles = [
        concat(f, ".", ln),
        concat(initial, ln),
        concat(f, "_", ln),
        concat(f, ln),
        concat(f, pc.utf8_slice_codeunits(ln, 0, 1)),
    ]
    pattern = rng.choice(len(styles), size=len(domains[0]), p=[0.55, 0.2, 0.08, 0.1, 0.07])
    local = pc.choose(pa.array(pattern[company]), *styles)
    primary, alias = domains
    use_alias = (np.array([a != "" for a in alias])[company]) & (rng.random(len(company)) < 0.25)
    domain = pc.if_else(pa.array(use_alias), take(alias, company), take(primary, company))
    return _unique_emails(local, domain)


def _free_emails(rng: np.random.Generator, first: np.ndarray, last: np.ndarray) -> pa.Array:
    f = take([ascii_token(x) for x in FIRST_NAMES], first)
    ln = take([ascii_token(x) for x in LAST_NAMES], last)
    digits = pa.array(rng.integers(1, 99, len(first))).cast(pa.string())
    local = pc.choose(
        pa.array(rng.integers(0, 3, len(first))),
        concat(f, ".", ln),
        concat(f, ln, digits),
        concat(f, ".", ln, digits),
    )
    domain = take(FREE_MAIL, rng.integers(0, len(FREE_MAIL), len(first)))
    return _unique_emails(local, domain, sep="_")


def _unique_emails(local: pa.Array, domain: pa.Array, sep: str = "") -> pa.Array:
    # Namesakes at one company get jane.doe2@ - as mail admins do. Free-mail locals may end in
    # digits already, so they take a separator to stay unique.
    email = concat(local, "@", domain)
    seen = occurrence(np.asarray(pc.dictionary_encode(email).indices))
    suffix = pa.array(np.where(seen > 0, np.char.add(sep, (seen + 1).astype(str)), ""))
    return concat(local, suffix, "@", domain)


def generate_people(
    rng: np.random.Generator, committee: np.ndarray, domains: tuple[list[str], list[str]]
) -> People:
    """Committee members (plus a few bystanders) for every company; ~8% use free mail."""
    company, role, start = _layout(rng, committee)
    seniority, function, title = _cells(rng, role)
    first = rng.integers(0, len(FIRST_NAMES), len(company))
    last = rng.integers(0, len(LAST_NAMES), len(company))
    freemail = rng.random(len(company)) < 0.08
    email = pc.if_else(
        pa.array(freemail),
        _free_emails(rng, first, last),
        _work_emails(rng, first, last, company, domains),
    )
    return People(
        company,
        role,
        seniority,
        function,
        take(FIRST_NAMES, first),
        take(LAST_NAMES, last),
        title,
        email,
        freemail,
        start,
        committee,
    )


def crm_title(rng: np.random.Generator, people: People) -> pa.Array:
    """Titles as a CRM holds them: ~4% left blank."""
    return blank_where(people.title, rng.random(people.n) < 0.04)
