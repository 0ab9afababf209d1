"""The ideal customer profile as data: observable criteria with weights and their evidence.

`icp.yaml` in a workspace is this model. `beachhead icp learn` writes it from won and lost deals
and the market; people edit it; the fit score reads it. Every criterion is something both
teams can check on an account ("on Snowflake", "200-5,000 employees", "no CDP").
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Account columns a criterion may test (the engine's `accounts` table).
FIELDS = ("industry", "employees", "annual_revenue", "country", "region", "technologies")
Op = Literal["in", "not_in", "between", "has", "lacks"]


class Evidence(BaseModel):
    """Why a criterion is in the profile, measured on the history it was learned from."""

    model_config = ConfigDict(extra="forbid")
    win_rate: float | None = None  # won / (won + lost) among accounts matching the criterion
    base_win_rate: float | None = None  # the same over all accounts with closed deals
    lift: float | None = None  # how much likelier a matching account is to be a won customer
    lift_ci: tuple[float, float] | None = None  # 95% interval of the lift
    support: int | None = None  # accounts with closed deals that match
    market_share: float | None = None  # share of the whole market that matches
    acv_ratio: float | None = None  # mean won amount when matching / overall
    cycle_days_delta: float | None = None  # median days to close when matching minus overall
    note: str | None = None


class Criterion(BaseModel):
    """One observable test on an account, worth `weight` fit points when it holds."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    field: Literal["industry", "employees", "annual_revenue", "country", "region", "technologies"]
    op: Op
    values: list[str] = Field(default_factory=list)  # for in / not_in / has / lacks
    min: float | None = None  # for between (inclusive)
    max: float | None = None  # for between (exclusive); None = no upper bound
    weight: float = Field(ge=-100, le=100)
    evidence: Evidence = Field(default_factory=Evidence)

    @model_validator(mode="after")
    def _check_shape(self) -> Criterion:
        if self.op == "between" and self.min is None and self.max is None:
            raise ValueError("'between' needs min and/or max")
        if self.op in ("in", "not_in", "has", "lacks") and not self.values:
            raise ValueError(f"'{self.op}' needs values")
        if self.op in ("has", "lacks") and self.field != "technologies":
            raise ValueError(f"'{self.op}' applies to technologies only")
        return self


class Bands(BaseModel):
    """Fit bands (6sense-style defaults): Strong >= strong, Moderate >= moderate, else Weak."""

    model_config = ConfigDict(extra="forbid")
    strong: float = Field(81, ge=0, le=100)
    moderate: float = Field(50, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if self.moderate > self.strong:
            raise ValueError("moderate must not exceed strong")
        return self


class LearnedFrom(BaseModel):
    model_config = ConfigDict(extra="forbid")
    won: int = 0
    lost: int = 0
    market: int = 0
    window_start: str | None = None
    window_end: str | None = None


class IcpModel(BaseModel):
    """The whole profile. Fit = clip(base + sum of matched weights, 0, 100)."""

    model_config = ConfigDict(extra="forbid")
    version: Literal[1] = 1
    regime: Literal["rules", "priors", "learned"] = "rules"
    base: float = Field(0, ge=0, le=100)
    bands: Bands = Field(default_factory=Bands)
    learned_from: LearnedFrom = Field(default_factory=LearnedFrom)
    criteria: list[Criterion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> IcpModel:
        ids = [c.id for c in self.criteria]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate criterion ids: {', '.join(duplicates)}")
        return self
