"""What the web pages show that no command prints as such: a person's card, the list the
search box looks through, the map with the keys the page needs to find its boxes, and
redaction of any answer. Plain functions of an account's graph (no HTTP here).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import OrderedDict, defaultdict
from typing import Any

from pydantic import BaseModel, Field

from ..errors import NotFound
from ..graph import own_people
from ..model import Graph, Influence, Note, Role, Seniority, Stance
from ..render.plan import AccountMap, MapCluster, MapOptions, initials, plan_map
from ..views import Contact, DealSeat, deal_seats, known_by

__all__ = ["PRIVATE_FIELDS", "Card", "MapView", "SearchEntry", "card", "map_view", "redact", "search_list"]


class Card(BaseModel):
    """A person as their card on the map shows them."""

    id: str
    name: str
    org: str
    title: str | None = None
    unit: str | None = None
    unit_name: str | None = None
    seniority: Seniority | None = None
    manager: str | None = None
    manager_name: str | None = None
    reports: int = Field(description="direct reports recorded")
    roles: list[Role]
    stance: Stance
    influence: Influence | None = None
    email: str | None = None
    last_contact: dt.date | None = None
    ours: bool = Field(description="one of our own people")
    seats: list[DealSeat] = Field(description="their roles and stance on each deal, open deals first")
    known_by: list[Contact] = Field(
        description="our people who know them, strongest first; CRM record owners last (owner), as show lists them"
    )
    notes: list[Note]
    left: dt.date | None = Field(default=None, description="the day they left the organisation")


class SearchEntry(BaseModel):
    id: str
    name: str
    title: str | None = None
    unit: str | None = None
    ours: bool = False


class MapNodeKey(BaseModel):
    key: str = Field(description="the node's name in the SVG (its <title>)")
    id: str
    kind: str
    name: str
    title: str | None = None
    stance: Stance | None = None
    cluster: str | None = None
    highlighted: bool = False


class MapClusterKey(BaseModel):
    key: str = Field(description="the cluster's name in the SVG (its <title>)")
    id: str
    label: str
    hidden: int = 0


class MapView(BaseModel):
    """An account map as the page draws it: Graphviz's SVG and what each box stands for."""

    account: str
    view: str
    opportunity: str | None = None
    title: str
    subtitle: str
    svg: str
    nodes: list[MapNodeKey]
    clusters: list[MapClusterKey]


def card(graph: Graph, person_id: str) -> Card:
    people = {p.id: p for p in graph.people}
    p = people.get(person_id)
    if p is None:
        raise NotFound(f"no person with id '{person_id}' on this account's map")
    team = own_people(graph)
    units = {u.id: u.name for u in graph.units}
    known = known_by(graph, {p.id})[p.id]
    deals = sorted(graph.opportunities, key=lambda o: (not o.is_open, -(o.amount or 0), o.id))
    seats = deal_seats(p, deals)
    boss = people.get(p.reports_to) if p.reports_to else None
    return Card(
        id=p.id,
        name=p.name,
        org=p.org,
        title=p.title,
        unit=p.unit,
        unit_name=units.get(p.unit or ""),
        seniority=p.seniority,
        manager=p.reports_to,
        manager_name=boss.name if boss else None,
        reports=sum(1 for q in graph.people if q.reports_to == p.id),
        roles=p.roles,
        stance=p.stance,
        influence=p.influence,
        email=p.email,
        last_contact=p.last_contact,
        ours=p.id in team,
        seats=seats,
        known_by=known,
        notes=sorted(p.notes, key=lambda n: n.date or dt.date.min, reverse=True),
        left=p.left,
    )


def search_list(graph: Graph, account: str) -> list[SearchEntry]:
    """The account's people and our own, by name: what the search box matches against."""
    team = own_people(graph)
    units = {u.id: u.name for u in graph.units}
    rows = [
        SearchEntry(id=p.id, name=p.name, title=p.title, unit=units.get(p.unit or ""), ours=p.id in team)
        for p in graph.people
        if p.org == account or p.id in team
    ]
    return sorted(rows, key=lambda r: (r.ours, r.name, r.id))


def _cluster_keys(m: AccountMap) -> list[MapClusterKey]:
    """The clusters in the order :func:`kamgraph.render.dot.draw` numbers them (depth first)."""
    children: dict[str | None, list[MapCluster]] = defaultdict(list)
    for c in m.clusters:
        children[c.parent].append(c)
    out: list[MapClusterKey] = []

    def walk(parent: str | None) -> None:
        for c in children[parent]:
            out.append(MapClusterKey(key=f"cluster_{len(out)}", id=c.id, label=c.label, hidden=c.hidden))
            walk(c.id)

    walk(None)
    return out


#: Graphviz's SVG of the last few drawings, by their DOT source: going back to a view, or
#: reloading the page, does not lay the same drawing out again.
LAID_OUT_KEPT = 16
_LAID_OUT: OrderedDict[str, str] = OrderedDict()


def map_view(graph: Graph, account: str, options: MapOptions) -> MapView:
    """Plan, draw and lay out ``account``'s map as SVG, with the keys of its boxes."""
    from ..render.dot import draw
    from ..render.run import render

    m = plan_map(graph, account, options)
    drawing = draw(m)
    key = hashlib.sha256(drawing.source.encode("utf-8")).hexdigest()
    svg = _LAID_OUT.pop(key, None)
    if svg is None:  # a drawing not laid out lately (the DOT source says everything, the date included)
        svg = render(drawing, "svg").decode("utf-8")
        svg = svg[svg.find("<svg") :]  # the XML prolog and DOCTYPE are no use inside a page
    _LAID_OUT[key] = svg
    while len(_LAID_OUT) > LAID_OUT_KEPT:
        _LAID_OUT.popitem(last=False)
    nodes = [
        MapNodeKey(
            key=f"n{i}",
            id=n.id,
            kind=n.kind,
            name=n.name,
            title=n.title,
            stance=n.stance,
            cluster=n.cluster,
            highlighted=n.highlighted,
        )
        for i, n in enumerate(m.nodes)
    ]
    return MapView(
        account=account,
        view=m.view,
        opportunity=options.opportunity,
        title=m.title,
        subtitle=m.subtitle,
        svg=svg,
        nodes=nodes,
        clusters=_cluster_keys(m),
    )


_PRIVATE = {"email", "phone", "url", "notes"}
#: The fields a redacted answer leaves out (a change-log entry of one of them is dropped whole).
PRIVATE_FIELDS = frozenset(_PRIVATE)


def redact(data: Any, graph: Graph) -> Any:
    """``data`` (JSON-ready) with every person's name as initials, and no e-mails, phones,
    profile URLs or notes: what a screen shared with the client may show.

    >>> from kamgraph.model import Person
    >>> g = Graph(people=[Person(id="t", name="Tom", org="o"), Person(id="a", name="Ana Ruiz", org="o")])
    >>> redact({"says": "Tom met Tomás and Ana Ruiz", "email": "a@b.c", "notes": [{"text": "Tom"}]}, g)
    {'says': 'T. met Tomás and A.R.', 'email': None, 'notes': []}
    """
    names = sorted({p.name for p in graph.people}, key=len, reverse=True)
    if not names:
        return data
    # whole names only: "Tom" is not in "Tomás"
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")

    def text(s: str) -> str:
        return pattern.sub(lambda m: initials(m.group(0)), s)

    def walk(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: ([] if k == "notes" else None) if k in _PRIVATE else walk(x) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, str):
            return text(v)
        return v

    return walk(data)
