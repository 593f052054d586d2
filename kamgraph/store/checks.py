"""What a write would break in the store beyond the graph written: the check of
:meth:`~kamgraph.store.base.Store.import_problems` that reads the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter

from ..model import Graph
from ..validate import Problem

__all__ = ["stranded"]

_ID, _ORG = attrgetter("id"), attrgetter("org")


def stranded(
    graph: Graph, orgs: Callable[[str, Iterable[str]], Mapping[str, str]], account: Callable[[str], Graph]
) -> list[Problem]:
    """Stored records that would point across organisations once people or units that
    ``graph`` moves to another organisation have moved: their reports, their members,
    their sub-units. ``orgs`` and ``account`` read the store (the stored organisation of
    each record by id, and :meth:`Store.account`); records in ``graph`` itself are
    :func:`~kamgraph.validate.check`'s."""
    moving: dict[str, set[str]] = {}
    for collection in ("people", "units"):
        records = getattr(graph, collection)
        incoming = dict(zip(map(_ID, records), map(_ORG, records), strict=True))  # read in C
        for rid, org in orgs(collection, incoming).items():
            if org != incoming[rid]:
                moving.setdefault(org, set()).add(rid)
    if not moving:
        return []
    problems = []
    restated = {p.id for p in graph.people} | {u.id for u in graph.units}
    for org, moved in moving.items():
        before = account(org)
        for p in before.people:
            if p.org != org or p.id in restated:
                continue
            for field, ref in (("reports_to", p.reports_to), ("unit", p.unit)):
                if ref in moved:
                    problems.append(
                        Problem(
                            "people",
                            p.id,
                            field,
                            f"'{ref}' moves to another organisation; move or update '{p.id}' in the same import",
                            cause=("units" if field == "unit" else "people", ref),
                        )
                    )
        problems += [
            Problem(
                "units",
                u.id,
                "parent",
                f"'{u.parent}' moves to another organisation; move or update '{u.id}' in the same import",
                cause=("units", u.parent),
            )
            for u in before.units
            if u.org == org and u.id not in restated and u.parent in moved
        ]
    return problems
