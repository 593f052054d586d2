"""A portfolio's risk: every open opportunity across accounts by exposure (risk × amount),
and how concentrated its value is, money compared only within one currency.

It takes account maps (any iterable, consumed one at a time, so a generator keeps memory
flat), never a store: :func:`kamgraph.portfolio_run.store_portfolio_risk` reads them from one.
"""

from __future__ import annotations

import datetime as dt
import math
import pickle
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, Field

from .. import clock
from ..errors import InvalidInput, NotFound
from ..graph import DEFAULT_REPORTS_STRENGTH
from ..model import DEFAULT_STALE_DAYS, Graph, OrgKind
from ..money import Rates
from .maxflow import load_compiled
from .risk import account_risk
from .routing import DEFAULT_MIN_STRENGTH
from .single_thread import OpportunityRisk, deal_currency

__all__ = [
    "AccountPart",
    "AccountShare",
    "Concentration",
    "PortfolioOptions",
    "PortfolioRisk",
    "RISK_READS",
    "account_part",
    "combine_parts",
    "packed",
    "portfolio_risk",
]


class AccountShare(BaseModel):
    account: str
    name: str
    value: float
    currency: str | None = None


class Concentration(BaseModel):
    """How concentrated value is among the accounts whose value is in one currency."""

    currency: str | None = Field(description="the currency of these values (None: amounts with no currency)")
    accounts: int
    value: float = Field(description="their total value")
    top_accounts: list[AccountShare] = Field(description="the top 20% of these accounts by value")
    top_share: float = Field(description="share of the value in the top 20% of these accounts")


class PortfolioRisk(BaseModel):
    accounts: int
    currency: str | None = Field(
        default=None,
        description="the one currency every amount is in or was converted into; None when they are in several",
    )
    opportunities: list[OpportunityRisk] = Field(
        description="open opportunities, highest exposure first; with "
        "several currencies, by currency, then by risk and "
        "amount"
    )
    value: float | None = Field(
        description="total account value (annual value, else open pipeline) in "
        "`currency`; None when in several currencies"
    )
    top_accounts: list[AccountShare] = Field(description="the top 20% of accounts by value (one currency only)")
    top_share: float | None = Field(description="share of the value in the top 20% of accounts (one currency only)")
    by_currency: list[Concentration] = Field(default_factory=list, description="value and concentration per currency")
    reporting_currency: str | None = Field(default=None, description="the currency asked for")
    missing_rates: list[str] = Field(
        default_factory=list, description="currencies with no rate into the reporting currency"
    )
    note: str | None = Field(default=None, description="why amounts are not compared across currencies")


def portfolio_risk(
    accounts: Iterable[Graph | tuple[str, Graph]],
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
    today: dt.date | None = None,
    reports_strength: float = DEFAULT_REPORTS_STRENGTH,
    min_strength: float = DEFAULT_MIN_STRENGTH,
    avoid: Collection[str] = (),
    top: float = 0.2,
    currency: str | None = None,
    rates: Mapping[str, float] | None = None,
) -> PortfolioRisk:
    """Every open opportunity across ``accounts`` (account maps, consumed one at a time so a
    generator keeps memory flat; a map with several client organisations can be given as
    ``(account_id, graph)``), sorted by exposure (risk × amount), and how concentrated value
    is: the share in the top ``top`` fraction of accounts. An account's value is its annual
    value, else its open pipeline.

    Money is only added up or compared within one currency. ``rates`` convert other
    currencies into ``currency`` (``{"GBP": 1.17}``: 1 GBP is worth 1.17 ``currency``); a deal
    with no currency is in its account's. When every amount is in, or converts into, one
    currency, deals are sorted by exposure in it. Otherwise nothing pretends: deals are
    grouped by currency (the reporting one first) and ranked by risk score, then amount,
    within each; concentration is worked out per currency; ``missing_rates`` and ``note`` say
    which rates would bring them together.

    ``reports_strength``, ``min_strength`` and ``avoid`` (``stance:STANCE`` only, here) say
    what carries a thread, as for ``path``.

    >>> from kamgraph.model import Opportunity, Organisation
    >>> def acct(i, cur, amount):
    ...     return Graph(organisations=[Organisation(id=i, name=i.title(), currency=cur)],
    ...                  opportunities=[Opportunity(id=f"{i}-deal", account=i, name="Deal", amount=amount)])
    >>> maps = [acct("kent", "GBP", 100), acct("lyon", "EUR", 110)]
    >>> mixed = portfolio_risk(maps)
    >>> mixed.currency, mixed.missing_rates, [c.currency for c in mixed.by_currency]
    (None, ['EUR', 'GBP'], ['EUR', 'GBP'])
    >>> one = portfolio_risk(maps, currency="EUR", rates={"GBP": 1.2})
    >>> [(r.opportunity, r.converted_exposure) for r in one.opportunities], one.value, one.top_share
    ([('kent-deal', 48.0), ('lyon-deal', 44.0)], 230.0, 0.5217)
    """
    options = PortfolioOptions(
        Rates(currency, rates), stale_days, today or clock.today(), reports_strength, min_strength, tuple(avoid)
    )
    load_compiled()  # many accounts: the compiled max-flow is worth loading
    return combine_parts(packed(account_part(item, options) for item in accounts), options.conv, top)


