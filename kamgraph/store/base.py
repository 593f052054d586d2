"""The store contract that every backend keeps.

A backend implements a handful of primitives (``get``, ``account``, ``dump``,
``_records_naming``, ``_write`` …); the behaviour users see — validation before a write,
what an import reports, what an erasure removes — is written once, here.
"""

from __future__ import annotations

import abc
import json
import re
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, NamedTuple, get_args

from pydantic import BaseModel, Field, ValidationError

from ..errors import InvalidInput, NotFound
from ..model import (
    COLLECTIONS,
    Adoption,
    Graph,
    Influences,
    Knows,
    Note,
    Opportunity,
    Organisation,
    Person,
    Product,
    Unit,
    record_key,
)
from ..money import totals
from ..text import fold
from ..validate import Problem, check

__all__ = ["AccountSummary", "ForgetReport", "ImportReport", "MODELS", "Store", "canonical_json", "changed_records",
           "matches", "model_problem", "search_text"]

#: The record model of each collection (``people`` → :class:`Person` …), from :class:`Graph`.
MODELS: dict[str, type[BaseModel]] = {c: get_args(Graph.model_fields[c].annotation)[0] for c in COLLECTIONS}

#: The collections whose records have an id (the others are keyed by the pair they relate).
BY_ID = frozenset(c for c in COLLECTIONS if "id" in MODELS[c].model_fields)


def canonical_json(record: BaseModel) -> str:
    """A record as one canonical JSON text: equal records, equal texts (what diffing compares)."""
    return json.dumps(record.model_dump(mode="json", by_alias=True), ensure_ascii=False, sort_keys=True)


def search_text(person: Person) -> list[str]:
    """The folded fields ``find_people`` matches: id, name, title, e-mail."""
    return [fold(v) for v in (person.id, person.name, person.title or "", person.email or "")]


def matches(person: Person, needle: str) -> bool:
    """Whether ``find_people`` finds ``person`` for the folded ``needle`` (in one field)."""
    return any(needle in field for field in search_text(person))


def check_by_id(collection: str) -> None:
    """The guard of ``get``: only collections whose records have ids are looked up by id."""
    if collection not in BY_ID:
        raise ValueError(f"get() looks records up by id; {collection} has none")


class Counts(BaseModel):
    added: int = 0
    updated: int = 0
    unchanged: int = 0


class ImportReport(BaseModel):
    """What a write did, per collection (``people``, ``knows`` …)."""

    counts: dict[str, Counts] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)

    def tally(self, collection: str, outcome: str, n: int = 1) -> None:
        c = self.counts.setdefault(collection, Counts())
        setattr(c, outcome, getattr(c, outcome) + n)

    @property
    def changed(self) -> bool:
        return any(c.added or c.updated for c in self.counts.values())


class AccountSummary(BaseModel):
    id: str
    name: str
    industry: str | None = None
    tier: str | None = None
    people: int
    value: float | None = None
    currency: str | None = None
    opportunities: int = Field(description="open opportunities")
    pipeline: float | None = Field(description="sum of the open opportunities' amounts, when they share one "
                                               "currency (pipeline_currency); null when they do not")
    pipeline_currency: str | None = None
    pipeline_by_currency: dict[str, float] = Field(default_factory=dict,
                                                   description="open amounts summed per currency, never across")

    @classmethod
    def of(cls, org: Organisation, people: int, opportunities: Iterable[Opportunity]) -> AccountSummary:
        """The summary of ``org`` with ``people`` people and these opportunities (open or not)."""
        open_opps = [o for o in opportunities if o.is_open]
        sums = totals(((o.amount or 0.0, o.currency) for o in open_opps), org.currency)
        single = next(iter(sums.items())) if len(sums) == 1 else None
        return cls(id=org.id, name=org.name, industry=org.industry, tier=org.tier, people=people, value=org.value,
                   currency=org.currency, opportunities=len(open_opps),
                   pipeline=single[1] if single else (0.0 if not sums else None),
                   pipeline_currency=(single[0] or None) if single else None, pipeline_by_currency=sums)


