"""A proposed plan: the optimal tiers, each account's explanation, clusters and guardrails.

New logos and expansion (existing customers) are solved apart, each under its own tiers, so a
customer never takes a new-logo seat and a prospect never takes an expansion one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from beachhead.core.targeting.clusters import Cluster, Member, cluster_accounts
from beachhead.core.targeting.config import EXPANSION, NEW_LOGO, TiersConfig
from beachhead.core.targeting.explain import (
    TierStats,
    entry_bar,
    explain_account,
    sentence,
    tier_stats,
)
from beachhead.core.targeting.guardrails import WEAK, PlanFacts, guardrail_warnings
from beachhead.core.targeting.plan import TIERS, Economics, solve


@dataclass(frozen=True)
class Candidate:
    member: Member
    propensity: float
    deal_value: float
    value_basis: str
    fit_band: str | None = None
    motion: str = NEW_LOGO  # expansion: an existing customer

    @property
    def expected(self) -> float:
        return self.propensity * self.deal_value


@dataclass
class Placement:
    account_id: int
    tier: str
    expected_value: float
    explanation: dict[str, Any]
    cluster: str | None = None
    motion: str = NEW_LOGO


@dataclass
class Proposal:
    placements: list[Placement]
    clusters: list[Cluster]
    tiers: list[dict[str, Any]]  # new logos
    warnings: list[str] = field(default_factory=list)
    expansion_tiers: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        clusters = [
            {"key": c.key, "label": c.label, "traits": c.traits, "size": len(c.account_ids)}
            for c in self.clusters
        ]
        return {"tiers": self.tiers, "expansion_tiers": self.expansion_tiers,
                "clusters": clusters, "warnings": self.warnings}  # fmt: skip


@dataclass
class _Solved:
    """One motion's optimal tiers over its own candidates."""

    candidates: list[Candidate]
    tiers: list[int]
    stats: list[TierStats]
    placements: list[Placement]
    rows: list[dict[str, Any]]


def propose(candidates: Sequence[Candidate], config: TiersConfig) -> Proposal:
    """Solve each motion's assignment, explain every account, cluster new-logo tier_2, check
    the guardrails."""
    new = _solve([c for c in candidates if c.motion != EXPANSION], config, NEW_LOGO)
    grown = _solve([c for c in candidates if c.motion == EXPANSION], config, EXPANSION)
    second = [c.member for c, t in zip(new.candidates, new.tiers, strict=True) if t == 1]
    clusters = cluster_accounts(second, config.clusters.min_size, config.clusters.max_size)
    _label_members(new.placements, clusters)
    warnings = guardrail_warnings(config, _facts(new, len(second) if not clusters else 0))
    if grown.candidates:
        warnings += guardrail_warnings(config, _facts(grown, 0), EXPANSION)
    return Proposal(new.placements + grown.placements, clusters, new.rows, warnings, grown.rows)


def _solve(candidates: list[Candidate], config: TiersConfig, motion: str) -> _Solved:
    econ = Economics.of(config, motion)
    expected = [c.expected for c in candidates]
    tiers = solve(expected, [c.member.account_id for c in candidates], econ)
    stats = tier_stats(expected, tiers)
    placements = []
    for c, t in zip(candidates, tiers, strict=True):
        why = explain_account(c.propensity, c.deal_value, t, econ, stats)
        why["deal_value_basis"] = c.value_basis
        why["motion"] = motion
        why["reason"] = sentence(t, why)
        placements.append(Placement(c.member.account_id, TIERS[t], why["value_here"], why,
                                    motion=motion))  # fmt: skip
    rows = _tier_rows(config, econ, candidates, tiers, stats, motion)
    return _Solved(candidates, tiers, stats, placements, rows)


def _facts(solved: _Solved, unclustered: int) -> PlanFacts:
    pairs = list(zip(solved.candidates, solved.tiers, strict=True))
    weak = [sum(1 for c, t in pairs if t == k and c.fit_band == WEAK) for k in range(len(TIERS))]
    return PlanFacts([s.count for s in solved.stats], weak, tier_2_unclustered=unclustered)


def _label_members(placements: list[Placement], clusters: Sequence[Cluster]) -> None:
    where = {a: c for c in clusters for a in c.account_ids}
    for p in placements:
        found = where.get(p.account_id)
        if found is not None:
            p.cluster = found.key
            p.explanation["cluster"] = {"key": found.key, "label": found.label}


def _tier_rows(
    config: TiersConfig,
    econ: Economics,
    candidates: Sequence[Candidate],
    tiers: Sequence[int],
    stats: Sequence[Any],
    motion: str,
) -> list[dict[str, Any]]:
    labels = [t.label for t in config.tiers(motion)] + ["broad demand gen"]
    rows = []
    for k, name in enumerate(TIERS):
        inside = [c.expected for c, t in zip(candidates, tiers, strict=True) if t == k]
        rows.append({
            "motion": motion, "tier": name, "label": labels[k], "accounts": len(inside),
            "capacity": econ.capacity[k] if k < 3 else None,
            "expected_pipeline": round(sum(inside) * econ.uplift[k], 2),
            "cost": round(len(inside) * econ.cost[k], 2),
            "expected_value": round(sum(econ.value(e, k) for e in inside), 2),
            "entry_bar": _finite(entry_bar(econ, stats, k)) if k < 3 else None,
        })  # fmt: skip
    return rows


def _finite(value: float) -> float | None:
    return None if value == float("inf") else round(value, 2)
