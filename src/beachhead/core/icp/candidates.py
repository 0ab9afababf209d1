"""Candidate criteria worth testing: every observable attribute value common enough to matter.

Size and revenue use fixed bands people already use when they talk about segments (SMB,
mid-market, enterprise), so learned criteria read like the ones a team would write by hand.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from beachhead.core.icp.model import Criterion
from beachhead.core.icp.points import TECHS

# (min, max) with max exclusive; the last band is open-ended.
EMPLOYEE_BANDS: tuple[tuple[float, float | None], ...] = (
    (1, 51),
    (51, 201),
    (201, 1001),
    (1001, 5001),
    (5001, None),
)
REVENUE_BANDS: tuple[tuple[float, float | None], ...] = (
    (0, 10e6),
    (10e6, 50e6),
    (50e6, 250e6),
    (250e6, 1e9),
    (1e9, None),
)
BANDED = ("employees", "annual_revenue")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_") or "x"


def employees_label(low: float | None, high: float | None) -> str:
    if high is None:
        return f"{low or 0:,.0f}+ employees"
    return f"{low or 0:,.0f}–{high - 1:,.0f} employees"


def money(amount: float) -> str:
    for size, unit in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if amount >= size:
            return f"${amount / size:g}{unit}"
    return f"${amount:g}"


def revenue_label(low: float | None, high: float | None) -> str:
    if high is None:
        return f"Revenue {money(low or 0)}+"
    if not low:
        return f"Revenue under {money(high)}"
    return f"Revenue {money(low)}–{money(high)}"


def band(field: str, low: float | None, high: float | None, weight: float = 0) -> Criterion:
    """A `between` criterion on employees or annual_revenue, labelled for people."""
    short = "employees" if field == "employees" else "revenue"
    label = employees_label(low, high) if field == "employees" else revenue_label(low, high)
    upper = "plus" if high is None else f"{high:.0f}"
    return Criterion(
        id=slug(f"{short}_{low or 0:.0f}_{upper}"),
        label=label,
        field=field,
        op="between",
        min=low,
        max=high,
        weight=weight,
    )


def candidates(frame: pd.DataFrame, min_accounts: int, min_tech_share: float) -> list[Criterion]:
    """Industry values, size and revenue bands, regions and technologies present in `frame`
    (a frame from `points.prepare`) often enough to be tested."""
    found = [band("employees", low, high) for low, high in EMPLOYEE_BANDS]
    found += [band("annual_revenue", low, high) for low, high in REVENUE_BANDS]
    found += _values(frame, "industry", "Industry", min_accounts)
    found += _values(frame, "region", "Region", min_accounts)
    found += _technologies(frame, max(min_accounts, int(min_tech_share * len(frame))))
    return found


def _values(frame: pd.DataFrame, field: str, title: str, min_accounts: int) -> list[Criterion]:
    if field not in frame:
        return []
    spelled = Counter(str(v).strip() for v in frame[field].dropna() if str(v).strip())
    # Matching ignores case, so "Retail" and "RETAIL" are one value, shown as most spelled.
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for value, count in spelled.most_common():
        shown.setdefault(value.casefold(), value)
        counts[shown[value.casefold()]] += count
    counts.pop("unknown", None)  # region_of's "not recognised" is not a segment
    return [
        Criterion(
            id=slug(f"{field}_{value}"),
            label=f"{title} {value}",
            field=field,
            op="in",
            values=[value],
            weight=0,
        )
        for value, count in sorted(counts.items())
        if count >= min_accounts
    ]


def _technologies(frame: pd.DataFrame, min_accounts: int) -> list[Criterion]:
    if "technologies" not in frame:
        return []
    names: dict[str, str] = {}
    for values in frame["technologies"]:
        if values is None or isinstance(values, str | float):
            continue  # missing, or not a list: `points.tech_set` treats it as no technology
        for name in values:
            names.setdefault(str(name).strip().casefold(), str(name).strip())
    counts = Counter(t for techs in frame[TECHS] for t in techs)
    return [
        tech_criterion(names.get(key, key), "has")
        for key, count in sorted(counts.items())
        if count >= min_accounts
    ]


def tech_criterion(name: str, op: str, weight: float = 0) -> Criterion:
    """`Uses NAME` or `Does not use NAME`."""
    present = op == "has"
    return Criterion(
        id=slug(f"{'tech' if present else 'no_tech'}_{name}"),
        label=f"{'Uses' if present else 'Does not use'} {name}",
        field="technologies",
        op=op,
        values=[name],
        weight=weight,
    )
