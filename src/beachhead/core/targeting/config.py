"""`tiers.yaml`: each tier's capacity, cost and expected uplift, the cluster sizes, the value model.

Two motions are planned apart so neither crowds the other out: new logos (prospects) under
`tier_1..tier_3`, and expansion (existing customers, whitespace by product) under
`expansion: {tier_1..tier_3}`. Every field has a default, so the file is optional. Uplift is
the multiple of an account's expected pipeline a tier's treatment is expected to produce
against broad demand generation (uplift 1.0, cost 0). Problems are one `ConfigError` naming
the file, line and field.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from beachhead.core.yamlfile import load_settings

TIERS_FILE = "tiers.yaml"
TIER_NAMES = ("tier_1", "tier_2", "tier_3")
BROAD = "broad"  # the rest: broad demand generation
NEW_LOGO, EXPANSION = "new_logo", "expansion"
MOTIONS = (NEW_LOGO, EXPANSION)


class Tier(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    capacity: int = Field(ge=0)
    cost_per_account: float = Field(ge=0)
    uplift: float = Field(ge=1.0)
    # Above this many accounts the tier cannot be personalised (a guardrail, not a limit).
    personal_limit: int | None = Field(None, ge=1)


class ClusterSizes(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_size: int = Field(5, ge=2)
    max_size: int = Field(15, ge=2)
    intent_weeks: int = Field(4, ge=1, le=52)  # a topic is a trait if surging in these weeks

    @model_validator(mode="after")
    def _ordered(self) -> ClusterSizes:
        # Below 2×min−1 a group too big for one cluster may not split into two legal ones.
        if self.max_size < 2 * self.min_size - 1:
            raise ValueError("max_size must be at least 2 × min_size − 1")
        return self


class SizeBand(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    min_employees: int = Field(ge=0)


class ValueModel(BaseModel):
    """Potential deal value: the median won deal of the account's size band and population."""

    model_config = ConfigDict(extra="forbid")
    size_bands: tuple[SizeBand, ...] = (
        SizeBand(name="Small", min_employees=0),
        SizeBand(name="Mid-market", min_employees=200),
        SizeBand(name="Enterprise", min_employees=1000),
    )
    min_deals: int = Field(5, ge=1)  # fewer won deals in a band: use the population's median
    default_deal_value: float = Field(25000.0, gt=0)  # no won deals at all

    @model_validator(mode="after")
    def _bands(self) -> ValueModel:
        lows = [b.min_employees for b in self.size_bands]
        if not lows or lows[0] != 0 or lows != sorted(set(lows)):
            raise ValueError("size_bands need rising min_employees starting at 0")
        return self


class Guardrails(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_override_share: float = Field(0.10, ge=0, le=1)
    max_weak_fit_share: float = Field(0.5, ge=0, le=1)
    min_list_size: int = Field(100, ge=0)


DEFAULT_TIERS: dict[str, dict[str, Any]] = {
    "tier_1": {"label": "1:1", "capacity": 25, "cost_per_account": 5000, "uplift": 2.0,
               "personal_limit": 50},
    "tier_2": {"label": "1:few", "capacity": 300, "cost_per_account": 800, "uplift": 1.5,
               "personal_limit": 500},
    "tier_3": {"label": "1:many", "capacity": 3000, "cost_per_account": 50, "uplift": 1.15},
}  # fmt: skip


# Customers: a smaller list (the installed base is smaller than the market), cheaper plays
# (the relationship, contacts and usage data exist already) and smaller uplifts (the customer
# team already works these accounts, so the baseline is not cold demand generation).
DEFAULT_EXPANSION: dict[str, dict[str, Any]] = {
    "tier_1": {"label": "1:1", "capacity": 10, "cost_per_account": 3000, "uplift": 1.6,
               "personal_limit": 20},
    "tier_2": {"label": "1:few", "capacity": 100, "cost_per_account": 400, "uplift": 1.3,
               "personal_limit": 200},
    "tier_3": {"label": "1:many", "capacity": 1000, "cost_per_account": 25, "uplift": 1.1},
}  # fmt: skip


def _merge_tiers(data: Any, defaults: dict[str, dict[str, Any]]) -> Any:
    # A file that names only `tier_1: {capacity: 10}` keeps the tier's other defaults.
    if not isinstance(data, dict):
        return data
    merged = dict(data)
    for name, default in defaults.items():
        if isinstance(data.get(name), dict):
            merged[name] = {**default, **data[name]}
    return merged


def _falling(tiers: tuple[Tier, Tier, Tier]) -> None:
    # The optimiser's exchange argument needs a deeper tier never to lift less.
    ups = [t.uplift for t in tiers]
    if ups != sorted(ups, reverse=True):
        raise ValueError("uplift must not rise from tier_1 to tier_3")


class ExpansionTiers(BaseModel):
    """The tiers existing customers are planned in, apart from new logos."""

    model_config = ConfigDict(extra="forbid")
    tier_1: Tier = Tier(**DEFAULT_EXPANSION["tier_1"])
    tier_2: Tier = Tier(**DEFAULT_EXPANSION["tier_2"])
    tier_3: Tier = Tier(**DEFAULT_EXPANSION["tier_3"])

    @model_validator(mode="before")
    @classmethod
    def _tier_defaults(cls, data: Any) -> Any:
        return _merge_tiers(data, DEFAULT_EXPANSION)

    @model_validator(mode="after")
    def _uplift_falls(self) -> ExpansionTiers:
        _falling((self.tier_1, self.tier_2, self.tier_3))
        return self


class TiersConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tier_1: Tier = Tier(**DEFAULT_TIERS["tier_1"])
    tier_2: Tier = Tier(**DEFAULT_TIERS["tier_2"])
    tier_3: Tier = Tier(**DEFAULT_TIERS["tier_3"])
    expansion: ExpansionTiers = ExpansionTiers()
    clusters: ClusterSizes = ClusterSizes()
    value: ValueModel = ValueModel()
    guardrails: Guardrails = Guardrails()

    @model_validator(mode="before")
    @classmethod
    def _tier_defaults(cls, data: Any) -> Any:
        return _merge_tiers(data, DEFAULT_TIERS)

    @model_validator(mode="after")
    def _uplift_falls(self) -> TiersConfig:
        _falling(self.tiers())
        return self

    def tiers(self, motion: str = NEW_LOGO) -> tuple[Tier, Tier, Tier]:
        """The three tiers of `motion` (new_logo or expansion)."""
        if motion == EXPANSION:
            e = self.expansion
            return (e.tier_1, e.tier_2, e.tier_3)
        return (self.tier_1, self.tier_2, self.tier_3)

    def digest(self) -> str:
        """SHA-256 of the effective configuration (defaults included)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_tiers_config(path: Path) -> TiersConfig:
    """Read `tiers.yaml`; a missing or empty file means every default."""
    return load_settings(path, TiersConfig, "see docs/reference/tiers-yaml.md")
