"""True companies: firmographics, technology stack and the latent fit that drives the market."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from beachhead.demo.common import sigmoid, weighted_choice
from beachhead.demo.naming import StemRegistry, brand_stems, compose_names
from beachhead.demo.pdl import RealCompanies, sample_real_companies
from beachhead.demo.vocab import OTHER_SECTOR, SECTORS, TECHNOLOGIES
from beachhead.demo.vocab_geo import COUNTRIES, REGION_FIT

_SECTORS = (*SECTORS, OTHER_SECTOR)
# Data-stack products are far more common where data teams are big.
_DATA_TECH = {"Snowflake", "Databricks", "BigQuery", "dbt", "Fivetran", "Segment", "Looker"}
_DATA_HEAVY = {"Software", "Financial Services", "E-commerce", "Media"}
_DATA_LIGHT = {"Government", "Education", "Non-profit", "Hospitality", "Construction"}


@dataclass(frozen=True)
class Firms:
    """Column arrays of the true companies, aligned by company index."""

    name: list[str]
    domain: list[str]
    alias_domain: list[str]
    industry: list[str]
    sector: np.ndarray
    employees: np.ndarray
    revenue: np.ndarray
    country: list[str]
    region: list[str]
    city: list[str]
    state: list[str]
    postal: list[str]
    tech: np.ndarray  # bool, companies x TECHNOLOGIES
    fit: np.ndarray

    @property
    def n(self) -> int:
        return len(self.name)


@dataclass(frozen=True)
class _Geo:
    country: list[str]
    region: list[str]
    city: list[str]
    state: list[str]
    postal: list[str]
    tld: list[str]


def _synthetic_geo(rng: np.random.Generator, n: int) -> _Geo:
    pick = weighted_choice(rng, np.array([c.share for c in COUNTRIES]), n)
    slot = rng.integers(0, 1_000_000, n)
    cities = [
        COUNTRIES[c].cities[s % len(COUNTRIES[c].cities)] for c, s in zip(pick, slot, strict=True)
    ]
    # Local companies often use their country's TLD; the rest buy a .com.
    local_tld = rng.random(n) < 0.55
    return _Geo(
        country=[COUNTRIES[c].name for c in pick],
        region=[COUNTRIES[c].region for c in pick],
        city=[city for city, _, _ in cities],
        state=[state for _, state, _ in cities],
        postal=[postal for _, _, postal in cities],
        tld=[
            COUNTRIES[c].tld if local else "com" for c, local in zip(pick, local_tld, strict=True)
        ],
    )


def _real_geo(real: RealCompanies) -> _Geo:
    known = {c.name: c for c in COUNTRIES}
    parts = [[p.strip().title() for p in loc.split(",")] + ["", ""] for loc in real.locality]
    return _Geo(
        country=real.country,
        region=[known[c].region if c in known else "Other" for c in real.country],
        city=[p[0] for p in parts],
        state=[p[1] if len(p) > 3 else "" for p in parts],
        postal=["" for _ in real.country],
        tld=[d.split(".", 1)[-1] for d in real.domain],
    )


def _software_tld(rng: np.random.Generator, sector: np.ndarray, tld: list[str]) -> list[str]:
    roll = rng.random(len(tld))
    software = sector == 0
    return [
        "io" if s and r < 0.15 else "ai" if s and r < 0.2 else t
        for s, r, t in zip(software.tolist(), roll.tolist(), tld, strict=True)
    ]


def _employees(rng: np.random.Generator, n: int) -> np.ndarray:
    log10 = np.clip(rng.normal(2.3, 0.8, n), 0.5, 5.4)
    return np.round(10**log10).astype(np.int64)


def _revenue(rng: np.random.Generator, sector: np.ndarray, employees: np.ndarray) -> np.ndarray:
    per_employee = np.array([s.revenue_per_employee for s in _SECTORS])[sector]
    revenue = employees * per_employee * rng.lognormal(0.0, 0.45, len(employees))
    return np.asarray(np.round(revenue / 1000) * 1000, dtype=np.int64)


def _technologies(
    rng: np.random.Generator, sector: np.ndarray, employees: np.ndarray
) -> np.ndarray:
    labels = np.array([s.label for s in _SECTORS])[sector]
    heavy = np.isin(labels, list(_DATA_HEAVY))
    light = np.isin(labels, list(_DATA_LIGHT))
    size = np.log10(employees) - 2.3
    adoption = np.array([t.adoption for t in TECHNOLOGIES])
    tilt = np.array([t.size_tilt for t in TECHNOLOGIES])
    is_data = np.array([t.name in _DATA_TECH for t in TECHNOLOGIES])
    p = adoption[None, :] * np.exp(tilt[None, :] * size[:, None])
    sector_factor = np.where(heavy, 1.7, np.where(light, 0.5, 1.0))
    p = np.where(is_data[None, :], p * sector_factor[:, None], p)
    return np.asarray(rng.random(p.shape) < np.clip(p, 0.0, 0.95))


def _size_fit(employees: np.ndarray) -> np.ndarray:
    bands = np.array([50, 200, 5000, 20000])
    weights = np.array([-1.2, 0.1, 1.0, 0.4, -0.3])
    return np.asarray(weights[np.searchsorted(bands, employees, side="right")])


def latent_fit(
    rng: np.random.Generator, firms_parts: tuple[np.ndarray, np.ndarray, list[str], np.ndarray]
) -> np.ndarray:
    """Fit 0..1 from industry, size band, region and stack, plus unobserved company traits."""
    sector, employees, region, tech = firms_parts
    z = np.array([s.fit for s in _SECTORS])[sector] + _size_fit(employees)
    z += np.array([REGION_FIT.get(r, -0.5) for r in region])
    z += tech @ np.array([t.fit for t in TECHNOLOGIES])
    # The hidden part: data maturity, budget cycles... what no firmographic shows.
    z += rng.normal(0.0, 0.6, len(sector))
    return np.round(sigmoid(1.1 * (z - 1.6)), 4)


def _synthetic(rng: np.random.Generator, n: int, registry: StemRegistry) -> Firms:
    sector = weighted_choice(rng, np.array([s.share for s in SECTORS]), n)
    geo = _synthetic_geo(rng, n)
    tlds = _software_tld(rng, sector, geo.tld)
    words = [
        SECTORS[s].descriptors[k % len(SECTORS[s].descriptors)]
        for s, k in zip(sector.tolist(), rng.integers(0, 1000, n).tolist(), strict=True)
    ]
    names = compose_names(rng, brand_stems(rng, n, registry), words, tlds)
    industry = [SECTORS[s].label for s in sector.tolist()]
    return _finish(
        rng,
        (names.name, names.domain, names.alias_domain, industry),
        sector,
        _employees(rng, n),
        geo,
    )


def _from_file(rng: np.random.Generator, path: Path, n: int, registry: StemRegistry) -> Firms:
    real = sample_real_companies(path, rng, n, registry)
    m = len(real.name)
    texts = (real.name, real.domain, ["" for _ in range(m)], real.industry)
    firms = _finish(rng, texts, real.sector, real.employees, _real_geo(real))
    if m == n:
        return firms
    return _stack(firms, _synthetic(rng, n - m, registry))


def _finish(
    rng: np.random.Generator,
    texts: tuple[list[str], list[str], list[str], list[str]],
    sector: np.ndarray,
    employees: np.ndarray,
    geo: _Geo,
) -> Firms:
    tech = _technologies(rng, sector, employees)
    fit = latent_fit(rng, (sector, employees, geo.region, tech))
    name, domain, alias, industry = texts
    return Firms(
        name,
        domain,
        alias,
        industry,
        sector,
        employees,
        _revenue(rng, sector, employees),
        geo.country,
        geo.region,
        geo.city,
        geo.state,
        geo.postal,
        tech,
        fit,
    )


def _stack(a: Firms, b: Firms) -> Firms:
    fields: dict[str, Any] = {}
    for field in Firms.__dataclass_fields__:
        x, y = getattr(a, field), getattr(b, field)
        fields[field] = x + y if isinstance(x, list) else np.concatenate([x, y])
    return Firms(**fields)


def generate_firms(rng: np.random.Generator, n: int, companies_file: Path | None) -> Firms:
    """`n` true companies, from synthetic names or sampled from a PDL-style CSV."""
    registry = StemRegistry()
    if companies_file is not None:
        return _from_file(rng, companies_file, n, registry)
    return _synthetic(rng, n, registry)


SECTOR_LABELS: tuple[str, ...] = tuple(s.label for s in _SECTORS)
