"""The native account-map format: YAML or JSON, written by hand.

One file can hold one account or many. Organisations nest their units (as a tree), people
and opportunities, so the ``org`` and ``account`` fields can be left out there; people name
their manager inline (``reports_to``) and can list whom they know or sway::

    version: 1
    organisations:
      - id: acme
        name: Acme Corp
        units:
          - {id: acme-fin, name: Finance, adoption: {billing: active}}
        people:
          - {id: ceo, name: Carla Reyes, title: CEO}
          - id: cfo
            name: Tom Baker
            title: CFO
            unit: acme-fin
            reports_to: ceo
            roles: [economic_buyer]
            knows: {seller1: 0.7}

:func:`load_graph` turns such files into a :class:`~kamgraph.model.Graph`;
:func:`dump_graph` writes a graph back in the same format (nested, defaults left out), so
export → import gives the same graph.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..bulk import bulk
from ..canonical import Texts
from ..errors import InvalidInput, Problems
from ..model import (
    COLLECTIONS,
    Adoption,
    AdoptionStatus,
    Graph,
    Id,
    Influences,
    Interaction,
    Knows,
    Membership,
    Opportunity,
    Organisation,
    Person,
    Product,
    Unit,
    Unit01,
)
from ..origins import Origins
from ..store.base import ImportReport, Store
from ..store.rules import BY_ID
from ..trusted import trusted
from .documents import Dumper, read_source
from .titles import seniority_from_title

__all__ = [
    "AccountFile",
    "dump_graph",
    "import_files",
    "json_schema",
    "load_files",
    "load_graph",
    "parse_file",
]

FORMAT_VERSION = 1


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class KnowsEntry(_In):
    """Someone this person knows: ``{who: id, strength: 0.7, last_contact: 2026-10-01}``."""

    who: Id
    strength: Unit01 = 0.5
    strength_set: dt.date | None = None
    last_contact: dt.date | None = None
    source: str | None = None
    evidence: list[Interaction] = Field(default_factory=list)


class InfluenceEntry(_In):
    """Someone this person sways: ``{on: id, weight: 0.8}``."""

    on: Id
    weight: Unit01 = 0.5


class AdoptionEntry(_In):
    status: AdoptionStatus = AdoptionStatus.none
    competitor: str | None = None
    since: dt.date | None = None


class UnitIn(_In):
    """A unit; ``units`` nests its sub-units, ``adoption`` maps product id → status."""

    id: Id
    name: str
    function: str | None = None
    headcount: int | None = Field(default=None, ge=0)
    budget: float | None = Field(default=None, ge=0)
    units: list[UnitIn] = Field(default_factory=list)
    adoption: dict[Id, AdoptionStatus | AdoptionEntry] = Field(default_factory=dict)


class PersonIn(Person):
    """A person; ``org`` may be left out inside an organisation. ``knows`` is a list of
    entries or a map of person id → strength; ``influences`` a list or a map id → weight."""

    org: Id | None = None  # type: ignore[assignment]
    knows: list[KnowsEntry] | dict[Id, Unit01] = Field(default_factory=list)
    influences: list[InfluenceEntry] | dict[Id, Unit01] = Field(default_factory=list)


class MembershipIn(Membership):
    pass


class OpportunityIn(Opportunity):
    """An opportunity; ``account`` may be left out inside an organisation, and a committee
    member may be given as just a person id."""

    account: Id | None = None  # type: ignore[assignment]
    committee: list[Membership | Id] = Field(default_factory=list)  # type: ignore[assignment]


class OrganisationIn(Organisation):
    units: list[UnitIn] = Field(default_factory=list)
    people: list[PersonIn] = Field(default_factory=list)
    opportunities: list[OpportunityIn] = Field(default_factory=list)


class AccountFile(_In):
    """A kamgraph account map (YAML or JSON)."""

    model_config = ConfigDict(extra="forbid", title="kamgraph account map")

    version: Literal[1] = Field(default=1, description="format version (1)")
    products: list[Product] = Field(default_factory=list)
    organisations: list[OrganisationIn] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list, description="units of organisations defined elsewhere")
    people: list[PersonIn] = Field(default_factory=list)
    knows: list[Knows] = Field(default_factory=list)
    influences: list[Influences] = Field(default_factory=list)
    adoption: list[Adoption] = Field(default_factory=list)
    opportunities: list[OpportunityIn] = Field(default_factory=list)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the file format, for editors (YAML language servers read it too)."""
    schema = AccountFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# --- reading -------------------------------------------------------------------------------


