"""tiers.yaml: defaults, partial tiers, and one error line naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from beachhead.core.targeting.config import TiersConfig, load_tiers_config
from beachhead.errors import ConfigError


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_tiers_config(tmp_path / "tiers.yaml")
    assert (config.tier_1.capacity, config.tier_2.capacity, config.tier_3.capacity) == (
        25, 300, 3000,
    )  # fmt: skip
    assert config.digest() == TiersConfig().digest()


def test_a_partial_tier_keeps_its_other_defaults(tmp_path: Path) -> None:
    path = tmp_path / "tiers.yaml"
    path.write_text("tier_1:\n  capacity: 10\n", encoding="utf-8")
    config = load_tiers_config(path)
    assert config.tier_1.capacity == 10 and config.tier_1.uplift == 2.0
    assert config.digest() != TiersConfig().digest()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tier_2:\n  label: 1:few\n  capacity: -3\n", "line 3: tier_2.capacity:"),
        ("tier_3:\n  uplift: 4\n", "line 1: (top level): uplift must not rise"),
        ("clusters:\n  min_size: 5\n  max_size: 6\n", "line 1: clusters:"),
        ("tier_1:\n  capcity: 3\n", "line 2: tier_1.capcity: Extra inputs"),
    ],
)
def test_bad_file_names_line_and_field(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "tiers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_tiers_config(path)
    assert caught.value.message.startswith(f"{path}: ")
    assert expected in caught.value.message
    assert "\n" not in caught.value.message


def test_expansion_tiers_have_their_own_smaller_defaults(tmp_path: Path) -> None:
    path = tmp_path / "tiers.yaml"
    path.write_text("expansion:\n  tier_2:\n    capacity: 40\n", encoding="utf-8")
    config = load_tiers_config(path)
    assert [t.capacity for t in config.tiers("expansion")] == [10, 40, 1000]
    assert config.expansion.tier_2.uplift == 1.3
    assert [t.capacity for t in config.tiers()] == [25, 300, 3000]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("expansion:\n  tier_1:\n    capacity: -1\n", "line 3: expansion.tier_1.capacity:"),
        ("expansion:\n  tier_4: {}\n", "line 2: expansion.tier_4: Extra inputs"),
        ("expansion:\n  tier_3:\n    uplift: 3\n", "line 1: expansion: uplift must not rise"),
    ],
)
def test_bad_expansion_section_names_line_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "tiers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_tiers_config(path)
    assert caught.value.message.startswith(f"{path}: ") and expected in caught.value.message
