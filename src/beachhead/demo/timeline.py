"""The weekly market simulation: buying episodes, opportunities, customers, future outcomes.

One loop over weeks, vectorised over companies. Each idle company may enter an in-market
episode (weekly hazard rising steeply with fit); 2-8 weeks later the episode either converts into
an opportunity (probability rising with fit) or fizzles. Opportunities close won or lost after a
sales cycle that grows with company size; won new business makes a customer, and customers
later get expansion episodes. Weeks after `as_of` are simulated too, only for the ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from beachhead.demo.common import Calendar, sigmoid

NEW_BUSINESS, EXPANSION = 0, 1
OPEN_STAGES = 5  # Prospecting .. Negotiation/Review
COOLDOWN_WEEKS = 13  # no new episode within a quarter of a close or a fizzle
NEVER = 1 << 30
MIN_EPISODE, MAX_EPISODE = 2, 8


def nb_hazard(fit: np.ndarray) -> np.ndarray:
    """Weekly probability that an idle prospect starts researching a purchase."""
    return np.asarray(0.0003 + 0.025 * fit**3)


def nb_conversion(fit: np.ndarray) -> np.ndarray:
    """Probability that a new-business episode ends in an opportunity."""
    return np.asarray(0.3 + 0.55 * fit)


def expansion_hazard(fit: np.ndarray) -> np.ndarray:
    """Weekly probability that a settled customer starts an expansion episode."""
    return np.asarray(0.003 + 0.008 * fit)


EXPANSION_CONVERSION = 0.7
SETTLE_WEEKS = 26  # customers expand only after living with the product for a while


@dataclass
class _Records:
    columns: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def add(self, **values: np.ndarray) -> None:
        for name, value in values.items():
            self.columns.setdefault(name, []).append(np.asarray(value))

    def arrays(self, names: tuple[str, ...]) -> dict[str, np.ndarray]:
        return {k: np.concatenate(self.columns.get(k, [np.zeros(0, int)])) for k in names}


@dataclass(frozen=True)
class Timeline:
    """Everything that happened (and will happen, for the truth) in the market."""

    episodes: dict[str, np.ndarray]  # EPISODE_FIELDS
    opps: dict[str, np.ndarray]  # OPP_FIELDS
    initial_customer: np.ndarray
    customer_from: np.ndarray  # week a company became a customer (NEVER if not)
    committee_size: np.ndarray  # people a company's full buying committee has
    p_open_90d: np.ndarray
    opened_within_90d: np.ndarray


@dataclass
class _State:
    """Per-company simulation state; the ep_* arrays describe the current episode."""

    ep_end: np.ndarray
    ep_index: np.ndarray
    ep_kind: np.ndarray
    ep_coverage: np.ndarray
    ep_timely: np.ndarray
    busy_until: np.ndarray
    customer_from: np.ndarray
    n_episodes: int = 0

    @classmethod
    def initial(cls, n: int, first_week: int, customer_from: np.ndarray) -> _State:
        none = np.full(n, -1, dtype=np.int64)
        return cls(
            np.full(n, -NEVER, dtype=np.int64),
            none,
            np.zeros(n, int),
            np.zeros(n, int),
            np.zeros(n, bool),
            np.full(n, first_week, dtype=np.int64),
            customer_from,
        )


def _committee_size(rng: np.random.Generator, employees: np.ndarray) -> np.ndarray:
    # 6-12 people, more in bigger companies (Gartner: 6-10, 8-12 in enterprise deals).
    depth = np.clip((np.log10(employees) - 1.0) / 4.0, 0.1, 0.9)
    return np.asarray(6 + rng.binomial(6, depth))


@dataclass(frozen=True)
class _Context:
    fit: np.ndarray
    employees: np.ndarray
    committee: np.ndarray
    h_new: np.ndarray
    h_expansion: np.ndarray
    episodes: _Records
    opps: _Records


def _start_episodes(rng: np.random.Generator, ctx: _Context, st: _State, week: int) -> None:
    is_customer = st.customer_from <= week
    settled = st.customer_from + SETTLE_WEEKS <= week
    hazard = np.where(is_customer, np.where(settled, ctx.h_expansion, 0.0), ctx.h_new)
    idle = (st.ep_index < 0) & (st.busy_until <= week)
    starting = np.flatnonzero(idle & (rng.random(len(idle)) < hazard))
    if starting.size == 0:
        return
    duration = rng.integers(MIN_EPISODE, MAX_EPISODE + 1, starting.size)
    coverage = 1 + rng.binomial(ctx.committee[starting] - 1, 0.15 + 0.45 * ctx.fit[starting])
    timely = rng.random(starting.size) < 0.2 + 0.4 * ctx.fit[starting]
    kind = is_customer[starting].astype(int)
    ctx.episodes.add(
        company=starting,
        start=np.full(starting.size, week),
        duration=duration,
        kind=kind,
        coverage=coverage,
        timely=timely,
    )
    st.ep_end[starting] = week + duration
    st.ep_index[starting] = st.n_episodes + np.arange(starting.size)
    st.ep_kind[starting], st.ep_coverage[starting], st.ep_timely[starting] = kind, coverage, timely
    st.n_episodes += starting.size


def _win_probability(
    fit: np.ndarray, coverage: np.ndarray, timely: np.ndarray, kind: np.ndarray
) -> np.ndarray:
    """Fit, committee coverage (roles engaged) and early sales follow-up all raise win rates."""
    return sigmoid(-3.0 + 2.8 * fit + 0.3 * (coverage - 4) + 0.7 * timely + 1.2 * kind)


def _cycle_weeks(rng: np.random.Generator, employees: np.ndarray, kind: np.ndarray) -> np.ndarray:
    typical = 4.0 + 3.5 * np.log10(employees) - 2.0 * kind
    return np.asarray(np.clip(np.round(typical * rng.lognormal(0.0, 0.35, len(employees))), 3, 52))


def _open_opps(
    rng: np.random.Generator, ctx: _Context, st: _State, week: int, companies: np.ndarray
) -> None:
    kind, coverage = st.ep_kind[companies], st.ep_coverage[companies]
    p_win = _win_probability(ctx.fit[companies], coverage, st.ep_timely[companies], kind)
    won = rng.random(companies.size) < p_win
    cycle = _cycle_weeks(rng, ctx.employees[companies], kind)
    # Lost deals drop out at a random open stage, after the matching share of the cycle.
    reached = np.where(won, OPEN_STAGES - 1, rng.integers(0, OPEN_STAGES, companies.size))
    span = np.where(won, cycle, np.ceil(cycle * (reached + 1) / (OPEN_STAGES + 1)))
    close = week + span.astype(np.int64)
    ctx.opps.add(
        company=companies,
        kind=kind,
        created=np.full(companies.size, week),
        close=close,
        won=won,
        reached=reached,
        episode=st.ep_index[companies],
        cycle=cycle.astype(np.int64),
    )
    st.busy_until[companies] = close + COOLDOWN_WEEKS
    new_customer = won & (kind == NEW_BUSINESS)
    st.customer_from[companies[new_customer]] = close[new_customer]


def _end_episodes(rng: np.random.Generator, ctx: _Context, st: _State, week: int) -> None:
    ending = np.flatnonzero(st.ep_end == week)
    if ending.size == 0:
        return
    kind = st.ep_kind[ending]
    conversion = np.where(kind == EXPANSION, EXPANSION_CONVERSION, nb_conversion(ctx.fit[ending]))
    converts = rng.random(ending.size) < conversion
    st.busy_until[ending] = week + COOLDOWN_WEEKS
    _open_opps(rng, ctx, st, week, ending[converts])
    st.ep_end[ending] = -NEVER
    st.ep_index[ending] = -1


def p_open_new_business(cal: Calendar, fit: np.ndarray, st: _State) -> np.ndarray:
    """Exact probability, given the hidden state at `as_of`, of a new-business opportunity
    opening in the next `cal.horizon` weeks under the simulation's own rules."""
    now, last = cal.weeks, cal.weeks + cal.horizon - 1
    h, c = nb_hazard(fit), nb_conversion(fit)
    first = np.maximum(now, st.busy_until)
    p_idle = np.zeros(len(fit))
    for week in range(now, last + 1):
        # Start this week (after staying idle since `first`), and finish inside the horizon.
        room = last - week
        p_done = np.clip((room - MIN_EPISODE + 1) / (MAX_EPISODE - MIN_EPISODE + 1), 0.0, 1.0)
        survive = (1.0 - h) ** np.maximum(week - first, 0)
        p_idle += np.where(week >= first, survive * h * p_done * c, 0.0)
    prospect = st.customer_from > last
    in_episode = (st.ep_index >= 0) & (st.ep_kind == NEW_BUSINESS)
    idle = st.ep_index < 0
    return np.where(prospect & in_episode, c, np.where(prospect & idle, p_idle, 0.0))


