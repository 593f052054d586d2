"""A fuzz test of the importers (issue 12): mutated account maps (YAML and JSON) and a
mutated Salesforce export go through ``kamgraph import`` / ``import-crm``. Every input ends
in success or in one printable line on stderr and exit 1 — never a traceback — and a
failure leaves the store as it was. Bounded: a fixed, derandomised set of examples, a few
seconds in all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgraph.cli import SHOWN_PROBLEMS, cli
from kamgraph.store import SQLiteStore
from kamgraph.text import MAX_LINE

DATA = Path(__file__).parent / "data"
SEED_YAML = (DATA / "mini.yaml").read_bytes()
SEED_JSON = json.dumps(yaml.safe_load(SEED_YAML.decode()), default=str, ensure_ascii=False).encode()
SEED_CSV = (
    b"Id,AccountId,FirstName,LastName,Title,ReportsToId,Email\n"
    b"0035Q000305ORpdQAG,0015Q00030yGZ0vQAG,Hayley,Sutherland,CEO,,h@x.example\n"
    b"0035Q000305PD0KQAW,0015Q00030yGZ0vQAG,Kirsty,Begum,CFO,0035Q000305ORpd,k@x.example\n"
    b"0035Q000305PD0LQAW,0015Q00030yGZ0vQAG,Ana,Ruiz,CIO,0035Q000305PD0K,a@x.example\n"
)

HOSTILE = [
    b"\x00",
    b"\x07",
    b"\x1b[31m",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\\",
    b'"',
    b"'",
    b"<script>",
    b"\n",
    b"\r",
    b"&a [&a, &a]",
    b"*a",
    b"- ",
    b": ",
    b"{",
    b"]",
    b"9223372036854775808",
    b"-1e999",
    b"\xed\xa0\x80",
    b"\\ud800",
    b",",
    b'"""',
    "Peñalver".encode(),
    b"x" * 5000,
    b"!!python/object:os.system",
    b"%YAML 1.1\n",
]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few cuts, flips, insertions of hostile fragments and duplications."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "flip", "duplicate", "truncate"]))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(HOSTILE))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "duplicate":
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[end:end] = data[at:end]
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


SEED_DOC = yaml.safe_load(SEED_YAML.decode())
VALUES = st.one_of(
    st.sampled_from(
        [
            None,
            "",
            " ",
            "x" * 300,
            "<b>x</b>",
            "a\x1bb",
            "a\x00b",
            "\ud800",
            "acme",
            "acme-ceo",
            "us-sam",
            2**63,
            -1,
            1.5,
            float("inf"),
            True,
            [],
            {},
            ["acme-ceo"],
            {"id": "acme"},
            "2026-02-30",
            "9999-12-31",
            "economic_buyer",
            "supporter",
        ]
    ),
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=True),
)


@st.composite
def reshaped(draw: st.DrawFn) -> Any:
    """The seed account map with a few values replaced, records dropped or copied."""
    doc = json.loads(json.dumps(SEED_DOC, default=str))
    for _ in range(draw(st.integers(1, 4))):
        node: Any = doc
        for _depth in range(draw(st.integers(1, 6))):  # walk down to a random container
            children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            children = [(k, v) for k, v in children if isinstance(v, dict | list)] or children
            if not children:
                break
            key, value = draw(st.sampled_from(children))
            if not isinstance(value, dict | list) or draw(st.integers(0, 5)) == 0:
                break
            node = value
        keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["replace", "drop", "copy"]))
        if action == "replace":
            node[key] = draw(VALUES)
        elif action == "drop":
            del node[key]
        elif isinstance(node, list):
            node.append(json.loads(json.dumps(node[key], default=str)))
    return doc


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    out = [path] if not items else []
    for k, v in items:
        out += _leaves(v, (*path, k))
    return out


HOSTILE_VALUES = [
    "\ud800",
    "a\x00b",
    "\x07",
    "x\x1b[2J",
    "\\",
    "<script>x</script>",
    "x" * 20_000,
    "a\u202eb",
    2**63,
    -(2**63) - 1,
    10**30,
    -1,
    "",
    " ",
    "\n",
]


@st.composite
def one_value_replaced(draw: st.DrawFn) -> Any:
    """The seed account map, valid but for one value: deep in the records, where the store is reached."""
    doc = json.loads(json.dumps(SEED_DOC, default=str))
    path = draw(st.sampled_from(_leaves(doc)))
    node = doc
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = draw(st.sampled_from(HOSTILE_VALUES))
    return doc


def _serialised(doc: Any, suffix: str) -> bytes:
    if suffix == ".json":
        return json.dumps(doc, allow_nan=True).encode()  # \\uXXXX escapes: lone surrogates get through
    return yaml.safe_dump(doc, allow_unicode=True).encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fuzz") / "k.db"
    result = CliRunner().invoke(cli, ["--store", str(db), "import", str(DATA / "mini.yaml")])
    assert result.exit_code == 0, result.output
    return db


def _check(db: Path, args: list[str]) -> None:
    with SQLiteStore(db) as store:
        before = store.dump()
    result = CliRunner().invoke(cli, ["--store", str(db), *args], prog_name="kamgraph")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        # one line, or a head line and one indented line per problem (at most SHOWN_PROBLEMS + "… more")
        lines = result.stderr.splitlines()
        assert lines[0].startswith("Error: "), result.stderr
        assert len(lines) == 1 or (
            lines[0].endswith("problems; nothing was written:")
            and 3 <= len(lines) <= SHOWN_PROBLEMS + 2
            and all(line.startswith("  ") for line in lines[1:])
        ), result.stderr
        assert all(line.isprintable() and len(line) <= MAX_LINE + len("Error: ") for line in lines)
        with SQLiteStore(db) as store:
            assert store.dump() == before, "a failed import changed the store"


FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    case=st.one_of(
        st.tuples(mutated(SEED_YAML), st.just(".yaml")),
        st.tuples(mutated(SEED_JSON), st.just(".json")),
        st.tuples(reshaped(), st.sampled_from([".yaml", ".json"])),
    )
)
def test_mutated_account_maps_end_in_success_or_one_line(
    seeded: Path, tmp_path_factory: pytest.TempPathFactory, case: tuple[Any, str]
) -> None:
    data, suffix = case
    path = tmp_path_factory.mktemp("in") / f"map{suffix}"
    path.write_bytes(data if isinstance(data, bytes) else _serialised(data, suffix))
    _check(seeded, ["import", str(path)])


@settings(FUZZ, max_examples=150)
@given(doc=one_value_replaced(), suffix=st.sampled_from([".yaml", ".json"]))
def test_one_hostile_value_ends_in_success_or_one_line(
    seeded: Path, tmp_path_factory: pytest.TempPathFactory, doc: Any, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("in") / f"map{suffix}"
    path.write_bytes(_serialised(doc, suffix))
    _check(seeded, ["import", str(path)])


@settings(FUZZ, max_examples=60)
@given(data=mutated(SEED_CSV))
def test_mutated_crm_exports_never_trace_back(
    seeded: Path, tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("in") / "Contact.csv"
    path.write_bytes(data)
    with SQLiteStore(seeded) as store:
        before = store.dump()
    result: Any = CliRunner().invoke(cli, ["--store", str(seeded), "import-crm", "salesforce", "--contacts", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        assert lines[0].startswith("Error: ") and all(line.isprintable() for line in lines), result.stderr
        assert len(lines) == 1 or lines[0].endswith("problems; nothing was written:"), result.stderr
        with SQLiteStore(seeded) as store:
            assert store.dump() == before
