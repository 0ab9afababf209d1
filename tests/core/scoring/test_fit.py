"""Fit: criteria as booleans over accounts, clip(base + matched weights), bands, reasons."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beachhead.core.icp.model import IcpModel
from beachhead.core.scoring import fit_scores
from beachhead.errors import ConfigError

from .tables import accounts, by_account, points_by_account

ICP = IcpModel.model_validate(
    {
        "base": 10,
        "criteria": [
            {"id": "software", "label": "Industry is Software", "field": "industry",
             "op": "in", "values": ["software"], "weight": 22},
            {"id": "not_gov", "label": "Not government", "field": "industry",
             "op": "not_in", "values": ["Government"], "weight": 5},
            {"id": "mid_size", "label": "200-1,000 employees", "field": "employees",
             "op": "between", "min": 200, "max": 1000, "weight": 18},
            {"id": "snowflake", "label": "Uses Snowflake", "field": "technologies",
             "op": "has", "values": ["snowflake"], "weight": 12},
            {"id": "no_cdp", "label": "No CDP", "field": "technologies",
             "op": "lacks", "values": ["Segment", "mParticle"], "weight": 9},
            {"id": "tiny", "label": "Under 50 employees", "field": "employees",
             "op": "between", "max": 50, "weight": -40},
        ],
    }
)  # fmt: skip

ROWS = [
    # 10 + 22 + 5 + 18 + 12 + 9 = 76
    {"account_id": 1, "industry": "SOFTWARE", "employees": 500,
     "technologies": ["Snowflake", "Salesforce"]},
    # 10 + 5 + 9 (empty stack lacks a CDP); 1,000 is outside [200, 1,000)
    {"account_id": 2, "industry": "Retail", "employees": 1000, "technologies": []},
    # 10 + 9 (unknown industry matches neither in nor not_in; null stack lacks a CDP) - 40
    {"account_id": 3, "industry": None, "employees": 20, "technologies": None},
    # 10 + 22 + 5 (unknown size matches no range); uses Segment so no "lacks"
    {"account_id": 4, "industry": "Software", "employees": None, "technologies": ["segment"]},
    # government, 10 - 40 + 9 = -21 -> floored at 0
    {"account_id": 5, "industry": "Government", "employees": 10, "technologies": []},
]  # fmt: skip


def test_fit_is_base_plus_matched_weights_clipped_and_banded() -> None:
    scores, contributions = fit_scores(accounts(ROWS), ICP)
    got = by_account(scores)
    assert {k: v["fit"] for k, v in got.items()} == {1: 76.0, 2: 24.0, 3: 0.0, 4: 37.0, 5: 0.0}
    assert got[1]["fit_band"] == "moderate" and got[5]["fit_band"] == "weak"
    assert points_by_account(contributions, "fit") == {k: v["fit"] for k, v in got.items()}


def test_contributions_name_each_matched_criterion() -> None:
    _, contributions = fit_scores(accounts(ROWS), ICP)
    rows = [r for r in contributions.to_pyarrow().to_pylist() if r["account_id"] == 1]
    assert {(r["code"], r["label"], r["points"]) for r in rows} == {
        ("base", "Base", 10.0),
        ("software", "Industry is Software", 22.0),
        ("not_gov", "Not government", 5.0),
        ("mid_size", "200-1,000 employees", 18.0),
        ("snowflake", "Uses Snowflake", 12.0),
        ("no_cdp", "No CDP", 9.0),
    }
    floored = [r for r in contributions.to_pyarrow().to_pylist() if r["account_id"] == 3]
    assert ("clip", "Floored at 0", 21.0) in {(r["code"], r["label"], r["points"]) for r in floored}


def test_bands_follow_the_profile() -> None:
    icp = IcpModel.model_validate({"base": 81, "bands": {"strong": 90, "moderate": 80}})
    scores, _ = fit_scores(accounts([{"account_id": 1}]), icp)
    assert by_account(scores)[1]["fit_band"] == "moderate"


def test_between_on_a_text_field_is_a_config_error() -> None:
    icp = IcpModel.model_validate(
        {"criteria": [{"id": "x", "label": "x", "field": "country", "op": "between",
                       "min": 1, "weight": 5}]}
    )  # fmt: skip
    with pytest.raises(ConfigError, match="x: 'between' needs a number field"):
        fit_scores(accounts(ROWS), icp)


criterion = st.fixed_dictionaries(
    {"weight": st.floats(-100, 100, allow_nan=False).map(lambda w: round(w, 2)),
     "kind": st.sampled_from(["in", "not_in", "between", "has", "lacks"])}
)  # fmt: skip
account = st.fixed_dictionaries(
    {"industry": st.sampled_from(["Software", "retail", None]),
     "employees": st.one_of(st.none(), st.integers(0, 5000)),
     "technologies": st.one_of(st.none(), st.lists(st.sampled_from(["Snowflake", "HubSpot"])))}
)  # fmt: skip


def _criteria(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shapes = {
        "in": {"field": "industry", "values": ["Software"]},
        "not_in": {"field": "industry", "values": ["Retail"]},
        "between": {"field": "employees", "min": 100, "max": 1000},
        "has": {"field": "technologies", "values": ["snowflake"]},
        "lacks": {"field": "technologies", "values": ["hubspot"]},
    }
    return [
        {"id": f"c{i}", "label": f"c{i}", "op": s["kind"], "weight": s["weight"],
         **shapes[s["kind"]]}
        for i, s in enumerate(specs)
    ]  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(
    base=st.integers(0, 100),
    specs=st.lists(criterion, max_size=6),
    rows=st.lists(account, min_size=1, max_size=8),
)
def test_fit_is_always_clip_of_base_plus_contributions(
    base: int, specs: list[dict[str, Any]], rows: list[dict[str, Any]]
) -> None:
    icp = IcpModel.model_validate({"base": base, "criteria": _criteria(specs)})
    table = accounts([{"account_id": i, **row} for i, row in enumerate(rows)])
    scores, contributions = fit_scores(table, icp)
    fits = {k: v["fit"] for k, v in by_account(scores).items()}
    assert all(0.0 <= f <= 100.0 for f in fits.values())
    sums = points_by_account(contributions, "fit")
    for account_id, fit in fits.items():
        assert sums.get(account_id, 0.0) == pytest.approx(fit, abs=1e-9)
    flags = _expected_raw(icp, rows)
    assert [fits[i] for i in range(len(rows))] == pytest.approx(
        [min(100.0, max(0.0, raw)) for raw in flags]
    )


def _expected_raw(icp: IcpModel, rows: list[dict[str, Any]]) -> list[float]:
    """The same rule written in plain Python, to check the expression against."""
    raws = []
    for row in rows:
        industry = (row["industry"] or "").lower() or None
        stack = {t.lower() for t in row["technologies"] or []}
        size = row["employees"]
        tests = {
            "in": industry == "software",
            "not_in": industry is not None and industry != "retail",
            "between": size is not None and 100 <= size < 1000,
            "has": "snowflake" in stack,
            "lacks": "hubspot" not in stack,
        }
        raws.append(icp.base + sum(c.weight for c in icp.criteria if tests[c.op]))
    return raws
