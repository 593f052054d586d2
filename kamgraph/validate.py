"""Graph-level validation: unique ids, references resolve, no reporting cycle, reporting
lines inside one organisation.

Records that a graph refers to but does not hold are looked up through ``lookup`` (a
store's :meth:`~kamgraph.store.base.Store.get`), so a file of opportunities can name people
imported earlier.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import operator
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from .canonical import Texts, canonical_texts
from .keys import keys_unique
from .model import COLLECTIONS, Graph, Organisation, OrgKind, Person, Product, Role, Unit, record_key

__all__ = ["MAX_INT", "Problem", "bad_values", "check", "duplicates", "keys_unique", "plain_json", "warnings"]

Lookup = Callable[[str, Iterable[str]], Mapping[str, BaseModel]]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record: ``collection``/``key`` name it, ``field`` the field."""

    collection: str
    key: object
    field: str
    message: str
    cause: tuple[str, object] | None = None  # the incoming record behind it, when it is a stored one

    @property
    def record(self) -> str:
        kind = {
            "organisations": "organisation",
            "people": "person",
            "units": "unit",
            "products": "product",
            "opportunities": "opportunity",
            "adoption": "adoption",
            "knows": "knows",
            "influences": "influences",
        }[self.collection]
        key = self.key if isinstance(self.key, str) else " -> ".join(map(str, self.key))  # type: ignore[call-overload]
        return f"{kind} '{key}'"

    def __str__(self) -> str:
        return f"{self.record}: {self.field + ': ' if self.field else ''}{self.message}"


#: The largest integer every store can hold (Neo4j's are 64-bit).
MAX_INT = 2**63 - 1
#: Characters no text may hold: C0 controls but tab and line breaks, DEL and C1 controls.
#: They break XML (SVG, PPTX) and terminals, and no name or note needs them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _value_problem(value: Any) -> str | None:
    """What makes one value unfit for every store and export, if anything."""
    if isinstance(value, str):
        if (m := _CONTROL.search(value)) is not None:
            return f"contains the control character {m[0]!r}; remove it"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"is not valid Unicode (a lone surrogate at character {exc.start})"
    elif isinstance(value, int) and not isinstance(value, bool) and not -MAX_INT - 1 <= value <= MAX_INT:
        return "is too large a number (at most 9223372036854775807)"
    elif isinstance(value, float) and not math.isfinite(value):
        return "is not a finite number"
    return None


def bad_values(graph: Graph, texts: Texts | None = None) -> list[Problem]:
    """Values no store can keep or no export can show: control characters, lone
    surrogates, integers beyond 64 bits, infinite numbers. ``texts``: where the records'
    canonical JSON is kept for the write that follows (written here once, read twice).

    >>> from kamgraph.model import Organisation
    >>> [str(p) for p in bad_values(Graph(organisations=[Organisation(id="o", name="A\x1bB")]))]
    ["organisation 'o': name: contains the control character '\\\\x1b'; remove it"]
    """
    problems = []

    def walk(value: Any, where: str) -> str | None:
        if isinstance(value, dict):
            for k, v in value.items():
                found = walk(k, where) or walk(v, f"{where}.{k}" if where else str(k))
                if found:
                    return found
        elif isinstance(value, list | tuple | set | frozenset):
            for n, v in enumerate(value):
                if found := walk(v, f"{where}[{n}]"):
                    return found
        elif (problem := _value_problem(value)) is not None:
            return f"{where or 'value'}: {problem}"
        return None

    plain = texts is not None and texts.plain
    for c in COLLECTIONS:
        records = getattr(graph, c)
        if not records:
            continue
        if plain and _numbers_fit(records):  # their texts known plain: only the numbers to look at
            continue
        if _plainly_fit(records, texts.of if texts is not None else None, c):
            continue
        for r in records:
            found = walk(r.model_dump(mode="python", by_alias=True), "")
            if found:
                field, _, message = found.partition(": ")
                problems.append(Problem(c, record_key(r), field, message))
    return problems


#: What, in a record's JSON, may be a bad value: an escaped control character (``\\u0000`` to
#: ``\\u001f``, ``\\b``, ``\\f``), DEL, U+FFFD (what a lone surrogate in a map's key
#: becomes), a C1 control (U+0080 to U+009F: looked for only in text that is not ASCII). A
#: match only means "look closer" (the text ``C:\\build`` matches too).
_SUSPECT = ("\\u00", "\\b", "\\f", "\x7f", "\ufffd")
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def _plainly_fit(
    records: Sequence[BaseModel], texts: Callable[[str, Sequence[BaseModel]], list[str]] | None = None, c: str = ""
) -> bool:
    """Whether none of ``records`` can hold a bad value, found at once for the usual case:
    every record of one model, their JSON (each record's written by pydantic-core: ``texts``
    of collection ``c`` when given, else :func:`~kamgraph.canonical.canonical_texts`) free of
    anything :data:`_SUSPECT`, and every number they hold finite and within 64 bits (JSON
    would show an infinite float as null). ``False`` only means that :func:`bad_values`
    looks at each value."""
    model = type(records[0])
    numbers = _number_fields(model)
    if numbers is None or any(type(r) is not model for r in records):
        return False
    try:
        text = "".join(texts(c, records) if texts is not None else canonical_texts(records))
        # a C1 control is looked for in the UTF-8 bytes: a 0xC2 lead byte then 0x80 to 0x9F,
        # found by its lead byte (a regex over the text tests every character: 8 times slower)
        data = b"" if text.isascii() else text.encode("utf-8")
    except (PydanticSerializationError, UnicodeError, ValueError, TypeError):  # a lone surrogate, a foreign value
        return False
    if any(s in text for s in _SUSPECT) or _C1_UTF8.search(data) is not None:
        return False
    return all(_all_fit([getattr(r, name) for r in records]) for name in numbers)