@dataclass(frozen=True)
class PortfolioOptions:
    """How each account of a portfolio is assessed (picklable: worker processes get it)."""

    conv: Rates
    stale_days: int = DEFAULT_STALE_DAYS
    today: dt.date | None = None
    reports_strength: float = DEFAULT_REPORTS_STRENGTH
    min_strength: float = DEFAULT_MIN_STRENGTH
    avoid: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        people = [a for a in self.avoid if not a.startswith("stance:")]
        if people:
            raise InvalidInput(f"across a portfolio, avoid takes stance:STANCE, not a person ('{people[0]}')")


#: The collections of an account's map that :func:`account_part` reads: its answer is the
#: same with the others (units, products, adoption, influences) left empty, so a portfolio
#: reading maps from a store need not read them (``Store.shared_account``'s ``collections``).
RISK_READS = ("organisations", "people", "knows", "opportunities")


#: One account's part of a portfolio: its open opportunities' risks, and its id, name and
#: value (by the currency it is added up in).
AccountPart = tuple[list[OpportunityRisk], tuple[str, str, dict[str | None, float]]]


def account_part(item: Graph | tuple[str, Graph], options: PortfolioOptions) -> AccountPart:
    """One account's part of a portfolio (``item``: its map, or ``(account_id, map)``)."""
    account_id, graph = item if isinstance(item, tuple) else (_only_client(item), item)
    conv = options.conv
    risk = account_risk(
        graph,
        account_id,
        stale_days=options.stale_days,
        today=options.today,
        reports_strength=options.reports_strength,
        min_strength=options.min_strength,
        avoid=options.avoid,
    )
    for r in risk.opportunities:
        factor = conv.factor(r.currency)
        if factor is not None:
            r.converted_amount = None if r.amount is None else round(r.amount * factor, 2)
            r.converted_exposure = round(r.exposure * factor, 2)
    org = graph.organisation(account_id)
    assert org is not None  # account_risk checked
    value: dict[str | None, float] = {}
    if org.value is not None:
        value[conv.bucket(org.currency)] = conv.convert(org.value, org.currency) or org.value
    else:
        for o in graph.opportunities:
            if o.account == account_id and o.is_open and o.amount:
                cur = deal_currency(graph, o)
                b = conv.bucket(cur)
                value[b] = value.get(b, 0.0) + (conv.convert(o.amount, cur) or o.amount)
    return risk.opportunities, (org.id, org.name, value or {conv.bucket(org.currency): 0.0})


