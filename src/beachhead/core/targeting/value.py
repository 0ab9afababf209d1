"""Potential deal value: what a won deal with an account like this one has been worth.

The median won amount of deals in the same population (new business or expansion) and size
band; a band with too few won deals falls back to the population's median, and a workspace
with no won deals at all to the configured default.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from beachhead.core.targeting.config import ValueModel


@dataclass(frozen=True)
class WonDeal:
    population: str  # new_business | expansion
    employees: int | None
    amount: float


@dataclass(frozen=True)
class DealValue:
    value: float
    basis: str  # how it was estimated, for the explanation


def size_band(employees: int | None, model: ValueModel) -> str | None:
    """The name of the band `employees` falls in (None when unknown).

    >>> size_band(350, ValueModel())
    'Mid-market'
    """
    if employees is None:
        return None
    name = None
    for band in model.size_bands:
        if employees >= band.min_employees:
            name = band.name
    return name


def deal_value_table(
    won: Sequence[WonDeal], model: ValueModel
) -> dict[tuple[str, str | None], DealValue]:
    """(population, band) -> value, with (population, None) as the population's fallback."""
    amounts: dict[tuple[str, str | None], list[float]] = defaultdict(list)
    for deal in won:
        if deal.amount > 0:
            amounts[(deal.population, size_band(deal.employees, model))].append(deal.amount)
            amounts[(deal.population, None)].append(deal.amount)
    table: dict[tuple[str, str | None], DealValue] = {}
    for (population, band), values in amounts.items():
        if band is None:
            basis = f"median of {len(values)} won {population} deals"
        elif len(values) >= model.min_deals:
            basis = f"median of {len(values)} won {population} deals, {band} accounts"
        else:
            continue
        table[(population, band)] = DealValue(float(median(values)), basis)
    return table


def deal_value(
    table: dict[tuple[str, str | None], DealValue],
    population: str,
    employees: int | None,
    model: ValueModel,
) -> DealValue:
    """The account's potential deal value and how it was estimated."""
    band = size_band(employees, model)
    found = table.get((population, band)) or table.get((population, None))
    if found is not None:
        return found
    return DealValue(model.default_deal_value, "default deal value (no won deals to learn from)")
