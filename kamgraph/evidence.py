"""Recording evidence: interactions between one of our people and one of theirs, merged
into the relationship (:class:`~kamgraph.model.Knows`) between them and written through
:meth:`Store.import_graph`, so that an activity import, a LinkedIn import and ``log-contact``
record it the same way.

Merging is idempotent: an interaction already there (same source id, else same kind, date,
source and note) is not added again, nor one of the same kind on the same day from another
source (the meeting that is both in the CRM and in the calendar); one with a known source
id and new details replaces the old. A relationship that did not exist is added with ``strength`` 0 (its strength is its
evidence). The relationship's and the person's ``last_contact`` move to the latest contact on
or before today (never back; a LinkedIn connection is not a contact).

>>> import datetime as dt
>>> from kamgraph.store import SQLiteStore
>>> from kamgraph.model import Graph, Organisation, Person, Interaction
>>> store = SQLiteStore(":memory:")
>>> _ = store.import_graph(Graph(organisations=[Organisation(id="us", name="Us", kind="own"),
...     Organisation(id="acme", name="Acme")], people=[Person(id="sam", name="Sam", org="us"),
...     Person(id="ana", name="Ana", org="acme")]))
>>> call = Contact("sam", "ana", Interaction(kind="call", date=dt.date(2026, 11, 2), source="csv"), "x.csv:2")
>>> record_contacts(store, [call]).added, record_contacts(store, [call]).added
(1, 0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from . import clock
from .model import Graph, Interaction, Knows, Person
from .store import ImportReport, Store
from .strength import STANDING

if TYPE_CHECKING:
    from .analysis.paths import PathResult

__all__ = ["Contact", "EvidenceCounts", "explain_routes", "merge_evidence", "our_people", "record_contacts"]


@dataclass(frozen=True)
class Contact:
    """One interaction between ``ours`` (one of our people) and ``theirs``, read at ``where``
    (``file:line``)."""

    ours: str
    theirs: str
    interaction: Interaction
    where: str = ""


class EvidenceCounts(BaseModel):
    """What recording some contacts did (or, on a dry run, would do)."""

    added: int = Field(0, description="interactions new to the store")
    known: int = Field(0, description="interactions the store had already")
    replaced: int = Field(0, description="interactions whose source id was known, with new details")
    relationships_added: int = 0
    relationships_updated: int = 0
    written: bool = False
    report: ImportReport | None = None


def merge_evidence(old: Knows, items: Iterable[Interaction], counts: EvidenceCounts) -> Knows:
    """``old`` with ``items`` added to its evidence (see the module's text); ``counts`` tallied."""
    by_key = {i.key: i for i in old.evidence}
    for item in items:
        there = by_key.get(item.key)
        if there == item or (there is None and _seen_elsewhere(item, by_key.values())):
            counts.known += 1
            continue
        if there is None:
            counts.added += 1
        else:
            counts.replaced += 1
        by_key[item.key] = item
    evidence = list(by_key.values())
    today = clock.today()
    dates = [i.date for i in evidence if i.kind not in STANDING and i.date <= today]
    dates += [old.last_contact] if old.last_contact else []
    update = {"evidence": evidence, "last_contact": max(dates) if dates else None}
    return Knows.model_validate({**old.model_dump(), **update})


def _seen_elsewhere(item: Interaction, evidence: Iterable[Interaction]) -> bool:
    """Whether ``evidence`` has the same contact from another source (a meeting that is in
    the CRM and in the calendar): same kind, same day."""
    return any(i.kind == item.kind and i.date == item.date and i.source != item.source for i in evidence)


def _last_seen(person: Person, items: Iterable[Interaction]) -> Person:
    today = clock.today()
    dates = [i.date for i in items if i.kind not in STANDING and i.date <= today]
    if not dates or (person.last_contact and person.last_contact >= max(dates)):
        return person
    return person.model_copy(update={"last_contact": max(dates)})


def record_contacts(
    store: Store,
    contacts: Sequence[Contact],
    *,
    people: Sequence[Person] = (),
    dry_run: bool = False,
    source: str | None = None,
) -> EvidenceCounts:
    """Merge ``contacts`` into the relationships they are evidence of and write them, in one
    write transaction (nothing is written on a dry run). The people must exist, or be among
    ``people`` (new or changed people written with them); ``theirs`` must not be one of our
    own people (see the readers, which check). ``source`` names the write in the change log
    (``import-activity:Task.csv``, ``linkedin:Connections.csv``)."""
    counts = EvidenceCounts()
    if not contacts and not people:
        return counts
    with store.transaction(write=not dry_run):
        given = {p.id: p for p in people}
        stored = store.get("people", sorted({c.theirs for c in contacts} | {c.ours for c in contacts}))
        everyone = {**stored, **given}
        pairs: dict[tuple[str, str], list[Interaction]] = defaultdict(list)
        for c in contacts:
            a, b = sorted((c.ours, c.theirs))
            pairs[(a, b)].append(c.interaction)
        existing: dict[tuple[str, str], Knows] = {}
        theirs = {c.theirs for c in contacts}
        for org in sorted({p.org for pid, p in everyone.items() if isinstance(p, Person) and pid in theirs}):
            graph = store.account(org)
            existing.update({k.key: k for k in graph.knows if k.key in pairs})
        knows: list[Knows] = []
        seen: dict[str, Person] = dict(given)
        for key, items in sorted(pairs.items()):
            old = existing.get(key)
            base = old or Knows(a=key[0], b=key[1], strength=0, source=items[0].source)
            new = merge_evidence(base, items, counts)
            if old is None:
                counts.relationships_added += 1
            elif new != old:
                counts.relationships_updated += 1
            if new != old:
                knows.append(new)
        for pid in sorted(theirs):
            person = everyone.get(pid)
            if isinstance(person, Person):
                items = [i for (a, b), its in pairs.items() if pid in (a, b) for i in its]
                updated = _last_seen(person, items)
                if updated is not person:
                    seen[pid] = updated
        if dry_run or not (knows or seen):
            return counts
        counts.report = store.import_graph(Graph(people=list(seen.values()), knows=knows), source=source)
        counts.written = True
    return counts


def our_people(store: Store) -> set[str]:
    """The ids of our own people (of organisations of kind ``own``)."""
    return {p.id for org in store.own_organisations() for p in store.find_people(org=org, limit=1_000_000)}


def explain_routes(result: PathResult, graph: Graph) -> PathResult:
    """``result`` with each ``KNOWS`` hop's ``evidence`` said in words (as of today): "4
    meetings and 9 e-mails since March 2026, last 2026-11-03", "LinkedIn connection since
    2021, no activity", "set by hand 0.8 on 2026-05-02"."""
    from .strength import explain

    knows = {k.key: k for k in graph.knows}
    for path in result.paths:
        for hop in path.edges:
            if hop.relation == "KNOWS":
                k = knows.get((hop.source, hop.target) if hop.source <= hop.target else (hop.target, hop.source))
                if k is not None:
                    hop.evidence = explain(k)
    return result
