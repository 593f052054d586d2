"""What an account map shows: the people, boxes and lines chosen for one view.

:func:`plan_map` decides *what* is drawn (who is shown, what collapses into a count, which
lines join whom); :mod:`kamgraph.render.dot` decides *how* (colours, shapes, layout). The
plan is plain data, so tests can check it without Graphviz.

One module per concept: :mod:`.model` (the plan's data), :mod:`.builder` (what collects it),
:mod:`.people` (what several views ask of an account's people), one module per view
(:mod:`.org`, :mod:`.influence`, :mod:`.committee`) and :mod:`.map` (:func:`plan_map`, what
every view shares). This package's face names the public API.

>>> from kamgraph.model import Graph, Organisation, Person, Role
>>> g = Graph(organisations=[Organisation(id="acme", name="Acme")],
...           people=[Person(id="ceo", name="Carla Reyes", org="acme"),
...                   Person(id="cfo", name="Tom Baker", org="acme", reports_to="ceo",
...                          roles=[Role.economic_buyer])])
>>> m = plan_map(g, "acme")
>>> [(n.id, n.badges) for n in m.nodes]
[('ceo', []), ('cfo', ['EB'])]
>>> [(e.source, e.target, e.kind) for e in m.edges]
[('ceo', 'cfo', 'reports_to')]
"""

from .builder import MapBuilder
from .map import PARTIAL_LINES, plan_map
from .model import (
    VIEWS,
    AccountMap,
    EdgeKind,
    MapCluster,
    MapEdge,
    MapNode,
    MapOptions,
    NodeKind,
    View,
    initials,
    is_coverage,
    note_line,
)
from .org import COLLAPSE_ABOVE

__all__ = [
    "COLLAPSE_ABOVE",
    "PARTIAL_LINES",
    "VIEWS",
    "AccountMap",
    "EdgeKind",
    "MapBuilder",
    "MapCluster",
    "MapEdge",
    "MapNode",
    "MapOptions",
    "NodeKind",
    "View",
    "initials",
    "is_coverage",
    "note_line",
    "plan_map",
]