def simulate(
    rng: np.random.Generator, cal: Calendar, fit: np.ndarray, employees: np.ndarray
) -> Timeline:
    """Run the market from the burn-in to the end of the hidden horizon."""
    n = len(fit)
    initial = rng.random(n) < 0.01 + 0.08 * fit**2
    st = _State.initial(n, -cal.burn_in, np.where(initial, -NEVER, NEVER))
    ctx = _Context(
        fit,
        employees,
        _committee_size(rng, employees),
        nb_hazard(fit),
        expansion_hazard(fit),
        _Records(),
        _Records(),
    )
    p_open = np.zeros(n)
    for week in range(-cal.burn_in, cal.weeks + cal.horizon):
        if week == cal.weeks:
            p_open = p_open_new_business(cal, fit, st)
        _end_episodes(rng, ctx, st, week)
        _start_episodes(rng, ctx, st, week)
    opps = ctx.opps.arrays(OPP_FIELDS)
    future_nb = (opps["created"] >= cal.weeks) & (opps["kind"] == NEW_BUSINESS)
    opened = np.zeros(n, bool)
    opened[opps["company"][future_nb]] = True
    return Timeline(
        ctx.episodes.arrays(EPISODE_FIELDS),
        opps,
        initial,
        st.customer_from,
        ctx.committee,
        np.round(p_open, 5),
        opened,
    )


EPISODE_FIELDS = ("company", "start", "duration", "kind", "coverage", "timely")
OPP_FIELDS = ("company", "kind", "created", "close", "won", "reached", "episode", "cycle")
