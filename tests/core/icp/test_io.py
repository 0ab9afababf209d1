"""icp.yaml: round trip, hand-edit detection, errors naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from beachhead.core.icp.defaults import default_profile
from beachhead.core.icp.io import dump_icp, is_hand_edited, parse_icp, read_icp
from beachhead.core.icp.learn import learn_icp
from beachhead.errors import ConfigError

from .planted import planted_market

PATH = Path("ws/icp.yaml")


def test_learned_profile_round_trips_with_comments() -> None:
    model = learn_icp(*planted_market(n=2000)).model
    text = dump_icp(model)
    assert parse_icp(text, PATH) == model
    assert "# Uses Snowflake: +" in text
    assert "lift_ci:" in text and "min: 201" in text


def test_rules_profile_round_trips_and_says_it_is_not_learned() -> None:
    text = dump_icp(default_profile())
    assert parse_icp(text, PATH) == default_profile()
    assert "# regime rules: generic rules" in text


def test_hand_edits_are_detected() -> None:
    text = dump_icp(default_profile())
    assert not is_hand_edited(text)
    assert is_hand_edited(text.replace("weight: 25", "weight: 30"))
    assert is_hand_edited(text.replace("# content-sha256:", "# sha:"))


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_invalid_field_names_file_line_and_field() -> None:
    text = dump_icp(default_profile())
    broken = text.replace("    op: between", "    op: near", 1)
    with pytest.raises(ConfigError) as caught:
        parse_icp(broken, PATH)
    line = line_of(broken, "    op: near")
    assert caught.value.message.startswith(f"{PATH}: line {line}: criteria.0.op: Input should be")


def test_criterion_shape_errors_point_at_the_criterion() -> None:
    text = dump_icp(default_profile())
    start = text.index("    values: [Salesforce")
    text = text[:start] + text[text.index("\n", start) + 1 :]
    with pytest.raises(ConfigError, match=r"line \d+: criteria\.4: 'has' needs values"):
        parse_icp(text, PATH)


def test_unknown_keys_and_weights_out_of_range_are_refused() -> None:
    text = dump_icp(default_profile())
    line = line_of(text, "  strong: 81")
    with pytest.raises(ConfigError, match=rf"line {line}: bands\.strongest: Extra inputs"):
        parse_icp(text.replace("  strong: 81", "  strongest: 81"), PATH)
    with pytest.raises(ConfigError, match=r"criteria\.2\.weight: Input should be less than"):
        parse_icp(text.replace("weight: 25", "weight: 250"), PATH)


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "icp.yaml"
    path.write_text("version: 1\ncriteria:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"{path}: line 4: invalid YAML"):
        read_icp(path)
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1: expected a mapping"):
        read_icp(path)
