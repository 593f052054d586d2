"""Hostile input through the command line (issue 12, items 5 and 10): every failure is one
printable line of bounded length, exit 1, no traceback, the store unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.errors import InvalidInput
from kamgraph.model import Graph, Organisation, Unit
from kamgraph.store import SQLiteStore, Store
from kamgraph.text import MAX_LINE

BASE = {"organisations": [{"id": "acme", "name": "Acme", "people": [{"id": "ceo", "name": "Carla Reyes"}]}]}


def run(db: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--store", str(db), *args], prog_name="kamgraph")


def one_line_error(result: Any, code: int = 1) -> str:
    """The result is a failure shown as one printable, bounded line on stderr."""
    assert result.exit_code == code, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    lines: list[str] = result.stderr.splitlines()
    [line] = lines
    assert line.startswith("Error: ") and line.isprintable() and len(line) <= MAX_LINE + len("Error: ")
    return line


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "k.db"
    base = tmp_path / "base.json"
    base.write_text(json.dumps(BASE), encoding="utf-8")
    assert run(path, "import", str(base)).exit_code == 0
    return path


def _dump(db: Path) -> Graph:
    with SQLiteStore(db) as s:
        return s.dump()


def _file(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return path


# --- item 5: tracebacks become one line -------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("surrogate.json", '{"people": [{"id": "x", "org": "acme", "name": "\\ud800 Ana"}]}', "lone surrogate"),
        (
            "bigint.json",
            '{"units": [{"id": "u", "org": "acme", "name": "U", "headcount": 9223372036854775808}]}',
            "too large a number",
        ),
        ("control.yaml", 'people:\n  - {id: x, org: acme, name: "Ana\\x1b[31m"}\n', "control character"),
        ("nul.yaml", 'people:\n  - {id: x, org: acme, name: "Ana\\0"}\n', "control character"),
        ("bom.yaml", b"\xef\xbb\xbfpeople: []\n\xff\n", "not UTF-8"),
    ],
)
def test_values_no_store_can_keep_are_one_line(db: Path, tmp_path: Path, name: str, content: str, says: str) -> None:
    before = _dump(db)
    line = one_line_error(run(db, "import", str(_file(tmp_path, name, content))))
    assert name in line and says in line
    assert _dump(db) == before


def test_a_bom_that_lies_in_a_crm_export_is_one_line(db: Path, tmp_path: Path) -> None:
    csv = _file(tmp_path, "Contact.csv", b"\xef\xbb\xbfId,AccountId,LastName\n\xff1,2,3\n")
    line = one_line_error(run(db, "import-crm", "salesforce", "--contacts", str(csv)))
    assert "Contact.csv" in line and "byte-order mark" in line


def test_a_hubspot_id_with_a_space_is_a_row_error(db: Path, tmp_path: Path) -> None:
    csv = _file(
        tmp_path,
        "contacts.csv",
        "Record ID,First Name,Last Name,Email,Company Name,Associated Company ID\n"
        "101,Ana,Ruiz,ana@initech.example,Initech,12 3\n",
    )
    before = _dump(db)
    result = run(db, "import-crm", "hubspot", "--contacts", str(csv))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "contacts.csv:2: error BAD_ID: 101: Associated Company ID: '12 3'" in result.output
    assert _dump(db) == before


def test_integers_past_64_bits_are_refused_by_every_store(store: Store) -> None:
    graph = Graph(
        organisations=[Organisation(id="o", name="O")], units=[Unit(id="u", org="o", name="U", headcount=2**63)]
    )
    with pytest.raises(InvalidInput, match="unit 'u': headcount: is too large a number"):
        store.import_graph(graph)
    assert store.dump() == Graph()


def test_out_of_memory_is_one_line_and_writes_nothing(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kamgraph.cli.crm as crm_cli

    def exhausted(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError

    monkeypatch.setattr(crm_cli, "import_crm", exhausted)
    csv = _file(tmp_path, "Contact.csv", "Id,AccountId,LastName\n0035Q000305ORpdQAG,0015Q00030yGZ0vQAG,Ruiz\n")
    before = _dump(db)
    line = one_line_error(run(db, "import-crm", "salesforce", "--contacts", str(csv), "--json"))
    assert "out of memory" in line and "nothing was written" in line
    assert _dump(db) == before


# --- item 10: error lines -----------------------------------------------------------------------


def test_ids_are_echoed_escaped_and_bounded(db: Path) -> None:
    line = one_line_error(run(db, "show", "a\nb\x1b[31mred"))
    assert "\x1b" not in line and "a\\nb\\x1b[31mred" in line
    line = one_line_error(run(db, "show", "x" * 1_000_000))
    assert line.endswith("…")


def test_a_directory_is_one_line_and_exit_1(db: Path, tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    assert "maps" in one_line_error(run(db, "import", str(tmp_path / "maps")))
    assert "maps" in one_line_error(run(db, "import-crm", "salesforce", "--contacts", str(tmp_path / "maps")))


def test_usage_errors_are_one_line_and_exit_2(db: Path) -> None:
    line = one_line_error(run(db, "risk"), code=2)
    assert "kamgraph risk --help" in line


def test_a_control_character_in_yaml_is_one_line_with_its_place(db: Path, tmp_path: Path) -> None:
    path = _file(tmp_path, "bell.yaml", "organisations:\n  - id: a\x07b\n    name: X\n")
    line = one_line_error(run(db, "import", str(path)))
    assert "bell.yaml: line 2, column 10" in line and "'\\x07'" in line


def test_a_move_between_organisations_names_the_file(db: Path, tmp_path: Path) -> None:
    two = {
        "organisations": [
            {
                "id": "acme",
                "name": "Acme",
                "people": [
                    {"id": "ceo", "name": "Carla Reyes"},
                    {"id": "cfo", "name": "Tom Baker", "reports_to": "ceo"},
                ],
            },
            {"id": "globex", "name": "Globex"},
        ]
    }
    assert run(db, "import", str(_file(tmp_path, "two.json", json.dumps(two)))).exit_code == 0
    move = {"people": [{"id": "ceo", "org": "globex", "name": "Carla Reyes"}]}
    line = one_line_error(run(db, "import", str(_file(tmp_path, "move.json", json.dumps(move)))))
    assert "move.json: person 'cfo': reports_to: 'ceo' moves to another organisation" in line


# --- item 7: amplification ----------------------------------------------------------------------


def test_a_yaml_alias_bomb_is_refused_before_it_grows(db: Path, tmp_path: Path) -> None:
    notes = "\n".join(f"  - text: note {i} {'x' * 40}" for i in range(300))
    orgs = "\n".join(f"  - {{id: o{i}, name: Org {i}, notes: *notes}}" for i in range(3000))
    path = _file(tmp_path, "bomb.yaml", f"x-notes: &notes\n{notes}\norganisations:\n{orgs}\n")
    assert path.stat().st_size < 200_000  # 900,000 notes of 50 bytes once expanded: 45 MB
    before = _dump(db)
    line = one_line_error(run(db, "import", str(path)))
    assert "bomb.yaml: its aliases (*name) expand it to more than" in line
    assert _dump(db) == before


def test_a_few_aliases_are_fine(db: Path, tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "reuse.yaml",
        "organisations:\n  - id: o1\n    name: One\n    notes: &n [{text: hi}]\n  - {id: o2, name: Two, notes: *n}\n",
    )
    assert run(db, "import", str(path)).exit_code == 0
    assert [o.notes[0].text for o in _dump(db).organisations if o.id in ("o1", "o2")] == ["hi", "hi"]


@pytest.mark.neo4j
def test_copy_to_bolt_refuses_an_integer_past_64_bits(tmp_path: Path, neo4j_url: str) -> None:
    """A store written before the check (here: around it) holds 2^63; copying it over Bolt
    is one line, and the target stays empty."""
    from kamgraph.store import open_store

    source = tmp_path / "old.db"
    with SQLiteStore(source) as old:
        old._write(
            Graph(
                organisations=[Organisation(id="o", name="O")], units=[Unit(id="u", org="o", name="U", headcount=2**63)]
            ),
            {},
        )
    result = CliRunner().invoke(cli, ["copy", "--from", str(source), "--to", neo4j_url], prog_name="kamgraph")
    line = one_line_error(result)
    assert "unit 'u': headcount: is too large a number" in line
    with open_store(neo4j_url) as target:
        assert target.dump() == Graph()
