from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beachhead.core.industries import SYNONYMS, canonical_industry


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("COMPUTER_SOFTWARE", "Software"),
        ("Technology", "Software"),
        ("information technology and services", "Software"),
        ("HOSPITAL_HEALTH_CARE", "Healthcare"),
        ("hospital & health care", "Healthcare"),
        ("FINANCIAL_SERVICES", "Financial Services"),
        ("MANAGEMENT_CONSULTING", "Professional Services"),
        ("NON_PROFIT_ORGANIZATION_MANAGEMENT", "Non-profit"),
        ("Not For Profit", "Non-profit"),
        ("technolgy", "Software"),
        ("Basket Weaving", "Basket Weaving"),
    ],
)
def test_sources_share_one_vocabulary(raw: str, expected: str) -> None:
    assert canonical_industry(raw) == expected


def test_every_canonical_name_maps_to_itself() -> None:
    assert all(canonical_industry(name) == name for name in SYNONYMS)


@given(st.text(max_size=40))
def test_never_raises_and_is_idempotent(text: str) -> None:
    once = canonical_industry(text)
    assert once is None or canonical_industry(once) == once
