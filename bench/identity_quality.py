"""Account identity quality on a labelled set built from real company names and domains.

    .venv/bin/python bench/identity_quality.py companies_sorted_top21k.csv
    .venv/bin/python bench/identity_quality.py FILE --companies 2000 --distinct 1000 --seed 7

(FILE: the People Data Labs sample, e.g. /work/shared/data/pdl-companies-top21k/…; it is read
in place, never copied into the repository.)

From the People Data Labs company sample (name, domain, country, locality) it takes
`--companies` companies as CRM accounts, then writes a second source with one *variant* of each
(legal suffixes, case, punctuation, "&"/"and", "The ", abbreviations, a dropped word, a typo;
websites spelled differently or left blank) plus `--distinct` other companies that must not
match anything. Both go through the real import path (`write_records`) into a throwaway
workspace, and so do leads whose company is a name variant and whose email is free mail.

Reported, at the workspace's default thresholds:
(a) account dedup — precision and recall of variant → original merges, split by whether the
    variant had a website; (b) lead → account matching by company name. A baseline measured on
    the same rows (exact lower-cased name, or the identical website string) is printed beside.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from beachhead.connectors.canonical import CanonicalBatch
from beachhead.core.identity.domains import registrable_domain
from beachhead.core.identity.names import name_key
from beachhead.platform import Platform
from beachhead.services.progress import NoProgress
from beachhead.services.records import write_records
from beachhead.services.workspace import init_workspace
from beachhead.store.models import ExternalId, Lead, MatchCandidate

SUFFIXES = (" Inc.", ", Inc", " LLC", ", LLC", " Ltd", " Limited", " GmbH", " Corp.",
            " Corporation", " S.A.", " plc", " Co.", " AG", " B.V.")  # fmt: skip
ABBREVIATIONS = {"international": "intl", "technologies": "tech", "services": "svcs",
                 "systems": "sys", "manufacturing": "mfg", "associates": "assoc",
                 "brothers": "bros", "limited": "ltd", "corporation": "corp"}  # fmt: skip
COUNTRY_SPELLINGS = {"united states": ("USA", "US", "United States"),
                     "united kingdom": ("UK", "United Kingdom", "GB")}  # fmt: skip


@dataclass(frozen=True)
class Company:
    name: str
    domain: str
    country: str | None
    city: str | None


def read_companies(path: Path) -> list[Company]:
    """Companies with a usable domain, one per domain and per name key (the labels' basis)."""
    seen_domains: set[str] = set()
    seen_names: set[str] = set()
    companies = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            domain = registrable_domain(row.get("domain") or "")
            key = name_key(row.get("name") or "")
            if not domain or not key or domain in seen_domains or key in seen_names:
                continue
            seen_domains.add(domain)
            seen_names.add(key)
            city = (row.get("locality") or "").split(",")[0].strip() or None
            companies.append(Company(row["name"].title(), domain, row.get("country"), city))
    return companies


def typo(rng: random.Random, name: str) -> str:
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5]
    if not long:
        return name
    i = rng.choice(long)
    word, at = words[i], rng.randrange(1, len(words[i]) - 1)
    edits = (
        word[:at] + word[at + 1] + word[at] + word[at + 2 :],  # swap two letters
        word[:at] + word[at + 1 :],  # drop one
        word[:at] + word[at] + word[at:],  # double one
        word[:at] + rng.choice("aeiourstn") + word[at + 1 :],  # replace one
    )
    words[i] = rng.choice(edits)
    return " ".join(words)


def name_variant(rng: random.Random, name: str) -> tuple[str, str]:
    """A realistic other spelling of `name`, and which change made it."""
    kind = rng.choice(["suffix", "case", "punct", "and", "the", "abbrev", "drop", "typo",
                       "suffix+case", "typo+suffix"])  # fmt: skip
    out = name
    for step in kind.split("+"):
        out = _apply(rng, step, out)
    return (out if out != name else out + rng.choice(SUFFIXES)), kind


