"""Fit: how closely an account matches the ideal customer profile (`icp.yaml`), 0-100.

`fit = clip(base + sum of the weights of matched criteria, 0, 100)`, banded strong / moderate /
weak by the profile's bands. Each criterion is one boolean over the `accounts` table:

* `in` / `not_in` on text fields compare case-insensitively; an unknown (null) value matches
  neither, because "not in Government" should not reward an account we know nothing about;
* `between` is `min <= value < max` on numbers; null never matches;
* `has` holds when any listed technology is in `technologies` (case-insensitive); `lacks` when
  none is, which includes an empty or unknown stack.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from beachhead.core.icp.model import Criterion, IcpModel
from beachhead.core.scoring.reasons import Keep, as_is, contribution_rows, real, union_all
from beachhead.errors import ConfigError

NUMERIC_FIELDS = ("employees", "annual_revenue")


def fit_scores(accounts: ir.Table, icp: IcpModel, keep: Keep = as_is) -> tuple[ir.Table, ir.Table]:
    """Per-account `account_id, fit, fit_band` and the fit contributions.

    Contributions: one row per matched criterion (code = criterion id, points = weight), a
    `base` row when the profile has a base, and a `clip` row when the sum left 0-100, so the
    points of an account always add up to its fit.
    """
    flags = criterion_flags(accounts, icp)
    raw = real(icp.base)
    for criterion in icp.criteria:
        raw = raw + flags[criterion.id].ifelse(real(criterion.weight), real(0.0))
    scored = keep(flags.mutate(raw_fit=raw).mutate(fit=ibis._.raw_fit.clip(lower=0.0, upper=100.0)))
    bands = icp.bands
    fit_band = ibis.cases(
        (scored.fit >= float(bands.strong), "strong"),
        (scored.fit >= float(bands.moderate), "moderate"),
        else_="weak",
    )
    scores = scored.select("account_id", "fit", fit_band=fit_band)
    return scores, _contributions(scored, icp)


def criterion_flags(accounts: ir.Table, icp: IcpModel) -> ir.Table:
    """`account_id` plus one non-null boolean column per criterion id."""
    columns = {c.id: criterion_expr(accounts, c).fill_null(False) for c in icp.criteria}
    return accounts.select("account_id", **columns)


def criterion_expr(accounts: ir.Table, criterion: Criterion) -> ir.BooleanValue:
    """One criterion as an Ibis boolean over `accounts` (may be null where data is missing)."""
    value = accounts[criterion.field]
    if criterion.op == "between":
        return _between(value, criterion)
    if criterion.op in ("has", "lacks"):
        present = accounts.account_id.isin(_accounts_using(accounts, criterion.values))
        return present if criterion.op == "has" else ~present
    wanted = [v.strip().lower() for v in criterion.values]
    text = value.cast("string").strip().lower()
    matched = text.isin(wanted)
    return matched if criterion.op == "in" else value.notnull() & ~matched


def _between(value: ir.Value, criterion: Criterion) -> ir.BooleanValue:
    if criterion.field not in NUMERIC_FIELDS:
        raise ConfigError(
            f"icp criterion {criterion.id}: 'between' needs a number field, not {criterion.field}",
            hint=f"use one of {', '.join(NUMERIC_FIELDS)}",
        )
    number = value.cast("float64")
    test = number.notnull()
    if criterion.min is not None:
        test = test & (number >= float(criterion.min))
    if criterion.max is not None:
        test = test & (number < float(criterion.max))
    return test


def _accounts_using(accounts: ir.Table, technologies: list[str]) -> ir.IntegerColumn:
    """Ids of accounts whose stack names any of `technologies` (unnest, not array lambdas)."""
    stack = accounts.select("account_id", tech=accounts.technologies.unnest())
    wanted = [t.strip().lower() for t in technologies]
    return stack.filter(stack.tech.strip().lower().isin(wanted)).account_id


def _contributions(scored: ir.Table, icp: IcpModel) -> ir.Table:
    parts = [
        contribution_rows(scored.filter(scored[c.id]), "fit", c.id, c.label, float(c.weight))
        for c in icp.criteria
        if c.weight != 0
    ]
    if icp.base:
        parts.append(contribution_rows(scored, "fit", "base", "Base", float(icp.base)))
    clipped = scored.filter(scored.fit != scored.raw_fit)
    label = (clipped.raw_fit > 100.0).ifelse("Capped at 100", "Floored at 0")
    parts.append(contribution_rows(clipped, "fit", "clip", label, clipped.fit - clipped.raw_fit))
    return union_all(parts)
