"""What a criterion matches, one account at a time and over a frame, and the same answer."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from beachhead.core.icp.model import Criterion, IcpModel
from beachhead.core.icp.points import fit_frame, fit_points, mask, matches, prepare

MID = Criterion(
    id="mid", label="mid", field="employees", op="between", min=201, max=5001, weight=30
)
NOT_GOV = Criterion(
    id="ng", label="ng", field="industry", op="not_in", values=["Government"], weight=10
)
NO_CDP = Criterion(
    id="cdp",
    label="cdp",
    field="technologies",
    op="lacks",
    values=["Segment", "mParticle"],
    weight=15,
)
SNOW = Criterion(id="s", label="s", field="technologies", op="has", values=["snowflake"], weight=20)
ACCOUNTS: list[dict[str, Any]] = [
    {"employees": 201, "industry": "software", "technologies": ["Snowflake", "Segment"]},
    {"employees": 5001, "industry": "GOVERNMENT", "technologies": []},
    {"employees": None, "industry": None, "technologies": None},
    {"employees": 200, "industry": " Retail ", "technologies": ["mParticle"]},
]


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        (MID, [True, False, False, False]),
        (NOT_GOV, [True, False, False, True]),
        (NO_CDP, [False, True, True, False]),
        (SNOW, [True, False, False, False]),
    ],
)
def test_matches_and_mask_agree(criterion: Criterion, expected: list[bool]) -> None:
    assert [matches(criterion, a) for a in ACCOUNTS] == expected
    assert mask(criterion, prepare(pd.DataFrame(ACCOUNTS))).tolist() == expected


def test_fit_is_base_plus_matched_weights_clipped() -> None:
    model = IcpModel(base=60, criteria=[MID, NOT_GOV, NO_CDP, SNOW])
    assert fit_points(model, ACCOUNTS[0]) == 100.0  # 60 + 30 + 10 + 20 = 120, clipped
    assert fit_points(model, ACCOUNTS[2]) == 75.0  # only "lacks a CDP" holds for the unknown
    penalty = Criterion(id="p", label="p", field="region", op="in", values=["NA"], weight=-90)
    assert fit_points(IcpModel(base=20, criteria=[penalty]), {"region": "na"}) == 0.0
    frame = prepare(pd.DataFrame(ACCOUNTS))
    assert fit_frame(model, frame).tolist() == [fit_points(model, a) for a in ACCOUNTS]
