"""The org slides, read back from the PPTX XML, for every sample (the three YAML accounts and
the two Salesforce ones) and generated accounts of 40, 100 and 300 people: no run of text
under 10 pt, every box inside the slide's map area, and the subtitle says how many of the
account's people are drawn (the count matches the boxes) and which units collapsed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from bench.bench_analysis import synthetic_account
from kamgraph.io.crm import load_column_map, read_salesforce
from kamgraph.io.files import load_files
from kamgraph.model import Graph
from kamgraph.render.actions import open_deals
from kamgraph.render.i18n import Lang
from kamgraph.render.plan import MapOptions, plan_map
from kamgraph.render.slides import build_deck
from kamgraph.render.slides.org_layout import MAP_H, MAP_TOP
from tests.test_map_fit import busy_account

ROOT = Path(__file__).parent.parent
DAY = dt.date(2026, 12, 1)


def _crm() -> Graph:
    sf = ROOT / "samples" / "crm" / "salesforce"
    read = read_salesforce(
        [sf / "Contact_ashgrove_dataloader.csv", sf / "Contact_cantabrico_excel_es.csv"],
        [sf / "Account.csv"],
        [sf / "Opportunity.csv"],
        [sf / "OpportunityContactRole.csv"],
        column_map=load_column_map(ROOT / "samples" / "crm" / "salesforce-users.yaml"),
    )
    return read.graph


def _accounts() -> list[tuple[str, str, Graph]]:
    samples = load_files(sorted((ROOT / "samples").glob("*.yaml")))[0]
    crm = _crm()
    out = [(a, a, samples) for a in ("meridian", "andina", "nordhavn")]
    out += [(o.name, o.id, crm) for o in crm.organisations if o.kind.value == "client"]
    out += [(f"org-{n}", "big", busy_account(n)) for n in (40, 100, 300)]
    out += [(f"synthetic-{n}", "acct", synthetic_account(n)) for n in (40, 100, 300)]
    return out


ACCOUNTS = _accounts()


def _org_slides(graph: Graph, account: str, lang: Lang = "en") -> list[object]:
    prs = build_deck([(account, graph)], MapOptions(today=DAY, lang=lang))
    title = {"en": "Organisation", "es": "Organización"}[lang]
    return [s for s in prs.slides if s.shapes[1].has_text_frame and s.shapes[1].text_frame.text.startswith(title)]


@pytest.mark.exe
@pytest.mark.parametrize(("label", "account", "graph"), ACCOUNTS, ids=[a[0] for a in ACCOUNTS])
def test_org_slides_keep_every_word_at_10_pt_and_say_what_was_left_out(
    graphviz_dot: str, label: str, account: str, graph: Graph
) -> None:
    slides = _org_slides(graph, account)
    assert slides, label
    total = plan_map(graph, account, MapOptions(view="org", today=DAY)).total_people
    drawn = 0
    for slide in slides:
        tree = slide.shapes._spTree  # type: ignore[attr-defined]
        sizes = [int(r.get("sz")) for r in tree.iter(qn("a:rPr"))]
        assert sizes and min(sizes) >= 1000, (label, min(sizes))  # hundredths of a point
        boxes = [sp for sp in slide.shapes if sp.name.startswith("person ")]  # type: ignore[attr-defined]
        drawn += len(boxes)
        for sp in [*boxes, *(sp for sp in slide.shapes if sp.name == "people not drawn")]:  # type: ignore[attr-defined]
            assert sp.left >= 0 and sp.left + sp.width <= Inches(13.34), (label, sp.name)
            assert MAP_TOP <= sp.top and sp.top + sp.height <= MAP_TOP + MAP_H + Emu(1), (label, sp.name)
        title = slide.shapes[1].text_frame.text  # type: ignore[attr-defined]
        subtitle = slide.shapes[2].text_frame.text  # type: ignore[attr-defined]
        if title.endswith("units with committee members"):  # the units the overview leaves out
            shown = re.match(r"(\d+) of (\d+) people of these units drawn", subtitle)
            assert shown and int(shown[1]) == len(boxes) and int(shown[2]) <= total, (label, subtitle)
            assert "committee members on neither org slide: " in subtitle or "every committee member" in subtitle
            continue
        shown = re.match(r"(\d+) of (\d+) people drawn", subtitle)
        assert shown and int(shown[1]) == len(boxes) and int(shown[2]) == total, (label, subtitle)
        # "N of M people drawn" says how many were left out; the units that collapsed are named
        # (or, when the line is full, counted: the notes name them)
        notes = slide.notes_slide.notes_text_frame.text  # type: ignore[attr-defined]
        assert "Left out to keep every name at 10 pt or more" in notes, label
        if "collapsed" in notes:
            assert "collapsed" in subtitle, (label, subtitle)
    assert drawn >= min(total, 6), (label, drawn)


@pytest.mark.exe
def test_a_large_account_is_drawn_with_more_than_its_chief_executives(graphviz_dot: str) -> None:
    """Meridian's 216 people: the overview shows the finance line down to the committee's users
    and the counts of the rest, not six people; the units with committee members it leaves
    out follow on one slide."""
    samples = load_files(sorted((ROOT / "samples").glob("*.yaml")))[0]
    slide, units = _org_slides(samples, "meridian")
    words = " ".join(sp.text_frame.text for sp in slide.shapes if sp.has_text_frame)  # type: ignore[attr-defined]
    # the CIO (a blocker) and his data people sit in a unit the overview collapses: the next slide has them
    more = " ".join(sp.text_frame.text for sp in units.shapes if sp.has_text_frame)  # type: ignore[attr-defined]
    assert "Adrian Cole" not in words and "Adrian Cole" in more and "Nkechi Adeyemi" in more
    assert "committee members in Digital & IT, Finance, Clinical Operations: on the next slide" in words
    for name in ("Graham Whitlock", "Rachel Okafor", "Anjali Desai", "Daniel Osei", "Siobhan Gallagher"):
        assert name in words
    assert "Finance · 4 of 39" in words and "units collapsed" in words
    es = _org_slides(samples, "andina", "es")[0]
    assert "personas dibujadas" in " ".join(sp.text_frame.text for sp in es.shapes if sp.has_text_frame)  # type: ignore[attr-defined]


@pytest.mark.exe
@pytest.mark.parametrize(("label", "account", "graph"), ACCOUNTS, ids=[a[0] for a in ACCOUNTS])
def test_one_committee_slide_per_open_deal(graphviz_dot: str, label: str, account: str, graph: Graph) -> None:
    """Every open deal of every sample and generated account fits one committee slide at
    10 pt (Andina's pricing deal took two): none says it was split."""
    prs = build_deck([(account, graph)], MapOptions(today=DAY))
    texts = [sp.text_frame.text.replace("\u2011", "-") for s in prs.slides for sp in s.shapes if sp.has_text_frame]
    committee = [t for t in texts if t.startswith("Buying committee")]
    assert committee and len(committee) == len(open_deals(graph, account)), (label, committee)
    assert not [t for t in committee if t.endswith("/2)")], (label, committee)
