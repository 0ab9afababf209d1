"""`prediction.yaml`: the horizon, the training snapshots, the regime thresholds, the K to judge.

Every field has a default, so the file is optional; a workspace writes only what it argues
about. Problems are one `ConfigError` naming the file, line and field.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from beachhead.core.yamlfile import load_settings

# Tier capacities users plan with (DOMAIN.md): 1:1 up to 25, 1:few up to 300, 1:many 3,000.
DEFAULT_K = (25, 300, 3000)


class Regimes(BaseModel):
    """When the data are enough to learn, or only to adjust the rules (distinct accounts)."""

    model_config = ConfigDict(extra="forbid")
    learned_min_positive_accounts: int = Field(50, ge=1)
    learned_min_negative_accounts: int = Field(50, ge=1)
    priors_min_positive_accounts: int = Field(10, ge=1)


class PredictionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    horizon_days: int = Field(90, ge=7, le=730)
    snapshots: int = Field(6, ge=2, le=36)  # training days, `step_days` apart
    step_days: int = Field(30, ge=7, le=365)
    regimes: Regimes = Regimes()
    k_values: tuple[int, ...] = DEFAULT_K
    custom_features: tuple[str, ...] = ()  # account fields kept from imports (accounts.custom)
    # Custom fields whose names only sound like outcomes ("stage_of_growth"): the name check
    # skips them; the statistical checks still run.
    allow_features: tuple[str, ...] = ()
    seed: int = 0

    @field_validator("k_values")
    @classmethod
    def _positive(cls, values: tuple[int, ...]) -> tuple[int, ...]:
        if not values or min(values) < 1:
            raise ValueError("give one or more positive list sizes, e.g. [25, 300, 3000]")
        return tuple(sorted(set(values)))


def load_prediction_config(path: Path) -> PredictionConfig:
    """Read `prediction.yaml`; a missing file means every default."""
    return load_settings(path, PredictionConfig, "see docs/reference/prediction-yaml.md")
