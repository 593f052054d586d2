"""The quick ways through an import give the answers of the careful ones (issue 19: imports
of 100,000 people): the bad-value check that reads one JSON text per collection, people
assembled from values already validated, the ASCII short cut of ``fold``."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kamgraph.validate as validate
from kamgraph.io.files import load_files
from kamgraph.model import Graph, Influences, Knows, Note, Opportunity, Organisation, Person, Unit
from kamgraph.text import fold

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))

#: Text with what the check looks for: control characters (C0, DEL, C1), lone surrogates,
#: backslashes and the letters of JSON's escapes, digits.
TEXT = st.text(
    alphabet=st.sampled_from(
        ["a", "Ñ", "\\", "b", "f", "u", "0", "1", "9", "\t", "\n", "\x00", "\x08", "\x0c", "\x1b", "\x7f", "\x85"]
        + ["\x9f", "\xa0", "\ud800", "\u2028", '"', " "]
    ),
    max_size=12,
)
NUMBER = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 10**18, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1]),
)
FLOAT = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([math.inf, -math.inf]))


def _built(model: type[Any], **values: Any) -> Any:
    """A record holding whatever it is given (as code that skips validation could make one)."""
    return model.model_construct(**{**model.model_construct().__dict__, **values})


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    def note() -> Any:
        return _built(Note, text=draw(TEXT))

    return Graph.model_construct(
        organisations=[
            _built(Organisation, id=draw(TEXT), name=draw(TEXT), value=draw(FLOAT), ids={draw(TEXT): draw(TEXT)})
            for _ in range(draw(st.integers(0, 3)))
        ],
        units=[
            _built(Unit, id=f"u{n}", org="o", name="U", headcount=draw(NUMBER)) for n in range(draw(st.integers(0, 2)))
        ],
        people=[
            _built(Person, id=f"p{n}", name=draw(TEXT), org="o", title=draw(TEXT), notes=[note() for _ in range(2)])
            for n in range(draw(st.integers(0, 4)))
        ],
        knows=[_built(Knows, a="p0", b=f"p{n}", strength=draw(FLOAT)) for n in range(draw(st.integers(0, 3)))],
        influences=[_built(Influences, source="p0", target="p1", weight=draw(FLOAT))],
        opportunities=[_built(Opportunity, id="x", account="o", name=draw(TEXT), amount=draw(FLOAT))],
        adoption=[],
        products=[],
    )


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_the_quick_bad_value_check_finds_what_the_careful_one_does(graph: Graph) -> None:
    quick = validate.bad_values(graph)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(validate, "_plainly_fit", lambda records: False)  # every value looked at
        careful = validate.bad_values(graph)
    assert [str(p) for p in quick] == [str(p) for p in careful]


def test_the_quick_check_is_taken_for_plain_records_and_not_for_suspect_ones() -> None:
    plain = [Person(id=f"p{n}", name="Ana Núñez", org="o", title="C:\\build") for n in range(3)]
    assert not validate._plainly_fit(plain)  # a backslash before b looks like JSON's \b: looked at closely
    assert validate._plainly_fit([Person(id="p", name="Ana Núñez", org="o", notes=[Note(text="ok\tfine\n")])])
    assert not validate._plainly_fit([_built(Knows, a="a", b="b", strength=math.nan)])
    assert validate._plainly_fit([Knows(a="a", b="b", strength=0.5)])
    assert not validate._plainly_fit([_built(Unit, id="u", org="o", name="U", headcount=2**63)])


@given(st.text())
def test_fold_takes_the_ascii_short_cut_to_the_same_text(text: str) -> None:
    for t in (text, text.encode("ascii", "ignore").decode()):
        decomposed = unicodedata.normalize("NFKD", t.casefold())
        assert fold(t) == "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_people_read_from_files_are_the_validated_records() -> None:
    graph, _ = load_files(SAMPLES)
    assert graph.people
    for p in graph.people:
        again = Person.model_validate(p.model_dump())
        assert again == p and type(p) is Person
        assert p.model_fields_set == again.model_fields_set == set(Person.model_fields)
        assert p.model_dump_json() == again.model_dump_json()


def test_a_store_written_with_sorted_keys_or_maps_in_another_order_reads_as_unchanged(tmp_path: Path) -> None:
    """Canonical JSON is pydantic-core's, in field order; a store an older kamgraph wrote
    (keys sorted) and a map whose keys come in another order are the same records: a
    re-import counts them unchanged and records nothing."""
    import json
    import sqlite3

    from kamgraph.store import SQLiteStore
    from kamgraph.store.rules import canonical_json, same_json

    graph, _ = load_files(SAMPLES)
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        store.import_graph(graph)
        logged = len(store.changes())
    db = sqlite3.connect(path)
    for table in ("organisations", "units", "products", "people", "knows", "influences", "adoption", "opportunities"):
        rows = db.execute(f"SELECT rowid, data FROM {table}").fetchall()
        db.executemany(
            f"UPDATE {table} SET data = ? WHERE rowid = ?",
            [(json.dumps(json.loads(d), ensure_ascii=False, sort_keys=True), r) for r, d in rows],
        )
    db.commit()
    db.close()
    with SQLiteStore(path) as store:
        again = store.import_graph(graph)
        assert not again.changed
        assert sum(c.unchanged for c in again.counts.values()) == sum(len(getattr(graph, c)) for c in again.counts)
        assert len(store.changes()) == logged
    a = Person(id="p", name="P", org="o", ids={"salesforce": "1", "hubspot": "2"})
    b = Person(id="p", name="P", org="o", ids={"hubspot": "2", "salesforce": "1"})
    assert canonical_json(a) != canonical_json(b) and same_json(canonical_json(a), canonical_json(b))
    assert not same_json(canonical_json(a), canonical_json(b.model_copy(update={"name": "Q"})))
    assert not same_json(None, canonical_json(a))
