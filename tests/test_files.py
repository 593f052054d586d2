"""The native file format: bad input, round trips, the JSON Schema."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.cli import cli
from kamgraph.errors import InvalidInput
from kamgraph.io.files import dump_graph, json_schema, load_graph
from kamgraph.model import Graph, Influences, Knows, Membership, Opportunity, Organisation, OrgKind, Person, Role
from kamgraph.store import SQLiteStore

DATA = Path(__file__).parent / "data"
GOOD = """\
version: 1
organisations:
  - id: o
    name: O
    people:
      - {id: a, name: A}
      - {id: b, name: B, reports_to: a}
"""

# (name, file text, what the one-line error must contain: the record and the field)
BAD = [
    (
        "malformed.yaml",
        "organisations:\n  - id: o\n    name: [unclosed\n",
        "(while parsing a flow sequence at line 3, column 11)",
    ),
    ("malformed.json", '{"organisations": [}', "line 1, column 20: malformed JSON"),
    (
        "wrongtype.yaml",
        GOOD.replace("{id: b, name: B,", "{id: b, name: B, stance: keen,"),
        "organisations[0] 'o' > people[1] 'b' > stance: "
        "Input should be 'supporter', 'neutral', 'detractor' or 'unknown'",
    ),
    (
        "strength.yaml",
        GOOD + "knows: [{a: a, b: b, strength: 1.5}]\n",
        "knows[0] > strength: Input should be less than or equal to 1",
    ),
    (
        "typo.yaml",
        GOOD.replace("{id: a, name: A}", "{id: a, name: A, titel: CEO}"),
        "organisations[0] 'o' > people[0] 'a' > titel: Extra inputs are not permitted",
    ),
    (
        "unknownref.yaml",
        GOOD.replace("reports_to: a", "reports_to: zed"),
        "person 'b': reports_to: unknown person 'zed'",
    ),
    (
        "duplicate.yaml",
        GOOD.replace("{id: b, name: B, reports_to: a}", "{id: a, name: B}"),
        "person 'a': id: duplicate id: defined more than once",
    ),
    (
        "cycle.yaml",
        GOOD.replace("{id: a, name: A}", "{id: a, name: A, reports_to: b}"),
        "person 'a': reports_to: reporting cycle: a -> b -> a",
    ),
    ("missing.yaml", "organisations:\n  - id: o\n    people: []\n", "organisations[0] 'o' > name: Field required"),
    ("dupkey.yaml", "organisations:\n  - id: o\n    name: O\n    name: P\n", "key 'name' appears twice"),
    ("notamap.yaml", "- just\n- a list\n", "expected a mapping"),
    (
        "baddate.yaml",
        GOOD.replace("{id: a, name: A}", "{id: a, name: A, last_contact: 2024-02-30}"),
        "line 6, column 40: malformed YAML: '2024-02-30' is not a real date",
    ),
    (
        "numberdate.yaml",
        GOOD.replace("{id: a, name: A}", "{id: a, name: A, last_contact: 0}"),
        "people[0] 'a' > last_contact: a date is written YYYY-MM-DD, not as a number",
    ),
    (
        "blankname.yaml",
        GOOD.replace("{id: a, name: A}", "{id: a, name: ' '}"),
        "people[0] 'a' > name: must not be blank",
    ),
    (
        "infinite.yaml",
        GOOD.replace("name: O", "name: O\n    value: .inf"),
        "organisations[0] 'o' > value: Input should be a finite number",
    ),
    ("listkey.yaml", "? [a, b]\n: 1\n", "a key must be a plain value"),
    ("deep.json", '{"organisations": ' + "[" * 100000 + "]" * 100000 + "}", "nested too deeply"),
    ("dupkey.json", '{"organisations": [], "organisations": []}', "key 'organisations' appears twice"),
    ("version.yaml", "version: 2\n", "version: Input should be 1"),
    (
        "knowsmap.yaml",
        GOOD.replace("{id: a, name: A}", "{id: a, name: A, knows: {'b c': 0.5}}"),
        "people[0] 'a' > knows > b c: String should match pattern",
    ),
    (
        "wrongorg.yaml",
        GOOD.replace("{id: a, name: A}", "{id: a, name: A, org: zz}"),
        "organisations[0] 'o': person 'a': org: 'zz', but listed under organisation 'o'",
    ),
    (
        "ourselves.yaml",
        GOOD + "  - {id: ours, name: Ours, kind: own, people: [{id: me, name: Me}]}\n"
        "opportunities: [{id: d, account: o, name: D, committee: [a, me]}]\n",
        "opportunity 'd': committee[1].person: 'me' is our own: a committee holds the account's people",
    ),
]


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "s.db"
    result = CliRunner().invoke(cli, ["--store", str(db), "import", str(DATA / "mini.yaml")])
    assert result.exit_code == 0, result.output
    with SQLiteStore(db) as s:
        before = dump_graph(s.dump())
    return db, before


@pytest.mark.parametrize("name, text, expected", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_exit_1_and_store_unchanged(
    tmp_path: Path, loaded: tuple[Path, str], name: str, text: str, expected: str
) -> None:
    db, before = loaded
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(db), "import", str(DATA / "mini.yaml"), str(bad)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {bad}: ")
    assert expected in lines[0]
    assert "Traceback" not in result.output
    with SQLiteStore(db) as s:
        assert dump_graph(s.dump()) == before


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="nope.yaml: no such file"):
        load_graph(tmp_path / "nope.yaml")


def test_a_reference_to_an_earlier_import_resolves(tmp_path: Path, loaded: tuple[Path, str]) -> None:
    db, _ = loaded
    deal = tmp_path / "deal.yaml"
    deal.write_text("opportunities:\n  - {id: d2, account: acme, name: New, committee: [acme-cio]}\n")
    result = CliRunner().invoke(cli, ["--store", str(db), "import", str(deal)])
    assert result.exit_code == 0, result.output
    assert "no economic buyer" in result.stderr


def test_inline_forms_load_as_records() -> None:
    g = load_graph(DATA / "mini.yaml")
    assert {(u.id, u.parent) for u in g.units} == {("acme-fin", None), ("acme-ap", "acme-fin"), ("acme-it", None)}
    assert {(k.key, k.strength) for k in g.knows} == {(("acme-cfo", "us-sam"), 0.8), (("acme-ap1", "us-eve"), 0.6)}
    assert [(i.source, i.target, i.weight) for i in g.influences] == [("acme-cfo", "acme-ceo", 0.9)]
    deal = next(o for o in g.opportunities if o.id == "acme-deal")
    assert deal.account == "acme"
    assert [m.person for m in deal.committee] == ["acme-cfo", "acme-cio", "acme-ap1"]
    assert {(a.unit, a.product, a.status, a.competitor) for a in g.adoption} == {
        ("acme-fin", "kx-core", "active", None),
        ("acme-fin", "kx-plus", "competitor", "Rival"),
    }


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_import_gives_the_same_graph(tmp_path: Path, fmt: str) -> None:
    with SQLiteStore(tmp_path / "a.db") as a:
        a.import_graph(load_graph(DATA / "mini.yaml"))
        original = a.dump()
    out = tmp_path / f"export.{fmt}"
    out.write_text(dump_graph(original, fmt), encoding="utf-8")
    with SQLiteStore(tmp_path / "b.db") as b:
        b.import_graph(load_graph(out))
        assert b.dump().canonical() == original.canonical()


def test_the_json_schema_accepts_the_sample_shape() -> None:
    schema = json_schema()
    assert schema["title"] == "kamgraph account map"
    person = schema["$defs"]["PersonIn"]["properties"]
    assert {"reports_to", "roles", "stance", "knows"} <= set(person)
    assert set(schema["$defs"]["Role"]["enum"]) == {r.value for r in Role}
    assert schema["$defs"]["Influences"]["required"] == ["from", "to"]


# --- round trip on random graphs ----------------------------------------------------------

ids = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=6)
names = st.text(string.ascii_letters + " áéíóúñÑçÅ'-", min_size=1, max_size=12).filter(lambda s: s.strip() == s != "")


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    people_ids = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    people = []
    for n, pid in enumerate(people_ids):
        boss = draw(st.sampled_from([None, *people_ids[:n]]))  # managers come first: no cycle
        people.append(
            Person(
                id=pid,
                name=draw(names),
                org="o" if n % 3 else "us",
                reports_to=None,
                roles=draw(st.lists(st.sampled_from(list(Role)), max_size=3)),
                title=draw(st.none() | names),
            )
        )
        if boss is not None and (people_ids.index(boss) % 3 == 0) == (n % 3 == 0):
            people[-1] = people[-1].model_copy(update={"reports_to": boss})
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(people_ids), st.sampled_from(people_ids), st.floats(0, 1)), max_size=10)
    )
    knows = {tuple(sorted((a, b))): Knows(a=a, b=b, strength=s) for a, b, s in pairs if a != b}
    sways = {(a, b): Influences(source=a, target=b, weight=s) for a, b, s in pairs if a != b}
    committee = [Membership(person=p) for p in draw(st.lists(st.sampled_from(people_ids), unique=True, max_size=4))]
    return Graph(
        organisations=[Organisation(id="o", name="O"), Organisation(id="us", name="Us", kind=OrgKind.own)],
        people=people,
        knows=list(knows.values()),
        influences=list(sways.values()),
        opportunities=[Opportunity(id="d", account="o", name="D", committee=committee)],
    )


@settings(max_examples=40, deadline=None)
@given(graphs(), st.sampled_from(["yaml", "json"]))
def test_any_graph_survives_dump_and_load(tmp_path_factory: pytest.TempPathFactory, graph: Graph, fmt: str) -> None:
    path = tmp_path_factory.mktemp("rt") / f"g.{fmt}"
    path.write_text(dump_graph(graph, fmt), encoding="utf-8")
    assert load_graph(path).canonical() == graph.canonical()


def test_yaml_export_is_plain_safe_yaml(tmp_path: Path) -> None:
    doc = yaml.safe_load(dump_graph(load_graph(DATA / "mini.yaml")))
    assert doc["organisations"][0]["id"] == "acme"
    assert json.loads(dump_graph(load_graph(DATA / "mini.yaml"), "json"))["version"] == 1


def test_export_never_drops_a_record_it_cannot_nest(tmp_path: Path) -> None:
    from kamgraph.model import Adoption, Unit

    g = Graph(
        organisations=[Organisation(id="o", name="O")],
        units=[
            Unit(id="top", org="o", name="Top"),
            Unit(id="sub", org="o", name="Sub", parent="top"),
            Unit(id="orphan", org="o", name="Orphan", parent="elsewhere"),
            Unit(id="away", org="gone", name="Away"),
        ],
        adoption=[Adoption(unit="orphan", product="p", status="pilot")],
        people=[Person(id="x", name="X", org="gone")],
    )
    path = tmp_path / "partial.yaml"
    path.write_text(dump_graph(g), encoding="utf-8")
    assert load_graph(path).canonical() == g.canonical()
