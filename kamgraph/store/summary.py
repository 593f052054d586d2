"""What ``accounts`` lists of each client account: head-count, open deals and pipeline (summed
per currency, never across). Every backend reads the records; :meth:`AccountSummary.of`
makes the summary, once for all of them, by the rule of :mod:`kamgraph.store.summary_rule`
(which the pydantic-free reader of :mod:`kamgraph.store.sqlite_plain` follows too)."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from ..model import Opportunity, Organisation
from .summary_rule import summary_fields

__all__ = ["AccountSummary"]


class AccountSummary(BaseModel):
    id: str
    name: str
    industry: str | None = None
    tier: str | None = None
    people: int
    value: float | None = None
    currency: str | None = None
    opportunities: int = Field(description="open opportunities")
    pipeline: float | None = Field(
        description="sum of the open opportunities' amounts, when they share one "
        "currency (pipeline_currency); null when they do not"
    )
    pipeline_currency: str | None = None
    pipeline_by_currency: dict[str, float] = Field(
        default_factory=dict, description="open amounts summed per currency, never across"
    )
    overdue: int = Field(default=0, description="open opportunities whose close date has passed (by the one clock)")

    @classmethod
    def of(cls, org: Organisation, people: int, opportunities: Iterable[Opportunity]) -> AccountSummary:
        """The summary of ``org`` with ``people`` people and these opportunities (open or not)."""
        return cls(**summary_fields(org, people, opportunities))
