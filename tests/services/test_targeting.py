"""A tier plan stored and read back on every store backend, from a hand-made score run."""

from __future__ import annotations

import datetime as dt

from beachhead.platform import Platform
from beachhead.services.targeting import latest_tiers, plan_tiers, show_tier
from beachhead.store import prediction, results
from beachhead.store.bulk import insert_returning_ids
from beachhead.store.models import Account, Opportunity

INDUSTRIES = ("Banking", "Software")


def seed_run(platform: Platform, n: int) -> None:
    with platform.store.unit_of_work() as session:
        accounts = [
            {"name": f"Acme {i}", "name_key": f"acme {i}", "domain": f"acme{i}.com",
             "industry": INDUSTRIES[i % 2], "employees": 300, "country": "France",
             "technologies": ["Snowflake"], "custom": {}, "source": "test"}
            for i in range(n)
        ]  # fmt: skip
        ids = insert_returning_ids(session, Account, accounts)
        insert_returning_ids(session, Opportunity, [
            {"account_id": ids[0], "opp_type": "new", "amount": 50_000.0, "is_won": True,
             "is_closed": True, "custom": {}, "source": "test"}
        ])  # fmt: skip
        run = results.start_run(session, {"as_of": dt.date(2026, 11, 2),
            "started_at": dt.datetime(2026, 11, 2), "engine": "duckdb", "config_hash": "x",
            "icp_regime": "rules"})  # fmt: skip
        results.insert_scores(session, [
            {"run_id": run, "account_id": a, "fit": 50.0, "fit_band": "moderate", "intent": 0.0,
             "in_market": False, "engagement_score": 0.0, "stage": "target", "reasons": []}
            for a in ids
        ])  # fmt: skip
        prediction.insert_propensity(session, [
            {"run_id": run, "account_id": a, "population": "new_business",
             "propensity": (k + 1) / (n + 1), "regime": "rules", "factors": []}
            for k, a in enumerate(ids)
        ])  # fmt: skip


def test_plan_is_stored_and_read_back(platform: Platform) -> None:
    seed_run(platform, 60)
    (platform.settings.workspace / "tiers.yaml").write_text(
        "tier_1: {capacity: 3}\ntier_2: {capacity: 20}\ntier_3: {capacity: 30}\n",
        encoding="utf-8",
    )
    summary = plan_tiers(platform)
    counts = {t["tier"]: t["accounts"] for t in summary["tiers"]}
    assert counts == {"tier_1": 3, "tier_2": 20, "tier_3": 30, "broad": 7}
    assert sum(c["size"] for c in summary["clusters"]) == 20
    with platform.store.reader() as session:
        tiers = latest_tiers(session)
    assert sorted(t for t, _, _ in tiers.values()).count("tier_2") == 20
    shown = show_tier(platform, "acme59.com")
    assert shown["tier"] == "tier_1" and shown["plan_id"] == summary["plan_id"]
    assert "deal value" in shown["explanation"]["reason"]
