"""``--prune``: make the store match the files for the organisations they contain.

Users treat their file as the truth for what it describes: a person taken out of an
account map, then the map re-imported, must leave the store too. :func:`plan_prune` finds
the stored records of the organisations in an import that the import no longer has, and
plans their removal with the same cascade as :meth:`~kamgraph.store.base.Store.forget`
(direct reports move up, relations, committee seats and notes naming them go);
:func:`import_with_prune` writes the import and that plan in one transaction. One
implementation for every backend: it reads and writes through the store contract only.

A stored record the import still *refers to* (a manager named by ``reports_to``, a unit a
person is in) is kept: an import never leaves a dangling reference behind.

>>> from kamgraph.model import Graph, Organisation, Person
>>> from kamgraph.store import SQLiteStore
>>> acme = Organisation(id="acme", name="Acme")
>>> with SQLiteStore(":memory:") as store:
...     _ = store.import_graph(Graph(organisations=[acme], people=[
...         Person(id="ana", name="Ana", org="acme"), Person(id="bo", name="Bo", org="acme", reports_to="ana")]))
...     shrunk = Graph(organisations=[acme], people=[Person(id="ana", name="Ana", org="acme")])
...     plan = plan_prune(store, shrunk)
...     _ = import_with_prune(store, shrunk, plan=plan)
...     plan.report.records, [p.id for p in store.dump().people]
({'people': ['bo']}, ['ana'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from ..keys import record_keys
from ..model import COLLECTIONS, Graph, Person, record_key
from .base import Deletions, ImportReport, Store, plan_erasure
from .outline import PRUNED, Outline, line_key
from .rules import BY_ID

__all__ = ["PrunePlan", "PruneReport", "import_with_prune", "plan_prune"]

#: with more organisations than this, read the whole store once instead of one account at a time
MANY_ORGS = 20


class PruneReport(BaseModel):
    """Stored records of the import's organisations that the import no longer has."""

    organisations: list[str] = Field(default_factory=list, description="the organisations the import covers")
    records: dict[str, list[str]] = Field(
        default_factory=dict, description="collection → ids (or 'a -> b' pairs) of those records"
    )
    removed: dict[str, int] = Field(default_factory=dict, description="what the cascade removes, as forget says it")
    rewritten: dict[str, int] = Field(default_factory=dict, description="stored records the cascade rewrites")
    reassigned_reports: list[str] = Field(default_factory=list, description="people who then report one level up")
    pruned: bool = Field(False, description="whether they were removed (--prune), or only counted")

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.records.values())


@dataclass
class PrunePlan:
    report: PruneReport
    deletions: Deletions = field(default_factory=dict)
    rewrites: Graph = field(default_factory=Graph)  # stored records (outside the import) the cascade rewrites


def _key_text(key: Any) -> str:
    return key if isinstance(key, str) else " -> ".join(map(str, key))


def _references(graph: Graph) -> tuple[set[str], set[str]]:
    """The person and unit ids ``graph`` defines or points at."""
    people = {p.id for p in graph.people} | {p.reports_to for p in graph.people if p.reports_to}
    people |= {k.a for k in graph.knows} | {k.b for k in graph.knows}
    people |= {i.source for i in graph.influences} | {i.target for i in graph.influences}
    people |= {m.person for o in graph.opportunities for m in o.committee}
    units = {u.id for u in graph.units} | {u.parent for u in graph.units if u.parent}
    units |= {p.unit for p in graph.people if p.unit} | {a.unit for a in graph.adoption}
    return people, units


#: as many people as an organisation can hold (find_people's limit when it lists them all)
ALL = 10**9


def _restated(store: Store, graph: Graph) -> bool:
    """Whether ``graph`` holds every record the store holds of the collections ``--prune``
    looks at (by key), told from the stored keys alone (``False`` also when the store cannot
    read them cheaply). Then nothing stored is stale, whatever else the plan asks."""
    stored = store.stored_keys()
    if stored is None:
        return False
    return all(set(record_keys(c, getattr(graph, c))).issuperset(stored[c]) for c in PRUNED)


