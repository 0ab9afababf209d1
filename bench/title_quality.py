"""Title classifier quality on a labelled title set, and throughput on many titles.

    .venv/bin/python bench/title_quality.py /work/shared/data/job-titles-rootstrap
    .venv/bin/python bench/title_quality.py DIR --speed 1000000

The folder holds `titles_by_level.tsv` (C-Suite / VP / Director / Manager / Other) and
`titles_by_area.tsv` (Business / Technical / Sales-Marketing / Other), header
"Position<TAB>Classification". Our labels are mapped onto theirs (LEVEL_MAP, AREA_MAP below,
documented in docs/concepts/buying-committee.md). The baseline, measured in the same run, is a
naive substring keyword matcher: the thing whole-token rules exist to beat.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from beachhead.core.committee import TitleProfile, classify_title, classify_titles

LEVELS = ("C-Suite", "VP", "Director", "Manager", "Other")
AREAS = ("Business", "Technical", "Sales-Marketing", "Other")
LEVEL_MAP = {
    "cxo": "C-Suite",
    "vp": "VP",
    "director": "Director",
    "manager": "Manager",
    "ic": "Other",
    "unknown": "Other",
}
AREA_MAP = {
    "executive": "Business",
    "finance": "Business",
    "operations": "Business",
    "procurement": "Business",
    "customer_success": "Business",
    "it_engineering": "Technical",
    "data": "Technical",
    "security": "Technical",
    "product": "Technical",
    "marketing": "Sales-Marketing",
    "sales": "Sales-Marketing",
    "hr": "Other",
    "legal_compliance": "Other",
    "other": "Other",
}


def read_labelled(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return [(row[0], row[1]) for row in rows[1:] if len(row) >= 2]


def naive_level(title: str) -> str:
    text = title.lower()
    rules = (
        ("C-Suite", ("ceo", "cto", "cfo", "coo", "cio", "chief", "founder", "president")),
        ("VP", ("vp", "vice president")),
        ("Director", ("director", "head")),
        ("Manager", ("manager", "lead")),
    )
    if "vice president" in text:
        return "VP"
    return next((label for label, words in rules if any(w in text for w in words)), "Other")


def naive_area(title: str) -> str:
    text = title.lower()
    rules = (
        ("Sales-Marketing", ("sales", "marketing")),
        ("Technical", ("tech", "engineer", "developer", "data", "it ")),
        ("Business", ("ceo", "finance", "business", "operations", "president")),
    )
    return next((label for label, words in rules if any(w in text for w in words)), "Other")


def scores(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, tuple[float, float, float, int]]:
    pairs = Counter(zip(gold, predicted, strict=True))
    out: dict[str, tuple[float, float, float, int]] = {}
    for label in labels:
        tp = pairs[(label, label)]
        guessed = sum(n for (_, p), n in pairs.items() if p == label)
        actual = sum(n for (g, _), n in pairs.items() if g == label)
        precision = tp / guessed if guessed else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = (precision, recall, f1, actual)
    return out


def report(
    name: str,
    gold: Sequence[str],
    ours: Sequence[str],
    baseline: Sequence[str],
    labels: Sequence[str],
) -> None:
    ours_scores, base_scores = scores(gold, ours, labels), scores(gold, baseline, labels)
    print(f"\n== {name}: {len(gold)} titles")
    print(f"{'class':<16}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>6}{'baseline F1':>13}")
    for label in labels:
        p, r, f, n = ours_scores[label]
        print(f"{label:<16}{p:>10.2f}{r:>8.2f}{f:>7.2f}{n:>6}{base_scores[label][2]:>13.2f}")
    macro = sum(s[2] for s in ours_scores.values()) / len(labels)
    base_macro = sum(s[2] for s in base_scores.values()) / len(labels)
    accuracy = sum(g == o for g, o in zip(gold, ours, strict=True)) / len(gold)
    base_accuracy = sum(g == b for g, b in zip(gold, baseline, strict=True)) / len(gold)
    print(
        f"accuracy {accuracy:.3f} (baseline {base_accuracy:.3f}); macro-F1 {macro:.3f} "
        f"(baseline {base_macro:.3f}, ratio {macro / base_macro if base_macro else 0:.2f}x)"
    )
    confusion(gold, ours, labels)


def confusion(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> None:
    pairs = Counter(zip(gold, predicted, strict=True))
    width = max(len(label) for label in labels) + 2
    print("confusion (rows = labelled, columns = ours):")
    print(" " * width + "".join(f"{label[:10]:>11}" for label in labels))
    for g in labels:
        print(f"{g:<{width}}" + "".join(f"{pairs[(g, p)]:>11}" for p in labels))


def evaluate(
    folder: Path,
    label_of: Callable[[TitleProfile], str],
    file: str,
    labels: Sequence[str],
    naive: Callable[[str], str],
    name: str,
) -> None:
    rows = read_labelled(folder / file)
    gold = [label for _, label in rows]
    ours = [label_of(classify_title(title)) for title, _ in rows]
    report(name, gold, ours, [naive(title) for title, _ in rows], labels)


def speed(folder: Path, count: int) -> None:
    """Throughput on `count` titles built from the labelled ones; about half are unique."""
    seeds = [t for t, _ in read_labelled(folder / "titles_by_level.tsv")]
    rng = random.Random(7)
    suffixes = ("", "", " EMEA", ", North America", " II", " (Remote)", " - APAC", " | Acme")
    titles = [
        f"{rng.choice(seeds)}{rng.choice(suffixes)}"
        + (f", Team {rng.randrange(1_000_000)}" if rng.random() < 0.5 else "")
        for _ in range(count)
    ]
    started = time.perf_counter()
    for title in titles:
        title.casefold().split()
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    classify_titles(titles)
    elapsed = time.perf_counter() - started
    print(f"\n== speed: {count:,} titles ({len(set(titles)):,} unique)")
    print(
        f"classify_titles {elapsed:.2f} s ({count / elapsed:,.0f} titles/s); baseline "
        f"casefold+split {baseline:.2f} s; ratio {elapsed / baseline:.1f}x"
    )


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder with titles_by_level/area.tsv")
    parser.add_argument("--speed", type=int, default=0, help="also time this many titles")
    args = parser.parse_args(argv)
    evaluate(
        args.folder,
        lambda p: LEVEL_MAP[p.seniority],
        "titles_by_level.tsv",
        LEVELS,
        naive_level,
        "seniority vs level labels",
    )
    evaluate(
        args.folder,
        lambda p: AREA_MAP[p.function],
        "titles_by_area.tsv",
        AREAS,
        naive_area,
        "function vs area labels",
    )
    if args.speed:
        speed(args.folder, args.speed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
