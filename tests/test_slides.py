"""The QBR deck, read back from its PPTX XML: a committee slide for every open deal, no text
under 10 pt, shapes (not pictures) unless asked, speaker notes, redaction everywhere, and an
action plan that says what the analyses say."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html import escape
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as PresentationType

from kamgraph.analysis import decision_paths, opportunity_risk, whitespace
from kamgraph.graph import own_people
from kamgraph.io.files import load_files
from kamgraph.model import Graph, Stance
from kamgraph.render.actions import action_plan, open_deals
from kamgraph.render.plan import MapOptions
from kamgraph.render.slides import build_deck
from kamgraph.render.slides.native import wrap_words

DAY = dt.date(2026, 6, 30)
ACCOUNTS = ("meridian", "andina", "nordhavn")


@pytest.fixture(scope="module")
def samples() -> Graph:
    root = Path(__file__).parent.parent / "samples"
    return load_files(sorted(root.glob("*.yaml")))[0]


def _saved(prs: PresentationType) -> bytes:
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _texts(slide: object) -> str:
    # slides keep in-word hyphens unbroken (U+2011): read them back as plain hyphens
    words = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)  # type: ignore[attr-defined]
    return words.replace("\u2011", "-")


@pytest.fixture(scope="module")
def deck(samples: Graph) -> bytes:
    return _saved(build_deck([(a, samples) for a in ACCOUNTS], MapOptions(today=DAY)))


@pytest.mark.exe
def test_every_open_deal_has_its_committee_slide(samples: Graph, graphviz_dot: str, deck: bytes) -> None:
    prs = Presentation(io.BytesIO(deck))
    texts = [_texts(s) for s in prs.slides]
    for account in ACCOUNTS:
        for deal in open_deals(samples, account):
            assert any(f"Buying committee · {deal.name}" in t for t in texts), deal.id
    closed = [o for o in samples.opportunities if not o.is_open]
    assert closed and not any(f"Buying committee · {o.name}" in t for o in closed for t in texts)
    assert "Portfolio" in texts[1]  # several accounts: the portfolio slide after the title
    assert sum("Power map" in t for t in texts) == 3 and sum("Action plan" in t for t in texts) >= 3


@pytest.mark.exe
def test_no_text_under_10_points_and_shapes_not_pictures(graphviz_dot: str, deck: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        slides = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    sizes = [int(s) for x in slides for s in re.findall(r'<a:rPr[^>]* sz="(\d+)"', x)]
    assert sizes and min(sizes) >= 1000  # hundredths of a point
    assert not any("<p:pic>" in x for x in slides)
    assert sum(x.count("<p:cxnSp>") for x in slides) > 20  # connectors between the boxes
    # every run states its size: none falls back to the template's 18 pt
    assert all(x.count("<a:r>") == len(re.findall(r"<a:r><a:rPr[^>]* sz=", x)) for x in slides)


@pytest.mark.exe
def test_pictures_on_request(samples: Graph, graphviz_dot: str) -> None:
    prs = build_deck([("nordhavn", samples)], MapOptions(today=DAY), pictures=True)
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == len(open_deals(samples, "nordhavn"))


@pytest.mark.exe
def test_every_slide_has_speaker_notes(graphviz_dot: str, deck: bytes) -> None:
    prs = Presentation(io.BytesIO(deck))
    for i, slide in enumerate(prs.slides):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), i
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert "independent thread" in notes and "risk " in notes


def _personal(graph: Graph) -> list[str]:
    return [v for p in graph.people for v in (p.name, p.email) if v]


@pytest.mark.exe
@pytest.mark.parametrize("pictures", [False, True])
def test_redacted_deck_has_no_name_or_email_in_any_part(samples: Graph, graphviz_dot: str, pictures: bool) -> None:
    data = _saved(build_deck([(a, samples) for a in ACCOUNTS], MapOptions(redact=True, today=DAY), pictures=pictures))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))
    assert "notesSlide" in xml
    for value in _personal(samples):
        assert escape(value) not in xml, value  # slides, notes, alt text, names of shapes
    assert "A.D." in xml  # Meridian's critical contact, by initials


@pytest.mark.exe
def test_one_deal_named(samples: Graph, graphviz_dot: str) -> None:
    prs = build_deck([("meridian", samples)], MapOptions(today=DAY), opportunities=["mer-opp-costing"])
    texts = [_texts(s) for s in prs.slides]
    assert [t for t in texts if "Buying committee ·" in t]
    assert all("Patient-Level Costing" in t for t in texts if "Buying committee ·" in t)


@pytest.mark.parametrize("day", [DAY, dt.date(2026, 12, 1)])  # in December, two relationships have gone stale
def test_action_plan_follows_the_analyses(samples: Graph, day: dt.date) -> None:
    stale = 0
    team = own_people(samples)
    for account in ACCOUNTS:
        plan = action_plan(samples, account, today=day)
        stale += sum(a.kind == "stale" for a in plan)
        for deal in open_deals(samples, account):
            risk = opportunity_risk(samples, deal.id, today=day)
            seats = [a.role for a in plan if a.kind == "seat" and a.deal == deal.id]
            assert seats == deal.empty_seats
            for dm in risk.decision_makers:
                routes = [a for a in plan if a.kind == "route" and a.person == dm.person]
                if dm.direct:
                    continue
                [route] = routes  # each uncovered decision-maker once
                best = decision_paths(samples, "team", dm.person, account=account).paths[0]
                assert route.route == best.names and route.via == best.people[1]
                assert route.ours == best.names[0] and route.probability == best.probability
            for pid in risk.stale:
                assert any(a.kind == "stale" and a.person == pid for a in plan)
            for dm in risk.decision_makers:
                single = [c for c in dm.single_points if c not in team]
                cut = single or ([c for c in dm.smallest_set if c not in team] if len(dm.smallest_set) <= 2 else [])
                if cut:
                    [protect] = [a for a in plan if a.kind == "protect" and a.person == dm.person]
                    assert (protect.via, protect.together) == (cut[0], not single)
        spaces = [u for u in whitespace(samples, account).units if u.white_space]
        tail = [a for a in plan if a.kind == "whitespace"]
        assert [a.name for a in tail] == [u.name for u in spaces[:1]]
    assert stale == (0 if day == DAY else 2)


def test_a_stale_relationship_names_who_revives_it(samples: Graph) -> None:
    plan = action_plan(samples, "meridian", today=dt.date(2026, 12, 1))
    [stale] = [a for a in plan if a.kind == "stale"]
    assert (stale.name, stale.ours, stale.days) == ("Daniel Osei", "Priya Raman", 172)


def test_meridian_plan_names_who_asks_whom(samples: Graph) -> None:
    plan = action_plan(samples, "meridian", today=DAY)
    first = plan[0]
    assert (first.kind, first.name, first.ours, first.via_name) == (
        "route",
        "Rachel Okafor",
        "James Whitfield",
        "Anjali Desai",
    )
    assert any(a.kind == "protect" and a.via_name == "Anjali Desai" for a in plan)


def test_every_language_has_every_phrase_and_role() -> None:
    from kamgraph.render import i18n

    assert i18n.LANGS == ("en", "es", "fr", "de")
    for lang in i18n.LANGS:
        assert set(i18n._TEXT[lang]) == set(i18n._TEXT["en"]), lang
        assert set(i18n._ROLES[lang]) == set(i18n._ROLES["en"]), lang


@pytest.mark.exe
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Carte du pouvoir", "Plan d'action", "Comité d'achat"]),
        ("de", ["Machtkarte", "Maßnahmenplan", "Buying Center"]),
        ("es", ["Mapa de poder", "Plan de acción", "Comité de compra"]),
    ],
)
def test_a_deck_in_french_german_or_spanish(samples: Graph, graphviz_dot: str, lang: str, words: list[str]) -> None:
    prs = build_deck([("nordhavn", samples)], MapOptions(lang=lang, today=DAY))
    text = " ".join(_texts(s) for s in prs.slides)
    for w in words:
        assert w in text, w
    assert "Power map" not in text and "Action plan" not in text


@pytest.mark.exe
def test_long_names_wrap_without_actions_overlapping(samples: Graph, graphviz_dot: str) -> None:
    """Actions naming people with long names take two lines or more: each is given the room its
    text needs, and the plan goes on to another slide rather than over the next action or off it."""
    long = samples.model_copy(
        update={"people": [p.model_copy(update={"name": f"{p.name} de la Cuesta y Peñalosa"}) for p in samples.people]}
    )
    prs = Presentation(io.BytesIO(_saved(build_deck([("meridian", long)], MapOptions(today=DAY)))))
    height = prs.slide_height
    plans = [s for s in prs.slides if "Action plan ·" in _texts(s)]
    assert len(plans) >= 2  # nine long actions do not fit one slide
    for slide in plans:
        boxes = sorted(
            (s.top, s.top + s.height)
            for s in slide.shapes
            if s.has_text_frame and s.left > 2 * 914400 and s.top > 1.4 * 914400
        )
        assert boxes and boxes[-1][1] <= height
        for (_, bottom), (top, _) in zip(boxes, boxes[1:], strict=False):
            assert bottom <= top


def _power(prs: PresentationType) -> list[tuple[str, str]]:
    return [(_texts(s), s.notes_slide.notes_text_frame.text) for s in prs.slides if "Power map ·" in _texts(s)]


@pytest.mark.exe
def test_a_crowded_power_map_cell_keeps_to_its_cell_and_names_the_rest_in_the_notes(
    samples: Graph, graphviz_dot: str
) -> None:
    """A CRM's committee often has no stance or influence recorded: everyone lands in one cell.
    The cell shows who decides first, as many as fit its height with every name wrapped, then
    "+N more"; the speaker notes name the others, so each member is on the slide or in the notes
    exactly once."""
    unset = {"stance": None, "influence": None}
    blank = samples.model_copy(
        update={
            "people": [
                p.model_copy(update={"stance": Stance.unknown, "influence": None, "name": f"{p.name} de la Cuesta"})
                for p in samples.people
            ],
            "opportunities": [
                o.model_copy(update={"committee": [m.model_copy(update=unset) for m in o.committee]})
                for o in samples.opportunities
            ],
        }
    )
    prs = Presentation(io.BytesIO(_saved(build_deck([("meridian", blank)], MapOptions(today=DAY)))))
    [(slide, notes)] = _power(prs)
    names = {p.id: p.name for p in blank.people}
    members = {names[m.person] for o in open_deals(blank, "meridian") for m in o.committee}
    assert len(members) > 8
    cell = slide.split("Not recorded", 1)[1].split("★ economic buyer", 1)[0]
    shown = [line.strip() for line in cell.splitlines() if line.strip()]
    more = re.fullmatch(r"\+(\d+) more", shown[-1])
    assert more is not None
    drawn = shown[:-1]
    assert drawn and all(line.startswith("★") for line in drawn[:1])  # who decides comes first
    # 11 pt in a 2.0 in wide, 1.2 in tall box: each name takes the lines it wraps to.
    lines = sum(len(wrap_words(line, int(2.0 * 72 / (11 * 0.66)), 99)) for line in shown)
    assert lines * 11 * 1.25 <= 1.2 * 72 * 1.05
    rest = notes.split("not drawn for want of room: ", 1)[1].split(", ")
    assert int(more.group(1)) == len(rest)
    seen = [line.split(" · ")[0].removeprefix("★ ") for line in drawn + rest]
    assert sorted(seen) == sorted(members)
