"""Risk reasons and action-plan reasons in the deck's language: the analysis says them as
codes with parameters, one table (kamgraph.render.i18n_reasons) words them for the slides and
for the web page alike."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pptx.presentation import Presentation as PresentationType

from kamgraph.analysis import opportunity_risk
from kamgraph.io.files import load_files
from kamgraph.model import Graph
from kamgraph.render.i18n import LANGS
from kamgraph.render.i18n_reasons import REASONS, risk_reason, words
from kamgraph.render.plan import MapOptions
from kamgraph.render.slides import build_deck

DAY = dt.date(2026, 12, 1)  # two relationships have gone stale: every kind of reason shows
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def samples() -> Graph:
    return load_files(sorted((ROOT / "samples").glob("*.yaml")))[0]


def _notes(prs: PresentationType) -> str:
    return "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)


def test_every_code_the_analysis_gives_has_words_in_every_language() -> None:
    source = (ROOT / "kamgraph" / "analysis" / "single_thread.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'code="(\w+)"', source)) | set(re.findall(r'"(\w+)" if cut else "(\w+)"', source)[0])
    assert len(codes) >= 10
    for lang in LANGS:
        assert set(REASONS[lang]) == set(REASONS["en"]), lang
        assert codes <= set(REASONS[lang]), (lang, codes - set(REASONS[lang]))
        for code, text in REASONS[lang].items():
            assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", REASONS["en"][code])), code


def test_the_english_words_are_the_analysis_own(samples: Graph) -> None:
    """Worded from the table in English, a reason reads as the CLI prints it (a role's name
    spelt out rather than its value)."""
    seen = set()
    for opp in samples.opportunities:
        risk = opportunity_risk(samples, opp.id, today=DAY)
        worded = [risk_reason("en", f, risk.names).lower() for f in risk.factors]
        assert worded == [r.replace("_", " ").lower() for r in risk.reasons]  # roles: "economic_buyer" spelt out
        seen |= {f.code for f in risk.factors}
    assert {"coverage", "stale", "single_thread_through", "empty_seats"} <= seen


@pytest.mark.exe
@pytest.mark.parametrize(
    ("lang", "said", "english"),
    [
        ("es", ["conocemos directamente a", "sin contacto desde hace más de"], ["we know", "no contact for"]),
        ("fr", ["nous connaissons directement", "aucun contact depuis plus de"], ["we know", "no contact for"]),
        ("de", ["wir kennen", "seit über 90 Tagen kein Kontakt"], ["we know", "no contact for"]),
    ],
)
def test_risk_and_plan_reasons_in_the_decks_language(
    samples: Graph, graphviz_dot: str, lang: str, said: list[str], english: list[str]
) -> None:
    prs = build_deck([("meridian", samples)], MapOptions(lang=lang, today=DAY))
    notes = _notes(prs)
    for words_ in said:
        assert words_ in notes, words_
    for words_ in [*english, "warmest route", "every route to", "independent thread(s);", "last contact"]:
        assert words_ not in notes, words_


def test_the_web_page_gets_the_same_table() -> None:
    from starlette.testclient import TestClient

    from kamgraph.web import create_app

    with TestClient(create_app(":memory:"), base_url="http://127.0.0.1") as client:
        session = client.get("/api/session").json()
    assert session["words"] == words()
    assert session["words"]["reasons"]["es"]["coverage"] == REASONS["es"]["coverage"]
    assert session["words"]["roles"]["de"]["economic_buyer"] == "Wirtschaftlicher Käufer"
