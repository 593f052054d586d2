"""What the commands and the web app do beyond one analysis or one drawing, as library calls:
which part of the store a question reads, how a map's options are settled, copying between
stores. Each command of the CLI is one of these (or one analysis) plus its formatting, and
the web app calls the same functions, so a Python user gets the same answers.

- :func:`path_graph`: the map a route question reads (``path``, the page's routes);
- :func:`opportunity_account`: the account a deal is on (``risk --opportunity``, ``path``);
- :func:`map_options`: a map's :class:`~kamgraph.render.plan.MapOptions` as ``map`` and the
  page settle them (the committee's deal, the routes to its members, the path to highlight);
- :func:`copy_graph`: every record of one store into another (``copy``).

The portfolio over a store (``risk --portfolio``, the web's portfolio) is
:func:`kamgraph.portfolio_run.store_portfolio_risk`.

>>> from kamgraph.model import Graph, Knows, Organisation, OrgKind, Person
>>> from kamgraph.store import SQLiteStore
>>> with SQLiteStore(":memory:") as store:
...     _ = store.import_graph(Graph(
...         organisations=[Organisation(id="acme", name="Acme"), Organisation(id="us", name="Us", kind=OrgKind.own)],
...         people=[Person(id="cfo", name="Tom", org="acme"), Person(id="sam", name="Sam", org="us")],
...         knows=[Knows(a="cfo", b="sam", strength=0.8)]))
...     graph = path_graph(store, "sam", "cfo")
...     map_options(graph, "acme", highlight_path="team:cfo").highlight
['sam', 'cfo']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .errors import InvalidInput, NotFound
from .model import Graph, Opportunity

if TYPE_CHECKING:
    from .render.plan import MapOptions
    from .store import ImportReport, Store

__all__ = ["copy_graph", "map_options", "opportunity_account", "path_graph"]


def opportunity_account(store: Store, opportunity: str) -> str:
    """The id of the account ``opportunity`` is on; :class:`NotFound` when there is no such deal."""
    found = store.get("opportunities", [opportunity]).get(opportunity)
    if not isinstance(found, Opportunity):
        raise NotFound(f"no opportunity with id '{opportunity}'")
    return found.account


def path_graph(
    store: Store, source: str, target: str, account: str | None = None, opportunity: str | None = None
) -> Graph:
    """The map a route question from ``source`` to ``target`` needs: the named ``account``
    (or ``opportunity``'s), else the target's own account, with the source's account added
    when the source is someone else's. ``source`` is a person id or ``team``; ``target`` a
    person id or ``role:ROLE`` (which needs an account or an opportunity)."""
    if account is None and opportunity is not None:
        account = opportunity_account(store, opportunity)
    if account is not None:
        return store.account(account)
    if target.startswith("role:"):
        raise InvalidInput(f"'{target}' needs --account: whose {target.removeprefix('role:').replace('_', ' ')}?")
    graph = store.account(store.person(target).org)
    if source != "team" and graph.person(source) is None:
        graph = graph.merged(store.account(store.person(source).org))
    return graph


def map_options(
    graph: Graph,
    account: str,
    view: str = "org",
    *,
    opportunity: str | None = None,
    highlight_path: str | None = None,
    highlight: Sequence[str] = (),
    unit: str | None = None,
    depth: int | None = None,
    collapse: bool | None = None,
    lang: str = "en",
    redact: bool = False,
    since: dt.date | None = None,
    changed: Mapping[str, str] | None = None,
) -> MapOptions:
    """The options of ``account``'s map as ``map`` and the web page draw it.

    A committee map draws ``opportunity`` (by default the biggest open deal, chosen here
    once) with the people on our routes to its members; ``highlight_path`` (``SOURCE:TARGET``
    of person ids, ``team`` or ``role:ROLE``, a role meaning that deal's role holder) is the
    best decision path drawn in bold, else ``highlight`` names one by its people. ``view``
    and ``lang`` are checked as :class:`MapOptions` checks them. ``since`` and ``changed``
    (person id → ``new`` or ``moved``, see :func:`kamgraph.diff.changed_people`) mark who
    changed since a date (``map --since``).
    """
    from .render.facts import committee_deal, committee_routes, critical_people
    from .render.plan import MapOptions

    deal = committee_deal(graph, account, opportunity) if view == "committee" else opportunity
    if highlight_path:
        from .render.facts import highlight_path as best_path

        highlight = best_path(graph, account, highlight_path, deal if view == "committee" else None)
    return MapOptions.model_validate(
        dict(
            view=view,
            lang=lang,
            redact=redact,
            unit=unit,
            depth=depth,
            collapse=collapse,
            opportunity=deal,
            highlight=list(highlight),
            also=committee_routes(graph, account, deal) if view == "committee" else [],
            since=since,
            changed=dict(changed or {}),
            critical=critical_people(graph, account, deal) if view == "committee" else {},
        )
    )


def copy_graph(source: Store, target: Store) -> ImportReport:
    """Every record of ``source`` upserted into ``target``, in one transaction: records
    already in ``target`` with the same key are replaced, others there are kept.

    The source's change log comes along (:meth:`~kamgraph.store.base.Store.carry_changes`:
    what ``target`` holds already is not carried twice), ahead of the copy's own entries.
    When everything ``target`` logged came from ``source`` (an empty store, or an earlier
    copy of this one), the carried log says how every record got there, and the copy adds no
    entry of its own; otherwise what the copy changed is recorded with the source ``copy of
    STORE``."""
    graph, log = source.dump(), source.changes()
    with target.transaction(write=True):
        mine = target.changes()
        theirs = {(c.at, c.collection, c.key, c.field, c.item, c.source, c.author) for c in log}
        mirror = all((c.at, c.collection, c.key, c.field, c.item, c.source, c.author) in theirs for c in mine)
        mirror = mirror and (bool(mine) or target.dump().is_empty())
        if mirror:  # the records first (a new SQLite file is made by its first write), then how they came
            report = target.import_graph(graph, record=False)
            target.carry_changes(log)
            return report
        target.carry_changes(log)  # the past first, then what the copy changes
        return target.import_graph(graph, source=f"copy of {source.url}")
