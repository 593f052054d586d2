"""Python's ``round`` over a whole numpy array at once, the same floats.

``round(x, digits)`` on a float rounds the exact binary value of ``x`` to ``digits``
decimals (half to even) and reads that decimal back: about 0.3 µs a call, and
:func:`kamgraph.analysis.influence` rounds three numbers for each of 20,000 people (issue
19). The same result in numpy: ``r = rint(x · 10^d)`` is the rounded decimal's digits
unless ``x · 10^d``'s own rounding moved it across a half (only within an ulp of one), and
``r / 10^d`` is then the double nearest ``r · 10^-d`` (IEEE division is correctly rounded,
as is Python's reading back of the decimal). Values within a hair of a half, or too large
for the digits to matter, or not finite, go to ``round`` itself.

``tests/test_rounding.py`` compares it with ``round`` on random floats and on halves.

>>> import numpy as np
>>> rounded(np.array([0.0078125, 1.0000005, 2.675, -0.25]), 6)  # 1/128 is a half: to even
[0.007812, 1.000001, 2.675, -0.25]
>>> rounded(np.array([2.675, 0.125]), 2)  # 2.675 is 2.67499999… in binary
[2.67, 0.12]
"""

from __future__ import annotations

from typing import Any

__all__ = ["rounded"]

#: Past this, a double has no fraction to round (2^52).
_WHOLE = 2.0**52


def rounded(values: Any, digits: int) -> list[float]:
    """``[round(float(v), digits) for v in values]`` for a 1-d float64 numpy array, ``digits``
    between 0 and 15: the same floats, from numpy's arithmetic where it gives them."""
    import numpy as np

    scale = 10.0**digits  # exact for digits <= 22
    # |y - r| is exact here (two nearby doubles); y itself is off the true x·10^d by at most
    # half an ulp of y, so only a y within a few ulps of a half can round the wrong way
    with np.errstate(invalid="ignore", over="ignore"):
        y = values * scale
        r = np.rint(y)
        out: list[float] = (r / scale).tolist()
        doubt = ~(np.abs(np.abs(y - r) - 0.5) > 1e-12 * np.maximum(1.0, np.abs(y))) | ~(np.abs(y) < _WHOLE)
    for i in np.flatnonzero(doubt).tolist():
        out[i] = round(float(values[i]), digits)
    return out