def _describe(doc: Any, loc: Sequence[int | str]) -> str:
    """``organisations[0] 'acme' > people[3] 'jdoe' > stance`` for a pydantic error location."""
    parts: list[str] = []
    node = doc
    for step in loc:
        if isinstance(step, int) and parts:
            label = f"{parts.pop()}[{step}]"
            if isinstance(node, list) and step < len(node):
                node = node[step]
                if isinstance(node, dict) and isinstance(node.get("id"), str | int):
                    label += f" '{node['id']}'"
                elif isinstance(node, dict) and isinstance(node.get("person"), str):
                    label += f" '{node['person']}'"
            parts.append(label)
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, dict) else None
    return " > ".join(parts) if parts else "(top level)"


def parse_file(path: Path) -> AccountFile:
    """Read and type-check one file; errors name the file, the record and the field."""
    return _parsed(path)[0]


def _parsed(path: Path) -> tuple[AccountFile, bool]:
    """:func:`parse_file`, and whether the file's texts are known plain (see
    :func:`~kamgraph.io.documents.read_source`)."""
    doc, plain = read_source(path)
    if doc is None:
        return AccountFile(), plain
    if not isinstance(doc, dict):
        raise InvalidInput(
            f"{path}: expected a mapping with keys like 'organisations' and 'people', found {type(doc).__name__}"
        )
    try:
        return AccountFile.model_validate(doc), plain
    except ValidationError as exc:
        raise Problems([_said(path, doc, err) for err in _most_useful(exc.errors())]) from None


def _said(path: Path, doc: Any, err: Any) -> str:
    loc = [s for s in err["loc"] if not _is_union_tag(s)]
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{path}: {_describe(doc, loc)}: {msg}" + (
        f" (got {err['input']!r})" if _short_scalar(err.get("input")) else ""
    )


def _is_union_tag(step: int | str) -> bool:
    # pydantic names the union member it tried: 'list[KnowsEntry]', 'Membership', 'str', …
    return isinstance(step, str) and (
        step[:1].isupper() or "[" in step or step in {"str", "float", "int", "constrained-str"}
    )


def _most_useful(errors: list[Any]) -> list[Any]:
    """One error per wrong value, in the order pydantic found them: of the errors the
    members of a union give for one value, the one that went deepest (the member that
    nearly matched)."""
    best: dict[tuple[Any, ...], Any] = {}
    for e in errors:
        loc = list(e["loc"])
        tag = next((n for n, s in enumerate(loc) if _is_union_tag(s)), len(loc))
        value = tuple(loc[:tag])  # where the union starts: its members' errors share it
        depth = len([s for s in loc if not _is_union_tag(s)])
        if value not in best or depth > len([s for s in best[value]["loc"] if not _is_union_tag(s)]):
            best[value] = e
    return list(best.values())


def _short_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) and len(repr(value)) <= 60


def _record_id(err: Any) -> str:
    data = err.get("input")
    return str(data.get("id", data.get("a", "?"))) if isinstance(data, dict) else "?"


_ID, _KEY = attrgetter("id"), attrgetter("key")

#: The fields of a stored person: a PersonIn's, less its inline relations. One set, every
#: person's ``model_fields_set`` (see :func:`~kamgraph.trusted.trusted`: a set of every field
#: can be shared; a set per person was 70 MB over 100,000 people).
_EVERY_PERSON_FIELD = set(Person.model_fields)


