"""The influence view of an account map: the people who sway or are swayed by the account's
people, ours among them.
"""

from __future__ import annotations

from ...graph import own_people
from ...model import Graph, Person
from .builder import MapBuilder
from .people import open_deal_roles

__all__ = ["plan_influence"]


def plan_influence(b: MapBuilder, graph: Graph, account: str, staff: dict[str, Person]) -> int:
    """Draw the influence network around ``account``'s people (``staff``) into ``b``; return how
    many people are in scope."""
    deal_roles, _ = open_deal_roles(o for o in graph.opportunities if o.account == account)
    team = own_people(graph)
    involved: list[str] = []
    for i in graph.influences:
        if i.source in staff or i.target in staff:
            involved += [pid for pid in (i.source, i.target) if pid not in involved]
    for pid in involved:
        p = b.people.get(pid)
        if p is None:
            continue
        if pid in team:
            b.person(p, "team", "team")
        else:
            b.person(p, "person", None, roles=set(p.roles) | deal_roles.get(pid, set()))
    return len(staff)