def _apply(rng: random.Random, step: str, name: str) -> str:
    words = name.split()
    if step == "suffix":
        return name + rng.choice(SUFFIXES)
    if step == "case":
        return name.upper() if rng.random() < 0.5 else name.lower()
    if step == "punct":
        return (
            name.replace(" ", rng.choice([", ", " - ", ". "]), 1) if len(words) > 1 else name + "."
        )
    if step == "and":
        return name.replace(" And ", " & ") if " And " in name else name.replace(" & ", " and ")
    if step == "the":
        return "The " + name
    if step == "abbrev":
        return " ".join(ABBREVIATIONS.get(w.lower(), w).title() for w in words)
    if step == "drop":
        return " ".join(words[:-1]) if len(words) >= 3 else name
    return typo(rng, name)


def website_variant(rng: random.Random, domain: str) -> str:
    forms = (f"www.{domain}", f"https://{domain}/", f"http://www.{domain}/about-us",
             domain.upper(), f"https://www.{domain}/contact?ref=crm", f"emea.{domain}")  # fmt: skip
    return rng.choice(forms)


def country_variant(rng: random.Random, country: str | None) -> str | None:
    if country is None or rng.random() < 0.4:
        return None
    return rng.choice(COUNTRY_SPELLINGS.get(country, (country.title(),)))


@dataclass
class LabelledSet:
    originals: list[Company]
    variants: list[dict[str, Any]]  # rows of the second source; ref "V{i}" ↔ original "O{i}"
    distinct: list[dict[str, Any]]  # rows that must not match; ref "D{i}"
    leads: list[dict[str, Any]]  # ref "L{i}" ↔ original "O{i}", "LD{i}" ↔ nothing


def build(companies: list[Company], n: int, n_distinct: int, seed: int) -> LabelledSet:
    rng = random.Random(seed)
    picked = rng.sample(companies, n + n_distinct)
    originals, others = picked[:n], picked[n:]
    variants, leads = [], []
    for i, company in enumerate(originals):
        name, kind = name_variant(rng, company.name)
        website = website_variant(rng, company.domain) if rng.random() < 0.5 else None
        country = country_variant(rng, company.country)
        variants.append({"ref": f"V{i}", "name": name, "website": website, "country": country,
                         "kind": kind, "file": "variants.csv", "line": i + 2})  # fmt: skip
        lead_name, lead_kind = name_variant(rng, company.name)
        leads.append({"ref": f"L{i}", "company": lead_name, "email": f"p{i}@gmail.com",
                      "country": country_variant(rng, company.country), "kind": lead_kind,
                      "file": "leads.csv", "line": i + 2})  # fmt: skip
    distinct = [
        {"ref": f"D{i}", "name": c.name, "country": c.country, "file": "variants.csv",
         "website": c.domain if rng.random() < 0.5 else None, "line": n + i + 2}
        for i, c in enumerate(others)
    ]  # fmt: skip
    leads += [{"ref": f"LD{i}", "company": c.name, "email": f"q{i}@gmail.com",
               "country": c.country, "file": "leads.csv", "line": n + i + 2}
              for i, c in enumerate(others)]  # fmt: skip
    return LabelledSet(originals, variants, distinct, leads)


def original_rows(originals: Sequence[Company]) -> list[dict[str, Any]]:
    return [
        {"ref": f"O{i}", "name": c.name, "website": f"https://www.{c.domain}", "country": c.country,
         "city": c.city, "file": "accounts.csv", "line": i + 2}
        for i, c in enumerate(originals)
    ]  # fmt: skip


@dataclass
class Outcome:
    """What the import made of the labelled rows."""

    accounts: dict[str, int]  # source ref -> account id
    leads: dict[str, int]  # lead ref -> account id
    reviews: set[tuple[str, int, int]]  # (subject, subject id, account id)
    lead_ids: dict[str, int]  # lead ref -> lead id
    seconds: float


