"""Notes, shown: `show` lists them (people and deals), map tooltips and slide speaker notes
carry them, and `--redact` drops them from every output (the PPTX's notes included)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from kamgraph.cli import cli
from kamgraph.io.files import load_files
from kamgraph.model import Graph, Note
from kamgraph.render.dot import draw
from kamgraph.render.plan import MapOptions, plan_map
from kamgraph.render.slides import build_deck
from kamgraph.views import account_view

DATA = Path(__file__).parent / "data"
DAY = dt.date(2026, 12, 1)
PERSON_NOTE = "Prefers short decks"  # on acme-cfo in mini.yaml
DEAL_NOTE = "Budget signed off in November"
ACCOUNT_NOTE = "Group-wide freeze on new vendors"


@pytest.fixture
def graph() -> Graph:
    g, _ = load_files([DATA / "mini.yaml"])
    deals = [
        o.model_copy(update={"notes": [Note(text=DEAL_NOTE, date=dt.date(2026, 11, 20), by="us-sam")]})
        if o.id == "acme-deal"
        else o
        for o in g.opportunities
    ]
    orgs = [o.model_copy(update={"notes": [Note(text=ACCOUNT_NOTE)]}) if o.id == "acme" else o for o in g.organisations]
    return g.model_copy(update={"opportunities": deals, "organisations": orgs})


def test_the_account_view_lists_every_note_newest_first(graph: Graph) -> None:
    notes = account_view(graph, "acme").notes
    assert [(n.kind, n.record, n.text, n.date) for n in notes] == [
        ("opportunity", "acme-deal", DEAL_NOTE, dt.date(2026, 11, 20)),
        ("person", "acme-cfo", PERSON_NOTE, dt.date(2026, 9, 1)),
        ("account", "acme", ACCOUNT_NOTE, None),
    ]


def test_show_prints_them(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    run = CliRunner()
    assert run.invoke(cli, ["--store", db, "import", str(DATA / "mini.yaml")]).exit_code == 0
    assert run.invoke(cli, ["--store", db, "note", "acme-deal", DEAL_NOTE, "--date", "2026-11-20"]).exit_code == 0
    out = run.invoke(cli, ["--store", db, "show", "acme"]).stdout
    notes = out[out.index("\nNotes\n") :].splitlines()[3:]  # after the heading and the column names
    assert [line.split()[0] for line in notes] == ["2026-11-20", "2026-09-01"]
    assert DEAL_NOTE in notes[0] and "Plataforma" in notes[0]
    assert PERSON_NOTE in notes[1] and "Íñigo Peñalver" in notes[1] and "Sam Seller" in notes[1]
    data = json.loads(run.invoke(cli, ["--store", db, "show", "acme", "--json"]).stdout)
    assert [n["text"] for n in data["notes"]] == [DEAL_NOTE, PERSON_NOTE]


def test_map_tooltips_carry_notes_and_redacted_maps_do_not(graph: Graph, graphviz_dot: str) -> None:
    from html import unescape

    from kamgraph.render.run import render

    plain = unescape(render(draw(plan_map(graph, "acme", MapOptions(today=DAY))), "svg").decode("utf-8"))
    assert f'xlink:title="Íñigo Peñalver — Director Financiero\n• 2026-09-01: {PERSON_NOTE}"' in plain
    hidden = unescape(render(draw(plan_map(graph, "acme", MapOptions(today=DAY, redact=True))), "svg").decode("utf-8"))
    assert PERSON_NOTE not in hidden and "Peñalver" not in hidden


def _all_text(pptx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(pptx)) as z:
        return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def test_speaker_notes_carry_them_and_a_redacted_deck_has_none(graph: Graph) -> None:
    for pictures in (False,):
        buffer = io.BytesIO()
        build_deck([("acme", graph)], MapOptions(today=DAY), pictures=pictures).save(buffer)
        prs = Presentation(io.BytesIO(buffer.getvalue()))
        notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
        summary = next(n for n in notes if ACCOUNT_NOTE in n)
        assert "Notes:" in summary
        committee = next(n for n in notes if DEAL_NOTE in n)
        assert f"- Íñigo Peñalver: 2026-09-01: {PERSON_NOTE}" in committee
        redacted = io.BytesIO()
        build_deck([("acme", graph)], MapOptions(today=DAY, redact=True), pictures=pictures).save(redacted)
        text = _all_text(redacted.getvalue())
        for note in (PERSON_NOTE, DEAL_NOTE, ACCOUNT_NOTE, "Notes:"):
            assert note not in text
