"""Run Graphviz's ``dot`` on a drawing: the one place that needs the binary.

DOT source needs nothing installed; SVG, PNG and PDF need Graphviz, and when it is missing
the error says how to install it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Literal

import graphviz

from .. import clock
from ..errors import InvalidInput, KamgraphError

__all__ = ["FORMATS", "Format", "GraphvizMissing", "format_for", "has_dot", "layout", "render"]

Format = Literal["svg", "png", "pdf", "dot"]
FORMATS: tuple[Format, ...] = ("svg", "png", "pdf", "dot")

#: PNGs are drawn at this resolution: sharp on a slide or a retina screen.
PNG_DPI = 144


class GraphvizMissing(KamgraphError):
    """Graphviz's ``dot`` is not on the PATH."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz's `dot` was not found: install it (apt-get install graphviz, or brew install "
            "graphviz) — DOT output (--format dot) works without it"
        )


def has_dot() -> bool:
    return shutil.which("dot") is not None


def format_for(path: Path | str, fmt: str | None = None) -> Format:
    """``fmt`` if given, else the file's suffix; SVG for stdout or a file with no suffix.
    A suffix that names no format we write is an error rather than a mislabelled file.

    >>> format_for("map.PNG"), format_for("-"), format_for("x.svg", "dot"), format_for("map")
    ('png', 'svg', 'dot', 'svg')
    """
    suffix = Path(str(path)).suffix.lstrip(".")
    choice = (fmt or suffix or "svg").lower()
    if choice == "gv":
        choice = "dot"
    for f in FORMATS:
        if f == choice:
            return f
    raise InvalidInput(
        f"{path}: cannot tell the format from '.{suffix}'; use .svg, .png, .pdf or .dot, or say --format"
    )


def render(drawing: graphviz.Digraph, fmt: Format, when: dt.date | None = None) -> bytes:
    """The drawing laid out and rendered as ``fmt`` (DOT source needs no Graphviz). A PDF's
    creation date is ``when`` (by default today by the one clock), not the wall clock's
    second, so that the same map is the same bytes all day."""
    if fmt == "dot":
        source: str = drawing.source
        return source.encode("utf-8")
    if fmt == "png":
        drawing = drawing.copy()
        drawing.attr("graph", dpi=str(PNG_DPI))
    try:
        out: bytes = _pipe(drawing, fmt)
    except graphviz.CalledProcessError as exc:
        if not _ROUTING_FAILED.search((exc.stderr or b"").decode("utf-8", "replace")):
            raise _failed(exc) from exc
        # Graphviz 2.43's curved-line router gives up on some large clustered maps ("lost
        # edge": lines left out). Straight lines are always routed, and none is lost.
        straight = drawing.copy()
        straight.attr("graph", splines="line")
        try:
            out = _pipe(straight, fmt)
        except graphviz.CalledProcessError as again:
            raise _failed(again) from again
    if fmt == "pdf":
        out = _pdf_dated(out, when or clock.today())
    return out


#: What dot prints when its spline router fails on a drawing (and drops the line).
_ROUTING_FAILED = re.compile(r"Pshortestpath failed|lost \S+ \S+ edge|triangulation failed")


def _pipe(drawing: graphviz.Digraph, fmt: str) -> bytes:
    try:  # quiet: dot's complaints come back in the error, not on the user's terminal
        out: bytes = drawing.pipe(format=fmt, engine=drawing.engine, quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise GraphvizMissing() from exc
    return out


def _failed(exc: graphviz.CalledProcessError) -> KamgraphError:
    stderr = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    return KamgraphError(f"Graphviz failed: {stderr[-1] if stderr else exc}")


def _pdf_dated(pdf: bytes, when: dt.date) -> bytes:
    """``pdf`` with its ``/CreationDate`` and ``/ModDate`` set to ``when`` at midnight UTC.
    The stamp keeps its length, so the cross-reference offsets stay right.

    >>> _pdf_dated(b"<< /CreationDate (D:20261201132818Z) >>", dt.date(2026, 1, 5))
    b'<< /CreationDate (D:20260105000000Z) >>'
    """
    stamp = f"{when:%Y%m%d}000000".encode()  # 14 digits, as the wall-clock stamp it replaces
    return re.sub(rb"(/(?:CreationDate|ModDate) \(D:)[0-9]{14}", lambda m: m.group(1) + stamp, pdf)


def layout(drawing: graphviz.Digraph, fixed_positions: bool = False) -> dict[str, object]:
    """Graphviz's own layout of the drawing (``dot -Tjson``): positions in points, y upwards.
    ``fixed_positions``: the nodes stay at their ``pos`` and only the lines are routed (``-n2``)."""
    import json

    try:
        out: bytes = drawing.pipe(format="json", engine=drawing.engine, neato_no_op=2 if fixed_positions else None)
    except graphviz.ExecutableNotFound as exc:
        raise GraphvizMissing() from exc
    except graphviz.CalledProcessError as exc:
        stderr = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise KamgraphError(f"Graphviz failed: {stderr[-1] if stderr else exc}") from exc
    data: dict[str, object] = json.loads(out)
    return data
