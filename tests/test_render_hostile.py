"""Hostile names on maps (issue 12, items 3 and 9): every string reaches DOT as text. An
SVG drawn by the real ``dot`` is well-formed XML with no link, script or injected node,
and the names are there as text; odd names (16 kB, a trailing backslash, NUL, BEL, ESC)
render."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kamgraph.model import Graph, Organisation, OrgKind, Person, Unit
from kamgraph.render.dot import account_map
from kamgraph.render.plan import MapOptions
from kamgraph.render.run import render

SVG = "{http://www.w3.org/2000/svg}"
INJECTED_NODE = '<<table><tr><td href="javascript:alert(1)">click</td></tr></table>>'
INJECTIONS = [
    '<<a xlink:href="javascript:alert(1)">x</a>>',
    "<script>alert(1)</script>",
    INJECTED_NODE,
    '"]; evil [label="pwned"]; x [label="',
    "<b>bold</b>",
]
ODD = ["ends with a backslash\\", "nul\x00byte", "bell\x07", "escape\x1b[31mred", "x" * 20_000, "tab\tand\nnewline"]


def _graph(names: list[str], unit_names: list[str]) -> Graph:
    units = [Unit(id=f"u{i}", org="acme", name=n) for i, n in enumerate(unit_names)]
    people = [Person(id="boss", name="Carla Reyes", org="acme", title=names[0], unit="u0")]
    people += [
        Person(id=f"p{i}", name=n, org="acme", title=n, reports_to="boss", unit=f"u{i % len(units)}")
        for i, n in enumerate(names)
    ]
    return Graph(
        organisations=[Organisation(id="acme", name=names[0], kind=OrgKind.client)], units=units, people=people
    )


def _svg(graph: Graph, redact: bool = False) -> ET.Element:
    drawing = account_map(graph, "acme", MapOptions(today=dt.date(2026, 1, 5), redact=redact))
    return ET.fromstring(render(drawing, "svg"))  # raises when the SVG is not well-formed XML


def _assert_inert(root: ET.Element) -> None:
    for el in root.iter():
        assert el.tag != f"{SVG}script", "a script element"
        for key, value in el.attrib.items():
            assert not key.endswith("href"), f"a link: {key}={value}"
        assert el.tag != f"{SVG}a" or not any(k.endswith("href") for k in el.attrib)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "pwned" not in texts and "click" not in texts
    nodes = {t.text for t in root.iter(f"{SVG}title")}
    assert not nodes & {"evil", "x"}, "an injected node"


@pytest.mark.exe
@pytest.mark.parametrize("redact", [False, True])
def test_names_shaped_like_markup_are_text(graphviz_dot: str, redact: bool) -> None:
    root = _svg(_graph(INJECTIONS, INJECTIONS), redact)
    _assert_inert(root)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert '<<a xlink:href="javascript:alert(1)">x</a>>' in texts  # the unit, as a cluster label
    if not redact:
        assert "<script>alert(1)</script>" in texts and "<b>bold</b>" in texts


@pytest.mark.exe
def test_odd_names_render_escaped_or_cut(graphviz_dot: str) -> None:
    root = _svg(_graph(ODD, ODD))
    _assert_inert(root)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "ends with a backslash\\" in texts
    assert any(t.startswith("escape\ufffd[31mred") for t in texts)
    assert all(len(t) <= 400 for t in texts) and any(t.startswith("xxxx") and t.endswith("…") for t in texts)


def test_dot_source_keeps_markup_as_quoted_text() -> None:
    source = account_map(_graph(INJECTIONS, INJECTIONS), "acme", MapOptions(today=dt.date(2026, 1, 5))).source
    assert "label=<<a xlink" not in source and "label=<<table><tr><td href" not in source


@pytest.mark.exe
def test_a_deck_takes_control_characters(graphviz_dot: str, tmp_path: Path) -> None:
    from kamgraph.render.slides import write_deck

    graph = _graph(ODD, ODD)
    assert write_deck([("acme", graph)], tmp_path / "deck.pptx", MapOptions(today=dt.date(2026, 1, 5))) >= 2
