"""1:few clusters: Tier-2 accounts in groups of 5–15 that share observable traits.

Accounts are split by industry, then size band, then the platform most of them run, then the
intent topic most of them surge on, then country, going one trait deeper only while a group is
too big for one cluster. A group too small to stand alone rejoins its parent's remainder (which
shares every trait named so far); a remainder too small for a cluster joins the smallest
sibling, which then keeps only the traits both share. Groups still too big are cut into
near-equal parts, so every cluster holds between `min_size` and `max_size` accounts whenever
the tier holds at least `min_size`. The order of everything is fixed, so the same accounts give
the same clusters.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Traits = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Member:
    account_id: int
    industry: str | None
    size_band: str | None
    technologies: tuple[str, ...]
    country: str | None
    topics: tuple[str, ...] = ()  # intent topics it is surging on, strongest first


@dataclass
class Cluster:
    key: str
    label: str
    traits: dict[str, str]
    account_ids: list[int] = field(default_factory=list)


Splitter = Callable[[Sequence[Member]], tuple[str, dict[str, list[Member]]]]


def _by(name: str, get: Callable[[Member], str | None]) -> Splitter:
    def split(members: Sequence[Member]) -> tuple[str, dict[str, list[Member]]]:
        groups: dict[str, list[Member]] = {}
        for m in members:
            value = get(m)
            if value:
                groups.setdefault(value, []).append(m)
        return name, groups

    return split


def _by_most_common(name: str, get: Callable[[Member], tuple[str, ...]]) -> Splitter:
    # The value most members have (ties alphabetical); those without it are the remainder.
    def split(members: Sequence[Member]) -> tuple[str, dict[str, list[Member]]]:
        counts = Counter(v for m in members for v in set(get(m)))
        if not counts:
            return name, {}
        top = min(counts, key=lambda v: (-counts[v], v))
        return name, {top: [m for m in members if top in get(m)]}

    return split


SPLITTERS: tuple[Splitter, ...] = (
    _by("industry", lambda m: m.industry),
    _by("size_band", lambda m: m.size_band),
    _by_most_common("platform", lambda m: m.technologies),
    _by_most_common("topic", lambda m: m.topics),
    _by("country", lambda m: m.country),
)
TRAIT_ORDER = ("industry", "size_band", "platform", "topic", "country")


def cluster_accounts(members: Sequence[Member], min_size: int, max_size: int) -> list[Cluster]:
    """Clusters of `min_size`..`max_size` accounts with their defining traits and a label.

    Fewer than `min_size` members make no cluster at all.
    """
    ordered = sorted(members, key=lambda m: m.account_id)
    if len(ordered) < min_size:
        return []
    groups = _split(ordered, (), 0, min_size, max_size)
    groups = [(_shared(traits, group), group) for traits, group in groups]
    groups.sort(key=lambda g: (-len(g[1]), g[0], g[1][0].account_id))
    labels = [label(dict(traits)) for traits, _ in groups]
    seen: Counter[str] = Counter()
    out = []
    for n, ((traits, group), text) in enumerate(zip(groups, labels, strict=True), start=1):
        seen[text] += 1
        if labels.count(text) > 1:  # parts of one group cut for size
            text = f"{text} ({seen[text]} of {labels.count(text)})"
        out.append(Cluster(f"C{n:02d}", text, dict(traits), [m.account_id for m in group]))
    return out


def _shared(traits: Traits, group: Sequence[Member]) -> Traits:
    """The group's traits plus any other trait every member has in common."""
    named = dict(traits)
    for split in SPLITTERS:
        name, values = split(group)
        if name not in named and len(values) == 1:
            value, members = next(iter(values.items()))
            if len(members) == len(group):
                named[name] = value
    return tuple((k, named[k]) for k in TRAIT_ORDER if k in named)


def _split(
    members: list[Member], traits: Traits, depth: int, low: int, high: int
) -> list[tuple[Traits, list[Member]]]:
    if len(members) <= high:
        return [(traits, members)]
    if depth == len(SPLITTERS):
        return [(traits, part) for part in _even_parts(members, high)]
    name, groups = SPLITTERS[depth](members)
    kept = {v: g for v, g in sorted(groups.items()) if len(g) >= low}
    taken = {m.account_id for g in kept.values() for m in g}
    rest = [m for m in members if m.account_id not in taken]
    if not kept:
        return _split(members, traits, depth + 1, low, high)
    out = []
    for value, group in kept.items():
        out += _split(group, (*traits, (name, value)), depth + 1, low, high)
    if len(rest) >= low:
        return out + _split(rest, traits, depth + 1, low, high)
    if rest:
        out = _absorb(out, rest, traits, high)
    return out


def _absorb(
    groups: list[tuple[Traits, list[Member]]], rest: list[Member], traits: Traits, high: int
) -> list[tuple[Traits, list[Member]]]:
    """Put a too-small remainder into the smallest group; it keeps only the shared traits."""
    smallest = min(range(len(groups)), key=lambda i: (len(groups[i][1]), i))
    merged = sorted(groups[smallest][1] + rest, key=lambda m: m.account_id)
    parts = [(traits, part) for part in _even_parts(merged, high)]
    return groups[:smallest] + parts + groups[smallest + 1 :]


def _even_parts(members: list[Member], high: int) -> list[list[Member]]:
    """Near-equal consecutive parts of at most `high` (each at least high // 2 + 1 when cut)."""
    count = math.ceil(len(members) / high)
    size, extra = divmod(len(members), count)
    parts, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        parts.append(members[start:end])
        start = end
    return parts


def label(traits: dict[str, str]) -> str:
    """A readable name from the defining traits.

    >>> label({"industry": "Banking", "size_band": "Mid-market", "platform": "Snowflake",
    ...        "topic": "Data Lineage"})
    'Mid-market Banking accounts on Snowflake researching Data Lineage'
    """
    words = [traits.get("size_band", ""), traits.get("industry", ""), "accounts"]
    text = " ".join(w for w in words if w)
    if "platform" in traits:
        text += f" on {traits['platform']}"
    if "topic" in traits:
        text += f" researching {traits['topic']}"
    if "country" in traits:
        text += f" in {traits['country']}"
    return text if traits else "Mixed accounts"
