"""A proposal: tiers within capacity, explanations that point the right way, guardrails."""

from __future__ import annotations

from beachhead.core.targeting.clusters import Member
from beachhead.core.targeting.config import TiersConfig
from beachhead.core.targeting.guardrails import PlanFacts, guardrail_warnings
from beachhead.core.targeting.proposal import Candidate, propose
from beachhead.core.targeting.value import WonDeal, deal_value, deal_value_table

SMALL = TiersConfig.model_validate(
    {"tier_1": {"capacity": 2, "cost_per_account": 100}, "tier_2": {"capacity": 10,
     "cost_per_account": 10}, "tier_3": {"capacity": 20, "cost_per_account": 1}}
)  # fmt: skip


def candidates(n: int, band: str = "moderate") -> list[Candidate]:
    industries = ("Banking", "Software")
    return [
        Candidate(
            Member(i, industries[i % 2], "Mid-market", ("AWS",), "France"),
            propensity=(i + 1) / (n + 1),
            deal_value=1000.0,
            value_basis="test",
            fit_band=band,
        )  # fmt: skip
        for i in range(n)
    ]


def test_tiers_fill_by_expected_value_and_explain_the_moves() -> None:
    proposal = propose(candidates(40), SMALL)
    tiers = {p.account_id: p.tier for p in proposal.placements}
    assert [tiers[39], tiers[38]] == ["tier_1", "tier_1"]
    assert sum(t == "tier_2" for t in tiers.values()) == 10
    second = next(p for p in proposal.placements if p.tier == "tier_2")
    why = second.explanation
    assert why["up"]["tier"] == "tier_1" and why["up"]["propensity"] > why["propensity"]
    assert why["down"]["tier"] == "tier_3" and why["down"]["propensity"] < why["propensity"]
    assert why["value_down"] < why["value_here"] < why["value_up"]  # tier_1 is full
    assert "up to tier_1" in why["reason"] and second.cluster is not None
    assert sum(c["size"] for c in proposal.summary()["clusters"]) == 10


def test_guardrails_flag_weak_fit_and_a_small_list() -> None:
    proposal = propose(candidates(30, band="weak"), SMALL)
    text = " ".join(proposal.warnings)
    assert "tier_1: 2 of 2 accounts are weak fit" in text
    assert "too few to learn from" in text


def test_guardrails_flag_overrides_and_an_unpersonal_tier() -> None:
    config = TiersConfig()
    facts = PlanFacts(counts=[60, 300, 0, 0], weak_fit=[0, 0, 0, 0], overrides=50)
    text = " ".join(guardrail_warnings(config, facts))
    assert "tier_1 (1:1) holds 60 accounts, more than the 50" in text
    assert "50 of 360 listed accounts are overrides" in text


def test_deal_value_uses_the_size_band_then_falls_back() -> None:
    config = TiersConfig().value
    won = [WonDeal("new_business", 300, 10_000.0 * k) for k in range(1, 6)]
    won += [WonDeal("new_business", 5000, 1_000_000.0)]
    table = deal_value_table(won, config)
    assert deal_value(table, "new_business", 250, config).value == 30_000.0
    assert deal_value(table, "new_business", 9000, config).value == 35_000.0  # too few: all
    assert deal_value(table, "expansion", 250, config).value == config.default_deal_value
