"""What ``accounts`` says of each client account, from the records' values: head-count, open
deals, pipeline summed per currency (never across), overdue deals by the one clock.

Written once, for both ways of reading: :meth:`AccountSummary.of
<kamgraph.store.summary.AccountSummary.of>` over validated records, and
:mod:`kamgraph.store.sqlite_plain` over the rows of an SQLite store without pydantic.
Anything with the attributes below will do.

>>> import datetime as dt
>>> from types import SimpleNamespace as R
>>> org = R(id="acme", name="Acme", industry=None, tier="key", value=None, currency="EUR")
>>> deal = R(is_open=True, amount=1000.0, currency=None, close_date=dt.date(2000, 1, 1))
>>> fields = summary_fields(org, 3, [deal])
>>> fields["pipeline_by_currency"], fields["overdue"]
({'EUR': 1000.0}, 1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from .. import clock
from ..money import totals

__all__ = ["SummaryDeal", "SummaryOrg", "summary_fields"]


class SummaryOrg(Protocol):
    """What a summary reads of an organisation."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def industry(self) -> str | None: ...
    @property
    def tier(self) -> str | None: ...
    @property
    def value(self) -> float | None: ...
    @property
    def currency(self) -> str | None: ...


class SummaryDeal(Protocol):
    """What a summary reads of an opportunity."""

    @property
    def is_open(self) -> bool: ...
    @property
    def amount(self) -> float | None: ...
    @property
    def currency(self) -> str | None: ...
    @property
    def close_date(self) -> dt.date | None: ...


def summary_fields(org: SummaryOrg, people: int, opportunities: Iterable[SummaryDeal]) -> dict[str, Any]:
    """The summary of ``org`` with ``people`` people and these opportunities (open or not):
    the fields of :class:`~kamgraph.store.summary.AccountSummary`, in its order, as its JSON
    has them."""
    open_opps = [o for o in opportunities if o.is_open]
    sums = totals(((o.amount or 0.0, o.currency) for o in open_opps), org.currency)
    single = next(iter(sums.items())) if len(sums) == 1 else None
    return {
        "id": org.id,
        "name": org.name,
        "industry": org.industry,
        "tier": org.tier,
        "people": people,
        "value": org.value,
        "currency": org.currency,
        "opportunities": len(open_opps),
        "pipeline": single[1] if single else (0.0 if not sums else None),
        "pipeline_currency": (single[0] or None) if single else None,
        "pipeline_by_currency": sums,
        "overdue": sum(1 for o in open_opps if o.close_date is not None and o.close_date < clock.today()),
    }