def packed(parts: Iterable[AccountPart]) -> Iterator[AccountPart]:
    """``parts``, each kept packed (pickled) while the next accounts are worked out, and
    unpacked once the last is done. Thousands of small result records kept among each
    account's freed records spread every later account's records over a growing heap: the
    accounts of one process took a quarter more CPU time by the 2,500th, and the whole
    portfolio in one process more than in two workers, whose parts come back packed this
    way. The same records: pickling keeps a pydantic record's values and fields-set."""
    kept = [pickle.dumps(part, pickle.HIGHEST_PROTOCOL) for part in parts]
    for i, data in enumerate(kept):
        kept[i] = b""  # each packed part freed as it is unpacked
        yield pickle.loads(data)


def combine_parts(parts: Iterable[AccountPart], conv: Rates, top: float) -> PortfolioRisk:
    """The portfolio from its accounts' parts, in the order given (consumed one at a time)."""
    opps: list[OpportunityRisk] = []
    # account → currency it is added up in → value there
    shares: list[tuple[str, str, dict[str | None, float]]] = []
    for risks, share in parts:
        opps.extend(risks)
        shares.append(share)

    def bucket(r: OpportunityRisk) -> str | None:
        return conv.bucket(r.currency)

    with_money = sorted(
        {b for _, _, v in shares for b, x in v.items() if x > 0} | {bucket(r) for r in opps if r.amount},
        key=lambda b: (b != conv.currency, b is None, b),
    )
    if len(with_money) <= 1:
        only = with_money[0] if with_money else conv.currency
        opps.sort(
            key=lambda r: (
                -(r.exposure if r.converted_exposure is None else r.converted_exposure),
                -r.score,
                r.account,
                r.opportunity,
            )
        )
        merged = [AccountShare(account=a, name=n, value=sum(v.values()), currency=only) for a, n, v in shares]
        c = _concentration(only, merged, top)
        return PortfolioRisk(
            accounts=len(shares),
            currency=only,
            opportunities=opps,
            value=c.value,
            top_accounts=c.top_accounts,
            top_share=c.top_share,
            by_currency=[c],
            reporting_currency=conv.currency,
        )

    order = {b: n for n, b in enumerate(with_money)}
    opps.sort(
        key=lambda r: (
            order.get(bucket(r), len(order)),
            -r.score,
            -(r.converted_amount if r.converted_amount is not None else r.amount or 0),
            r.account,
            r.opportunity,
        )
    )
    by_currency = [
        _concentration(
            b, [AccountShare(account=a, name=n, value=v[b], currency=b) for a, n, v in shares if b in v], top
        )
        for b in with_money
    ]
    missing = sorted(b for b in with_money if b is not None and b != conv.currency)
    listed = _and(missing + (["amounts with no currency"] if None in with_money else []))
    if conv.currency is None:
        note = f"amounts in {listed} and no rates to compare them: ranked by risk, then amount, within each currency"
    else:
        note = f"no rate from {listed} into {conv.currency}: ranked by risk, then amount, within their own currency"
    return PortfolioRisk(
        accounts=len(shares),
        currency=None,
        opportunities=opps,
        value=None,
        top_accounts=[],
        top_share=None,
        by_currency=by_currency,
        reporting_currency=conv.currency,
        missing_rates=missing,
        note=note,
    )


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _concentration(currency: str | None, values: list[AccountShare], top: float) -> Concentration:
    values.sort(key=lambda a: (-a.value, a.account))
    total = sum(a.value for a in values)
    head = values[: math.ceil(top * len(values))]
    return Concentration(
        currency=currency,
        accounts=len(values),
        value=total,
        top_accounts=head,
        top_share=round(sum(a.value for a in head) / total, 4) if total else 0.0,
    )


def _only_client(graph: Graph) -> str:
    clients = [o.id for o in graph.organisations if o.kind == OrgKind.client]
    owners = {o.account for o in graph.opportunities}
    picked = [c for c in clients if c in owners] or clients
    if len(picked) != 1:
        raise NotFound(f"pass (account_id, graph) pairs: this map holds {len(picked)} client accounts")
    return picked[0]
