"""What ``accounts`` lists of each client account: head-count, open deals and pipeline (summed
per currency, never across). Every backend reads the records; :meth:`AccountSummary.of`
makes the summary, once for all of them."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from .. import clock
from ..model import Opportunity, Organisation
from ..money import totals

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
        open_opps = [o for o in opportunities if o.is_open]
        sums = totals(((o.amount or 0.0, o.currency) for o in open_opps), org.currency)
        single = next(iter(sums.items())) if len(sums) == 1 else None
        return cls(
            id=org.id,
            name=org.name,
            industry=org.industry,
            tier=org.tier,
            people=people,
            value=org.value,
            currency=org.currency,
            opportunities=len(open_opps),
            pipeline=single[1] if single else (0.0 if not sums else None),
            pipeline_currency=(single[0] or None) if single else None,
            pipeline_by_currency=sums,
            overdue=sum(1 for o in open_opps if o.close_date is not None and o.close_date < clock.today()),
        )
