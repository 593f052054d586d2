"""The SQLite store's schema, one migration per version (``PRAGMA user_version``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..text import fold

if TYPE_CHECKING:  # `accounts` reads the schema's version without loading the models
    from ..model import Person

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "TABLES", "search_column", "search_columns", "search_of_json"]

#: Each collection's table: (key columns, extra indexed columns computed from the record);
#: the record model is :data:`~kamgraph.store.rules.MODELS`'.
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "organisations": (("id",), ("kind", "name")),
    "units": (("id",), ("org",)),
    "products": (("id",), ()),
    "people": (("id",), ("org", "name", "reports_to", "search")),
    "knows": (("a", "b"), ()),
    "influences": (("source", "target"), ()),
    "adoption": (("unit", "product"), ()),
    "opportunities": (("id",), ("account",)),
}


def search_column(person: Person) -> str:
    """The ``people.search`` column: the folded fields ``find_people`` matches
    (:func:`~kamgraph.store.rules.search_text`'s), one per line so a needle never spans two,
    folded in one call."""
    return fold("\n".join((person.id, person.name, person.title or "", person.email or "")))


def search_columns(people: Iterable[Person]) -> list[str]:
    """:func:`search_column` of each person, in order: the same texts, each word that is not
    ASCII folded once per call (a map of 100,000 people names a few thousand surnames and
    first names: 0.1 s less). :func:`~kamgraph.text.fold` folds each character on its own
    (a space or a line break is itself after it, and no accent mark moves across one), so a
    text folds as its words do, joined by their spaces."""
    folded: dict[str, str] = {}

    def words(text: str) -> str:
        parts = text.split(" ")
        for n, word in enumerate(parts):
            if word.isascii():
                parts[n] = word.lower()
            else:
                done = folded.get(word)
                parts[n] = done if done is not None else folded.setdefault(word, fold(word))
        return " ".join(parts)

    out = []
    for person in people:
        fields = (person.id, person.name, person.title or "", person.email or "")
        text = "\n".join(fields)
        if text.isascii():
            out.append(text.lower())
        else:
            out.append("\n".join([f.lower() if f.isascii() else words(f) for f in fields]))
    return out


def search_of_json(data: str) -> str:
    """:func:`search_column` of a stored person's JSON (the migration's ``kg_search``)."""
    from ..model import Person

    return search_column(Person.model_validate_json(data))


SCHEMA_VERSION = 4

_FK = "DEFERRABLE INITIALLY DEFERRED"
MIGRATIONS: list[str] = [
    # version 1
    f"""
    CREATE TABLE organisations (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL);
    CREATE TABLE units (id TEXT PRIMARY KEY, org TEXT NOT NULL REFERENCES organisations(id) {_FK},
                        data TEXT NOT NULL);
    CREATE INDEX units_org ON units(org);
    CREATE TABLE products (id TEXT PRIMARY KEY, data TEXT NOT NULL);
    CREATE TABLE people (id TEXT PRIMARY KEY, org TEXT NOT NULL REFERENCES organisations(id) {_FK},
                         name TEXT NOT NULL, reports_to TEXT REFERENCES people(id) {_FK}, data TEXT NOT NULL);
    CREATE INDEX people_org ON people(org);
    CREATE INDEX people_reports_to ON people(reports_to);
    CREATE TABLE knows (a TEXT NOT NULL REFERENCES people(id) {_FK}, b TEXT NOT NULL REFERENCES people(id) {_FK},
                        data TEXT NOT NULL, PRIMARY KEY (a, b));
    CREATE INDEX knows_b ON knows(b);
    CREATE TABLE influences (source TEXT NOT NULL REFERENCES people(id) {_FK},
                             target TEXT NOT NULL REFERENCES people(id) {_FK},
                             data TEXT NOT NULL, PRIMARY KEY (source, target));
    CREATE INDEX influences_target ON influences(target);
    CREATE TABLE adoption (unit TEXT NOT NULL REFERENCES units(id) {_FK},
                           product TEXT NOT NULL REFERENCES products(id) {_FK},
                           data TEXT NOT NULL, PRIMARY KEY (unit, product));
    CREATE TABLE opportunities (id TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES organisations(id) {_FK},
                                data TEXT NOT NULL);
    CREATE INDEX opportunities_account ON opportunities(account);
    -- who sits on which committee, kept in step with opportunities.data for look-ups
    CREATE TABLE committee (opportunity TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE {_FK},
                            person TEXT NOT NULL REFERENCES people(id) {_FK},
                            PRIMARY KEY (opportunity, person));
    CREATE INDEX committee_person ON committee(person);
    """,
    # version 2: what find_people searches, folded once on write instead of on every search
    """
    ALTER TABLE people ADD COLUMN search TEXT NOT NULL DEFAULT '';
    UPDATE people SET search = kg_search(data);
    """,
    # version 3: the change log, append-only (erasure alone deletes from it), and the people
    # each entry names (what erasure looks up); no index on field: only erasure reads by it,
    # and each index costs every import (bench/bench_history.py)
    """
    CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
                          collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT, item TEXT,
                          old TEXT, new TEXT, source TEXT NOT NULL, author TEXT NOT NULL, org TEXT);
    CREATE INDEX changes_record ON changes(collection, key);
    CREATE INDEX changes_org ON changes(org);
    CREATE INDEX changes_at ON changes(at);
    CREATE TABLE change_people (seq INTEGER NOT NULL REFERENCES changes(seq) ON DELETE CASCADE,
                                person TEXT NOT NULL, PRIMARY KEY (person, seq)) WITHOUT ROWID;
    CREATE INDEX change_people_seq ON change_people(seq);
    """,
    # version 4: a run of records one write created is one packed row (``created``: each
    # one's key and name; see sqlite_changes.py), found by organisation or by a scan of the
    # packed rows alone: a first import's entries cost a row per thousand records, not one each
    """
    ALTER TABLE changes ADD COLUMN created TEXT;
    CREATE INDEX changes_packed ON changes(seq) WHERE created IS NOT NULL;
    """,
]
