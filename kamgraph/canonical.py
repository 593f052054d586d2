"""Records' canonical JSON, written once per import.

An import needs each record's JSON twice: the check for values no store can keep reads it
(:func:`kamgraph.validate.bad_values`), and the store keeps it and compares it
(:func:`kamgraph.store.rules.changed_records`). :class:`Texts` hands both the same texts,
written by pydantic-core once (over 100,000 people: 0.2 s saved).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import is_
from typing import Any

from pydantic import BaseModel

from .keys import keys_unique

__all__ = ["Texts", "canonical_texts"]


def canonical_texts(records: Sequence[BaseModel]) -> list[str]:
    """Each record's canonical JSON (:func:`kamgraph.store.rules.canonical_json`'s), in order.

    >>> from kamgraph.model import Product
    >>> canonical_texts([Product(id="crm", name="CRM")])
    ['{"id":"crm","name":"CRM","family":null}']
    """
    if not records:
        return []
    model = type(records[0])
    if any(type(r) is not model for r in records):
        return [type(r).__pydantic_serializer__.to_json(r, by_alias=True, warnings=False).decode() for r in records]
    to_json = model.__pydantic_serializer__.to_json
    return [to_json(r, by_alias=True, warnings=False).decode() for r in records]


class Texts:
    """The canonical JSON of an import's records, per collection, written at the first
    request and handed out again while the records asked about are the same objects
    (compared one by one, in C: a graph rebuilt from the same records still finds them).

    >>> from kamgraph.model import Product
    >>> texts, products = Texts(), [Product(id="crm", name="CRM")]
    >>> texts.of("products", products) is texts.of("products", list(products))
    True
    """

    def __init__(self, *, plain: bool = False) -> None:
        self._by: dict[str, tuple[list[Any], list[str]]] = {}
        self._unique: dict[str, tuple[Sequence[Any], int, bool]] = {}
        #: whether every text the records hold is known to be free of control characters and
        #: lone surrogates (they were read from JSON whose bytes show none: see
        #: :func:`kamgraph.validate.plain_json`), so the bad-value check need not read their JSON
        self.plain = plain

    def keys_unique(self, collection: str, records: Sequence[Any]) -> bool:
        """:func:`kamgraph.keys.keys_unique`, told once per list of records: the check asks,
        and the write asks again of the same list (held here, so no other list can be at
        its place).

        >>> from kamgraph.model import Knows
        >>> texts, ties = Texts(), [Knows(a="ana", b="sam"), Knows(a="sam", b="ana")]
        >>> texts.keys_unique("knows", ties), texts.keys_unique("knows", ties[:1])
        (False, True)
        """
        kept = self._unique.get(collection)
        if kept is not None and kept[0] is records and kept[1] == len(records):
            return kept[2]
        answer = keys_unique(collection, records)
        self._unique[collection] = (records, len(records), answer)
        return answer

    def of(self, collection: str, records: Sequence[BaseModel]) -> list[str]:
        """The texts of ``records`` (of ``collection``), in order. Raises what pydantic-core
        raises for a value it cannot write (a lone surrogate)."""
        kept = self._by.get(collection)
        if kept is not None and len(kept[0]) == len(records) and all(map(is_, kept[0], records)):
            return kept[1]
        texts = canonical_texts(records)
        self._by[collection] = (list(records), texts)
        return texts
