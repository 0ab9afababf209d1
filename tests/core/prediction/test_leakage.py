"""Leakage guards: a deliberately leaky column is refused, honest ones pass."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from beachhead.core.prediction.leakage import check_leakage, refuse_leaky
from beachhead.core.prediction.model import train_model
from beachhead.errors import BeachheadError, LeakageError

from .synth import FEATURES, synthetic_frame


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    data, _ = synthetic_frame(accounts=600, snapshots=2, seed=7)
    rng = np.random.default_rng(7)
    n = len(data)
    opened = data["label"].to_numpy()
    # Leaky: days from the snapshot to the close, only known for accounts that opened a deal.
    data["time_to_pipeline"] = np.where(opened, rng.integers(5, 90, n), np.nan)
    # Leaky: an amount entered when the deal was created, zero elsewhere (no telling name).
    data["booked"] = np.where(opened, rng.lognormal(9, 1, n), 0.0)
    # Honest: a noisy, genuinely predictive signal and a categorical with many levels.
    data["webinar_minutes"] = rng.poisson(3 + 2 * opened).astype(float)
    data["crm_owner"] = rng.choice([f"rep{i}" for i in range(40)], n)
    data["StageDurationDays"] = rng.integers(0, 50, n).astype(float)  # only the name gives it away
    return data


def _by_column(findings: list) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(f.column, set()).add(f"{f.check}:{f.severity}")
    return out


def test_leaky_columns_are_caught_and_honest_ones_pass(frame: pd.DataFrame) -> None:
    custom = ["time_to_pipeline", "booked", "webinar_minutes", "crm_owner", "StageDurationDays"]
    found = _by_column(check_leakage(frame, FEATURES + custom))
    assert found["time_to_pipeline"] == {"presence:refuse"}
    assert found["booked"] == {"separation:refuse"}
    assert found["StageDurationDays"] == {"name:refuse"}
    assert "webinar_minutes" not in found and "crm_owner" not in found
    assert not set(found) & set(FEATURES)


def test_refuse_names_every_column_and_the_reason(frame: pd.DataFrame) -> None:
    with pytest.raises(LeakageError) as caught:
        refuse_leaky(frame, ["fit", "time_to_pipeline", "booked", "webinar_minutes"])
    message = caught.value.message
    assert "time_to_pipeline: filled in for 100% of accounts with the outcome" in message
    assert "booked: separates the outcome on its own (AUC 1.00)" in message
    assert "webinar_minutes" not in message
    assert isinstance(caught.value, BeachheadError) and caught.value.hint


def test_training_refuses_a_leaky_column(frame: pd.DataFrame) -> None:
    with pytest.raises(LeakageError, match="time_to_pipeline"):
        train_model(frame, [*FEATURES, "time_to_pipeline"], "new_business")
    with pytest.raises(LeakageError, match="StageDurationDays"):
        train_model(frame, ["fit", "StageDurationDays"], "new_business")
    allowed = ["fit", "StageDurationDays"]
    model = train_model(frame, allowed, "new_business", allow=["StageDurationDays"])
    assert not [w for w in model.warnings if "StageDurationDays" in w]


def test_catalog_columns_only_warn(frame: pd.DataFrame) -> None:
    data = frame.assign(prior_new_opps=frame["booked"])  # as if the catalog feature leaked
    findings = refuse_leaky(data, ["prior_new_opps", "fit"])
    assert [(f.column, f.check, f.severity) for f in findings] == [
        ("prior_new_opps", "separation", "warn")
    ]


@pytest.mark.parametrize(
    "name",
    [
        "CloseDate",
        "days_to_close",
        "IsWon",
        "is_closed",
        "lost_reason",
        "days_in_stage",
        "LastModifiedDate",
        "ForecastCategory",
        "opportunity_amount",
        "label",
        "value",
    ],
)
def test_post_outcome_names_are_refused(name: str) -> None:
    data = pd.DataFrame({"label": [True, False], name: [1.0, 2.0]} | {"value": [1.0, 0.0]})
    findings = check_leakage(data, [name])
    assert findings and all(f.severity == "refuse" for f in findings)


def test_honest_names_and_allowed_columns_pass() -> None:
    names = ["closest_competitor", "window_shopping", "won_deals", "days_since_last_close"]
    data = pd.DataFrame({"label": [True, False]} | {n: [1.0, 2.0] for n in names})
    assert check_leakage(data, names) == []
    data["stage"] = ["a", "b"]
    assert check_leakage(data, ["stage"], allow=["stage"]) == []
