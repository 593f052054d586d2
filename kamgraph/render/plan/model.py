"""The plain data an account map's plan is: :class:`AccountMap` with its nodes, lines and
unit boxes, and the :class:`MapOptions` it is drawn with.
:func:`kamgraph.render.plan.plan_map` fills them in.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from ...graph import is_ownership
from ...model import Influence, Knows, Note, Role, Stance
from ..i18n import Lang

__all__ = [
    "VIEWS",
    "AccountMap",
    "EdgeKind",
    "MapCluster",
    "MapEdge",
    "MapNode",
    "MapOptions",
    "NodeKind",
    "View",
    "initials",
    "is_coverage",
    "note_line",
]

View = Literal["org", "influence", "committee"]
VIEWS: tuple[View, ...] = ("org", "influence", "committee")


def is_coverage(k: Knows) -> bool:
    """A relationship that comes only from CRM record ownership (every contact has an owner,
    one of our sellers): coverage, drawn as a mark on the person, not a line."""
    return is_ownership(k)


class MapOptions(BaseModel):
    """How to draw one account map."""

    view: View = "org"
    lang: Lang = "en"
    redact: bool = Field(default=False, description="initials instead of names")
    unit: str | None = Field(default=None, description="only this unit and the units under it")
    depth: int | None = Field(default=None, ge=1, description="reporting levels shown from the top (1 = the top only)")
    collapse: bool | None = Field(default=None, description="collapse people of no interest; default: when many")
    opportunity: str | None = Field(default=None, description="committee view: which deal (default the biggest open)")
    highlight: list[str] = Field(default_factory=list, description="a decision path, as person ids, drawn in bold")
    also: list[str] = Field(
        default_factory=list,
        description="people to draw besides the view's own (committee view: the routes to its members)",
    )
    aspect: float | None = Field(
        default=None,
        gt=0,
        description="width over height to wrap wide subtrees towards "
        "(default: about 16:9 for the org view; the committee view does not wrap)",
    )
    max_boxes: int | None = Field(
        default=None,
        ge=1,
        description="org view: the most boxes a collapsed view draws before whole units collapse "
        "(default: what fits a page, kamgraph.render.plan.fit.MAX_BOXES)",
    )
    legend: bool = True
    title: bool = True
    today: dt.date | None = None
    since: dt.date | None = Field(default=None, description="map --since: the date `changed` is counted from")
    changed: dict[str, str] = Field(
        default_factory=dict, description="people new or moved since `since`: id -> 'new' or 'moved' (map --since)"
    )
    critical: dict[str, str] = Field(
        default_factory=dict,
        description="committee view: id -> 'single' (a single point) or 'set' (of the smallest set), as risk says",
    )


NodeKind = Literal["person", "team", "group", "seat"]
EdgeKind = Literal["reports_to", "influences", "knows", "path", "group", "stack", "grid"]


class MapNode(BaseModel):
    id: str
    kind: NodeKind
    name: str
    title: str | None = None
    badges: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    stance: Stance | None = None
    influence: Influence | None = None
    cluster: str | None = Field(default=None, description="the unit cluster it sits in; 'team' for our team")
    count: int | None = Field(default=None, description="a group: how many people it stands for")
    parts: list[tuple[str, int]] = Field(default_factory=list, description="a group of units: (unit, people)")
    highlighted: bool = False
    near: str | None = Field(default=None, description="an empty seat: the committee member it is drawn beside")
    level: int | None = Field(default=None, description="formal seniority (0 = executive): peers of a unit share a row")
    owners: list[str] = Field(
        default_factory=list,
        description="the short codes of our people who own this "
        "contact in the CRM (coverage, drawn as a mark, not a line)",
    )
    left: dt.date | None = Field(
        default=None, description="the day they left: drawn struck through (a seat now empty, a lost thread)"
    )
    notes: list[str] = Field(default_factory=list, description="their notes, for the tooltip (none when redacted)")


class MapEdge(BaseModel):
    source: str
    target: str
    kind: EdgeKind
    weight: float | None = None
    highlighted: bool = False
    minlen: int = Field(default=1, description="ranks between the ends: staggers long rows of reports")


class MapCluster(BaseModel):
    id: str
    label: str
    parent: str | None = None
    hidden: int = Field(default=0, description="people of this unit not drawn (collapsed)")


class AccountMap(BaseModel):
    account: str
    account_name: str
    view: View
    lang: Lang
    title: str
    subtitle: str
    nodes: list[MapNode]
    edges: list[MapEdge]
    clusters: list[MapCluster]
    total_people: int = Field(description="people of the account in scope")
    owners: list[tuple[str, str]] = Field(
        default_factory=list, description="CRM record owners marked on the people: (code, name), for the legend"
    )
    options: MapOptions

    def node(self, node_id: str) -> MapNode:
        return next(n for n in self.nodes if n.id == node_id)

    @property
    def people(self) -> list[MapNode]:
        """The people drawn one by one (client and team), not groups or empty seats."""
        return [n for n in self.nodes if n.kind in ("person", "team")]


def note_line(n: Note) -> str:
    """A note as one line: ``2026-09-01: Prefers short decks``."""
    return f"{n.date.isoformat()}: {n.text}" if n.date else n.text


def initials(name: str) -> str:
    """``"María José Núñez"`` → ``"M.J.N."``: what ``--redact`` shows instead of a name.

    >>> initials("María José Núñez")
    'M.J.N.'
    """
    return "".join(part[0].upper() + "." for part in name.replace("-", " ").split() if part[0].isalpha())
