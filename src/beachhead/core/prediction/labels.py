"""What happened after a day: the outcomes propensity models learn, and the days to learn from.

An outcome is a deal *created* in the horizon `[start, start + horizon_days)`: a new-business
deal (any type but `expansion`) or an expansion deal. Its value is the sum of those deals'
amounts (an unknown amount counts 0). Features are built as of `start` from data before it, so
the label and the features never share a day.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from beachhead.core.prediction.features_deals import EXPANSION
from beachhead.core.scoring.reasons import count_true, day_of, real
from beachhead.errors import ConfigError


def outcomes(opportunities: ir.Table, start: dt.date, horizon_days: int) -> ir.Table:
    """Per account with a deal created in the horizon: `account_id, opened_new_business,
    opened_expansion, new_business_value, expansion_value` (values float64, 0 when none)."""
    _check_positive("horizon_days", horizon_days)
    first = day_of(start)
    end = first + dt.timedelta(days=horizon_days)
    o = opportunities
    opened = o.filter(
        o.account_id.notnull(),
        o.created_date >= ibis.literal(first, type="date"),
        o.created_date < ibis.literal(end, type="date"),
    )
    expansion = (opened.opp_type.lower() == EXPANSION).fill_null(False)
    amount = ibis.coalesce(opened.amount.cast("float64"), real(0.0))
    sums = opened.group_by("account_id").aggregate(
        expansions=count_true(expansion),
        new_deals=count_true(~expansion),
        new_business_value=amount.sum(where=~expansion),
        expansion_value=amount.sum(where=expansion),
    )
    return sums.select(
        "account_id",
        opened_new_business=sums.new_deals > 0,
        opened_expansion=sums.expansions > 0,
        new_business_value=ibis.coalesce(sums.new_business_value, real(0.0)),
        expansion_value=ibis.coalesce(sums.expansion_value, real(0.0)),
    )


def training_days(
    as_of: dt.date, horizon_days: int, snapshots: int = 6, step_days: int = 30
) -> list[dt.date]:
    """Snapshot days whose whole horizon has passed by `as_of`, oldest first.

    The newest is `as_of - horizon_days` (its horizon ends the day before `as_of`), then one
    every `step_days` back.

    >>> training_days(dt.date(2026, 11, 2), 90, snapshots=3)
    [datetime.date(2026, 6, 5), datetime.date(2026, 7, 5), datetime.date(2026, 8, 4)]
    """
    limits = {"horizon_days": horizon_days, "snapshots": snapshots, "step_days": step_days}
    for name, value in limits.items():
        _check_positive(name, value)
    newest = day_of(as_of) - dt.timedelta(days=horizon_days)
    return [newest - dt.timedelta(days=step_days * i) for i in reversed(range(snapshots))]


def _check_positive(name: str, value: int) -> None:
    if value < 1:
        raise ConfigError(f"{name} must be at least 1, not {value}")