def _stored(store: Store, scope: set[str], people_only: set[str] | None = None, graph: Graph | None = None) -> Outline:
    """The outline of the stored records of the organisations in ``scope`` (and relations
    touching them); for the organisations of ``people_only``, only their people (a cheaper read).
    An empty outline when ``graph`` restates every stored record (a re-import that changes
    nothing: :func:`_restated`), which finds what the whole outline would, nothing stale."""
    known = set(store.get("organisations", scope))
    people_only = (people_only or set()) & known
    whole = known - people_only
    if len(whole) > MANY_ORGS:
        if graph is not None and _restated(store, graph):
            return Outline()
        return store.outline()
    parts = Graph()
    for org in sorted(whole):
        parts = parts.merged(store.account(org))
    people = [p for org in sorted(people_only) for p in store.find_people(org=org, limit=ALL) if p.org == org]
    return Outline.of(parts.merged(Graph(people=people)) if people else parts)


def plan_prune(
    store: Store,
    graph: Graph,
    organisations: Iterable[str] | None = None,
    *,
    source: str | None = None,
    keep: Iterable[str] = (),
    only: Mapping[str, Iterable[str]] | None = None,
    cascade: bool = True,
    written: bool = False,
    spare: Iterable[str] = (),
) -> PrunePlan:
    """What pruning the store to ``graph`` removes, for ``organisations`` (default: those
    ``graph`` defines).

    Removed: stored units, people, opportunities and adoption of those organisations, and
    relations with both ends among their people, that ``graph`` neither holds nor refers to.
    With ``source`` (a CRM name) only people and opportunities that carry that CRM's id
    are candidates (what was added by hand or from elsewhere stays); ids in ``keep`` (rows
    the import skipped) are never removed. ``only`` restricts pruning to some collections,
    each over its own organisations (a CRM's contacts file covers the accounts of its
    contacts, its opportunities file those of its deals). Without ``cascade`` only the
    records are found (enough to count them), not what their removal rewrites. ``written``:
    ``graph`` has just been written, so an organisation whose stored head-count is the
    graph's has no stale people, and they are not read (a re-import's count stays cheap).
    ``spare``: people and deals with one of these outside ids (``salesforce``, ``hubspot``),
    and ``KNOWS`` of source ``crm``, are never removed (a CRM import owns them).
    """
    if only is not None:
        by_collection = {c: set(orgs) for c, orgs in only.items()}
        scope = set().union(*by_collection.values()) if by_collection else set()
    else:
        scope = set(organisations) if organisations is not None else {o.id for o in graph.organisations}
        by_collection = {c: scope for c in COLLECTIONS}
    none: set[str] = set()
    report = PruneReport(organisations=sorted(scope))
    if not scope:
        return PrunePlan(report)
    people_only = None
    if only is not None:  # only people and deals are pruned: a deal needs its account, a person only the people
        deals = by_collection.get("opportunities", set())
        people_only = by_collection.get("people", set()) - deals
        if written:
            heads = {a.id: a.people for a in store.accounts()}
            mine: dict[str, int] = {}
            for person in graph.people:
                mine[person.org] = mine.get(person.org, 0) + 1
            same = {o for o in people_only if o in heads and heads[o] == mine.get(o, 0)}
            people_only -= same
            scope -= same
    stored = _stored(store, scope, people_only, graph)
    if stored.is_empty():  # nothing stored of these organisations (a first import): nothing stale
        return PrunePlan(report)
    # the keys the import holds (a knows's key is its sorted pair)
    have = {
        c: {r.id for r in getattr(graph, c)} if c in BY_ID else {r.key for r in getattr(graph, c)} for c in COLLECTIONS
    }
    people_refs, unit_refs = _references(graph)
    kept = set(keep)
    spare = tuple(spare)

    def candidate(r: Any) -> bool:
        if source is not None:
            return source in r.ids
        return not any(k in r.ids for k in spare)

    stale: dict[str, list[Any]] = {c: [] for c in COLLECTIONS}  # of lines
    stale["people"] = [
        p
        for p in stored.people
        if p.org in by_collection.get("people", none) and p.id not in people_refs and p.id not in kept and candidate(p)
    ]
    stale["opportunities"] = [
        o
        for o in stored.opportunities
        if o.account in by_collection.get("opportunities", none)
        and o.id not in have["opportunities"]
        and o.id not in kept
        and candidate(o)
    ]
    if source is None and only is None:
        gone = {p.id for p in stale["people"]}
        # stored people the import does not restate, and who stay, keep their units
        unit_refs |= {p.unit for p in stored.people if p.unit and p.id not in gone and p.id not in have["people"]}
        parents = {u.id: u.parent for u in stored.units}
        for uid in list(unit_refs):  # and a unit that stays keeps the units above it
            while parents.get(uid) and parents[uid] not in unit_refs:
                uid = parents[uid]  # type: ignore[assignment]
                unit_refs.add(uid)
        stale["units"] = [u for u in stored.units if u.org in scope and u.id not in unit_refs]
        gone_units = {u.id for u in stale["units"]}
        scope_units = {u.id for u in stored.units if u.org in scope}
        stale["adoption"] = [
            a
            for a in stored.adoption
            if a.unit in scope_units and (a.unit in gone_units or a.key not in have["adoption"])
        ]
        in_scope = {p.id for p in stored.people if p.org in scope}
        stale["knows"] = [
            k
            for k in stored.knows
            if k.a in in_scope and k.b in in_scope and k.key not in have["knows"] and not (spare and k.source == "crm")
        ]
        stale["influences"] = [
            i
            for i in stored.influences
            if i.source in in_scope and i.target in in_scope and i.key not in have["influences"]
        ]
    for c, records in stale.items():
        if records:
            report.records[c] = sorted(_key_text(line_key(r)) for r in records)
    deletions: dict[str, set[Any]] = {c: {line_key(r) for r in rs} for c, rs in stale.items() if rs}
    overlay: dict[tuple[str, Any], Any] = {}
    if cascade and stale["people"]:
        found = store.get("people", [p.id for p in stale["people"]])
        overlay = _cascade(store, [found[i] for i in sorted(found)], deletions, report)  # type: ignore[misc]
    rewrites: dict[str, list[Any]] = {c: [] for c in COLLECTIONS}
    for (c, key), record in sorted(overlay.items(), key=lambda kv: (kv[0][0], _key_text(kv[0][1]))):
        if key not in deletions.get(c, ()) and key not in have[c]:  # the import's own version wins
            rewrites[c].append(record)
    return PrunePlan(report, {c: sorted(ks, key=_key_text) for c, ks in deletions.items() if ks}, Graph(**rewrites))


