"""New logos and expansion are planned apart: neither motion takes the other's capacity."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from beachhead.core.targeting.clusters import Member
from beachhead.core.targeting.config import EXPANSION, NEW_LOGO, TiersConfig
from beachhead.core.targeting.plan import TIERS, Economics, solve
from beachhead.core.targeting.proposal import Candidate, propose

CONFIG = TiersConfig.model_validate(
    {"tier_1": {"capacity": 2, "cost_per_account": 100}, "tier_2": {"capacity": 4,
     "cost_per_account": 10}, "tier_3": {"capacity": 6, "cost_per_account": 1},
     "expansion": {"tier_1": {"capacity": 1, "cost_per_account": 50},
                   "tier_2": {"capacity": 3, "cost_per_account": 5},
                   "tier_3": {"capacity": 5, "cost_per_account": 1}}}
)  # fmt: skip

accounts = st.lists(
    st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 50_000.0), st.booleans()),
    max_size=40,
)


def build(rows: list[tuple[float, float, bool]]) -> list[Candidate]:
    return [
        Candidate(Member(i, "Software", "Small", (), "France"), p, value, "test",
                  motion=EXPANSION if customer else NEW_LOGO)
        for i, (p, value, customer) in enumerate(rows)
    ]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(accounts)
def test_each_motion_is_the_optimal_plan_of_its_own_accounts(
    rows: list[tuple[float, float, bool]],
) -> None:
    candidates = build(rows)
    placed = {p.account_id: p for p in propose(candidates, CONFIG).placements}
    assert len(placed) == len(candidates)
    for motion in (NEW_LOGO, EXPANSION):
        mine = [c for c in candidates if c.motion == motion]
        assert all(placed[c.member.account_id].motion == motion for c in mine)
        # The same accounts alone, under the motion's tiers: the other motion changes nothing.
        alone = solve([c.expected for c in mine], [c.member.account_id for c in mine],
                      Economics.of(CONFIG, motion))  # fmt: skip
        assert [placed[c.member.account_id].tier for c in mine] == [TIERS[t] for t in alone]
        caps = [t.capacity for t in CONFIG.tiers(motion)]
        for k, cap in enumerate(caps):
            assert sum(placed[c.member.account_id].tier == TIERS[k] for c in mine) <= cap


def test_customers_report_their_own_tiers_and_no_clusters() -> None:
    rows = [((i + 1) / 30, 10_000.0, i % 3 == 0) for i in range(30)]
    proposal = propose(build(rows), CONFIG)
    summary = proposal.summary()
    assert {t["motion"] for t in summary["tiers"]} == {NEW_LOGO}
    assert {t["motion"] for t in summary["expansion_tiers"]} == {EXPANSION}
    assert [t["capacity"] for t in summary["expansion_tiers"]] == [1, 3, 5, None]
    grown = [p for p in proposal.placements if p.motion == EXPANSION]
    assert grown and all(p.cluster is None for p in grown)
    first = next(p for p in grown if p.tier == "tier_1")
    assert first.explanation["motion"] == EXPANSION
    assert first.explanation["reason"].startswith("expansion tier_1:")
