"""Synthetic markets with a planted truth, for the ICP learning tests."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

INDUSTRIES = ("Software", "Retail", "Manufacturing", "Government", "Healthcare")
TECHS = ("Snowflake", "Slack", "Jira", "Okta")


def planted_market(
    n: int = 4000, seed: int = 1, deal_share: float = 0.4
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accounts and deals where Snowflake users win 3x as often, Government 0.3x, and
    201-5,000 employees 2x; every other attribute is noise."""
    rng = np.random.default_rng(seed)
    industry = rng.choice(INDUSTRIES, n)
    employees = np.round(10 ** rng.uniform(0.5, 4.5, n)).astype(int)
    held = rng.random((n, len(TECHS))) < 0.25
    technologies = [[t for t, h in zip(TECHS, row, strict=True) if h] for row in held]
    p_win = 0.12 * np.where(held[:, 0], 3.0, 1.0)
    p_win *= np.where(industry == "Government", 0.3, 1.0)
    p_win *= np.where((employees >= 201) & (employees < 5001), 2.0, 1.0)
    has_deal = rng.random(n) < deal_share
    won = has_deal & (rng.random(n) < np.clip(p_win, 0, 0.95))
    accounts = pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "industry": industry,
            "employees": employees,
            "annual_revenue": employees * 200_000.0,
            "country": rng.choice(["United States", "Germany", "Japan"], n),
            "region": None,
            "technologies": technologies,
            "is_customer": won,
        }
    )
    accounts["region"] = accounts["country"].map(
        {"United States": "NA", "Germany": "EMEA", "Japan": "APAC"}
    )
    return accounts, _deals(rng, accounts["id"].to_numpy()[has_deal], won[has_deal])


def _deals(rng: np.random.Generator, ids: np.ndarray, won: np.ndarray) -> pd.DataFrame:
    start = dt.date(2024, 1, 1)
    created = [start + dt.timedelta(days=int(d)) for d in rng.integers(0, 600, len(ids))]
    cycle = rng.integers(20, 200, len(ids))
    return pd.DataFrame(
        {
            "account_id": ids,
            "opp_type": "new",
            "amount": rng.lognormal(10, 0.5, len(ids)).round(),
            "is_closed": True,
            "is_won": won,
            "created_date": created,
            "close_date": [
                c + dt.timedelta(days=int(d)) for c, d in zip(created, cycle, strict=True)
            ],
        }
    )
