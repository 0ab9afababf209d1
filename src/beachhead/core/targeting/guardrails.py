"""Warnings about a plan that would look fine in a spreadsheet and fail in the field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from beachhead.core.targeting.config import EXPANSION, NEW_LOGO, TiersConfig
from beachhead.core.targeting.plan import TIERS

WEAK = "weak"


@dataclass(frozen=True)
class PlanFacts:
    """What the guardrails look at: per tier (tier_1..broad) counts and weak-fit counts."""

    counts: Sequence[int]
    weak_fit: Sequence[int]
    overrides: int = 0  # accounts placed by hand against the optimiser
    tier_2_unclustered: int = 0


def guardrail_warnings(config: TiersConfig, facts: PlanFacts, motion: str = NEW_LOGO) -> list[str]:
    """Every warning that applies to one motion's tiers, most serious first.

    Expansion warnings start with "expansion"; the list-size floor is for new logos only,
    since an installed base may simply be small.
    """
    warnings = _capacity(config, facts, motion) + _weak_fit(config, facts)
    if motion == EXPANSION:
        return [f"expansion {w}" for w in warnings]
    listed = sum(facts.counts[:3])
    if listed and facts.overrides / listed > config.guardrails.max_override_share:
        warnings.append(
            f"{facts.overrides} of {listed} listed accounts are overrides (more than "
            f"{config.guardrails.max_override_share:.0%}): the list is no longer the model's"
        )
    if listed < config.guardrails.min_list_size:
        warnings.append(
            f"only {listed} accounts are in tiers 1–3 (fewer than "
            f"{config.guardrails.min_list_size}): too few to learn from or measure against "
            "a holdout"
        )
    if facts.tier_2_unclustered:
        warnings.append(
            f"{facts.tier_2_unclustered} tier_2 accounts are in no cluster (fewer than "
            f"{config.clusters.min_size} in the tier)"
        )
    return warnings


def _capacity(config: TiersConfig, facts: PlanFacts, motion: str) -> list[str]:
    out = []
    for name, tier, count in zip(TIERS, config.tiers(motion), facts.counts, strict=False):
        if tier.personal_limit is not None and count > tier.personal_limit:
            out.append(
                f"{name} ({tier.label}) holds {count} accounts, more than the "
                f"{tier.personal_limit} it can personalise: that is thin demand generation "
                "with a list"
            )
    return out


def _weak_fit(config: TiersConfig, facts: PlanFacts) -> list[str]:
    out = []
    limit = config.guardrails.max_weak_fit_share
    for name, count, weak in zip(TIERS[:3], facts.counts, facts.weak_fit, strict=False):
        if count and weak / count > limit:
            out.append(
                f"{name}: {weak} of {count} accounts are weak fit ({weak / count:.0%}, more "
                f"than {limit:.0%}): high propensity alone is buying attention, not fit"
            )
    return out