def import_all(folder: Path, batches: Sequence[tuple[str, str, list[dict[str, Any]]]]) -> Outcome:
    """Import the batches in order into a new workspace; read back where every row went."""
    init_workspace(folder)
    platform = Platform.open(folder)
    try:
        started = time.perf_counter()
        for source, kind, rows in batches:
            made = CanonicalBatch(source)
            made.add(kind, [{k: v for k, v in r.items() if k != "kind"} for r in rows])
            with platform.store.unit_of_work() as session:
                write_records(session, platform.settings, made, NoProgress())
        seconds = time.perf_counter() - started
        with platform.store.reader() as session:
            return Outcome(_refs(session, "accounts"), _lead_accounts(session),
                           _review(session), _refs(session, "leads"), seconds)  # fmt: skip
    finally:
        platform.close()


def _refs(session: Any, entity: str) -> dict[str, int]:
    stmt = select(ExternalId.external_id, ExternalId.record_id).where(ExternalId.entity == entity)
    return {ref: record_id for ref, record_id in session.execute(stmt)}


def _lead_accounts(session: Any) -> dict[str, int]:
    rows = session.execute(
        select(ExternalId.external_id, Lead.account_id)
        .join(Lead, Lead.id == ExternalId.record_id)
        .where(ExternalId.entity == "leads", Lead.account_id.is_not(None))
    )
    return {ref: account_id for ref, account_id in rows}


def _review(session: Any) -> set[tuple[str, int, int]]:
    stmt = select(MatchCandidate.subject, MatchCandidate.subject_id, MatchCandidate.account_id)
    return {(s, sid, aid) for s, sid, aid in session.execute(stmt)}


@dataclass
class Labelled:
    """One row to judge: which original it belongs to (None: none), where it went."""

    group: str
    text: str
    want: int | None
    got: int | None
    reviewed: bool = False  # a correct candidate waits in the review queue


@dataclass
class Figures:
    n: int
    tp: int
    fp: int
    fn: int
    reviewed: int

    @classmethod
    def of(cls, rows: Sequence[Labelled]) -> Figures:
        tp = sum(r.want is not None and r.got == r.want for r in rows)
        fp = sum(r.got is not None and r.got != r.want for r in rows)
        fn = sum(r.want is not None and r.got is None for r in rows)
        reviewed = sum(r.want is not None and r.got is None and r.reviewed for r in rows)
        return cls(len(rows), tp, fp, fn, reviewed)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        positives = self.tp + self.fn
        return self.tp / positives if positives else 1.0


def judge_accounts(data: LabelledSet, out: Outcome) -> list[Labelled]:
    original_of = {out.accounts[f"O{i}"]: i for i in range(len(data.originals))}
    judged = []
    for i, row in enumerate(data.variants):
        account = out.accounts[row["ref"]]
        review = ("account", account, out.accounts[f"O{i}"]) in out.reviews
        group = "with website" if row["website"] else "no website"
        judged.append(Labelled(group, row["name"], i, original_of.get(account), review))
    for row in data.distinct:
        judged.append(
            Labelled("distinct", row["name"], None, original_of.get(out.accounts[row["ref"]]))
        )
    return judged


def judge_leads(data: LabelledSet, out: Outcome) -> list[Labelled]:
    original_of = {out.accounts[f"O{i}"]: i for i in range(len(data.originals))}
    judged = []
    for row in data.leads:
        ref = row["ref"]
        want = None if ref.startswith("LD") else int(ref[1:])
        got = original_of.get(out.leads.get(ref, -1))
        review = (
            want is not None
            and ("lead", out.lead_ids[ref], out.accounts[f"O{want}"]) in out.reviews
        )
        group = "lead, distinct" if want is None else "lead, variant"
        judged.append(Labelled(group, row["company"], want, got, review))
    return judged


