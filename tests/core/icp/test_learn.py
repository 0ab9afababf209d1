"""Learning the profile: planted effects are found, noise is not, thin history falls back."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from beachhead.core.icp.defaults import default_criteria
from beachhead.core.icp.learn import LearnResult, learn_icp
from beachhead.core.icp.points import fit_frame, prepare

from .planted import planted_market


@pytest.fixture(scope="module")
def learned() -> LearnResult:
    accounts, deals = planted_market()
    return learn_icp(accounts, deals)


def by_id(result: LearnResult) -> dict[str, object]:
    return {c.id: c for c in result.model.criteria}


def test_planted_technology_is_found_with_an_interval_above_one(learned: LearnResult) -> None:
    snowflake = by_id(learned)["tech_snowflake"]
    assert learned.model.regime == "learned"
    assert snowflake.evidence.lift_ci[0] > 1.0  # type: ignore[attr-defined]
    assert snowflake.weight > 0  # type: ignore[attr-defined]
    assert snowflake.evidence.win_rate > 2 * snowflake.evidence.base_win_rate / 1.6  # type: ignore[attr-defined]


def test_harmful_attribute_gets_a_negative_weight(learned: LearnResult) -> None:
    government = by_id(learned)["industry_government"]
    assert government.weight < 0  # type: ignore[attr-defined]
    assert government.evidence.lift_ci[1] < 1.0  # type: ignore[attr-defined]


def test_adjacent_size_bands_are_merged(learned: LearnResult) -> None:
    sizes = [c for c in learned.model.criteria if c.field == "employees" and c.weight > 0]
    assert [(c.min, c.max) for c in sizes] == [(201, 5001)]
    assert sizes[0].label == "201–5,000 employees"


def test_noise_carries_no_weight(learned: LearnResult) -> None:
    ids = set(by_id(learned))
    assert not ids & {"tech_slack", "tech_jira", "tech_okta", "no_tech_slack", "region_emea"}


def test_weights_span_zero_to_one_hundred(learned: LearnResult) -> None:
    accounts, _ = planted_market()
    fit = fit_frame(learned.model, prepare(accounts))
    assert 0.0 <= fit.min() < 10.0  # the worst possible combination may not occur
    assert 90.0 < fit.max() <= 100.0
    won = accounts["is_customer"].to_numpy()
    assert fit[won].mean() > fit[~won].mean() + 10


def test_evidence_and_provenance_are_recorded(learned: LearnResult) -> None:
    source = learned.model.learned_from
    assert source.won > 100 and source.lost > 100 and source.market == 4000
    assert source.window_start is not None and source.window_start < source.window_end  # type: ignore[operator]
    assert all(c.evidence.support and c.evidence.support >= 20 for c in learned.model.criteria)
    assert "learned from" in learned.report.reason


def test_too_little_history_falls_back_to_rules() -> None:
    accounts, deals = planted_market(n=200, deal_share=0.2)
    result = learn_icp(accounts, deals)
    assert result.model.regime == "rules"
    assert "too little history" in result.report.reason
    assert "(need 30)" in result.report.reason
    assert [c.id for c in result.model.criteria] == [c.id for c in default_criteria()]
    assert result.model.criteria[0].evidence.support is not None  # thin evidence is still shown


def test_as_of_ignores_later_deals_and_the_customer_flag() -> None:
    accounts, deals = planted_market(n=600)
    result = learn_icp(accounts, deals, as_of=dt.date(2024, 1, 2))
    assert (result.report.won_deals, result.report.lost_deals) == (0, 0)
    assert result.model.regime == "rules"


def test_arrow_tables_are_accepted() -> None:
    accounts, deals = planted_market(n=1500, seed=3)
    result = learn_icp(pa.Table.from_pandas(accounts), pa.Table.from_pandas(deals))
    assert result.model.regime == "learned"
    assert np.isfinite([c.weight for c in result.model.criteria]).all()


def test_no_separating_attribute_falls_back() -> None:
    accounts, deals = planted_market(n=3000, seed=5)
    rng = np.random.default_rng(0)
    deals["is_won"] = rng.random(len(deals)) < 0.3  # outcomes unrelated to any attribute
    accounts["is_customer"] = False
    result = learn_icp(accounts, deals)
    assert result.model.regime == "rules"
    assert "no attribute separates" in result.report.reason
