"""Where the rows of an org chart go, so that a large map keeps close to a slide's shape.

Graphviz's ``dot`` puts every report one rank below their manager, so a chief executive
with eight divisions draws eight subtrees side by side: a map five times wider than high.
:func:`arrange` sets each reporting line's ``minlen`` (how many ranks it spans) instead:

- a manager's long row of reports with no reports of their own staggers over a few rows;
- a manager whose subtrees would be wider than the target moves some of them into a band
  below the others (the subtree, not the person, wraps), as a designer would by hand.

It estimates sizes in boxes and ranks, tries a few widths and keeps the one whose shape is
closest to ``aspect``: a plan-level decision, testable without Graphviz.

A chief executive with six VPs of three reports each: 18 boxes wide, 3 ranks deep, then
three bands of two VPs, each band under the one above:

>>> from kamgraph.render.plan import MapEdge
>>> edges = [MapEdge(source="ceo", target=f"vp{i}", kind="reports_to") for i in range(6)]
>>> edges += [MapEdge(source=f"vp{i}", target=f"p{i}{j}", kind="reports_to") for i in range(6) for j in range(3)]
>>> estimate(edges)
(18, 3)
>>> arrange(edges)
[('vp0', 'vp2'), ('vp1', 'vp3'), ('vp2', 'vp4'), ('vp3', 'vp5')]
>>> [e.minlen for e in edges if e.source == "ceo"], estimate(edges)
([1, 1, 3, 3, 5, 5], (6, 7))
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

__all__ = ["MAX_ROWS", "ROW", "TARGET_ASPECT", "WRAP_ABOVE", "Line", "arrange", "estimate"]


class Line(Protocol):
    """What the layout reads of a map's line (a :class:`kamgraph.render.plan.MapEdge` is one):
    its ends and kind, and the ``minlen`` it sets. A protocol, so this module needs nothing
    of the plan that calls it."""

    @property
    def source(self) -> str: ...

    @property
    def target(self) -> str: ...

    @property
    def kind(self) -> str: ...

    minlen: int


#: A manager's reports that have no reports of their own go on one row up to this many,
#: then stagger over up to MAX_ROWS rows (what Graphviz's ``unflatten`` does).
ROW = 6
MAX_ROWS = 4
#: Width over height that the estimate aims for. It counts boxes and ranks, not the gaps
#: between units or the lines that go round them, so dot draws some 1.5× wider than this:
#: 1.2 comes out near 16:9 with the title and legend, ~2:1 without (a slide's map area).
TARGET_ASPECT = 1.2
#: A box and a rank in inches, roughly (boxes are ~2 in wide, ~3 with the margins of their
#: units; ranks ~1.3 in apart), and the ranks taken by the title, the legend and our team.
BOX_W, RANK_H, EXTRA_RANKS = 3.0, 1.3, 2
#: A chart at most this many boxes wide is not wrapped: it fits a slide as it is, and the
#: bands of a small chart only stretch its reporting lines over empty rows.
WRAP_ABOVE = 10


class _Shape:
    """One try at a width cap: each line's minlen, and the estimated size in boxes × ranks."""

    def __init__(self, below: dict[str, list[Line]], roots: Sequence[str], cap: int):
        self.below, self.cap = below, cap
        self.minlen: dict[int, int] = {}
        self.stacks: list[tuple[str, str]] = []
        self.seen: set[str] = set()
        sizes = [self.place(r) for r in roots]
        self.width = sum(w for w, _ in sizes)
        self.depth = max((d for _, d in sizes), default=0)

    def place(self, node: str) -> tuple[int, int]:
        """(width in boxes, ranks below ``node``) of its subtree, setting its lines' minlen."""
        if node in self.seen:  # a reporting cycle: draw it once
            return 0, 0
        self.seen.add(node)
        kids = self.below.get(node, [])
        if not kids:
            return 1, 0
        leaves = [e for e in kids if not self.below.get(e.target)]
        inner = [e for e in kids if self.below.get(e.target)]
        band_w, band_d = 0, 0
        if leaves:
            rows = 1 if len(leaves) <= ROW else min(MAX_ROWS, -(-len(leaves) // ROW))
            for i, e in enumerate(leaves):
                self.minlen[id(e)] = 1 + i % rows
            band_w, band_d = -(-len(leaves) // rows), rows
        width, offset = 0, 0
        band: list[Line] = []
        above: list[Line] = []
        for e in inner:
            w, d = self.place(e.target)
            if band_w and band_w + w > self.cap:  # wrap: the next band starts below this one
                width, offset = max(width, band_w), offset + band_d
                above, band, band_w, band_d = band or above, [], 0, 0
            if above:  # under a subtree of the band above, not beside the whole band
                self.stacks.append((above[len(band) % len(above)].target, e.target))
            band.append(e)
            self.minlen[id(e)] = 1 + offset
            band_w, band_d = band_w + w, max(band_d, d + 1)
        return max(width, band_w, 1), offset + band_d

    @property
    def aspect(self) -> float:
        return (self.width * BOX_W) / ((self.depth + 1 + EXTRA_RANKS) * RANK_H)


def estimate(edges: Sequence[Line]) -> tuple[int, int]:
    """(boxes wide, ranks deep) of the org chart the edges draw, with their current minlen."""
    below, roots = _tree(edges)
    width: dict[int, int] = defaultdict(int)

    def rank_widths(node: str, rank: int, seen: set[str]) -> None:
        width[rank] += 1
        for e in below.get(node, []):
            if e.target not in seen:
                seen.add(e.target)
                rank_widths(e.target, rank + e.minlen, seen)

    for r in roots:
        rank_widths(r, 0, {r})
    return max(width.values(), default=0), max(width, default=-1) + 1


def _tree(edges: Sequence[Line]) -> tuple[dict[str, list[Line]], list[str]]:
    below: dict[str, list[Line]] = defaultdict(list)
    targets: set[str] = set()
    sources: list[str] = []
    for e in edges:
        if e.kind in ("reports_to", "group"):
            below[e.source].append(e)
            targets.add(e.target)
            if e.source not in sources:
                sources.append(e.source)
    return below, [s for s in sources if s not in targets]


def arrange(edges: Sequence[Line], aspect: float | None = TARGET_ASPECT) -> list[tuple[str, str]]:
    """Set the ``minlen`` of reporting lines so the chart's shape comes close to ``aspect``
    (width over height): stagger long rows of reports, wrap wide subtrees into bands
    (``aspect=None``: stagger only).

    Returns the wrapped subtrees' heads, each with the head it should be drawn under
    (``(above, below)``): for invisible lines that keep each band under the one before.
    """
    below, roots = _tree(edges)
    if not below:
        return []
    full = _Shape(below, roots, cap=10**6)
    best = full
    cap = full.width
    while aspect is not None and full.width > WRAP_ABOVE and best.aspect > aspect and cap > 1:
        cap = max(1, min(cap - 1, int(cap * 0.85)))
        shape = _Shape(below, roots, cap)
        if abs(math.log(shape.aspect / aspect)) < abs(math.log(best.aspect / aspect)):
            best = shape
    for e in edges:
        if id(e) in best.minlen:
            e.minlen = best.minlen[id(e)]
    return best.stacks
