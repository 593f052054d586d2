"""Erasure: what to rewrite and delete so that nothing in the store names a person any more
(their relations, committee seats and every note that mentions them), worked out from the
records that name them; :meth:`~kamgraph.store.base.Store.forget` writes it."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from ..model import COLLECTIONS, Graph, Note, Person, record_key
from ..text import fold

__all__ = ["ForgetReport", "mention_words", "mentions", "plan_erasure"]

#: A deletion: collection → keys to delete.
Deletions = dict[str, list[Any]]


class ForgetReport(BaseModel):
    """What an erasure removed or rewrote, by kind."""

    person: str
    name: str
    removed: dict[str, int] = Field(default_factory=dict)
    rewritten: dict[str, int] = Field(default_factory=dict)
    reassigned_reports: list[str] = Field(default_factory=list, description="people who now report one level up")
    notes: list[str] = Field(
        default_factory=list,
        description="the notes removed for naming the person, each "
        "as 'record: text' (what --dry-run lists before anything is erased)",
    )
    history: int = Field(default=0, description="change-log entries removed for naming the person")
    dry_run: bool = False
    warnings: list[str] = Field(default_factory=list)


def mention_words(person: Person, own_org: bool) -> list[str]:
    """What a note names ``person`` by: their id, e-mail, full name and surname, and in
    their own organisation's records their first name too (elsewhere a first name is
    someone else's as often as theirs).

    >>> p = Person(id="ew", name="Ellie Wiśniewska", org="acme", email="ellie.w@acme.example")
    >>> mention_words(p, own_org=False), mention_words(p, own_org=True)[-1]
    (['ew', 'ellie.w@acme.example', 'Ellie Wiśniewska', 'Wiśniewska'], 'Ellie')
    """
    words = [person.id, *([person.email] if person.email else []), person.name]
    parts = person.name.split()
    if len(parts) > 1:
        words.append(parts[-1])
        if own_org:
            words.append(parts[0])
    return [w for w in words if len(w) > 1]


def mentions(note: Note, person: Person, own_org: bool = False) -> bool:
    """Whether ``note`` is by ``person`` or names them (:func:`mention_words`) as whole
    words, case and accents ignored: "p1" is not in "p10", nor "Ana" in "Banana"."""
    text = fold(note.text)
    return note.by == person.id or any(
        re.search(rf"(?<![\w-]){re.escape(fold(word))}(?![\w-])", text) for word in mention_words(person, own_org)
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

    def scrub(notes: list[Note], where: str, org: str) -> list[Note]:
        kept = []
        for n in notes:
            if mentions(n, person, own_org=org == person.org):
                report.notes.append(f"{where}: {n.text}")
            else:
                kept.append(n)
        count(report.removed, "notes", len(notes) - len(kept))
        return kept

    for p in around.people:
        if p.id == person.id:
            continue
        changes: dict[str, Any] = {"notes": scrub(p.notes, f"person '{p.id}'", p.org)}
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
        new_opp = o.model_copy(
            update={"committee": committee, "notes": scrub(o.notes, f"opportunity '{o.id}'", o.account)}
        )
        if new_opp != o:
            upserts["opportunities"].append(new_opp)
            count(report.rewritten, "opportunities")
    for org in around.organisations:
        new_org = org.model_copy(update={"notes": scrub(org.notes, f"organisation '{org.id}'", org.id)})
        if new_org != org:
            upserts["organisations"].append(new_org)
            count(report.rewritten, "organisations")
    count(report.removed, "people")
    count(report.removed, "notes", len(person.notes))
    return Graph(**upserts), {c: ks for c, ks in deletions.items() if ks}, report
