"""Records' keys read in C: what an import asks of every record several times (are the keys
all different? which key has each record?), answered without calling the ``key`` property
of each relation (a Python call per record: 600,000 of them in a first import of 100,000
people, about a third of a second)."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

__all__ = ["record_keys", "keys_unique"]

_ID = attrgetter("id")
#: The pair each relation is keyed by, as its ``key`` gives it (a knows's is sorted: see below).
_PAIR = {
    "knows": attrgetter("a", "b"),
    "influences": attrgetter("source", "target"),
    "adoption": attrgetter("unit", "product"),
}


def record_keys(collection: str, records: Sequence[Any]) -> list[Any]:
    """Each record's :func:`~kamgraph.model.record_key`, in order (``records`` all of
    ``collection``).

    >>> from kamgraph.model import Knows
    >>> record_keys("knows", [Knows(a="sam", b="ana"), Knows(a="ana", b="eve")])
    [('ana', 'sam'), ('ana', 'eve')]
    """
    pair = _PAIR.get(collection)
    if pair is None:
        return list(map(_ID, records))
    if collection != "knows":
        return list(map(pair, records))
    return [(a, b) if a <= b else (b, a) for a, b in map(pair, records)]


def keys_unique(collection: str, records: Sequence[Any]) -> bool:
    """Whether no two of ``records`` (of ``collection``) share a key (a knows's: the sorted
    pair), told with the keys read in C.

    >>> from kamgraph.model import Knows
    >>> keys_unique("knows", [Knows(a="ana", b="sam"), Knows(a="sam", b="ana")])
    False
    >>> keys_unique("knows", [Knows(a="ana", b="sam"), Knows(a="sam", b="eve")])
    True
    """
    if collection == "knows":
        return len(set(record_keys(collection, records))) == len(records)
    return len(set(map(_PAIR.get(collection, _ID), records))) == len(records)