class ForgetReport(BaseModel):
    """What an erasure removed or rewrote, by kind."""

    person: str
    name: str
    removed: dict[str, int] = Field(default_factory=dict)
    rewritten: dict[str, int] = Field(default_factory=dict)
    reassigned_reports: list[str] = Field(default_factory=list, description="people who now report one level up")
    warnings: list[str] = Field(default_factory=list)


def _allowed(err: Mapping[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    kind, msg = str(err["type"]), str(err["msg"])
    if kind == "enum":
        return str(ctx.get("expected"))
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        return msg.replace("Input should be ", "a number ")
    if kind.startswith("date"):
        return "a DATE, e.g. date('2026-01-31')"
    if kind == "missing":
        return "a value (it is required)"
    return msg[:1].lower() + msg[1:]


def model_problem(what: str, exc: ValidationError, where: Mapping[tuple[Any, ...], str] | None = None) -> str:
    """One line for the first thing wrong with a stored record named ``what`` (``where``
    names its parts by their place in the model's input): the property, its value, and
    what the model allows."""
    where = where or {}
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    name, prefix = what, loc
    for n in range(len(loc), 0, -1):  # the deepest drawn part the error is in (a note, a seat)
        if loc[:n] in where:
            name, prefix = where[loc[:n]], loc[n:]
            break
    prop = ".".join(str(p) for p in prefix) or str(loc[-1] if loc else "?")
    value = "" if err["type"] == "missing" else f" = {err.get('input')!r}"
    return f"{name}: {prop}{value} breaks the model; allowed: {_allowed(err)}"


class Team(NamedTuple):
    """What every account's subgraph shares: our own people, the relations among them, our products."""

    people: list[Person]
    knows: list[Knows]
    influences: list[Influences]
    products: list[Product]


#: A deletion: collection → keys to delete.
Deletions = dict[str, list[Any]]


def changed_records(collection: str, records: Iterable[Any], existing: Mapping[Any, str],
                    report: ImportReport) -> list[tuple[Any, str]]:
    """The records that differ from what is stored (``existing``: key → canonical JSON),
    each with its JSON; counts every record as added, updated or unchanged in ``report``."""
    out = []
    for r in records:
        data = canonical_json(r)
        old = existing.get(record_key(r))
        if old == data:
            report.tally(collection, "unchanged")
            continue
        report.tally(collection, "updated" if old is not None else "added")
        out.append((r, data))
    return out


class Store(abc.ABC):
    """A place that holds one graph. Use as a context manager; every write is atomic."""

    url: str

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:  # noqa: B027 - a backend with nothing to release needs nothing
        """Release connections."""

    # --- primitives each backend provides ------------------------------------------------

    @abc.abstractmethod
    def get(self, collection: str, ids: Iterable[str]) -> Mapping[str, BaseModel]:
        """The records of ``collection`` with these ids (missing ids are left out)."""

    @abc.abstractmethod
    def _team(self) -> Team:
        """Our own people (of every organisation of kind ``own``), the relations among them,
        and our products: what every account's subgraph shares."""

    @abc.abstractmethod
    def _people_of(self, org_id: str) -> list[Person]:
        """The people of one organisation."""

    @abc.abstractmethod
    def _neighbours(self, ids: set[str]) -> set[str]:
        """The ids of everyone who knows, sways or is swayed by one of these people."""

    @abc.abstractmethod
    def _relations(self, collection: str, touching: set[str], among: set[str]) -> list[Any]:
        """The ``knows`` or ``influences`` records with an end in ``touching`` and both in ``among``."""

    @abc.abstractmethod
    def _units_of(self, org_id: str) -> list[Unit]:
        """The units of one organisation."""

    @abc.abstractmethod
    def _adoption_of(self, unit_ids: list[str]) -> list[Adoption]:
        """The adoption records of these units."""

    @abc.abstractmethod
    def _opportunities_of(self, org_id: str) -> list[Opportunity]:
        """The opportunities on one account."""

    def account(self, org_id: str) -> Graph:
        """One account's subgraph: the organisation, its units, people and opportunities,
        our own people, the people they know across organisations, the relations between
        all of these, our products and the account's adoption of them. :class:`NotFound`
        when there is no such organisation. Records come in the backend's order, relations
        sorted by key."""
        if org_id not in self.get("organisations", [org_id]):
            raise NotFound(f"no account with id '{org_id}'")
        team = self._team()
        people = self._people_of(org_id)
        theirs = {p.id for p in people}
        people += [p.model_copy() for p in team.people if p.id not in theirs]
        ids = {p.id for p in people}
        extra = self._neighbours(theirs) - ids
        if extra:
            people += list(self.get("people", extra).values())  # type: ignore[arg-type]
        ids |= extra
        outside = ids - {p.id for p in team.people}  # relations among our own people come with the team
        knows = sorted([*self._relations("knows", outside, ids), *(k.model_copy() for k in team.knows)],
                       key=record_key)
        influences = sorted([*self._relations("influences", outside, ids),
                             *(i.model_copy() for i in team.influences)], key=record_key)
        orgs = self.get("organisations", {p.org for p in people} | {org_id})
        units = self._units_of(org_id)
        other_units = {p.unit for p in people if p.unit} - {u.id for u in units}
        if other_units:
            units += list(self.get("units", other_units).values())  # type: ignore[arg-type]
        own_units = [u.id for u in units if u.org == org_id]
        return Graph(
            organisations=list(orgs.values()), units=units, products=[p.model_copy() for p in team.products],
            people=people, knows=knows, influences=influences,
            adoption=self._adoption_of(own_units) if own_units else [], opportunities=self._opportunities_of(org_id),
        )

    @abc.abstractmethod
    def accounts(self) -> list[AccountSummary]:
        """Every client organisation with its head-count and pipeline, by name."""

    @abc.abstractmethod
    def find_people(self, text: str | None = None, org: str | None = None, limit: int = 50) -> list[Person]:
        """People whose id, name, title or email contains ``text`` (case- and accent-blind)."""

    @abc.abstractmethod
    def dump(self) -> Graph:
        """Everything in the store."""

    @abc.abstractmethod
    def _records_naming(self, person: Person) -> Graph:
        """Every record other than the person that names them: their reports, relations,
        committee seats, and records whose notes mention their id or name."""

    @abc.abstractmethod
    def _write(self, upserts: Graph, deletions: Deletions) -> ImportReport:
        """In one transaction: delete, then upsert by key; count what changed."""

    def lint(self) -> list[str]:
        """Every stored record that breaks the model, one line each (what a hand edit in the
        store's own tools can do; a store that only kamgraph writes has none)."""
        return []

    # --- behaviour, the same for every backend ------------------------------------------

    def import_graph(self, graph: Graph, origin: Mapping[tuple[str, Any], str] | None = None) -> ImportReport:
        """Validate ``graph`` against itself and the store, then upsert it in one
        transaction. Nothing is written when anything is wrong.

        ``origin`` maps (collection, key) to the file a record came from, for messages.
        """
        problems = check(graph, self.get) or self._stranded(graph)
        if problems:
            p = problems[0]
            where = (origin or {}).get((p.collection, p.key))
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise InvalidInput(f"{where + ': ' if where else ''}{p}{more}")
        from ..validate import warnings

        report = self._write(Graph().merged(graph), {})  # merged: a tie named from both ends is one record
        report.warnings = warnings(graph)
        return report

    def _stranded(self, graph: Graph) -> list[Problem]:
        """Stored records that would point across organisations once people or units that
        ``graph`` moves to another organisation have moved: their reports, their members,
        their sub-units. (Records in ``graph`` itself were checked by :func:`check`.)"""
        moving: dict[str, set[str]] = {}
        for collection in ("people", "units"):
            incoming = {r.id: r for r in getattr(graph, collection)}
            for rid, old in self.get(collection, incoming).items():
                if old.org != incoming[rid].org:  # type: ignore[attr-defined]
                    moving.setdefault(old.org, set()).add(rid)  # type: ignore[attr-defined]
        if not moving:
            return []
        problems = []
        restated = {p.id for p in graph.people} | {u.id for u in graph.units}
        for org, moved in moving.items():
            before = self.account(org)
            for p in before.people:
                if p.org != org or p.id in restated:
                    continue
                for field, ref in (("reports_to", p.reports_to), ("unit", p.unit)):
                    if ref in moved:
                        problems.append(Problem("people", p.id, field, f"'{ref}' moves to another organisation; "
                                                                       f"move or update '{p.id}' in the same import"))
            problems += [Problem("units", u.id, "parent", f"'{u.parent}' moves to another organisation; "
                                                          f"move or update '{u.id}' in the same import")
                         for u in before.units if u.org == org and u.id not in restated and u.parent in moved]
        return problems

    def person(self, person_id: str) -> Person:
        found = self.get("people", [person_id]).get(person_id)
        if found is None:
            raise NotFound(f"no person with id '{person_id}'")
        return found  # type: ignore[return-value]

    def forget(self, person_id: str) -> ForgetReport:
        """Erase a person and everything that names them, in one transaction.

        Their direct reports move up to the person's own manager, relations and committee
        seats go, and notes that mention them (by id or by name) or that they wrote are
        deleted.
        """
        person = self.person(person_id)
        around = self._records_naming(person)
        upserts, deletions, report = plan_erasure(person, around)
        report.warnings = self._write(upserts, deletions).warnings
        return report


def _names(note: Note, person: Person) -> bool:
    """Whether ``note`` is by ``person`` or names them, by id or name as whole words
    (case and accents ignored): "p1" is not in "p10", nor "Ana" in "Banana"."""
    text = fold(note.text)
    return note.by == person.id or any(
        re.search(rf"(?<![\w-]){re.escape(fold(word))}(?![\w-])", text) for word in (person.id, person.name)
    )


def plan_erasure(person: Person, around: Graph) -> tuple[Graph, Deletions, ForgetReport]:
    """What to rewrite and delete so that nothing names ``person`` any more."""
    report = ForgetReport(person=person.id, name=person.name)
    deletions: Deletions = {c: [] for c in COLLECTIONS}
    deletions["people"].append(person.id)
    upserts: dict[str, list[Any]] = {c: [] for c in COLLECTIONS}

    def count(bucket: dict[str, int], what: str, n: int = 1) -> None:
        if n:
            bucket[what] = bucket.get(what, 0) + n

    for k in around.knows:
        deletions["knows"].append(record_key(k))
    count(report.removed, "knows relations", len(around.knows))
    for i in around.influences:
        deletions["influences"].append(record_key(i))
    count(report.removed, "influence relations", len(around.influences))

    def scrub(notes: list[Note]) -> list[Note]:
        kept = [n for n in notes if not _names(n, person)]
        count(report.removed, "notes", len(notes) - len(kept))
        return kept

    for p in around.people:
        if p.id == person.id:
            continue
        changes: dict[str, Any] = {"notes": scrub(p.notes)}
        if p.reports_to == person.id:
            changes["reports_to"] = person.reports_to
            report.reassigned_reports.append(p.id)
        new_person = p.model_copy(update=changes)
        if new_person != p:
            upserts["people"].append(new_person)
            count(report.rewritten, "people")
    for o in around.opportunities:
        committee = [m for m in o.committee if m.person != person.id]
        count(report.removed, "committee seats", len(o.committee) - len(committee))
        new_opp = o.model_copy(update={"committee": committee, "notes": scrub(o.notes)})
        if new_opp != o:
            upserts["opportunities"].append(new_opp)
            count(report.rewritten, "opportunities")
    for org in around.organisations:
        new_org = org.model_copy(update={"notes": scrub(org.notes)})
        if new_org != org:
            upserts["organisations"].append(new_org)
            count(report.rewritten, "organisations")
    count(report.removed, "people")
    count(report.removed, "notes", len(person.notes))
    return Graph(**upserts), {c: ks for c, ks in deletions.items() if ks}, report
