"""1:few clusters: sizes always within bounds, every account once, traits really shared."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from beachhead.core.targeting.clusters import Member, cluster_accounts

INDUSTRIES = st.sampled_from(["Banking", "Software", "Retail", None])
BANDS = st.sampled_from(["Small", "Mid-market", "Enterprise", None])
TECH = st.lists(st.sampled_from(["Snowflake", "AWS", "Salesforce"]), max_size=3, unique=True)
COUNTRY = st.sampled_from(["France", "Germany", None])
TOPICS = st.lists(st.sampled_from(["Data Lineage", "ETL"]), max_size=2, unique=True)


@st.composite
def members(draw: st.DrawFn) -> list[Member]:
    n = draw(st.integers(0, 120))
    return [
        Member(
            i, draw(INDUSTRIES), draw(BANDS), tuple(draw(TECH)), draw(COUNTRY), tuple(draw(TOPICS))
        )
        for i in range(n)
    ]


@settings(max_examples=150, deadline=None)
@given(members(), st.integers(2, 6), st.integers(0, 8))
def test_sizes_coverage_and_shared_traits(group: list[Member], low: int, more: int) -> None:
    high = 2 * low - 1 + more
    clusters = cluster_accounts(group, low, high)
    if len(group) < low:
        assert clusters == []
        return
    placed = [a for c in clusters for a in c.account_ids]
    assert sorted(placed) == [m.account_id for m in group]
    by_id = {m.account_id: m for m in group}
    for c in clusters:
        assert low <= len(c.account_ids) <= high
        for a in c.account_ids:
            m = by_id[a]
            have = {"industry": m.industry, "size_band": m.size_band, "country": m.country}
            many = {"platform": m.technologies, "topic": m.topics}
            for name, value in c.traits.items():
                assert value in many[name] if name in many else have[name] == value


def test_clusters_are_deterministic_and_labelled() -> None:
    group = [Member(i, "Banking", "Mid-market", ("Snowflake",), "France") for i in range(12)] + [
        Member(100 + i, "Retail", "Small", (), None) for i in range(6)
    ]
    first = cluster_accounts(group, 5, 15)
    assert [c.label for c in first] == [
        "Mid-market Banking accounts on Snowflake in France",
        "Small Retail accounts",
    ]
    assert [c.account_ids for c in first] == [c.account_ids for c in cluster_accounts(group, 5, 15)]