def _cascade(
    store: Store, people: list[Person], deletions: dict[str, set[Any]], report: PruneReport
) -> dict[tuple[str, Any], Any]:
    """Plan each person's erasure as ``forget`` does, one after the other: each plan sees
    the records as the ones before left them (a report moved up twice ends two levels up)."""
    overlay: dict[tuple[str, Any], Any] = {}
    for person in people:
        around = store.records_naming(person)
        current: dict[str, list[Any]] = {}
        for c in COLLECTIONS:
            records = {record_key(r): overlay.get((c, record_key(r)), r) for r in getattr(around, c)}
            if c == "people":  # reports moved up onto this person by an earlier plan
                records.update({k: r for (cc, k), r in overlay.items() if cc == "people" and r.reports_to == person.id})
            current[c] = [
                r for k, r in records.items() if k not in deletions.get(c, ()) or c in ("knows", "influences")
            ]
        upserts, dels, one = plan_erasure(person, Graph(**current))
        for c in COLLECTIONS:
            for r in getattr(upserts, c):
                overlay[(c, record_key(r))] = r
        for c, keys in dels.items():
            deletions.setdefault(c, set()).update(keys)
        for what, n in one.removed.items():
            report.removed[what] = report.removed.get(what, 0) + n
        for what, n in one.rewritten.items():
            report.rewritten[what] = report.rewritten.get(what, 0) + n
        report.reassigned_reports += [p for p in one.reassigned_reports if p not in report.reassigned_reports]
    # a report moved up onto a manager who is pruned too moves on up, past every pruned one
    boss = {p.id: p.reports_to for p in people}
    for (c, key), record in list(overlay.items()):
        if c == "people" and record.reports_to in boss:
            up, seen = record.reports_to, set()
            while up in boss and up not in seen:
                seen.add(up)
                up = boss[up]
            overlay[(c, key)] = record.model_copy(update={"reports_to": None if up in boss else up})
    return overlay


def import_with_prune(
    store: Store,
    graph: Graph,
    origin: Mapping[tuple[str, Any], str] | None = None,
    *,
    plan: PrunePlan,
    checked: bool = False,
    source: str | None = None,
) -> ImportReport:
    """Write ``graph`` and carry out ``plan`` in one transaction (validated as any import,
    the cascade's rewrites with it, unless ``checked``)."""
    plan.report.pruned = True
    rewritten = not plan.rewrites.is_empty()
    return store.import_graph(
        graph.merged(plan.rewrites) if rewritten else graph,
        origin,
        deletions=plan.deletions,
        checked=checked and not rewritten,
        source=source,
    )
