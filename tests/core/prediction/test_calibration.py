"""Calibrators: Platt with few positives, centred isotonic with enough, both increasing."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.special import expit

from beachhead.core.prediction.calibration import Calibrator, fit_calibrator


def _scores(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw scores that are over-confident: the truth is sigmoid(raw / 2 - 1)."""
    rng = np.random.default_rng(seed)
    raw = rng.normal(0, 2, n)
    return raw, rng.random(n) < expit(raw / 2 - 1)


def test_few_positives_get_platt() -> None:
    raw, y = _scores(400, 0)
    assert y.sum() < 200
    calibrator = fit_calibrator(raw, y)
    assert calibrator.kind == "platt"
    assert calibrator.slope == pytest.approx(0.5, abs=0.2)
    assert calibrator.intercept == pytest.approx(-1.0, abs=0.4)


def test_enough_positives_get_a_strictly_increasing_isotonic_curve() -> None:
    raw, y = _scores(20000, 1)
    calibrator = fit_calibrator(raw, y)
    assert calibrator.kind == "isotonic"
    grid = np.linspace(-12, 12, 5001)  # well beyond the data at both ends
    p = calibrator(grid)
    assert np.all(np.diff(p) > 0)  # no ties: the model's ranking survives calibration
    assert np.all((p > 0) & (p < 1))
    inside = np.linspace(-3, 3, 13)
    assert calibrator(inside) == pytest.approx(expit(inside / 2 - 1), abs=0.04)


def test_inverse_finds_the_raw_score_of_a_probability() -> None:
    raw, y = _scores(20000, 2)
    for calibrator in (fit_calibrator(raw, y), fit_calibrator(raw, y, 10**9), Calibrator()):
        for target in (0.01, 0.2, 0.5, 0.9):
            found = calibrator.inverse(target)
            assert calibrator(np.array([found]))[0] == pytest.approx(target, abs=1e-9)


def test_payload_round_trip_is_exact() -> None:
    raw, y = _scores(20000, 3)
    calibrator = fit_calibrator(raw, y)
    again = Calibrator.from_payload(json.loads(json.dumps(calibrator.to_payload())))
    assert again == calibrator
    assert np.array_equal(again(raw), calibrator(raw))
