"""Graph-level validation: unique ids, references resolve, no reporting cycle, reporting
lines inside one organisation.

Records that a graph refers to but does not hold are looked up through ``lookup`` (a
store's :meth:`~kamgraph.store.base.Store.get`), so a file of opportunities can name people
imported earlier.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from .bad_values import MAX_INT, bad_values, plain_json  # re-exported: checked before every write
from .canonical import Texts
from .keys import keys_unique
from .model import COLLECTIONS, Graph, Organisation, OrgKind, Person, Product, Role, Unit, record_key
from .problems import Problem  # re-exported: what every check reports

__all__ = ["MAX_INT", "Problem", "bad_values", "check", "duplicates", "keys_unique", "plain_json", "warnings"]

Lookup = Callable[[str, Iterable[str]], Mapping[str, BaseModel]]


def _no_lookup(collection: str, ids: Iterable[str]) -> Mapping[str, BaseModel]:
    return {}


def duplicates(graph: Graph, texts: Texts | None = None) -> list[Problem]:
    """Records of one collection that share a key (a second definition would silently win).
    ``texts``: where the answer for each collection is kept for the write that follows."""
    unique = texts.keys_unique if texts is not None else keys_unique
    problems = []
    for c in COLLECTIONS:
        records = getattr(graph, c)
        if unique(c, records):
            continue  # every key once: nothing to compare (the usual case, found at once)
        seen: dict[object, BaseModel] = {}
        for r in records:
            if c == "knows":
                r = r.normalised()
            k = record_key(r)  # knows keys are already the sorted pair
            if k not in seen:
                seen[k] = r
            elif c in _RELATIONS:
                # both people may name the same tie (A knows B, B knows A): fine if they agree
                if seen[k] != r:
                    problems.append(Problem(c, k, _RELATIONS[c], "given twice with different values"))
            else:
                problems.append(Problem(c, k, "id", "duplicate id: defined more than once"))
    return problems


_RELATIONS = {"knows": "strength", "influences": "weight", "adoption": "status"}


class _Index:
    """Records of the graph by id, falling back to the store for the ones it lacks."""

    def __init__(self, graph: Graph, lookup: Lookup):
        self.lookup = lookup
        self.stored = lookup is not _no_lookup  # else nothing to look up: no set of ids to gather
        self.orgs: dict[str, Organisation] = {o.id: o for o in graph.organisations}
        self.units: dict[str, Unit] = {u.id: u for u in graph.units}
        self.people: dict[str, Person] = {p.id: p for p in graph.people}
        self.products: dict[str, Product] = {p.id: p for p in graph.products}

    def fetch(self, collection: str, ids: Iterable[str | None]) -> None:
        if not self.stored:
            return
        table = getattr(self, {"organisations": "orgs"}.get(collection, collection))
        missing = {i for i in set(ids).difference(table) if i}  # those the table lacks, in C
        if missing:
            table.update(self.lookup(collection, sorted(missing)))


_REPORTS_TO = operator.attrgetter("reports_to")


def _ids(records: Sequence[Any], field: str) -> set[Any]:
    """The values of ``field`` in ``records`` (a blank one too), read in C."""
    return set(map(operator.attrgetter(field), records))


def check(graph: Graph, lookup: Lookup = _no_lookup, texts: Texts | None = None) -> list[Problem]:
    """Every problem that makes ``graph`` unfit to load, in record order. ``texts``: where
    the records' canonical JSON is kept for the write that follows (see :func:`bad_values`).

    >>> from kamgraph.model import Organisation, Person
    >>> g = Graph(organisations=[Organisation(id="o", name="O")],
    ...           people=[Person(id="a", name="A", org="o", reports_to="b"),
    ...                   Person(id="b", name="B", org="o", reports_to="a")])
    >>> [str(p) for p in check(g)]
    ["person 'a': reports_to: reporting cycle: a -> b -> a"]
    """
    problems = bad_values(graph, texts)
    if problems:  # the checks below would quote these values: stop here
        return problems
    problems = duplicates(graph, texts)
    ix = _Index(graph, lookup)
    if ix.stored:  # the records the graph names and does not hold, from the store (ids read in C;
        # a blank one, as None, is left out by fetch)
        ix.fetch(
            "organisations", _ids(graph.units, "org") | _ids(graph.people, "org") | _ids(graph.opportunities, "account")
        )
        ix.fetch("units", _ids(graph.units, "parent") | _ids(graph.people, "unit") | _ids(graph.adoption, "unit"))
        ix.fetch("products", _ids(graph.adoption, "product"))
        person_refs = _ids(graph.people, "reports_to") | _ids(graph.knows, "a") | _ids(graph.knows, "b")
        person_refs |= _ids(graph.influences, "source") | _ids(graph.influences, "target")
        person_refs |= {m.person for o in graph.opportunities for m in o.committee}
        ix.fetch("people", person_refs)

    def bad(c: str, key: object, field: str, msg: str) -> None:
        problems.append(Problem(c, key, field, msg))

    for u in graph.units:
        if u.org not in ix.orgs:
            bad("units", u.id, "org", f"unknown organisation '{u.org}'")
        if u.parent:
            parent = ix.units.get(u.parent)
            if parent is None:
                bad("units", u.id, "parent", f"unknown unit '{u.parent}'")
            elif parent.org != u.org:
                bad("units", u.id, "parent", f"unit '{u.parent}' belongs to another organisation ('{parent.org}')")
    problems += _unit_cycles(graph, ix)

    for p in graph.people:
        if p.org not in ix.orgs:
            bad("people", p.id, "org", f"unknown organisation '{p.org}'")
        if p.unit:
            unit = ix.units.get(p.unit)
            if unit is None:
                bad("people", p.id, "unit", f"unknown unit '{p.unit}'")
            elif unit.org != p.org:
                bad("people", p.id, "unit", f"unit '{p.unit}' belongs to another organisation ('{unit.org}')")
        if p.reports_to:
            boss = ix.people.get(p.reports_to)
            if p.reports_to == p.id:
                bad("people", p.id, "reports_to", "a person cannot report to themselves")
            elif boss is None:
                bad("people", p.id, "reports_to", f"unknown person '{p.reports_to}'")
            elif boss.org != p.org:
                bad(
                    "people",
                    p.id,
                    "reports_to",
                    f"'{boss.id}' is in another organisation ('{boss.org}'): reporting lines stay inside one",
                )
    problems += _reporting_cycles(graph, ix)

    people = ix.people
    for k in graph.knows:
        if k.a in people and k.b in people and k.a != k.b:
            continue  # the usual case, told at once
        for end, other in (("a", "b"), ("b", "a")):
            if getattr(k, end) not in ix.people:
                bad(
                    "knows",
                    k.key,
                    "",
                    f"'{getattr(k, end)}' is not a person in these files or the store "
                    f"(the one '{getattr(k, other)}' knows)",
                )
        if k.a == k.b:
            bad("knows", k.key, "b", "a person cannot know themselves")
    for i in graph.influences:
        if i.source in people and i.target in people and i.source != i.target:
            continue
        for end, field in (("source", "from"), ("target", "to")):
            if getattr(i, end) not in ix.people:
                bad("influences", i.key, field, f"unknown person '{getattr(i, end)}'")
        if i.source == i.target:
            bad("influences", i.key, "to", "a person cannot influence themselves")
    for a in graph.adoption:
        if a.unit not in ix.units:
            bad("adoption", a.key, "unit", f"unknown unit '{a.unit}'")
        if a.product not in ix.products:
            bad("adoption", a.key, "product", f"unknown product '{a.product}'")
    for o in graph.opportunities:
        if o.account not in ix.orgs:
            bad("opportunities", o.id, "account", f"unknown organisation '{o.account}'")
        seen: set[str] = set()
        if ix.stored:
            ix.fetch("organisations", {ix.people[m.person].org for m in o.committee if m.person in ix.people})
        for n, m in enumerate(o.committee):
            member = ix.people.get(m.person)
            if member is None:
                bad("opportunities", o.id, f"committee[{n}].person", f"unknown person '{m.person}'")
            elif (
                member.org != o.account
                and (org := ix.orgs.get(member.org)) is not None
                and org.kind != OrgKind.third_party
            ):
                whose = "our own" if org.kind == OrgKind.own else f"another client's ('{member.org}')"
                bad(
                    "opportunities",
                    o.id,
                    f"committee[{n}].person",
                    f"'{m.person}' is {whose}: a committee holds the account's people (or a third party's)",
                )
            if m.person in seen:
                bad("opportunities", o.id, f"committee[{n}].person", f"'{m.person}' is on the committee twice")
            seen.add(m.person)
    return problems


def _cycles(ids: list[str], up: Callable[[str], str | None]) -> list[list[str]]:
    """The cycles that following ``up`` from ``ids`` runs into, each once, in linear time:
    every id is walked over once (a walk stops where an earlier one passed). A cycle is
    spelled from its member that comes first in ``ids`` and back to it; cycles with no
    member in ``ids`` are not this graph's to report.

    >>> _cycles(["a", "b", "c", "d"], {"a": "b", "b": "c", "c": "b", "d": "a"}.get)
    [['b', 'c', 'b']]
    """
    order = {i: n for n, i in enumerate(ids)}
    walked: dict[str, int] = {}  # id -> the walk that passed it
    found = []
    for walk, start in enumerate(ids):
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in walked:
            walked[node] = walk
            path.append(node)
            node = up(node)
        if node is None or walked[node] != walk:
            continue  # the top of the chain, or a part walked before
        cycle = path[path.index(node) :]
        ours = [m for m in cycle if m in order]
        if ours:
            first = cycle.index(min(ours, key=order.__getitem__))
            cycle = cycle[first:] + cycle[:first]
            found.append([*cycle, cycle[0]])
    return found


def _reporting_cycles(graph: Graph, ix: _Index) -> list[Problem]:
    """Reporting lines that come back to where they started (through the store, too)."""

    def manager(pid: str) -> str | None:
        person = ix.people.get(pid)
        boss_id = person.reports_to if person is not None else None
        if not boss_id or boss_id == pid:  # reporting to oneself is its own problem
            return None
        if boss_id not in ix.people:
            ix.fetch("people", [boss_id])
        return boss_id if boss_id in ix.people else None

    people = ix.people
    # nothing to fetch (no store, or every manager of everyone known here is known here too):
    # each manager() answer, in one table looked up in C
    if not ix.stored or not {b for b in set(map(_REPORTS_TO, people.values())).difference(people) if b}:
        managers = {pid: boss for pid, p in people.items() if (boss := p.reports_to) and boss != pid and boss in people}
        up: Callable[[str], str | None] = managers.get
    else:
        up = manager
    return [
        Problem("people", cycle[0], "reports_to", "reporting cycle: " + " -> ".join(cycle))
        for cycle in _cycles([p.id for p in graph.people], up)
    ]


def _unit_cycles(graph: Graph, ix: _Index) -> list[Problem]:
    def parent(uid: str) -> str | None:
        unit = ix.units.get(uid)
        if unit is None or not unit.parent:
            return None
        if unit.parent not in ix.units:
            ix.fetch("units", [unit.parent])
        return unit.parent if unit.parent in ix.units else None

    return [
        Problem("units", cycle[0], "parent", "units nest in a cycle")
        for cycle in _cycles([u.id for u in graph.units], parent)
    ]


def warnings(graph: Graph) -> list[str]:
    """Things that load but deserve a look: deals with no (or several) economic buyers."""
    out = []
    for o in graph.opportunities:
        if not o.is_open:
            continue
        ebs = [m.person for m in o.committee if Role.economic_buyer in m.roles]
        if not ebs and Role.economic_buyer not in o.empty_seats:
            out.append(f"opportunity '{o.id}': no economic buyer on the committee and no empty seat for one")
        elif len(ebs) > 1:
            out.append(f"opportunity '{o.id}': {len(ebs)} economic buyers ({', '.join(ebs)})")
    return out
