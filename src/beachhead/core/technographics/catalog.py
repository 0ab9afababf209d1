"""The technology catalog: categories, canonical names, aliases and fingerprints.

The catalog ships as `fingerprints.yaml` beside this module; `default_catalog()` loads and
validates it once. Stack fields arriving from CRMs are mapped onto its canonical names:

>>> normalise_stack(["SFDC", " salesforce.com ", "GA4", "Hubspot", "Acme  Tool", "acme tool"])
['Salesforce', 'Google Analytics', 'HubSpot', 'Acme Tool']
>>> normalise_stack(["N/A", "", "none", "Sales Cloud", "Salesforce"])
['Salesforce']
>>> default_catalog().get("sales cloud").name
'Salesforce'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from beachhead.core.technographics.patterns import (
    DEFAULT_CONFIDENCE,
    KEYED_KINDS,
    KINDS,
    Pattern,
    compile_pattern,
)
from beachhead.errors import ConfigError

FINGERPRINTS = "fingerprints.yaml"

# Category id -> label, in the order reports list them.
CATEGORIES: dict[str, str] = {
    "crm": "CRM",
    "marketing_automation": "Marketing automation",
    "cms": "CMS & landing pages",
    "analytics": "Analytics & attribution",
    "tag_management": "Tag management",
    "ab_testing": "A/B testing & personalisation",
    "chat": "Chat & conversational marketing",
    "cdp": "Customer data platform",
    "data_warehouse": "Data warehouse",
    "data_integration": "Data integration",
    "bi": "BI & dashboards",
    "ecommerce": "Ecommerce",
    "cloud_hosting": "Cloud & hosting",
    "cdn": "CDN",
    "security_identity": "Security & identity",
    "privacy_consent": "Privacy & consent",
    "customer_success": "Customer success & adoption",
    "support": "Support & help desk",
    "payments": "Payments & billing",
    "abm_intent": "ABM & intent data",
    "advertising": "Advertising",
    "sales_engagement": "Sales engagement & scheduling",
    "video_webinar": "Video & webinars",
    "collaboration": "Collaboration",
    "erp": "ERP & HCM",
    "frameworks": "Web frameworks",
}

# CRM placeholders that name no technology.
_PLACEHOLDERS = frozenset({"na", "none", "null", "nil", "unknown", "tbd", "other"})
_FIELDS = frozenset({"name", "vendor", "aliases", "also", "implies", *KINDS})
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Technology:
    """One product: canonical `name`, main `category` (plus `also`), and its fingerprints."""

    name: str
    category: str
    vendor: str
    aliases: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category, *self.also)

    @property
    def detectable(self) -> bool:
        """True when a website can reveal it (warehouses and ETL tools usually cannot)."""
        return bool(self.patterns)

    @property
    def kinds(self) -> tuple[str, ...]:
        """Where its fingerprints look, in catalog order."""
        return tuple(dict.fromkeys(pattern.kind for pattern in self.patterns))


@dataclass(frozen=True)
class Catalog:
    """Technologies in category order, looked up by canonical name or alias."""

    technologies: tuple[Technology, ...]
    _by_key: Mapping[str, Technology] = field(repr=False, compare=False, hash=False)

    def get(self, name: str) -> Technology | None:
        """The technology a name or alias stands for (case and punctuation ignored)."""
        return self._by_key.get(name_key(name))

    def in_category(self, category: str) -> list[Technology]:
        return [tech for tech in self.technologies if category in tech.categories]


def name_key(text: str) -> str:
    """The form names are compared in: "Salesforce.com" and "salesforce com" are one key.

    >>> name_key(" Power-BI "), name_key("Salesforce.com")
    ('powerbi', 'salesforcecom')
    """
    folded = unicodedata.normalize("NFKD", text).casefold()
    return _NOT_ALNUM.sub("", folded)


def normalise_stack(values: Iterable[str], catalog: Catalog | None = None) -> list[str]:
    """Canonical names for imported stack values, in first-seen order, without duplicates.

    Unknown names are kept as given (trimmed, inner spaces collapsed); blanks and placeholders
    such as "N/A" or "none" are dropped.
    """
    catalog = catalog or default_catalog()
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        key = name_key(value)
        if not key or key in _PLACEHOLDERS:
            continue
        tech = catalog.get(value)
        name = tech.name if tech else _SPACES.sub(" ", value.strip())
        if name_key(name) not in seen:
            seen.add(name_key(name))
            result.append(name)
    return result


@functools.cache
def default_catalog() -> Catalog:
    """The catalog shipped with Beachhead (parsed once per process)."""
    text = resources.files(__package__).joinpath(FINGERPRINTS).read_text(encoding="utf-8")
    return parse_catalog(text, FINGERPRINTS)


def parse_catalog(text: str, source: str = "<catalog>") -> Catalog:
    """Validate catalog YAML; errors name the file, the technology and the field."""
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise ConfigError(f"{source}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of category -> technologies")
    technologies = [
        _technology(entry, category, source)
        for category, entries in data.items()
        for entry in _entries(category, entries, source)
    ]
    technologies.sort(key=lambda tech: list(CATEGORIES).index(tech.category))
    return Catalog(tuple(technologies), _index(technologies, source))


def _entries(category: object, entries: object, source: str) -> list[dict[str, Any]]:
    if category not in CATEGORIES:
        raise ConfigError(
            f"{source}: unknown category {category!r}", hint=f"use one of: {', '.join(CATEGORIES)}"
        )
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{source}: {category}: expected a list of technologies")
    return entries


def _technology(entry: dict[str, Any], category: str, source: str) -> Technology:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{source}: {category}: a technology has no name")
    where = f"{source}: {name}"
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
    vendor = entry.get("vendor")
    if not isinstance(vendor, str) or not vendor:
        raise ConfigError(f"{where}: vendor: required")
    also = _strings(entry, "also", where)
    bad = [c for c in also if c not in CATEGORIES or c == category]
    if bad:
        raise ConfigError(f"{where}: also: not another category: {', '.join(bad)}")
    patterns = tuple(p for kind in KINDS for p in _patterns(entry.get(kind), kind, where))
    aliases, implies = _strings(entry, "aliases", where), _strings(entry, "implies", where)
    return Technology(name, category, vendor, aliases, also, implies, patterns)


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}: {key}: expected a list of names")
    return tuple(value)


def _patterns(value: object, kind: str, where: str) -> list[Pattern]:
    if value is None:
        return []
    if kind in KEYED_KINDS:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: {kind}: expected a mapping of name -> pattern")
        items = [(str(key).lower(), spec) for key, spec in value.items()]
    elif isinstance(value, list):
        items = [("", spec) for spec in value]
    else:
        raise ConfigError(f"{where}: {kind}: expected a list of patterns")
    return [_pattern(spec, kind, key, where) for key, spec in items]


def _pattern(spec: object, kind: str, key: str, where: str) -> Pattern:
    confidence: object = DEFAULT_CONFIDENCE[kind]
    if isinstance(spec, dict):
        confidence = spec.get("confidence", confidence)
        spec = spec.get("re")
    if not isinstance(spec, str):
        raise ConfigError(f"{where}: {kind}: a pattern must be text or {{re, confidence}}")
    if not isinstance(confidence, int | float) or not 0 < confidence <= 1:
        raise ConfigError(f"{where}: {kind}: {spec!r}: confidence must be in (0, 1]")
    try:
        return compile_pattern(kind, spec, float(confidence), key)
    except re.error as error:
        raise ConfigError(f"{where}: {kind}: {spec!r}: {error}") from None


def _index(technologies: list[Technology], source: str) -> dict[str, Technology]:
    index: dict[str, Technology] = {}
    for tech in technologies:
        for alias in (tech.name, *tech.aliases):
            key = name_key(alias)
            if index.get(key) is tech:
                # Case, spaces and punctuation are ignored anyway: "Hubspot" needs no alias.
                raise ConfigError(f"{source}: {tech.name}: alias {alias!r} repeats another name")
            other = index.setdefault(key, tech)
            if other is not tech:
                raise ConfigError(f"{source}: {alias!r} names both {other.name} and {tech.name}")
    for tech in technologies:
        missing = [name for name in tech.implies if name_key(name) not in index]
        if missing:
            raise ConfigError(f"{source}: {tech.name}: implies unknown {', '.join(missing)}")
    return index
