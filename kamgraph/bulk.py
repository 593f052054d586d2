"""Reading and writing many records at once with Python's cycle collector out of the way."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["bulk"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def bulk(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` (an import: a record per row read or written) with the cycle collector
    paused, and leave what it allocated to the oldest generation when it returns.

    Each burst of allocations would start a collection walking every live object (the whole
    import, again and again); and the one collection of the young generation that
    :func:`kamgraph.graph.gc_paused` makes on return would walk all of it once more (0.5 s
    over a 100,000-person map). An import's records hold no cycles of their own: reference
    counting frees them as soon as they go, and a cycle among them (an error's traceback) is
    freed by the next full collection, which ordinary work starts soon enough. What an
    analysis loop needs instead (its graphs do hold cycles): ``gc_paused``.
    """

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.freeze()  # every tracked object set aside at once (no walk) ...
            gc.unfreeze()  # ... and back, all in the oldest generation
            gc.enable()

    return wrapper
