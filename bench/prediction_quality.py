"""Propensity against the demo market's hidden truth: our AUC beside the oracle's.

    .venv/bin/python bench/prediction_quality.py --workspace /tmp/pq2k --accounts 2000
    .venv/bin/python bench/prediction_quality.py --workspace /tmp/pq10k --accounts 10000

The demo generator knows, for every company on its as-of day, the exact probability that a
new-business opportunity opens in the next 90 days (`p_open_90d`, the oracle) and whether one
did (`opened_within_90d`). The workspace is built with `beachhead demo`'s own path (when it
does not exist yet), a model version is trained as of that day through the service the CLI
uses, and every prospect is scored on the day. Reported on the same accounts: the AUC, Brier
score and mean prediction of our propensity, of the oracle, of fit alone and of fit + intent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from sqlalchemy import select

from beachhead.core.prediction.metrics import roc_auc
from beachhead.demo.market import MarketConfig
from beachhead.platform import Platform
from beachhead.services.demo import DATA_FOLDER, build_demo
from beachhead.services.prediction import read_market, train_models
from beachhead.services.propensity import active_models, score
from beachhead.store.models import Account


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = MarketConfig(accounts=args.accounts, seed=args.seed)
    started = time.perf_counter()
    if not (args.workspace / "beachhead.toml").exists():
        build_demo(args.workspace, config)
    built = time.perf_counter()
    platform = Platform.open(args.workspace)
    try:
        summary = train_models(platform, config.as_of, promote=True)
        trained = time.perf_counter()
        rows = scored_prospects(platform, config.as_of)
    finally:
        platform.close()
    truth = pq.read_table(args.workspace / DATA_FOLDER / "truth" / "companies.parquet").to_pandas()
    truth = truth.rename(columns={"fit": "true_fit", "intent": "true_intent"})
    joined = rows.merge(truth, on="domain", how="inner")
    joined = joined[~joined["is_customer"]]
    print(
        f"workspace {args.workspace}: build {built - started:.1f} s, train {trained - built:.1f} s"
    )
    print(f"model v{summary.model_id}: regimes {summary.regimes}")
    for name, evaluation in summary.heldout.get("new_business", {}).items():
        print(f"  held out ({name}): AUC {evaluation['auc']:.3f}, Brier {evaluation['brier']:.4f}")
    report(joined)
    return 0


def scored_prospects(platform: Platform, day: dt.date) -> pd.DataFrame:
    """Every new-business prospect on `day` with its propensity, fit, intent and domain."""
    market = read_market(platform, day)
    with platform.store.reader() as session:
        scored = score(market.current, active_models(session))
        domains = dict(session.execute(select(Account.id, Account.domain)).all())
    frame = scored.merge(market.current[["account_id", "fit", "intent"]], on="account_id")
    frame = frame[frame["population"] == "new_business"].copy()
    frame["domain"] = frame["account_id"].map(domains)
    return frame


def report(rows: pd.DataFrame) -> None:
    y = rows["opened_within_90d"].to_numpy(bool)
    strategies = {
        "oracle (true probability)": rows["p_open_90d"].to_numpy(float),
        "propensity (ours)": rows["propensity"].to_numpy(float),
        "fit alone": rows["fit"].fillna(0).to_numpy(float) / 100,
        "fit + intent": (rows["fit"].fillna(0) + rows["intent"].fillna(0)).to_numpy(float) / 200,
    }
    print(f"\n{len(rows)} prospects on the as-of day, {int(y.sum())} opened within 90 days "
          f"({y.mean():.1%})")  # fmt: skip
    print(f"{'strategy':28} {'AUC':>6} {'Brier':>7} {'mean p':>7}")
    for name, p in strategies.items():
        auc = roc_auc(y, p)
        brier = float(np.mean((p - y) ** 2))
        print(f"{name:28} {auc:6.3f} {brier:7.4f} {p.mean():7.3f}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=Path("/tmp/bench-propensity"))
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
