"""White space: which teams of an account buy nothing from us, and whom we know there.

For each unit of the account: the adoption of each of our products, and its coverage (how
many of its people, sub-units included, someone of ours knows; the most senior of them;
whether we know a decision-maker there). A unit is open for a product it has not adopted
(status none, churned, or a competitor's). Units are ranked by **potential**:

    size × Σ over open products of (1, or 0.7 when churned, or 0.5 when a competitor is in)
         × 1.5 when we know nobody there

where size is the unit's headcount (else the people recorded in it), or its budget with
``basis="budget"`` (in the account's currency: units are only compared within one account;
a unit with no budget recorded has no potential on that basis, and ``no_budget`` says so).

A unit is **white space** when it has adopted none of our products (active or pilot):
one rule, the same on the command line, in JSON, on maps and on slides. Whom we know there
is the unit's *coverage*, reported beside it, never part of the definition. A unit's open
pipeline is the open opportunities with someone of the unit (sub-units included) on the
committee.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..errors import InvalidInput, NotFound
from ..graph import is_ownership, own_people, present
from ..model import DECIDING_ROLES, AdoptionStatus, Graph, Seniority, Unit
from ..money import totals
from ..strength import effective_strength

__all__ = ["UnitSpace", "WhiteSpace", "whitespace", "OPEN_WEIGHT", "UNCOVERED_BOOST"]

#: How much an open product counts, by its status in the unit.
OPEN_WEIGHT = {AdoptionStatus.none: 1.0, AdoptionStatus.churned: 0.7, AdoptionStatus.competitor: 0.5}
#: Potential is raised this much where we know nobody: that is where the white space is.
UNCOVERED_BOOST = 1.5
ADOPTED = frozenset({AdoptionStatus.active, AdoptionStatus.pilot})


class UnitSpace(BaseModel):
    id: str
    name: str
    parent: str | None = None
    headcount: int | None = None
    budget: float | None = None
    adoption: dict[str, AdoptionStatus] = Field(description="product id → status (none when nothing recorded)")
    competitors: dict[str, str] = Field(default_factory=dict, description="product id → competitor's name")
    open_products: list[str] = Field(description="products not adopted: none, churned or a competitor's")
    people: int = Field(description="people recorded in the unit and its sub-units")
    contacts: int = Field(description="of them, how many someone of ours knows directly")
    covered: bool
    most_senior: str | None = Field(default=None, description="the most senior person we know there (id)")
    most_senior_name: str | None = None
    decision_maker_covered: bool = Field(description="we know someone there who holds a deciding role")
    white_space: bool = Field(description="none of our products adopted (active or pilot) there; coverage aside")
    open_deals: list[str] = Field(
        default_factory=list, description="open opportunities with someone of the unit on the committee (ids)"
    )
    pipeline: dict[str, float] = Field(default_factory=dict, description="their amounts, summed per currency")
    potential: float
    why: str = Field(description="how the potential was reckoned")


class WhiteSpace(BaseModel):
    account: str
    name: str
    basis: str
    products: list[str]
    units: list[UnitSpace] = Field(description="highest potential first")
    no_budget: list[str] = Field(
        default_factory=list, description="with basis budget: units with no budget recorded (ids), whose potential is 0"
    )

    @property
    def top(self) -> UnitSpace | None:
        """The white-space unit of the highest potential (what the slides show first)."""
        return next((u for u in self.units if u.white_space and u.potential > 0), None)


def whitespace(graph: Graph, account: str, basis: Literal["headcount", "budget"] = "headcount") -> WhiteSpace:
    """The units × products matrix of ``account`` with coverage and potential.

    >>> from kamgraph.model import Adoption, Graph, Organisation, Person, Product, Unit
    >>> g = Graph(organisations=[Organisation(id="acme", name="Acme")],
    ...           units=[Unit(id="fin", org="acme", name="Finance", headcount=40)],
    ...           products=[Product(id="ledger", name="Ledger"), Product(id="pay", name="Pay")],
    ...           adoption=[Adoption(unit="fin", product="ledger", status="active")])
    >>> u = whitespace(g, "acme").units[0]
    >>> u.open_products, u.potential   # 40 people × 1 open product × 1.5 uncovered
    (['pay'], 60.0)
    """
    if basis not in ("headcount", "budget"):
        raise InvalidInput(f"unknown basis '{basis}'; use headcount or budget")
    graph = present(graph)  # who has left covers nothing
    org = graph.organisation(account)
    if org is None:
        raise NotFound(f"no account with id '{account}'")
    products = sorted(p.id for p in graph.products)
    units = [u for u in graph.units if u.org == account]
    children: dict[str | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent, []).append(u)

    def subtree(uid: str) -> set[str]:
        out, todo = {uid}, [uid]
        while todo:
            for c in children.get(todo.pop(), []):
                if c.id not in out:
                    out.add(c.id)
                    todo.append(c.id)
        return out

    team = own_people(graph)
    known: set[str] = set()
    for k in graph.knows:
        if not is_ownership(k) and effective_strength(k) > 0:  # owning a CRM record is not knowing the person
            if k.a in team:
                known.add(k.b)
            if k.b in team:
                known.add(k.a)
    deciders = {p.id for p in graph.people if set(p.roles) & DECIDING_ROLES}
    deciders |= {
        m.person
        for o in graph.opportunities
        if o.account == account and o.is_open
        for m in o.committee
        if set(m.roles) & DECIDING_ROLES
    }
    status = {(a.unit, a.product): a for a in graph.adoption}
    staff = [p for p in graph.people if p.org == account]
    deals = [o for o in graph.opportunities if o.account == account and o.is_open]

    rows = []
    for u in units:
        inside = subtree(u.id)
        people = [p for p in staff if p.unit in inside]
        contacts = [p for p in people if p.id in known]
        members = {p.id for p in people}
        unit_deals = sorted((o for o in deals if any(m.person in members for m in o.committee)), key=lambda o: o.id)
        senior = min(
            contacts, key=lambda p: (p.seniority.rank if p.seniority else len(Seniority), p.name), default=None
        )
        adoption = {
            pid: status[(u.id, pid)].status if (u.id, pid) in status else AdoptionStatus.none for pid in products
        }
        competitors = {pid: c for pid in products if (u.id, pid) in status and (c := status[(u.id, pid)].competitor)}
        open_ = [pid for pid in products if adoption[pid] not in ADOPTED]
        weight = sum(OPEN_WEIGHT[adoption[pid]] for pid in open_)
        if basis == "budget":
            # a unit's budget is in its account's currency; units are only ranked within one account
            size, size_text = (
                (u.budget or 0.0),
                f"budget {u.budget or 0:,.0f}" + (f" {org.currency}" if org.currency else ""),
            )
        elif u.headcount is not None:
            size, size_text = float(u.headcount), f"{u.headcount} people"
        else:
            size, size_text = float(len(people)), f"{len(people)} people recorded"
        boost = 1.0 if contacts else UNCOVERED_BOOST
        parts = [
            f"{pid} {adoption[pid].value}"
            + (f" ({competitors[pid]})" if pid in competitors else "")
            + (f" ×{OPEN_WEIGHT[adoption[pid]]:g}" if OPEN_WEIGHT[adoption[pid]] != 1 else "")
            for pid in open_
        ]
        why = f"{size_text} × {weight:g} open [{', '.join(parts)}]" + (" × 1.5 nobody known" if not contacts else "")
        rows.append(
            UnitSpace(
                id=u.id,
                name=u.name,
                parent=u.parent,
                headcount=u.headcount,
                budget=u.budget,
                adoption=adoption,
                competitors=competitors,
                open_products=open_,
                people=len(people),
                contacts=len(contacts),
                covered=bool(contacts),
                most_senior=senior.id if senior else None,
                most_senior_name=senior.name if senior else None,
                decision_maker_covered=any(p.id in deciders for p in contacts),
                white_space=all(s not in ADOPTED for s in adoption.values()),
                potential=round(size * weight * boost, 2),
                why=why,
                open_deals=[o.id for o in unit_deals],
                pipeline=totals(((o.amount, o.currency) for o in unit_deals), org.currency),
            )
        )
    rows.sort(key=lambda r: (-r.potential, r.name, r.id))
    no_budget = sorted(u.id for u in units if u.budget is None) if basis == "budget" else []
    return WhiteSpace(account=org.id, name=org.name, basis=basis, products=products, units=rows, no_budget=no_budget)
