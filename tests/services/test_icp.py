"""Learning the profile from the store, and keeping icp.yaml safe from overwrites."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import insert

from beachhead.errors import ConfigError, NotFoundError
from beachhead.platform import Platform
from beachhead.services.icp import icp_path, learn_from_workspace, load_icp, save_icp
from beachhead.store.models import Account, Opportunity

START = dt.date(2025, 1, 1)


def seed_market(platform: Platform, n: int = 400) -> None:
    """Accounts on Snowflake win 3x as often; one closed new deal per account, 10 days apart."""
    rng = np.random.default_rng(4)
    snowflake = rng.random(n) < 0.3
    won = rng.random(n) < np.where(snowflake, 0.6, 0.2)
    accounts = [
        {
            "id": i + 1,
            "name": f"Company {i}",
            "name_key": f"company {i}",
            "domain": f"c{i}.example",
            "industry": "Software" if i % 2 else "Retail",
            "employees": 100 + i,
            "country": "US" if i % 3 else "Germany",
            "technologies": ["Snowflake", "Slack"] if snowflake[i] else ["Slack"],
            "is_customer": bool(won[i]),
            "source": "test",
        }
        for i in range(n)
    ]
    deals = [
        {
            "account_id": i + 1,
            "opp_type": "new",
            "amount": 10_000.0,
            "is_closed": True,
            "is_won": bool(won[i]),
            "created_date": START + dt.timedelta(days=i),
            "close_date": START + dt.timedelta(days=i + 30),
            "source": "test",
        }
        for i in range(n)
    ]
    with platform.store.unit_of_work() as session:
        session.execute(insert(Account), accounts)
        session.execute(insert(Opportunity), deals)


def test_learns_from_the_store(platform: Platform) -> None:
    seed_market(platform)
    result = learn_from_workspace(platform)
    assert result.model.regime == "learned"
    snowflake = next(c for c in result.model.criteria if c.id == "tech_snowflake")
    assert snowflake.weight > 0 and snowflake.evidence.lift_ci[0] > 1  # type: ignore[index]
    assert result.model.learned_from.market == 400
    assert result.model.learned_from.window_end == "2026-03-06"


def test_as_of_keeps_only_deals_closed_before_it(platform: Platform) -> None:
    seed_market(platform)
    result = learn_from_workspace(platform, as_of=START + dt.timedelta(days=80))
    assert result.report.won_deals + result.report.lost_deals == 50
    assert result.model.regime == "rules"
    assert "too little history" in result.report.reason


def test_save_keeps_a_backup_and_refuses_to_overwrite_hand_edits(platform: Platform) -> None:
    seed_market(platform)
    model = learn_from_workspace(platform).model
    first = save_icp(platform, model)
    assert first.backup is None and load_icp(platform) == model
    second = save_icp(platform, model)
    assert second.backup is not None and second.backup.name == "icp.yaml.bak"
    path = icp_path(platform)
    edited = path.read_text(encoding="utf-8").replace("regime: learned", "regime: priors")
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(ConfigError, match="edited by hand"):
        save_icp(platform, model)
    assert path.read_text(encoding="utf-8") == edited
    save_icp(platform, model, force=True)
    assert (path.parent / "icp.yaml.bak").read_text(encoding="utf-8") == edited
    assert load_icp(platform) == model


def test_load_without_a_profile_says_how_to_make_one(platform: Platform) -> None:
    with pytest.raises(NotFoundError) as caught:
        load_icp(platform)
    assert caught.value.hint == "run: beachhead icp learn"