def _flatten(f: AccountFile) -> Graph:
    g: dict[str, list[Any]] = defaultdict(list)
    g["products"] = list(f.products)
    g["knows"] = list(f.knows)
    g["influences"] = list(f.influences)
    g["adoption"] = list(f.adoption)
    g["units"] = list(f.units)
    people = g["people"]

    def add_units(units: Iterable[UnitIn], org: str, parent: str | None) -> None:
        # the tree walked with a stack: a nested function calling itself would hold itself
        # (and every record read) in a reference cycle, left for the cycle collector
        stack = [(u, parent) for u in reversed(list(units))]
        while stack:
            u, parent = stack.pop()
            g["units"].append(
                Unit(
                    id=u.id,
                    org=org,
                    name=u.name,
                    parent=parent,
                    function=u.function,
                    headcount=u.headcount,
                    budget=u.budget,
                )
            )
            for product, entry in u.adoption.items():
                if isinstance(entry, AdoptionStatus):
                    entry = AdoptionEntry(status=entry)
                g["adoption"].append(Adoption(unit=u.id, product=product, **entry.model_dump()))
            stack += [(child, u.id) for child in reversed(u.units)]

    def add_person(p: PersonIn, org: str | None, where: str) -> None:
        if p.org and org and p.org != org:
            raise InvalidInput(f"{where}: person '{p.id}': org: '{p.org}', but listed under organisation '{org}'")
        org = p.org or org
        if org is None:
            raise InvalidInput(f"{where}: person '{p.id}': org: missing (say which organisation they belong to)")
        # every field was validated as a PersonIn (org and the inferred seniority are valid
        # too): the Person is assembled from the values, not validated a second time. A
        # PersonIn's fields are a Person's, in order, then its inline relations; the PersonIn
        # is dropped with the file's model, so its values are taken, not copied.
        data = p.__dict__
        inline_knows, inline_sways = data.pop("knows"), data.pop("influences")
        data["org"] = org
        if "seniority" not in p.model_fields_set:  # not in the file (`seniority: null` is): the title's
            data["seniority"] = seniority_from_title(data["title"])
        people.append(trusted(Person, data, _EVERY_PERSON_FIELD))
        if inline_knows:
            knows = inline_knows.items() if isinstance(inline_knows, dict) else [(k.who, k) for k in inline_knows]
            for who, k in knows:
                extra = k.model_dump(exclude={"who"}) if isinstance(k, KnowsEntry) else {"strength": k}
                g["knows"].append(Knows(a=data["id"], b=who, **extra))
        if inline_sways:
            sways = inline_sways.items() if isinstance(inline_sways, dict) else [(i.on, i.weight) for i in inline_sways]
            for on, weight in sways:
                g["influences"].append(Influences(source=data["id"], target=on, weight=weight))

    def add_opportunity(o: OpportunityIn, account: str | None, where: str) -> None:
        if o.account and account and o.account != account:
            raise InvalidInput(
                f"{where}: opportunity '{o.id}': account: '{o.account}', but listed under organisation '{account}'"
            )
        account = o.account or account
        if account is None:
            raise InvalidInput(f"{where}: opportunity '{o.id}': account: missing (say which organisation it is on)")
        committee = [Membership(person=m) if isinstance(m, str) else m for m in o.committee]
        data = o.model_dump(exclude={"committee", "account"})
        g["opportunities"].append(Opportunity(account=account, committee=committee, **data))

    for n, o in enumerate(f.organisations):
        g["organisations"].append(Organisation(**o.model_dump(exclude={"units", "people", "opportunities"})))
        add_units(o.units, o.id, None)
        for p in o.people:
            add_person(p, o.id, f"organisations[{n}] '{o.id}'")
        for opp in o.opportunities:
            add_opportunity(opp, o.id, f"organisations[{n}] '{o.id}'")
    for p in f.people:
        add_person(p, None, "people")
    for opp in f.opportunities:
        add_opportunity(opp, None, "opportunities")
    return Graph.model_construct(None, **g)  # records of the model, each built or validated above


def load_graph(path: Path) -> Graph:
    """One file as a graph, records checked one by one (see :mod:`kamgraph.validate` for the
    checks across records)."""
    return _loaded(path)[0]


def _loaded(path: Path) -> tuple[Graph, bool]:
    """:func:`load_graph`, and whether the file's texts are known plain."""
    try:
        parsed, plain = _parsed(path)
        return _flatten(parsed), plain
    except ValidationError as exc:  # a record assembled from inline forms (e.g. a knows map)
        err = exc.errors()[0]
        raise InvalidInput(
            f"{path}: {exc.title} '{_record_id(err)}': {'.'.join(map(str, err['loc']))}: {err['msg']}"
        ) from None
    except Problems:
        raise
    except InvalidInput as exc:
        msg = str(exc)
        raise InvalidInput(msg if msg.startswith(str(path)) else f"{path}: {msg}") from None


# --- writing -------------------------------------------------------------------------------


def _clean(record: BaseModel, drop: Iterable[str] = ()) -> dict[str, Any]:
    """A record as plain data, defaults and empty values left out, dates as ISO strings."""
    data = record.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude=set(drop))
    return {k: v for k, v in data.items() if v not in (None, [], {})}


