"""A problem of one record, as the checks before a write report it (:mod:`kamgraph.validate`,
:mod:`kamgraph.bad_values`, the store's checks against what it holds)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record: ``collection``/``key`` name it, ``field`` the field."""

    collection: str
    key: object
    field: str
    message: str
    cause: tuple[str, object] | None = None  # the incoming record behind it, when it is a stored one

    @property
    def record(self) -> str:
        kind = {
            "organisations": "organisation",
            "people": "person",
            "units": "unit",
            "products": "product",
            "opportunities": "opportunity",
            "adoption": "adoption",
            "knows": "knows",
            "influences": "influences",
        }[self.collection]
        key = self.key if isinstance(self.key, str) else " -> ".join(map(str, self.key))  # type: ignore[call-overload]
        return f"{kind} '{key}'"

    def __str__(self) -> str:
        return f"{self.record}: {self.field + ': ' if self.field else ''}{self.message}"
