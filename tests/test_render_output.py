"""Maps through the real ``dot``, decks reopened with python-pptx, and the CLI commands."""

from __future__ import annotations

import datetime as dt
import io
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from test_render_plan import big_account

from kamgraph.cli import cli
from kamgraph.io.files import load_files
from kamgraph.model import Graph
from kamgraph.render.dot import account_map
from kamgraph.render.plan import MapOptions, plan_map
from kamgraph.render.run import GraphvizMissing, render
from kamgraph.render.slides import build_deck

DATA = Path(__file__).parent / "data"
DAY = dt.date(2026, 5, 7)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def andina() -> Graph:
    return load_files([DATA / "render.yaml"])[0]


def svg_texts(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.exe
@pytest.mark.parametrize("view", ["org", "influence", "committee"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_svg_shows_every_person_drawn_with_accents(graphviz_dot: str, andina: Graph, view: str, lang: str) -> None:
    options = MapOptions(view=view, lang=lang, today=DAY)  # type: ignore[arg-type]
    m = plan_map(andina, "andina", options)
    texts = svg_texts(render(account_map(andina, "andina", options), "svg"))
    for n in m.people:
        assert n.name in texts, n.name
    assert "Compañía Andina de Energía" in texts
    assert ("Postura" if lang == "es" else "Stance") in texts


@pytest.mark.exe
def test_a_collapsed_large_account_renders_every_box(graphviz_dot: str) -> None:
    g = big_account(300)
    m = plan_map(g, "big", MapOptions(today=DAY))
    texts = svg_texts(render(account_map(g, "big", MapOptions(today=DAY)), "svg"))
    for n in m.nodes:
        assert n.name in texts, n.name


@pytest.mark.exe
def test_png_and_pdf(graphviz_dot: str, andina: Graph) -> None:
    drawing = account_map(andina, "andina", MapOptions(today=DAY))
    width, height = png_size(render(drawing, "png"))
    assert 800 < width < 4000 and 500 < height < 3000
    assert render(drawing, "pdf")[:5] == b"%PDF-"


def test_dot_needs_no_graphviz_and_other_formats_say_how_to_install_it(
        andina: Graph, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    drawing = account_map(andina, "andina")
    assert render(drawing, "dot").decode("utf-8").startswith('digraph "andina-org"')
    with pytest.raises(GraphvizMissing, match="apt-get install graphviz.*brew install graphviz"):
        render(drawing, "svg")


@pytest.mark.exe
def test_deck_has_a_title_slide_and_one_slide_per_account(graphviz_dot: str, andina: Graph) -> None:
    big = big_account(120)
    prs = build_deck([("andina", andina), ("big", big)], MapOptions(lang="es", today=DAY))
    buffer = io.BytesIO()
    prs.save(buffer)
    deck = Presentation(io.BytesIO(buffer.getvalue()))
    assert len(deck.slides) == 3
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
    title, first, second = (" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame).replace("\u00a0", " ")
                            for slide in deck.slides)
    assert "Revisión de cuentas" in title and "Compañía Andina de Energía · Big Co" in title
    assert "Compañía Andina de Energía" in first and "Renovación de plataforma 2026 · 480k" in first
    assert "CIFRAS CLAVE" in first and "Aliado" in first and "EB Comprador económico" in first
    assert "Big Co" in second
    for slide in list(deck.slides)[1:]:
        [picture] = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert picture.width > 0 and picture.height > 0
        assert picture.left + picture.width <= deck.slide_width


@pytest.mark.exe
def test_redacted_deck_shows_no_names(graphviz_dot: str, andina: Graph) -> None:
    prs = build_deck([("andina", andina)], MapOptions(redact=True, view="committee", today=DAY))
    words = " ".join(s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame)
    for p in andina.people:
        assert p.name not in words
    assert "J.Á." in words  # a critical contact, by initials


@pytest.fixture
def kg(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = str(tmp_path / "k.db")

    def invoke(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
        result = CliRunner().invoke(cli, ["--store", db, *args])
        assert result.exit_code == code, result.output
        return result

    invoke("import", str(DATA / "render.yaml"))
    return invoke


def test_cli_map_writes_dot_to_stdout_and_refuses_png_there(kg) -> None:  # type: ignore[no-untyped-def]
    out = kg("map", "andina", "-o", "-", "--format", "dot", "--lang", "es").stdout
    assert out.startswith('digraph "andina-org"') and "Íñigo Peña Ibáñez" in out
    assert "cannot go to stdout" in kg("map", "andina", "-o", "-", "--format", "png", code=1).output
    assert "no account with id 'nope'" in kg("map", "nope", "-o", "x.dot", code=1).output
    assert "SOURCE:TARGET" in kg("map", "andina", "-o", "x.dot", "--highlight-path", "x", code=1).output
    kg("map", "andina", "-o", "-", "--view", "sideways", code=2)


@pytest.mark.exe
def test_cli_map_and_slides_write_files(kg, graphviz_dot: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    svg = tmp_path / "a.svg"
    kg("map", "andina", "-o", str(svg), "--highlight-path", "team:role:economic_buyer", "--redact")
    assert "Í.P.I." in svg_texts(svg.read_bytes())
    png = tmp_path / "a.png"
    kg("map", "andina", "-o", str(png), "--view", "committee")
    assert png_size(png.read_bytes())[0] > 500
    deck = tmp_path / "d.pptx"
    assert "3 slides" not in kg("slides", "andina", "-o", str(deck)).stdout
    assert len(Presentation(str(deck)).slides) == 2
