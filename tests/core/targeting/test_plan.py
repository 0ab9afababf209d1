"""The tier assignment is optimal (brute force), respects capacities and beats any sort."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from beachhead.core.targeting.plan import Economics, plan_value, solve

values = st.lists(st.floats(0, 1000, allow_nan=False), min_size=0, max_size=7)
economics = st.builds(
    lambda caps, costs, ups: Economics(
        caps, (*sorted(costs, reverse=True), 0.0), (*sorted(ups, reverse=True), 1.0)
    ),
    st.tuples(*[st.integers(0, 4)] * 3),
    st.tuples(*[st.floats(0, 300, allow_nan=False)] * 3),
    st.tuples(*[st.floats(1, 3, allow_nan=False)] * 3),
)


def brute_force(expected: list[float], econ: Economics) -> float:
    best = float("-inf")
    for tiers in itertools.product(range(4), repeat=len(expected)):
        if all(tiers.count(t) <= econ.capacity[t] for t in range(3)):
            best = max(best, plan_value(expected, tiers, econ))
    return best


@settings(max_examples=150, deadline=None)
@given(values, economics)
def test_solution_matches_brute_force(expected: list[float], econ: Economics) -> None:
    tiers = solve(expected, list(range(len(expected))), econ)
    assert all(tiers.count(t) <= econ.capacity[t] for t in range(3))
    assert plan_value(expected, tiers, econ) >= brute_force(expected, econ) - 1e-6


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=0, max_size=200),
    economics,
    st.randoms(use_true_random=False),
)
def test_capacities_hold_and_value_beats_a_greedy_sort(
    expected: list[float], econ: Economics, rng: object
) -> None:
    tiers = solve(expected, list(range(len(expected))), econ)
    assert all(tiers.count(t) <= econ.capacity[t] for t in range(3))
    # Any sort filled greedily tier by tier is a feasible plan: it can never do better.
    keys = list(range(len(expected)))
    rng.shuffle(keys)  # type: ignore[attr-defined]
    for order in (sorted(keys, key=lambda i: -expected[i]), keys):
        greedy, start = [3] * len(expected), 0
        for tier, cap in enumerate(econ.capacity):
            for i in order[start : start + cap]:
                greedy[i] = tier
            start += cap
        assert plan_value(expected, tiers, econ) >= plan_value(expected, greedy, econ) - 1e-6


def test_an_unprofitable_tier_stays_empty() -> None:
    econ = Economics((5, 5, 5), (1000.0, 10.0, 0.0, 0.0), (2.0, 1.5, 1.0, 1.0))
    tiers = solve([100.0, 50.0, 10.0], [1, 2, 3], econ)
    assert tiers == [1, 1, 3]  # 100 × 1.0 extra never pays 1000 a head; 10 × 0.5 not 10
