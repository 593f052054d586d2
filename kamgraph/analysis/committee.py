"""A deal's committee: who sits on it, who decides, what currency it is in, and the map as if
some people had left (the what-ifs of ``risk --without``). :mod:`kamgraph.analysis.single_thread`
assesses each deal from them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

from ..errors import NotFound
from ..model import DECIDING_ROLES, Graph, Membership, Opportunity, Role
from ..money import currency_code

__all__ = ["deal_currency", "deciders", "leaving", "remove_people", "seat_roles", "without"]


def without(graph: Graph, people: Iterable[str]) -> Graph:
    """``graph`` as if ``people`` had left: gone with their relations and committee seats;
    their reports report to nobody."""
    gone = set(people)
    unknown = gone - {p.id for p in graph.people}
    if unknown:
        raise NotFound(f"no person with id '{sorted(unknown)[0]}' in this account's map")
    return graph.model_copy(
        update={
            "people": [
                p.model_copy(update={"reports_to": None}) if p.reports_to in gone else p
                for p in graph.people
                if p.id not in gone
            ],
            "knows": [k for k in graph.knows if k.a not in gone and k.b not in gone],
            "influences": [i for i in graph.influences if i.source not in gone and i.target not in gone],
            "opportunities": [
                o.model_copy(update={"committee": [m for m in o.committee if m.person not in gone]})
                for o in graph.opportunities
            ],
        }
    )


#: :func:`without`, for functions whose ``without`` parameter hides it
remove_people = without


def leaving(without: Iterable[str], without_people: Iterable[str] | None) -> list[str]:
    """The people a what-if removes, from ``without`` or its deprecated alias."""
    if without_people is not None:
        warnings.warn("without_people= is deprecated: use without=", DeprecationWarning, stacklevel=3)
        return [*without, *without_people]
    return list(without)


def seat_roles(m: Membership, people: dict[str, Any]) -> set[Role]:
    """A committee seat's roles on its deal; a seat that names none takes the person's own."""
    if m.roles:
        return set(m.roles)
    p = people.get(m.person)
    return set(p.roles) if p is not None else set()


def deciders(graph: Graph, opportunities: Iterable[Opportunity]) -> list[str]:
    """The decision-makers on the committees of ``opportunities`` (economic buyers and
    decision makers), in committee order, each once."""
    opportunities = list(opportunities)
    seated = {m.person for o in opportunities for m in o.committee}
    people = {p.id: p for p in graph.people if p.id in seated}  # only whoever sits on them
    out = {
        m.person: None
        for o in opportunities
        for m in o.committee
        if m.person in people and seat_roles(m, people) & DECIDING_ROLES
    }
    return list(out)


def deal_currency(graph: Graph, opp: Opportunity) -> str | None:
    """A deal's currency: its own, else its account's (as in a CRM)."""
    if opp.currency:
        return currency_code(opp.currency)
    org = graph.organisation(opp.account)
    return currency_code(org.currency) if org is not None else None
