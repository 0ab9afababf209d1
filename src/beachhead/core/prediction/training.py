"""Training for each regime, and the time-ordered held-out evaluation beside it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.special import expit

from beachhead.core.prediction import columns
from beachhead.core.prediction.calibration import Calibrator, fit_calibrator
from beachhead.core.prediction.explain import fit_reference
from beachhead.core.prediction.gbm import (
    GbmParams,
    GbmScorer,
    cross_validate,
    encode,
    train_gbm,
)
from beachhead.core.prediction.leakage import refuse_leaky
from beachhead.core.prediction.linear import fit_baseline
from beachhead.core.prediction.metrics import Evaluation, evaluate
from beachhead.core.prediction.model import Scorer, TrainedModel, TrainingSummary, rules_model
from beachhead.core.prediction.regimes import (
    RegimeRules,
    check_population,
    choose_regime,
    fit_priors,
)
from beachhead.errors import ConfigError

FloatArray = npt.NDArray[np.float64]
REFERENCE_SAMPLE = 5000  # rows used to weigh the explanation offsets
# How much worse than the rules a learned model may rank the held-out snapshot before it gives
# way to priors: held-out AUCs of a few thousand accounts move by about this much from noise.
LOSS_MARGIN = 0.01


@dataclass(frozen=True)
class Options:
    rules: RegimeRules
    params: GbmParams
    seed: int
    horizon_days: int
    k_values: Sequence[int]
    allow: Collection[str] = ()


def train(
    frame: pd.DataFrame, features: Sequence[str], population: str, options: Options
) -> TrainedModel:
    check_population(population)
    columns.check_frame(frame)
    features = list(dict.fromkeys(features))  # a repeated name would be learned twice
    if not features:
        raise ConfigError("no feature columns to learn from", hint="name at least one feature")
    findings = refuse_leaky(frame, features, allow=options.allow)
    warnings = tuple(f"{f.column}: {f.reason}" for f in findings)
    regime = choose_regime(frame, options.rules)
    if regime == "learned":
        model = _learned(frame, features, population, options)
        lost = _lost_to_rules(model)
        if lost is not None:
            model = _priors(frame, population, options)
            model = replace(model, details={**model.details, "learned_heldout_auc": lost[0]})
            warnings += (
                f"the learned model lost to the rules on the held-out snapshot (AUC "
                f"{lost[0]:.3f} vs {lost[1]:.3f}): the priors regime is used instead",
            )
    elif regime == "priors":
        model = _priors(frame, population, options)
    else:
        model = _rules(frame, population, options)
    return replace(model, warnings=warnings, trained_on=summarise(frame))


def _lost_to_rules(model: TrainedModel) -> tuple[float, float] | None:
    """(learned AUC, rules AUC) when the learned model ranked the held-out snapshot clearly
    worse than the rules formula: more data than the threshold, not enough to beat judgment."""
    learned, rules = model.heldout.get("model"), model.heldout.get("rules")
    if learned is None or rules is None or learned.auc is None or rules.auc is None:
        return None
    return (learned.auc, rules.auc) if learned.auc < rules.auc - LOSS_MARGIN else None


def _rules(frame: pd.DataFrame, population: str, options: Options) -> TrainedModel:
    model = rules_model(population)
    heldout: dict[str, Evaluation] = {}
    if not frame.empty:
        newest = _newest(frame)
        heldout["model"] = _evaluate(frame[newest], model.predict(frame[newest]), options)
    details = {"seed": options.seed, "rules": asdict(options.rules)}
    return replace(model, heldout=heldout, details=details)


def _priors(frame: pd.DataFrame, population: str, options: Options) -> TrainedModel:
    y = columns.labels(frame)
    scorer = fit_priors(frame, population, options.rules)
    calibrator = Calibrator("identity")
    split = holdout_split(frame, options.horizon_days)
    heldout: dict[str, Evaluation] = {}
    if split is not None:
        train, test = frame[split[0]], frame[split[1]]
        early = fit_priors(train, population, options.rules)
        heldout["model"] = _evaluate(test, expit(early.raw(test)), options)
        heldout["rules"] = _evaluate(test, rules_model(population).predict(test), options)
    return _assemble("priors", population, frame, y, scorer, calibrator, heldout, options)


def _learned(
    frame: pd.DataFrame, features: list[str], population: str, options: Options
) -> TrainedModel:
    y = columns.labels(frame)
    scorer, calibrator = fit_learned(frame, features, options)
    heldout: dict[str, Evaluation] = {}
    split = holdout_split(frame, options.horizon_days)
    if split is not None:
        heldout = _learned_heldout(frame[split[0]], frame[split[1]], features, population, options)
    return _assemble("learned", population, frame, y, scorer, calibrator, heldout, options)


def fit_learned(
    frame: pd.DataFrame, features: Sequence[str], options: Options
) -> tuple[GbmScorer, Calibrator]:
    """Booster on every row; trees and calibration from account-grouped cross-validation."""
    y = columns.labels(frame)
    spec = (features, columns.category_levels(frame, columns.kinds(frame, features)))
    x = encode(frame, *spec)
    groups = frame["account_id"].to_numpy()
    oof, trees = cross_validate(x, y, groups, spec, options.params, options.seed)
    calibrator = fit_calibrator(oof, y, options.rules.isotonic_min_positives)
    return train_gbm(x, y, spec, options.params, options.seed, trees), calibrator


def _learned_heldout(
    train: pd.DataFrame,
    test: pd.DataFrame,
    features: list[str],
    population: str,
    options: Options,
) -> dict[str, Evaluation]:
    y = columns.labels(train)
    if y.all() or not y.any() or len(np.unique(train["account_id"])) < 2:
        return {}
    scorer, calibrator = fit_learned(train, features, options)
    baseline = fit_baseline(train, y, columns.kinds(train, features))
    return {
        "model": _evaluate(test, calibrator(scorer.raw(test)), options),
        "baseline": _evaluate(test, expit(baseline.raw(test)), options),
        "rules": _evaluate(test, rules_model(population).predict(test), options),
    }


def _assemble(
    regime: Any,
    population: str,
    frame: pd.DataFrame,
    y: npt.NDArray[np.bool_],
    scorer: Scorer,
    calibrator: Calibrator,
    heldout: dict[str, Evaluation],
    options: Options,
) -> TrainedModel:
    base_rate = float(y.mean())
    sample = frame.sample(n=min(len(frame), REFERENCE_SAMPLE), random_state=options.seed)
    phi, bias = scorer.contributions(sample)
    reference = fit_reference(phi, bias, calibrator.inverse(base_rate))
    return TrainedModel(
        regime=regime,
        population=population,
        base_rate=base_rate,
        scorer=scorer,
        calibrator=calibrator,
        reference=reference,
        heldout=heldout,
        details=_details(frame, scorer, calibrator, options),
    )


def _details(
    frame: pd.DataFrame, scorer: Scorer, calibrator: Calibrator, options: Options
) -> dict[str, Any]:
    details: dict[str, Any] = {
        "seed": options.seed,
        "rules": asdict(options.rules),
        "calibration": calibrator.kind,
        "horizon_days": options.horizon_days,
    }
    split = holdout_split(frame, options.horizon_days)
    if split is not None:
        as_of = pd.to_datetime(frame["as_of"])
        details["heldout_as_of"] = as_of[split[1]].max().date().isoformat()
        details["heldout_trained_through"] = as_of[split[0]].max().date().isoformat()
    if isinstance(scorer, GbmScorer):
        details["gbm"] = asdict(options.params)
        details["trees"] = int(scorer.booster.num_trees())
        details["lightgbm"] = lgb.__version__
    return details


def holdout_split(
    frame: pd.DataFrame, horizon_days: int
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]] | None:
    """(train, test) masks: test the newest snapshot, train the snapshots whose outcome window
    closed by then (at least `horizon_days` earlier; else every earlier one). None with one
    snapshot."""
    if frame.empty:
        return None
    as_of = pd.to_datetime(frame["as_of"]).to_numpy()
    test = _newest(frame)
    if test.all():
        return None
    purged = as_of <= as_of.max() - np.timedelta64(horizon_days, "D")
    train = purged if purged.any() else ~test
    return np.asarray(train, dtype=bool), test


def _newest(frame: pd.DataFrame) -> npt.NDArray[np.bool_]:
    as_of = pd.to_datetime(frame["as_of"]).to_numpy()
    return np.asarray(as_of == as_of.max(), dtype=bool)


def _evaluate(test: pd.DataFrame, p: FloatArray, options: Options) -> Evaluation:
    value = columns.numeric(test, "value") if "value" in test.columns else None
    return evaluate(columns.labels(test), p, k_values=options.k_values, value=value)


def summarise(frame: pd.DataFrame) -> TrainingSummary:
    if frame.empty:
        return TrainingSummary()
    y = columns.labels(frame)
    ids = frame["account_id"].to_numpy()
    as_of = pd.to_datetime(frame["as_of"])
    return TrainingSummary(
        rows=len(frame),
        accounts=len(np.unique(ids)),
        positives=int(y.sum()),
        positive_accounts=len(np.unique(ids[y])),
        snapshots=int(as_of.nunique()),
        first_as_of=as_of.min().date().isoformat(),
        last_as_of=as_of.max().date().isoformat(),
    )
