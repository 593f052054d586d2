"""The last check before a CRM import writes: the graph read is checked as the store will
check it (references, reporting cycles, committees, records that would be stranded across
organisations). Each problem becomes an error :class:`~.report.Issue` naming the file and
line of the row it came from; with ``--skip-bad-rows`` that row, or that one reference, is
left out and the check runs again, so a row-level problem is never fatal."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ...canonical import Texts
from ...model import Graph, record_key
from ...store.base import Store
from ...validate import Problem
from .report import Issue, Level

__all__ = ["settle"]

#: rounds of check-and-remedy: each leaves something out; a record left out can strand the
#: references to it, which the next round finds (a chain of them is short)
MAX_ROUNDS = 25
_SEAT = re.compile(r"^committee\[(\d+)\]\.person$")


def settle(
    store: Store, graph: Graph, origin: Mapping[tuple[str, Any], str], skip: bool, texts: Texts | None = None
) -> tuple[Graph, list[Issue]]:
    """``graph`` as it can be written, and the issues found on the way. Without ``skip``
    the graph is returned as it is, with every problem listed (the import will be refused).
    With ``skip`` the graph returned passes the store's check (or
    :class:`~kamgraph.errors.InvalidInput` is raised). ``texts`` keeps the records'
    canonical JSON the check writes, for the import to store."""
    issues: list[Issue] = []
    for _ in range(MAX_ROUNDS):
        problems = store.import_problems(graph, texts)
        if not problems:
            break
        issues += [_issue(p, graph, origin) for p in problems]
        if not skip:
            break
        graph = _remedy(graph, problems)
    else:  # every round left something out and problems remain: never write such a graph
        store.check_import(graph, origin)
    return graph, issues


def _where(p: Problem, graph: Graph, origin: Mapping[tuple[str, Any], str]) -> tuple[str, str | None]:
    """(file, line) of the row behind a problem; the source name when no row is known."""
    place = None
    seat = _SEAT.match(p.field)
    if seat and p.collection == "opportunities":
        opp = next((o for o in graph.opportunities if o.id == p.key), None)
        n = int(seat.group(1))
        if opp is not None and n < len(opp.committee):
            place = origin.get(("seat", (opp.id, opp.committee[n].person)))
    if place is None and p.cause is not None:  # a stored record: the row of the incoming one behind it
        place = origin.get(p.cause)
    place = place or origin.get((p.collection, p.key))
    if place is None:
        return "(import)", None
    file, _, line = place.rpartition(":")
    return (file, line) if file and line.isdigit() else (place, None)


_ACTIONS = {"reports_to": "reporting line left out", "unit": "unit left out", "parent": "parent unit left out"}


def _action(p: Problem) -> str:
    if p.cause is not None:
        return "not moved: the record stays where it is"
    if _SEAT.match(p.field):
        return "seat left out"
    if p.collection in ("knows", "influences", "adoption"):
        return "relation left out"
    return _ACTIONS.get(p.field, "row skipped")


def _issue(p: Problem, graph: Graph, origin: Mapping[tuple[str, Any], str]) -> Issue:
    file, line = _where(p, graph, origin)
    code = (
        "STRANDED"
        if p.cause is not None
        else "INVALID_SEAT"
        if _SEAT.match(p.field)
        else f"INVALID_{p.field.upper()}"
        if p.field in _ACTIONS
        else "INVALID_RECORD"
    )
    return Issue(
        level=Level.error,
        code=code,
        file=file,
        lines=[int(line)] if line else [],
        record=p.record,
        field=p.field,
        message=p.message,
        action=_action(p),
    )


def _remedy(graph: Graph, problems: list[Problem]) -> Graph:
    """``graph`` with each problem's row or reference left out."""
    drop: dict[str, set[Any]] = {}
    first: dict[str, set[Any]] = {}  # given twice: the first one is kept
    clear: dict[tuple[str, Any], set[str]] = {}  # (collection, key) → reference fields to empty
    seats: dict[str, set[int]] = {}
    for p in problems:
        seat = _SEAT.match(p.field)
        if p.cause is not None:  # a stored record points at one this import moves: the move is left out
            collection, key = p.cause
            drop.setdefault(collection, set()).add(key)
        elif p.message.startswith(("duplicate id", "given twice")):
            first.setdefault(p.collection, set()).add(p.key)
        elif seat and p.collection == "opportunities":
            seats.setdefault(str(p.key), set()).add(int(seat.group(1)))
        elif p.field in _ACTIONS and p.collection in ("people", "units"):
            clear.setdefault((p.collection, p.key), set()).add(p.field)
        else:
            drop.setdefault(p.collection, set()).add(p.key)
    out: dict[str, list[Any]] = {}
    for c in Graph.model_fields:
        kept, seen = [], set()
        for r in getattr(graph, c):
            k = record_key(r.normalised() if c == "knows" else r)
            if k in first.get(c, ()):
                if k in seen:
                    continue
                seen.add(k)
            elif k in drop.get(c, ()):
                continue
            if (c, k) in clear:
                r = r.model_copy(update=dict.fromkeys(clear[(c, k)]))
            if c == "opportunities" and r.id in seats:
                r = r.model_copy(update={"committee": [m for n, m in enumerate(r.committee) if n not in seats[r.id]]})
            kept.append(r)
        out[c] = kept
    return Graph(**out)