def _numbers_fit(records: Sequence[BaseModel]) -> bool:
    """Whether every record is of one model whose numbers :func:`_plainly_fit` can tell, and
    every number they hold is finite and within 64 bits (:func:`_plainly_fit` less the look
    at their texts). ``False`` only means that :func:`bad_values` looks at each value."""
    model = type(records[0])
    numbers = _number_fields(model)
    if numbers is None or any(type(r) is not model for r in records):
        return False
    return all(_all_fit([getattr(r, name) for r in records]) for name in numbers)


#: In a JSON file's bytes, what can put a bad text into the values read from it (JSON holds
#: no raw control character below U+0020): the escapes ``\b``, ``\f`` and ``\u`` of
#: U+0000 to U+001F, U+0070 to U+009F (DEL and the C1 controls among them) and U+D800 to
#: U+DFFF (a lone surrogate), then DEL itself and a C1 control (UTF-8 ``0xC2 0x80`` to
#: ``0xC2 0x9F``). An escaped backslash followed by such letters matches too: only "look closer".
_JSON_ESCAPE = re.compile(rb"\\(?:[bf]|u(?:00[01]|00[7-9]|[dD][89a-fA-F]))")


def plain_json(data: bytes) -> bool:
    r"""Whether no text read from the JSON document ``data`` (a file's bytes) can hold a
    control character or a lone surrogate: ``True`` when its bytes show no :data:`_JSON_ESCAPE`,
    DEL or C1 control. Told in a few milliseconds over 50 MB (a backslash or a 0xC2 byte is
    looked for first, at memchr's speed).

    >>> plain_json(b'{"name": "Ana \\u00e9"}'), plain_json(b'{"name": "A\\u001bB"}')
    (True, False)
    >>> plain_json(b'{"path": "C:\\\\build"}'), plain_json('{"name": "A\x85B"}'.encode())
    (False, False)
    """
    if data.find(b"\\") >= 0 and _JSON_ESCAPE.search(data) is not None:
        return False
    if data.find(b"\x7f") >= 0:
        return False
    return data.find(b"\xc2") < 0 or _C1_UTF8.search(data) is None


def _all_fit(values: list[Any]) -> bool:
    """:func:`_fits` of every value, in C for a field of plain numbers: the sum of floats
    is finite only when each is (an overflow only sends them to :func:`_fits`), and ints fit
    when the least and the greatest do."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if kinds == {float}:
        if math.isfinite(sum(filter(_is_number, values))):
            return True
    elif kinds == {int}:
        present: list[int] = list(filter(_is_number, values))
        return -MAX_INT - 1 <= min(present) and max(present) <= MAX_INT
    elif not kinds:
        return True
    return all(map(_fits, values))


_is_number = functools.partial(operator.is_not, None)


def _fits(value: Any) -> bool:
    """Whether every number in ``value`` (a number, a record, lists and maps of them) is
    finite and fits in 64 bits."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int):
        return -MAX_INT - 1 <= value <= MAX_INT
    if isinstance(value, BaseModel):
        fields = _number_fields(type(value))
        return fields is not None and all(_fits(getattr(value, n)) for n in fields)
    if isinstance(value, dict):
        return all(_fits(v) for v in value.values())
    if isinstance(value, list | tuple | set | frozenset):
        return all(_fits(v) for v in value)
    return True


#: The leaf types a value can hold without any number in it (a flag is no number here).
_NO_NUMBER = (str, bool, type(None), dt.date, enum.Enum)


@functools.cache
def _number_fields(model: type[BaseModel]) -> tuple[str, ...] | None:
    """The fields of ``model`` whose values can hold a number (directly, or in a record they
    hold); ``None`` when a field's type is not plain enough to tell."""
    out = []
    for name, field in model.model_fields.items():
        holds = _holds_number(field.annotation)
        if holds is None:
            return None
        if holds:
            out.append(name)
    return tuple(out)


def _holds_number(annotation: Any) -> bool | None:
    """Whether a value of this type can hold a number; ``None``: cannot tell."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _holds_number(get_args(annotation)[0])
    if origin in (Union, types.UnionType, list, tuple, set, frozenset, dict):
        found = [_holds_number(a) for a in get_args(annotation) if a is not Ellipsis]
        return None if None in found else any(found)
    if annotation in (float, int):
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = _number_fields(annotation)
        return None if fields is None else bool(fields)
    if isinstance(annotation, type) and issubclass(annotation, _NO_NUMBER):
        return False
    return None


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
