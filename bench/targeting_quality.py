"""Tier plans against the demo market's hidden truth: our Tier 1 + 2 beside the oracle's.

    .venv/bin/python bench/targeting_quality.py --workspace /tmp/tq2k --accounts 2000

The demo generator knows every company's true probability of opening new-business pipeline in
the next 90 days (`p_open_90d`). Three plans share the candidates (prospects the latest run
gave a propensity), the deal values and the tiers.yaml capacities:

* ours: the optimiser fed our propensity (what `beachhead tiers plan` stores);
* oracle: the same optimiser fed the true probability;
* fit only: accounts ranked by fit score, the first capacity-1 to Tier 1, the next to Tier 2.

Each plan's Tier 1 + 2 is valued with the truth: Σ p_true × deal value × the tier's uplift.
Reported: that figure for each plan and the share of the oracle's each one captures.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from beachhead.core.targeting.plan import Economics, solve
from beachhead.core.targeting.proposal import Candidate
from beachhead.demo.market import MarketConfig
from beachhead.platform import Platform
from beachhead.services.demo import DATA_FOLDER, build_demo
from beachhead.services.targeting import plan_candidates
from beachhead.store import results
from beachhead.store.models import Account


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    if not (args.workspace / "beachhead.toml").exists():
        market = MarketConfig(accounts=args.accounts)
        build_demo(args.workspace, market if args.seed is None else replace(market, seed=args.seed))
    platform = Platform.open(args.workspace)
    try:
        candidates, config = plan_candidates(platform)
        fit, domains = _fit_and_domains(platform)
    finally:
        platform.close()
    truth = _truth(args.workspace)
    known = [c for c in candidates if domains.get(c.member.account_id) in truth]
    prospects = [c for c in known if not truth[domains[c.member.account_id]][1]]
    p_true = [truth[domains[c.member.account_id]][0] for c in prospects]
    econ = Economics.of(config)
    plans = {
        "ours": _optimal(prospects, [c.propensity for c in prospects], econ),
        "oracle": _optimal(prospects, p_true, econ),
        "fit only": _by_fit(prospects, fit, econ),
    }
    print(f"workspace {args.workspace}: {len(prospects)} prospects planned "
          f"({time.perf_counter() - started:.1f} s)")  # fmt: skip
    _report(prospects, p_true, plans, econ)
    return 0


def _optimal(prospects: list[Candidate], p: list[float], econ: Economics) -> list[int]:
    expected = [q * c.deal_value for q, c in zip(p, prospects, strict=True)]
    return solve(expected, [c.member.account_id for c in prospects], econ)


def _by_fit(prospects: list[Candidate], fit: dict[int, float], econ: Economics) -> list[int]:
    order = sorted(range(len(prospects)), key=lambda i: -fit[prospects[i].member.account_id])
    tiers = [3] * len(prospects)
    start = 0
    for tier, cap in enumerate(econ.capacity):
        for i in order[start : start + cap]:
            tiers[i] = tier
        start += cap
    return tiers


def _report(
    prospects: list[Candidate], p_true: list[float], plans: dict[str, list[int]], econ: Economics
) -> None:
    value = np.array([c.deal_value for c in prospects])
    truth = np.array(p_true) * value
    captured, net = {}, {}
    for name, tiers in plans.items():
        t = np.array(tiers)
        top = np.isin(t, (0, 1))
        uplift = np.array([econ.uplift[k] for k in t])
        captured[name] = float((truth * uplift)[top].sum())
        net[name] = float((truth * uplift - np.array([econ.cost[k] for k in t])).sum())
        counts = [int((t == k).sum()) for k in range(4)]
        print(f"  {name:9s} tiers 1/2/3/broad {counts}: true expected pipeline in Tier 1+2 "
              f"{captured[name]:,.0f}; true plan value net of cost {net[name]:,.0f}")  # fmt: skip
    for name in ("ours", "fit only"):
        print(f"  {name}: Tier 1+2 pipeline {captured[name] / captured['oracle']:.1%} of the "
              f"oracle's; plan value {net[name] / net['oracle']:.1%} of the oracle's")  # fmt: skip
    overlap = np.isin(np.array(plans["ours"]), (0, 1)) & np.isin(np.array(plans["oracle"]), (0, 1))
    print(f"  accounts in both ours and the oracle's Tier 1+2: {int(overlap.sum())}")


def _fit_and_domains(platform: Platform) -> tuple[dict[int, float], dict[int, str]]:
    with platform.store.reader() as session:
        run = results.latest_run(session)
        assert run is not None
        fit = {r["account_id"]: float(r["fit"]) for r in results.run_rows(session, run.id)}
        domains = {a: d for a, d in session.query(Account.id, Account.domain) if d}
    return fit, domains


def _truth(workspace: Path) -> dict[str, tuple[float, bool]]:
    table = pq.read_table(workspace / DATA_FOLDER / "truth" / "companies.parquet").to_pandas()
    out: dict[str, tuple[float, bool]] = {}
    for row in table.itertuples():
        for domain in (row.domain, row.alias_domain):
            if isinstance(domain, str):
                out[domain] = (float(row.p_open_90d), bool(row.is_customer))
    return out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=None, help="default: the demo's own seed")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
