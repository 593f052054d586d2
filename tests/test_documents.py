"""The YAML loader's fast path (kamgraph.io.documents.load_yaml) against PyYAML's own constructor
with the same strict rules (``yaml.load(text, Loader=UniqueKeyLoader)``): on any document, the
same value (compared by ``repr``: ``True`` is not ``1``, key order counts) or the same error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.errors import InvalidInput
from kamgraph.io.documents import UniqueKeyLoader, load_yaml, read_document

ROOT = Path(__file__).resolve().parent.parent

#: Plain scalars YAML 1.1 reads as something other than text, near misses, and quoted text.
SCALARS = [
    "text",
    "Núñez Ltda.",
    "yes",
    "No",
    "on",
    "OFF",
    "~",
    "null",
    "Null",
    "''",
    '""',
    "0",
    "-12",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "1:30",
    "190:20:30",
    ".inf",
    "-.Inf",
    ".nan",
    "1e3",
    "1.5e3",
    "3.14",
    "+.5",
    "2024-02-29",
    "2023-02-29",
    "2024-13-01",
    "2024-01-01 10:00:00",
    "2024-01-01T10:00:00Z",
    "2024-01-01t10:00:00.5+02:00",
    "'quoted yes'",
    '"2024-01-01"',
    '"tab\\tand \\u00e9"',
    "!!str 12",
    '!!int "12"',
    "!!float 1",
    "!!bool yes",
    "!!binary aGk=",
    "!!timestamp 2024-01-01",
    "!!null ''",
    "!custom x",
    "!!python/name:os.system",
    "&anchor value",
    "*anchor",
    "= x",
    "5* hotel",
    "[1, two, 2024-01-01]",
    "{a: 1, b: [x, y]}",
    "{a: 1, a: 2}",
    "[]",
    "{}",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1, a: 2]",
]
KEYS = ["id", "name", "a", "b", "1", "1.0", "true", "~", "2024-01-01", "<<", "=", "[1, 2]", "{k: v}", "'id'", "!!int 1"]


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            key = key.rsplit("#", 1)[0]  # "#n" keeps generated keys apart; the same key may come twice
            if isinstance(item, str):
                lines.append(f"{pad}{key}: {item}")
            else:
                lines += [f"{pad}{key}:", *_block(item, indent + 2)] if item else [f"{pad}{key}: {{}}"]
        return lines or [f"{pad}{{}}"]
    lines = []
    for item in value:
        if isinstance(item, str):
            lines.append(f"{pad}- {item}")
        else:
            inner = _block(item, indent + 2)
            lines += [f"{pad}- {inner[0].lstrip()}", *inner[1:]] if inner else [f"{pad}- []"]
    return lines or [f"{pad}[]"]


keys = st.tuples(st.sampled_from(KEYS), st.integers(0, 3)).map(lambda k: f"{k[0]}#{k[1]}")
scalars = st.sampled_from(SCALARS) | st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8).map(
    lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
)
trees = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


def outcome(load: Any, text: str) -> str:
    try:
        return "value " + repr(load(text))
    except yaml.YAMLError as exc:
        return f"{type(exc).__name__} {exc}"
    except (ValueError, TypeError, RecursionError) as exc:
        return f"{type(exc).__name__} {exc}"


def pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


@settings(max_examples=400, deadline=None)
@given(tree=trees.filter(lambda t: isinstance(t, dict | list)), anchor=st.booleans())
def test_the_fast_path_answers_as_pyyaml_does(tree: Any, anchor: bool) -> None:
    text = "\n".join(_block(tree, 0)) + "\n"
    if anchor:
        text = "base: &anchor {x: 1}\n" + text if isinstance(tree, dict) else "- &anchor {x: 1}\n" + text
    assert outcome(load_yaml, text) == outcome(pyyaml, text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "a: 1\n---\nb: 2\n",
        "a: &x [1, 2]\nb: *x\n",
        "base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n",
        "a: 1\na: 2\n",
        "a: {x: 1}\nb: {x: 1, x: 2}\n",
        "? [1, 2]\n: v\n",
        "d: 2024-02-30\n",
        "when: 2024-01-01 10:00:00+02:00\n",
        "- !!binary aGk=\n- !!set {a, b}\n",
        "x: " + "[" * 50 + "]" * 50 + "\n",
        "a: 1\n b: 2\n",
        "true: 1\n1: 2\n1.0: 3\n",
    ],
)
def test_hand_picked_documents_answer_as_pyyaml_does(text: str) -> None:
    assert outcome(load_yaml, text) == outcome(pyyaml, text)


def test_the_samples_read_as_pyyaml_reads_them() -> None:
    files = sorted((ROOT / "samples").rglob("*.yaml")) + sorted((ROOT / "tests" / "data").rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert outcome(load_yaml, text) == outcome(pyyaml, text), path


def test_a_plain_map_reads_its_values_typed(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "id: acme\nsince: 2024-03-01\nvalue: 1.5e+6\nheadcount: 0x10\nopen: yes\nnote: ~\n", encoding="utf-8"
    )
    assert read_document(path) == {
        "id": "acme",
        "since": dt.date(2024, 3, 1),
        "value": 1.5e6,
        "headcount": 16,
        "open": True,
        "note": None,
    }


def test_an_impossible_date_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("id: acme\nsince: 2023-02-29\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"m\.yaml: line 2, column 8: .*'2023-02-29' is not a real date"):
        read_document(path)
