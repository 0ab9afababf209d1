"""A 1,000-account demo market, generated and written once per test session."""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from beachhead.demo import ExportPaths, Market, MarketConfig, generate_market, write_exports

CONFIG = MarketConfig(accounts=1000, seed=7)

Rows = list[dict[str, str]]


@pytest.fixture(scope="session")
def market() -> Market:
    return generate_market(CONFIG)


@pytest.fixture(scope="session")
def progress_log() -> list[tuple[str, int]]:
    return []


@pytest.fixture(scope="session")
def exported(
    market: Market, tmp_path_factory: pytest.TempPathFactory, progress_log: list[tuple[str, int]]
) -> ExportPaths:
    out = tmp_path_factory.mktemp("demo-market")
    return write_exports(market, out, lambda step, rows: progress_log.append((step, rows)))


@pytest.fixture(scope="session")
def load(exported: ExportPaths) -> Callable[[str], Rows]:
    """Rows of an exported CSV as the csv module reads them ("salesforce/Account", ...)."""

    @functools.cache
    def read(name: str) -> Rows:
        path = _path(exported, name)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    return read


def _path(exported: ExportPaths, name: str) -> Path:
    folder, _, stem = name.partition("/")
    places: dict[str, Path] = {
        "salesforce": exported.salesforce_dir / f"{stem}.csv",
        "hubspot": exported.hubspot_dir / f"{stem}.csv",
        "intent": exported.intent_file,
        "activities": exported.activities_file,
    }
    return places[folder]
