"""``rounded`` is Python's ``round`` over a numpy array: the same floats, sign of zero
included, on random floats, on exact halves (dyadic values whose decimals end in 5) and on
values past any fraction (issue 19: the influence records are rounded this way)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.analysis.rounding import rounded


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1, a) == math.copysign(1, b)


HALVES = st.builds(
    lambda k, s, sign: sign * k / 2**s, st.integers(0, 10**6), st.integers(0, 30), st.sampled_from([1, -1])
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(-2, 2), HALVES), max_size=40),
    st.integers(0, 12),
)
def test_rounded_is_pythons_round(values: list[float], digits: int) -> None:
    got = rounded(np.array(values, dtype=float), digits)
    assert len(got) == len(values)
    for v, r in zip(values, got, strict=True):
        assert _same(r, round(v, digits)), (v, digits, r)
        assert type(r) is float


def test_rounded_on_many_scores_and_the_halves_between() -> None:
    rnd = np.random.default_rng(7)
    values = np.concatenate(
        [rnd.random(20_000), 100 * rnd.random(5_000), rnd.random(5_000) * 1e-4, np.arange(4000) / 2**12, [-0.0]]
    )
    for digits in (1, 4, 6):
        assert all(_same(r, round(v, digits)) for v, r in zip(values.tolist(), rounded(values, digits), strict=True))