def baseline(data: LabelledSet) -> tuple[list[Labelled], list[Labelled]]:
    """Exact lower-cased name or identical website string: what a spreadsheet VLOOKUP does."""
    by_name = {c.name.lower(): i for i, c in enumerate(data.originals)}
    by_site = {f"https://www.{c.domain}": i for i, c in enumerate(data.originals)}
    accounts = [
        Labelled("", r["name"], i if i < len(data.variants) else None,
                 by_name.get(r["name"].lower(), by_site.get(r.get("website") or "")))
        for i, r in enumerate(data.variants + data.distinct)
    ]  # fmt: skip
    leads = [
        Labelled("", r["company"], None if r["ref"].startswith("LD") else int(r["ref"][1:]),
                 by_name.get(r["company"].lower()))
        for r in data.leads
    ]  # fmt: skip
    return accounts, leads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("companies_csv", type=Path)
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--distinct", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--errors", type=int, default=0, help="Show this many wrong matches.")
    args = parser.parse_args()
    data = build(read_companies(args.companies_csv), args.companies, args.distinct, args.seed)
    originals = ("crm", "accounts", original_rows(data.originals))
    with tempfile.TemporaryDirectory() as tmp:
        dedup = import_all(Path(tmp) / "dedup", [originals, ("marketing", "accounts",
                                                 data.variants + data.distinct)])  # fmt: skip
        leads = import_all(Path(tmp) / "leads", [originals, ("marketing", "leads", data.leads)])
    print(f"imported {len(data.originals)} accounts + {len(data.variants) + len(data.distinct)} "
          f"in {dedup.seconds:.1f} s; + {len(data.leads)} leads in {leads.seconds:.1f} s "
          "(thresholds: match 92 with a signal, review 80)\n")  # fmt: skip
    base_accounts, base_leads = baseline(data)
    accounts, people = judge_accounts(data, dedup), judge_leads(data, leads)
    _report("(a) account dedup, all rows", accounts, base_accounts)
    for group in ("with website", "no website", "distinct"):
        _report(f"    {group}", [r for r in accounts if r.group == group], None)
    _report("(b) lead -> account, all rows", people, base_leads)
    for group in ("lead, variant", "lead, distinct"):
        _report(f"    {group}", [r for r in people if r.group == group], None)
    _report_kinds(data, accounts)
    _show_errors(data, accounts + people, args.errors)


def _report(title: str, rows: Sequence[Labelled], base: Sequence[Labelled] | None) -> None:
    f = Figures.of(rows)
    if f.tp + f.fn == 0:
        print(f"{title:<30} n={f.n:<5} matched to an account by mistake: {f.fp}")
        return
    with_review = (f.tp + f.reviewed) / max(f.tp + f.fn, 1)
    line = (
        f"{title:<30} n={f.n:<5} precision {f.precision:6.1%} recall {f.recall:6.1%} "
        f"(+review {with_review:6.1%})  wrong {f.fp}"
    )
    if base is not None:
        b = Figures.of(base)
        line += f"  | baseline precision {b.precision:6.1%} recall {b.recall:6.1%}"
    print(line)


def _report_kinds(data: LabelledSet, judged: Sequence[Labelled]) -> None:
    """Recall of name-only account dedup per kind of spelling change."""
    totals: dict[str, list[int]] = {}
    for row, result in zip(data.variants, judged, strict=False):
        if row["website"]:
            continue
        kind = f"{row['kind']}{'' if row['country'] else ' (no country)'}"
        bucket = totals.setdefault(kind, [0, 0, 0])
        bucket[0] += result.got == result.want
        bucket[1] += result.got is None and result.reviewed
        bucket[2] += 1
    print("\nname-only dedup by change: matched / queued for review / rows")
    for kind, (hits, queued, n) in sorted(totals.items()):
        print(f"    {kind:<28} {hits:>4} {queued:>4} {n:>5}   recall {hits / n:6.1%}")


def _show_errors(data: LabelledSet, judged: Sequence[Labelled], limit: int) -> None:
    wrong = [r for r in judged if r.got is not None and r.got != r.want][:limit]
    for r in wrong:
        want = data.originals[r.want].name if r.want is not None else "-"
        print(f"wrong: {r.text!r} -> {data.originals[r.got].name!r} (should be {want!r})")  # type: ignore[index]


if __name__ == "__main__":
    main()
