"""Journey stages: first matching rule from the top, facts as of `as_of`, YAML-defined rules."""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from beachhead.core.scoring import journey_stages, parse_scoring_config
from beachhead.core.scoring.config import ScoringConfig

from .tables import AS_OF, accounts, by_account, opportunities

D = dt.date


def scores(columns: dict[str, pa.Array]) -> ir.Table:
    return ibis.memtable(pa.table(columns))


def ids(*values: int) -> pa.Array:
    return pa.array(values, pa.int64())


ACCOUNTS = accounts([{"account_id": i, "is_customer": i == 1} for i in range(1, 9)])
FIT = scores(
    {"account_id": ids(*range(1, 9)), "fit": [90.0, 90, 80, 40, 40, 40, 40, 75],
     "fit_band": ["strong"] * 3 + ["weak"] * 4 + ["moderate"]}
)  # fmt: skip
INTENT = scores(
    {"account_id": ids(3, 7), "intent": [50.0, 10], "in_market": [True, False],
     "surging_topics": ids(1, 0), "breadth": [0.5, 0.0], "freshness_days": ids(7, 30)}
)  # fmt: skip
ENGAGEMENT = scores(
    {"account_id": ids(4, 5, 8), "engagement": [20.0, 1, 40], "engagement_score": [30.0, 2, 55],
     "minutes_90d": [12.0, 1, 40], "engaged_people": ids(1, 1, 2),
     "departments_engaged": ids(1, 1, 1), "depth_3x3": ids(1, 1, 2),
     "spike": [False, False, True], "last_activity_days": ids(5, 100, 3)}
)  # fmt: skip
OPPS = opportunities(
    [
        {"opportunity_id": 1, "account_id": 1, "opp_type": "expansion", "is_closed": False,
         "is_won": False, "created_date": D(2026, 1, 1)},
        {"opportunity_id": 2, "account_id": 2, "opp_type": "new", "is_closed": False,
         "is_won": False, "created_date": D(2026, 2, 1)},
        # won after as_of: at as_of it was still an open deal
        {"opportunity_id": 3, "account_id": 6, "opp_type": "New", "is_closed": True,
         "is_won": True, "created_date": D(2026, 1, 1), "close_date": D(2026, 4, 5)},
        # created after as_of: not there yet
        {"opportunity_id": 4, "account_id": 5, "opp_type": "new", "is_closed": False,
         "is_won": False, "created_date": D(2026, 4, 2)},
        # won before as_of makes a customer
        {"opportunity_id": 5, "account_id": 7, "opp_type": "new", "is_closed": True,
         "is_won": True, "created_date": D(2025, 6, 1), "close_date": D(2025, 9, 1)},
    ]
)  # fmt: skip


def run(cfg: ScoringConfig) -> tuple[dict[int, dict[str, object]], list[dict[str, object]]]:
    stages, contributions = journey_stages(ACCOUNTS, FIT, INTENT, ENGAGEMENT, OPPS, AS_OF, cfg)
    return by_account(stages), contributions.to_pyarrow().to_pylist()


def test_default_stages_first_match_from_the_top() -> None:
    got, contributions = run(ScoringConfig())
    assert {k: v["stage"] for k, v in got.items()} == {
        1: "expansion", 2: "opportunity", 3: "mqa", 4: "engaged", 5: "unaware",
        6: "opportunity", 7: "customer", 8: "mqa",
    }  # fmt: skip
    assert got[3]["stage_reason"] == (
        "Qualified (MQA): fit >= 70 and (engagement_score >= 50 or in_market)"
    )
    assert got[5]["stage_reason"] == "Unaware"
    levels = {r["account_id"]: r["points"] for r in contributions}
    assert levels[1] > levels[7] > levels[2] > levels[3] > levels[4] > levels[5] == 0.0
    assert {r["component"] for r in contributions} == {"stage"}


def test_stage_rules_come_from_yaml() -> None:
    cfg = parse_scoring_config(
        "stages:\n"
        "  - name: hot\n"
        "    label: Hot\n"
        "    all:\n"
        "      - {field: spike, op: '==', value: true}\n"
        "      - {field: fit_band, op: '!=', value: weak}\n"
        "  - name: aware\n"
        "    label: Aware\n"
        "    any:\n"
        "      - {field: last_activity_days, op: '<=', value: 90}\n"
        "      - {field: freshness_days, op: '<=', value: 90}\n"
        "default_stage: cold\n"
        "default_stage_label: Cold\n"
    )
    got, _ = run(cfg)
    assert got[8]["stage"] == "hot" and got[8]["stage_reason"] == "Hot: spike and fit_band != weak"
    assert {k for k, v in got.items() if v["stage"] == "aware"} == {3, 4, 7}
    assert got[5]["stage"] == "cold"  # last active 100 days ago


def test_a_sum_a_hair_under_the_threshold_still_meets_it() -> None:
    # 0.1 + 0.2 + ... can land on 9.999999999999998 in one thread order and 10.0 in another.
    engagement = scores(
        {"account_id": ids(4, 5), "engagement": [10.0, 10.0], "engagement_score": [10.0, 10],
         "minutes_90d": [9.999999999999998, 9.99], "engaged_people": ids(1, 1),
         "departments_engaged": ids(1, 1), "depth_3x3": ids(1, 1), "spike": [False, False],
         "last_activity_days": ids(5, 5)}
    )  # fmt: skip
    stages, _ = journey_stages(ACCOUNTS, FIT, INTENT, engagement, OPPS, AS_OF, ScoringConfig())
    got = {k: v["stage"] for k, v in by_account(stages).items()}
    assert (got[4], got[5]) == ("engaged", "aware")
