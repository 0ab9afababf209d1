"""scoring.yaml: documented defaults, overrides, and errors naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from beachhead.core.scoring import ScoringConfig, load_scoring_config, parse_scoring_config
from beachhead.errors import ConfigError


def test_defaults_are_the_documented_conventions() -> None:
    cfg = ScoringConfig()
    assert (cfg.intent.surge_threshold, cfg.intent.recent_weeks, cfg.intent.baseline_weeks) == (
        60, 3, 12)  # fmt: skip
    assert cfg.intent.in_market_breadth == 0.25
    engagement = cfg.engagement
    assert (engagement.half_life_days, engagement.lookback_days, engagement.daily_cap) == (
        30, 180, 20)  # fmt: skip
    assert engagement.seniority_weights == {
        "cxo": 2.0, "vp": 1.5, "director": 1.25, "manager": 1.0, "ic": 0.5, "unknown": 0.5,
    }  # fmt: skip
    weights = engagement.activity_weights
    assert weights["demo_request"] > weights["pricing_page_visit"] > weights["ad_click"]
    assert weights["email_open"] == 0.1 and weights["email_reply"] == 1.0
    assert [s.name for s in cfg.stages] == [
        "expansion", "customer", "opportunity", "mqa", "engaged", "aware"]  # fmt: skip


def test_the_reference_page_shows_the_defaults() -> None:
    page = Path(__file__).resolve().parents[3] / "docs" / "reference" / "scoring-yaml.md"
    block = page.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    assert parse_scoring_config(block, str(page)) == ScoringConfig()


def test_a_missing_or_empty_file_means_defaults(tmp_path: Path) -> None:
    assert load_scoring_config(tmp_path / "scoring.yaml") == ScoringConfig()
    (tmp_path / "scoring.yaml").write_text("# nothing yet\n")
    assert load_scoring_config(tmp_path / "scoring.yaml") == ScoringConfig()


def test_overrides_keep_the_other_defaults(tmp_path: Path) -> None:
    path = tmp_path / "scoring.yaml"
    path.write_text(
        "engagement:\n  half_life_days: 14\n  activity_weights:\n    demo_request: 40\n"
    )
    cfg = load_scoring_config(path)
    assert cfg.engagement.half_life_days == 14
    assert cfg.engagement.activity_weight("demo_request") == 40
    assert cfg.engagement.activity_weight("ad_click") == 0.0  # a given map replaces the whole
    assert cfg.intent.surge_threshold == 60


BAD = [
    ("engagement:\n  half_life_days: 0\n", "line 2: engagement.half_life_days: "
     "Input should be greater than 0"),
    ("intent:\n  surge_treshold: 70\n", "line 2: intent.surge_treshold: Extra inputs"),
    ("engagement:\n  activity_weights:\n    demo: 3\n", "line 3: engagement.activity_weights.demo"),
    ("engagement:\n  activity_weights:\n    demo_request: -3\n",
     "line 3: engagement.activity_weights.demo_request: Input should be greater than or equal"),
    ("intent:\n  strength_weight: 0.9\n", "line 1: intent: strength/breadth/recency/"
     "momentum weights must sum to 1, not 1.5"),
    ("stages:\n  - name: x\n    label: X\n    all:\n      - {field: fitt, op: '>=', value: 1}\n",
     "line 5: stages.0.all.0: unknown field 'fitt'"),
    ("stages:\n  - name: x\n    label: X\n    any:\n      - {field: fit, op: '>=', value: yes}\n",
     "line 5: stages.0.any.0: fit is a number; True is not"),
    ("stages:\n  - name: x\n    label: X\n    all:\n      - {field: spike, op: '>', value: true}\n",
     "spike is a bool: use == or !="),
    ("stages:\n  - name: x\n    label: X\n", "line 2: stages.0: stage 'x' needs"),
    ("stages:\n  - {name: aware, label: A, all: [{field: fit, op: '>', value: 1}]}\n"
     "default_stage: aware\n", "duplicate stage names: aware"),
    ("first_party:\n  topic_pages:\n    pricing: Pricing\n", "must start with '/'"),
    ("intent: [1, 2\n", "invalid YAML"),
    ("- 1\n", "line 1: (top level): expected a mapping"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_errors_name_file_line_and_field(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_scoring_config(text, "ws/scoring.yaml")
    assert caught.value.message.startswith("ws/scoring.yaml: ")
    assert expected in caught.value.message


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "scoring.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ConfigError, match="cannot read"):
        load_scoring_config(path)