def _person(p: Person, drop: Iterable[str] = ()) -> dict[str, Any]:
    """A person as plain data; ``seniority: null`` spelled out when the title implies one, so
    that reading the file back does not infer a seniority the record did not have."""
    out = _clean(p, drop)
    if p.seniority is None and seniority_from_title(p.title) is not None:
        out["seniority"] = None
    return out


def to_document(graph: Graph) -> dict[str, Any]:
    """A graph in the file format: organisations nest their unit tree, people and deals.

    Records that cannot nest (their organisation is not in the graph, or a unit no tree
    reaches) are written at the top level with their references spelled out: nothing is lost.
    """
    g = graph.canonical()
    by_org: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for kind, records, owner in (("people", g.people, "org"), ("opportunities", g.opportunities, "account")):
        for r in records:
            by_org[getattr(r, owner)][kind].append(r)
    children: dict[str | None, list[Unit]] = defaultdict(list)
    for u in g.units:
        children[u.parent].append(u)
    adoption: dict[str, dict[str, Any]] = defaultdict(dict)
    for a in g.adoption:
        entry = _clean(a, drop={"unit", "product"})
        adoption[a.unit][a.product] = entry.get("status", "none") if set(entry) <= {"status"} else entry
    nested: set[str] = set()

    def unit_tree(u: Unit) -> dict[str, Any]:
        nested.add(u.id)
        out = _clean(u, drop={"org", "parent"})
        kids = [c for c in children[u.id] if c.org == u.org and c.id not in nested]
        if kids:
            out["units"] = [unit_tree(c) for c in kids]
        if adoption[u.id]:
            out["adoption"] = adoption[u.id]
        return out

    org_ids = {o.id for o in g.organisations}
    orgs = []
    for o in g.organisations:
        out = _clean(o)
        roots = [u for u in children[None] if u.org == o.id]
        if roots:
            out["units"] = [unit_tree(u) for u in roots]
        if by_org[o.id]["people"]:
            out["people"] = [_person(p, drop={"org"}) for p in by_org[o.id]["people"]]
        if by_org[o.id]["opportunities"]:
            out["opportunities"] = [_clean(op, drop={"account"}) for op in by_org[o.id]["opportunities"]]
        orgs.append(out)
    doc: dict[str, Any] = {"version": FORMAT_VERSION}
    if g.products:
        doc["products"] = [_clean(p) for p in g.products]
    if orgs:
        doc["organisations"] = orgs
    strays = {
        "units": [_clean(u) for u in g.units if u.id not in nested],
        "people": [_person(p) for p in g.people if p.org not in org_ids],
        "opportunities": [_clean(op) for op in g.opportunities if op.account not in org_ids],
        "adoption": [_clean(a) for a in g.adoption if a.unit not in nested],
        "knows": [_clean(k) for k in g.knows],
        "influences": [_clean(i) for i in g.influences],
    }
    doc.update({k: v for k, v in strays.items() if v})
    return doc


def dump_graph(graph: Graph, fmt: str = "yaml") -> str:
    """The graph as YAML or JSON text in the native format."""
    doc = to_document(graph)
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(doc, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)


@bulk
def load_files(paths: Iterable[Path], texts: Texts | None = None) -> tuple[Graph, Origins]:
    """Several files as one graph (records concatenated, so an id defined in two files is
    caught as a duplicate), and which file each record came from. ``texts``: told whether
    every file's texts are known plain (:attr:`~kamgraph.canonical.Texts.plain`: JSON files
    whose bytes show no control character, so the bad-value check reads no record's JSON)."""
    parts: dict[str, list[Any]] = {c: [] for c in COLLECTIONS}
    files: list[tuple[str, dict[str, list[Any]]]] = []
    problems: list[str] = []
    every_plain = True
    for path in paths:
        try:
            graph, plain = _loaded(Path(path))
        except Problems as exc:  # every file's problems, not only the first file's
            problems += exc.problems
            continue
        every_plain = every_plain and plain
        records = {c: getattr(graph, c) for c in COLLECTIONS}
        for c, some in records.items():
            parts[c] += some
        files.append((str(path), records))
    if problems:
        raise Problems(problems)
    if texts is not None:
        texts.plain = every_plain
    return Graph.model_construct(None, **parts), Origins(files, BY_ID)  # the files' records, validated there


def import_files(store: Store, paths: Iterable[Path | str]) -> ImportReport:
    """Validate the files together and load them into ``store`` in one transaction."""
    graph, origin = load_files(Path(p) for p in paths)
    return store.import_graph(graph, origin)
