"""Which file each record of an import came from, told when asked.

An import of account maps needs the answer for its messages (a problem names the file of
the record) and for its change log (each entry's source). For the log, an import of one
file has one answer for every record: :class:`Origins` holds each file's records and builds
the table of (collection, key) → file only when a single record is asked about (over
100,000 people, 0.1 s and 50 MB an import of one file never needed).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat
from operator import attrgetter
from typing import Any

__all__ = ["Origins", "files_of"]

_ID, _KEY = attrgetter("id"), attrgetter("key")


class Origins(Mapping[tuple[str, Any], str]):
    """(collection, key) → the file a record came from; a key given in two files is the
    later file's. ``parts``: each file with its records, by collection, in order.

    >>> from kamgraph.model import Product
    >>> o = Origins([("a.yaml", {"products": [Product(id="crm", name="CRM")]})], by_id={"products"})
    >>> o.files, o[("products", "crm")], o.get(("products", "erp"))
    ({'a.yaml'}, 'a.yaml', None)
    """

    def __init__(self, parts: Sequence[tuple[str, Mapping[str, Sequence[Any]]]], by_id: set[str] | frozenset[str]):
        self._parts = parts
        self._by_id = by_id
        self._table: dict[tuple[str, Any], str] | None = None
        #: the files that gave records
        self.files = {where for where, records in parts if any(records.values())}

    def _built(self) -> dict[tuple[str, Any], str]:
        if self._table is None:
            table: dict[tuple[str, Any], str] = {}
            for where, by_collection in self._parts:
                for c, records in by_collection.items():
                    keys = map(_ID if c in self._by_id else _KEY, records)  # record_key's, read in C
                    table.update(dict.fromkeys(zip(repeat(c), keys), where))
            self._table = table
        return self._table

    def __getitem__(self, key: tuple[str, Any]) -> str:
        return self._built()[key]

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


def files_of(origin: Mapping[tuple[str, Any], str] | None) -> set[str]:
    """The files ``origin`` names (of :class:`Origins` without building its table)."""
    if origin is None:
        return set()
    if isinstance(origin, Origins):
        return set(origin.files)
    return set(origin.values())
