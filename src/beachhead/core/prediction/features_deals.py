"""Deals as of a day: who was a customer then, which deals were open, and the history before.

Only what was known before `as_of` counts:

* a deal is known once created (`created_date < as_of`); a closed deal without a created date
  becomes known when it closes. An open deal without a created date is never known, because
  nothing says it existed on a past day;
* a deal is closed (won or lost) as of the day only when `close_date < as_of`; one that closed
  later was still open then, its outcome unknown;
* a closed deal without a close date cannot be placed in time: it counts as created (when its
  created date allows) but never as open, won or lost.

Customer as of the day: the account has a deal won before it. The CRM's `is_customer` is
today's flag and would leak the future on a past day, so it is used only for an account with no
dated won deal on record at all: such an account counts as a customer throughout, because
nothing dates when it became one. An account whose first won deal closed after the day was a
prospect then, whatever the flag says today; a won deal without a close date makes no one a
customer (the flag decides).

Opportunity types: `expansion` (case-insensitive) is expansion; anything else is new business.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from beachhead.core.scoring.reasons import count_true

EXPANSION = "expansion"
HISTORY_COLUMNS = (
    "prior_new_opps",
    "prior_lost",
    "won_deals",
    "open_new",
    "open_expansion",
    "last_close",
    "first_won",
)


def deals_as_of(opportunities: ir.Table, as_of: dt.date) -> ir.Table:
    """Every deal known before `as_of`: `account_id, expansion, open, won, lost, close_date`."""
    day = ibis.literal(as_of, type="date")
    o = opportunities.filter(opportunities.account_id.notnull())
    closed_ever = o.is_closed.fill_null(False) | o.is_won.fill_null(False)
    closed = closed_ever & (o.close_date < day).fill_null(False)
    flagged = o.mutate(
        _known=(o.created_date < day).fill_null(closed),
        _closed=closed,
        _undated=closed_ever & o.close_date.isnull(),
        _won=closed & o.is_won.fill_null(False),
    )
    known = flagged.filter(flagged._known)
    return known.select(
        "account_id",
        "close_date",
        expansion=(known.opp_type.lower() == EXPANSION).fill_null(False),
        open=~known._closed & ~known._undated,
        won=known._won,
        lost=known._closed & ~known._won,
    )


def deal_history(opportunities: ir.Table, as_of: dt.date) -> ir.Table:
    """Per account with a known deal: `HISTORY_COLUMNS` (counts; dates of the last close and
    the first win, null when none)."""
    d = deals_as_of(opportunities, as_of)
    return d.group_by("account_id").aggregate(
        prior_new_opps=count_true(~d.expansion),
        prior_lost=count_true(d.lost),
        won_deals=count_true(d.won),
        open_new=count_true(d.open & ~d.expansion),
        open_expansion=count_true(d.open & d.expansion),
        last_close=d.close_date.max(where=d.won | d.lost),
        first_won=d.close_date.min(where=d.won),
    )


def static_customers(accounts: ir.Table, opportunities: ir.Table) -> ir.Table:
    """`account_id, static_customer`: flagged a customer, with no dated won deal on record, so
    a customer whatever the day (see the module docs)."""
    o = opportunities.filter(opportunities.account_id.notnull())
    dated = o.filter(o.is_won.fill_null(False) & o.close_date.notnull())
    wins = dated.select(_key=dated.account_id).distinct()
    joined = accounts.left_join(wins, accounts.account_id == wins._key)
    static = accounts.is_customer.fill_null(False) & joined._key.isnull()
    return joined.select(accounts.account_id, static_customer=static)


def population(
    in_book: ir.BooleanValue,
    customer: ir.BooleanValue,
    open_new: ir.IntegerValue,
    open_expansion: ir.IntegerValue,
) -> ir.StringValue:
    """'new_business', 'expansion' or null (a deal of the kind already open, or not in book).

    A prospect belongs to 'new_business' when no new-business deal is open; a customer to
    'expansion' when no expansion deal is open.
    """
    return ibis.cases(
        (in_book & customer & (open_expansion == 0), "expansion"),
        (in_book & ~customer & (open_new == 0), "new_business"),
        else_=ibis.null("string"),
    )
