"""Win/loss on a real CRM sample with a time-ordered holdout, and a leak the guards must catch.

    .venv/bin/python bench/maven_winloss.py /work/shared/data/maven-crm-sales-opportunities

Maven Analytics' CRM sample (85 accounts, 8,800 deals, Oct 2016 - Dec 2017; read in place,
never copied) holds little signal about which deal will be won: a model far above ~0.65 AUC on
later deals would be reading the outcome. Deals engaged before `--split` train the propensity
machinery (`core.prediction.train_model`: regimes, LightGBM, calibration); closed deals engaged
from `--split` on are scored. Features are only what was known when the deal was engaged: the
account's firmographics, the product, the sales agent's office, and the account's and agent's
record on deals closed before that day. Then two columns known only at close are offered:
`close_value` (0 for every lost deal) and `days_to_close`; the leakage guard must refuse them,
and the AUC they would give is printed to show why.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from beachhead.core.prediction.leakage import check_leakage
from beachhead.core.prediction.metrics import evaluate, roc_auc
from beachhead.core.prediction.model import RegimeRules, train_model
from beachhead.errors import BeachheadError

FEATURES = ("sector", "revenue_log", "employees_log", "product", "regional_office",
            "account_prior_deals", "account_prior_win_rate", "agent_prior_win_rate")  # fmt: skip
LEAKY = ("close_value", "days_to_close")
# Win rates of deals closed *before* the engagement: history, though the name sounds like an
# outcome, so the name check is told to let them through (the statistical checks still run).
HISTORY = ("account_prior_win_rate", "agent_prior_win_rate")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    deals = deal_frame(args.data)
    train = deals[deals["engage_date"] < args.split]
    test = deals[(deals["engage_date"] >= args.split)]
    won_before, won_after = train["label"].mean(), test["label"].mean()
    print(f"{len(train)} closed deals engaged before {args.split.date()} ({won_before:.1%} won); "
          f"{len(test)} after ({won_after:.1%} won)")  # fmt: skip
    model = train_model(
        train, FEATURES, "new_business", RegimeRules(), horizon_days=30, allow=HISTORY
    )
    p = model.predict(test)
    result = evaluate(test["label"].to_numpy(bool), p, k_values=(25, 300))
    print(f"regime {model.regime}; later deals: AUC {result.auc:.3f}, Brier {result.brier:.4f}, "
          f"mean predicted {p.mean():.3f} vs won {test['label'].mean():.3f}")  # fmt: skip
    for name in LEAKY:
        auc = roc_auc(test["label"].to_numpy(bool), test[name].to_numpy(float))
        findings = check_leakage(train, [name])
        verdict = "; ".join(f"{f.severity}: {f.reason}" for f in findings) or "not caught"
        print(f"{name}: AUC on its own {auc:.3f} -> {verdict}")
    try:
        train_model(
            train, (*FEATURES, *LEAKY), "new_business", RegimeRules(), horizon_days=30,
            allow=HISTORY,
        )  # fmt: skip
        print("leaky columns were accepted (a defect)")
    except BeachheadError as refused:
        print(f"training with them refused: {refused.message}")
    return 0


def deal_frame(folder: Path) -> pd.DataFrame:
    """Closed deals with what was known at engagement, the outcome, and two leaky columns."""
    deals = pd.read_csv(folder / "sales_pipeline.csv", parse_dates=["engage_date", "close_date"])
    accounts = pd.read_csv(folder / "accounts.csv")
    teams = pd.read_csv(folder / "sales_teams.csv")
    deals = deals.merge(accounts, on="account", how="left").merge(teams, on="sales_agent")
    deals = deals[deals["deal_stage"].isin(["Won", "Lost"]) & deals["engage_date"].notna()]
    deals = deals.sort_values("engage_date", kind="stable").reset_index(drop=True)
    deals["label"] = deals["deal_stage"] == "Won"
    deals["account_id"] = deals["account"].astype("category").cat.codes.astype("int64")
    deals["as_of"] = deals["engage_date"].dt.to_period("M").dt.to_timestamp()
    deals["value"] = 0.0
    deals["revenue_log"] = np.log10(deals["revenue"].clip(lower=0.01))
    deals["employees_log"] = np.log10(deals["employees"].clip(lower=1))
    deals["account_prior_deals"] = [_prior(deals, i, "account")[0] for i in range(len(deals))]
    deals["account_prior_win_rate"] = [_prior(deals, i, "account")[1] for i in range(len(deals))]
    deals["agent_prior_win_rate"] = [_prior(deals, i, "sales_agent")[1] for i in range(len(deals))]
    deals["close_value"] = deals["close_value"].astype(float)
    deals["days_to_close"] = (deals["close_date"] - deals["engage_date"]).dt.days.astype(float)
    return deals


def _prior(deals: pd.DataFrame, i: int, key: str) -> tuple[float, float]:
    """Deals of the same account (or agent) closed before deal `i` was engaged, and their win
    rate (NaN with none)."""
    row = deals.iloc[i]
    mask = (deals[key] == row[key]) & (deals["close_date"] < row["engage_date"])
    earlier = deals.loc[mask, "label"]
    return float(len(earlier)), float(earlier.mean()) if len(earlier) else float("nan")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Maven CRM data set folder")
    parser.add_argument("--split", type=pd.Timestamp, default=pd.Timestamp(dt.date(2017, 6, 1)))
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
