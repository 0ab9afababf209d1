from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest

from beachhead.core.technographics import (
    CATEGORIES,
    default_catalog,
    name_key,
    normalise_stack,
    parse_catalog,
)
from beachhead.demo.vocab import TECHNOLOGIES
from beachhead.errors import ConfigError


def test_catalog_is_large_with_unique_names_and_known_categories() -> None:
    technologies = default_catalog().technologies
    assert len(technologies) >= 140
    names = Counter(name_key(tech.name) for tech in technologies)
    assert [name for name, count in names.items() if count > 1] == []
    assert {tech.category for tech in technologies} == set(CATEGORIES)
    assert all(set(tech.also) <= set(CATEGORIES) for tech in technologies)
    assert all(tech.vendor for tech in technologies)


def test_most_technologies_can_be_seen_on_a_website() -> None:
    technologies = default_catalog().technologies
    assert sum(tech.detectable for tech in technologies) >= 0.75 * len(technologies)


def test_the_yaml_ships_inside_the_package() -> None:
    package = resources.files("beachhead.core.technographics")
    assert package.joinpath("fingerprints.yaml").is_file()


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("SFDC", "Salesforce"),
        ("Salesforce.com", "Salesforce"),
        ("Sales Cloud", "Salesforce"),
        ("salesforce", "Salesforce"),
        ("GA4", "Google Analytics"),
        ("Google Analytics 4", "Google Analytics"),
        ("Hubspot", "HubSpot"),
        ("PowerBI", "Power BI"),
        ("Adobe Marketo Engage", "Marketo"),
        ("Marketing Cloud Account Engagement", "Pardot"),
        ("Leadfeeder", "Dealfront"),
        ("Azure AD", "Microsoft Entra ID"),
        ("  dbt   labs ", "dbt"),
    ],
)
def test_aliases_normalise_to_the_canonical_name(value: str, canonical: str) -> None:
    assert normalise_stack([value]) == [canonical]


def test_normalise_keeps_unknowns_trims_and_dedupes_in_order() -> None:
    values = ["  Acme   Widgets ", "SFDC", "salesforce", "", "N/A", "acme widgets", "none", "GA4"]
    assert normalise_stack(values) == ["Acme Widgets", "Salesforce", "Google Analytics"]


def test_every_demo_market_technology_is_a_canonical_name() -> None:
    catalog = default_catalog()
    names = {tech.name for tech in catalog.technologies}
    assert {tech.name for tech in TECHNOLOGIES} <= names


def test_category_lookup_includes_secondary_categories() -> None:
    marketing = {tech.name for tech in default_catalog().in_category("marketing_automation")}
    assert {"Marketo", "Pardot", "HubSpot"} <= marketing


_VALID = """
crm:
  - name: Acme CRM
    vendor: Acme
    aliases: [ACRM]
    script: ['cdn\\.acmecrm\\.com/']
"""


def test_a_small_catalog_parses() -> None:
    catalog = parse_catalog(_VALID, "mine.yaml")
    tech = catalog.get("acrm")
    assert tech is not None and tech.name == "Acme CRM" and tech.kinds == ("script",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("widgets:\n  - {name: X, vendor: Y}\n", "unknown category 'widgets'"),
        ("crm:\n  - {name: X, vendor: Y, scripts: [a]}\n", "X: unknown field(s) scripts"),
        ("crm:\n  - {name: X, vendor: Y, script: ['(']}\n", "X: script: '(':"),
        ("crm:\n  - {name: X}\n", "X: vendor: required"),
        ("crm:\n  - {name: X, vendor: Y, implies: [Nope]}\n", "X: implies unknown Nope"),
        ("crm:\n  - {name: X, vendor: Y, also: [crm]}\n", "X: also: not another category: crm"),
        (
            "crm:\n  - {name: X, vendor: Y, script: [{re: a, confidence: 2}]}\n",
            "confidence must be in (0, 1]",
        ),
        (
            "crm:\n  - {name: X, vendor: Y}\n  - {name: Z, vendor: Y, aliases: [x]}\n",
            "'x' names both X and Z",
        ),
        ("crm:\n  - {name: X Y, vendor: Y, aliases: [x-y]}\n", "alias 'x-y' repeats another name"),
        ("crm: [\n", "not valid YAML"),
    ],
)
def test_catalog_errors_name_the_file_technology_and_field(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_catalog(text, "mine.yaml")
    assert raised.value.message.startswith("mine.yaml: ")
    assert message in raised.value.message
