"""The committee view of an account map: one deal's buying committee, their managers, the
people between our team and them, and the seats nobody fills yet.
"""

from __future__ import annotations

from collections import defaultdict

from ...errors import InvalidInput, NotFound
from ...graph import own_people
from ...model import Graph, Membership, Person, effective_influence, effective_stance
from ..i18n import badge, role_name, text
from .builder import MapBuilder
from .model import MapNode, is_coverage
from .people import reporting_levels

__all__ = ["plan_committee"]


def plan_committee(b: MapBuilder, graph: Graph, account: str, staff: dict[str, Person], detail: list[str]) -> int:
    """Draw the committee of ``options.opportunity`` (default: the biggest open deal) into ``b``;
    add the deal's name to ``detail``; return how many of ``account``'s people are in scope."""
    options = b.options
    opps = [o for o in graph.opportunities if o.account == account]
    if options.opportunity:
        opp = next((o for o in opps if o.id == options.opportunity), None)
        if opp is None:
            raise NotFound(f"no opportunity '{options.opportunity}' on account '{account}'")
    else:
        open_opps = sorted((o for o in opps if o.is_open), key=lambda o: (-(o.amount or 0), o.id))
        if not open_opps:
            raise InvalidInput(f"account '{account}' has no open opportunity: draw --view org instead")
        opp = open_opps[0]
    detail.append(opp.name)
    team = own_people(graph)
    members: dict[str, Membership] = {m.person: m for m in opp.committee if m.person in b.people}
    for pid, m in members.items():
        p = b.people[pid]
        b.person(p, "person", p.unit, roles=m.roles, stance=effective_stance(p, m), influence=effective_influence(p, m))
    # Everyone else is context: no badges, so a badge always means a role on this deal.
    for pid in list(members):
        boss = b.people[pid].reports_to
        if boss in staff:
            b.person(staff[boss], "person", staff[boss].unit)
    # People between our team and the committee: they know one of ours and are close to a member.
    links: dict[str, set[str]] = defaultdict(set)
    for k in graph.knows:
        if not is_coverage(k):
            links[k.a].add(k.b)
            links[k.b].add(k.a)
    for i in graph.influences:
        links[i.source].add(i.target)
        links[i.target].add(i.source)
    for pid, p in staff.items():
        if pid not in b.nodes and links[pid] & team and links[pid] & set(members):
            b.person(p, "person", p.unit)
    for pid in [*options.highlight, *options.also]:
        if pid in staff:
            b.person(staff[pid], "person", staff[pid].unit)
    b.team()
    # Empty seats sit beside the committee's most senior member, not wherever dot drops them.
    levels = reporting_levels(staff)
    senior = min(members, key=lambda q: (levels.get(q, len(staff)), list(members).index(q)), default=None)
    for n, role in enumerate(opp.empty_seats):
        sid = f"seat:{n}"
        b.nodes[sid] = MapNode(
            id=sid,
            kind="seat",
            name=role_name(options.lang, role),
            roles=[role],
            badges=[badge(role)],
            near=senior,
            title=f"{text(options.lang, 'empty_seat')}: {text(options.lang, 'nobody_yet')}",
        )
    return len(staff)
