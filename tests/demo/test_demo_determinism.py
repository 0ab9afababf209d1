"""Same seed, same bytes; other seed, other market; real companies and big-market switches."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from beachhead.core.identity.names import name_key
from beachhead.demo import MarketConfig, export, generate_market, write_exports

PDL = Path("/work/shared/data/pdl-companies-top21k/companies_sorted_top21k.csv")


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_same_seed_writes_identical_files(tmp_path: Path) -> None:
    config = MarketConfig(accounts=150, seed=3)
    write_exports(generate_market(config), tmp_path / "a")
    write_exports(generate_market(config), tmp_path / "b")
    first, second = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert len(first) == 11 + 3 + 2 + 5
    assert first == second


def test_another_seed_gives_another_market(tmp_path: Path) -> None:
    write_exports(generate_market(MarketConfig(accounts=150, seed=3)), tmp_path / "a")
    write_exports(generate_market(MarketConfig(accounts=150, seed=4)), tmp_path / "b")
    first, second = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert first.keys() == second.keys()
    assert all(first[name] != second[name] for name in first)


def test_market_size_follows_the_config() -> None:
    small = generate_market(MarketConfig(accounts=40, seed=1))
    assert small.truth["companies"].num_rows == 40
    assert small.salesforce["Account"].num_rows >= 0.85 * 40


def test_big_activity_exports_switch_to_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    market = generate_market(MarketConfig(accounts=60, seed=2))
    monkeypatch.setattr(export, "ACTIVITIES_CSV_MAX_ROWS", 10)
    (tmp_path / "activities.csv").write_text("stale")
    paths = write_exports(market, tmp_path)
    assert paths.activities_file.name == "activities.parquet"
    assert not (tmp_path / "activities.csv").exists()
    table = pq.read_table(paths.activities_file)
    assert table.column_names == market.activities.column_names
    assert table.num_rows == market.activities.num_rows


@pytest.mark.skipif(not PDL.exists(), reason="the PDL sample is not on this machine")
def test_real_companies_file_gives_unique_real_names() -> None:
    market = generate_market(MarketConfig(accounts=300, seed=5, companies_file=PDL))
    companies = market.truth["companies"]
    keys = [name_key(n) for n in companies["name"].to_pylist()]
    assert len(set(keys)) == len(keys) == 300
    assert len(set(companies["domain"].to_pylist())) == 300
    assert "Software" in companies["sector"].to_pylist()
    assert market.salesforce["Account"].num_rows > 250
