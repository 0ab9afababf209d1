"""Country spellings fold to ISO codes and sales regions."""

from __future__ import annotations

import pytest

from beachhead.core.geo import REGION_BY_CODE, REGIONS, country_code, region_of
from beachhead.demo.vocab_geo import COUNTRIES


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("United States", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("u.s.a.", "US"),
        ("United States of America", "US"),
        ("Deutschland", "DE"),
        ("de", "DE"),
        ("  Germany ", "DE"),
        ("Österreich", "AT"),
        ("España", "ES"),
        ("The Netherlands", "NL"),
        ("UK", "GB"),
        ("GBR", "GB"),
        ("São Tomé", None),
        ("Türkiye", "TR"),
        ("", None),
        (None, None),
        ("N/A", None),
        ("NA", None),
        ("Atlantis", None),
    ],
)
def test_country_code(value: str | None, code: str | None) -> None:
    assert country_code(value) == code


@pytest.mark.parametrize(
    ("value", "region"),
    [
        ("United States", "NA"),
        ("Canada", "NA"),
        ("United Kingdom", "EMEA"),
        ("ZA", "EMEA"),
        ("UAE", "EMEA"),
        ("Japan", "APAC"),
        ("AU", "APAC"),
        ("Mexico", "LATAM"),
        ("Brasil", "LATAM"),
        ("Atlantis", "unknown"),
        (None, "unknown"),
    ],
)
def test_region_of(value: str | None, region: str) -> None:
    assert region_of(value) == region


def test_demo_countries_keep_their_region() -> None:
    demo_region = {"North America": "NA"}
    for country in COUNTRIES:
        assert region_of(country.name) == demo_region.get(country.region, country.region)


def test_every_code_has_one_known_region() -> None:
    assert set(REGION_BY_CODE.values()) <= set(REGIONS)
    for code in REGION_BY_CODE:
        assert country_code(code) == code or code == "NA"
