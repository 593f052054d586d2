"""The committee slides' lines, read back from the PPTX XML: native connectors, straight or
elbow, glued at both ends to the boxes they join, whose drawn path (worked out from the
connector's frame, turn, flips and bend) starts and ends on those boxes' connection sites
and runs only across and down, as Graphviz's orthogonal router drew it. And a committee
spread over many small levels stays on one slide instead of two half-empty ones."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType

from kamgraph.io.files import load_files
from kamgraph.model import Graph, Membership, Opportunity, Organisation, OrgKind, Person, Seniority
from kamgraph.render.plan import MapOptions
from kamgraph.render.slides import build_deck
from kamgraph.render.slides.lines import elbow_frame, site_point
from kamgraph.render.slides.native import shared_length

DAY = dt.date(2026, 6, 30)
SITES = ("top", "left", "bottom", "right")
SLANT, NEAR = 2 * 12700 * 1.3, 1000  # EMUs: 2 pt at the slide's largest zoom; rounding


@pytest.fixture(scope="module")
def samples() -> Graph:
    root = Path(__file__).parent.parent / "samples"
    return load_files(sorted(root.glob("*.yaml")))[0]


def _box(sp: object) -> tuple[float, float, float, float]:
    off = sp.find(f".//{qn('a:off')}")  # type: ignore[attr-defined]
    ext = sp.find(f".//{qn('a:ext')}")  # type: ignore[attr-defined]
    return float(off.get("x")), float(off.get("y")), float(ext.get("cx")), float(ext.get("cy"))


def drawn_path(cxn: object) -> list[tuple[float, float]]:
    """The polyline a connector draws on the slide, from its XML (DrawingML's rules: the
    preset path in the frame, flipped in it, turned clockwise about its centre)."""
    xfrm = cxn.find(f".//{qn('a:xfrm')}")  # type: ignore[attr-defined]
    x, y, w, h = _box(cxn)
    rot = int(xfrm.get("rot", "0")) / 60000
    flip_h, flip_v = xfrm.get("flipH") == "1", xfrm.get("flipV") == "1"
    prst = cxn.find(f".//{qn('a:prstGeom')}").get("prst")  # type: ignore[attr-defined]
    if prst in ("line", "straightConnector1"):
        local = [(0.0, 0.0), (w, h)]
    else:
        assert prst == "bentConnector3", prst
        gd = cxn.find(f".//{qn('a:gd')}")  # type: ignore[attr-defined]
        adj = int(gd.get("fmla").split()[1]) / 100000 if gd is not None else 0.5
        local = [(0.0, 0.0), (adj * w, 0.0), (adj * w, h), (w, h)]
    cx, cy = x + w / 2, y + h / 2
    out = []
    a = math.radians(rot)
    for u, v in local:
        du, dv = u - w / 2, v - h / 2
        du, dv = (-du if flip_h else du), (-dv if flip_v else dv)
        out.append((cx + du * math.cos(a) - dv * math.sin(a), cy + du * math.sin(a) + dv * math.cos(a)))
    return out


def _connectors(prs: PresentationType) -> list[tuple[object, dict[int, object]]]:
    out = []
    for slide in prs.slides:
        tree = slide.shapes._spTree
        by_id = {int(sp.find(f".//{qn('p:cNvPr')}").get("id")): sp for sp in tree.iter(qn("p:sp"))}
        out += [(cxn, by_id) for cxn in tree.iter(qn("p:cxnSp"))]
    return out


@pytest.mark.exe
@pytest.mark.parametrize("account", ["meridian", "andina", "nordhavn"])
def test_connectors_are_glued_and_run_straight_or_elbow_between_their_sites(
    samples: Graph, graphviz_dot: str, account: str
) -> None:
    prs = build_deck([(account, samples)], MapOptions(today=DAY))
    lines = _connectors(prs)
    assert len(lines) > 10
    kinds = set()
    for cxn, by_id in lines:
        st = cxn.find(f".//{qn('a:stCxn')}")  # type: ignore[attr-defined]
        end = cxn.find(f".//{qn('a:endCxn')}")  # type: ignore[attr-defined]
        assert st is not None and end is not None  # follows its boxes when they move
        path = drawn_path(cxn)
        kinds.add(len(path))
        for (x1, y1), (x2, y2) in zip(path, path[1:], strict=False):
            # an elbow's legs run across or down, never slanted (a box a point off its
            # neighbour's middle: 2 pt); only a straight line may slant (one drawn straight
            # where its elbow would have run along another line)
            assert len(path) == 2 or abs(x1 - x2) < SLANT or abs(y1 - y2) < SLANT, path
        for (x, y), glue in ((path[0], st), (path[-1], end)):
            box = _box(by_id[int(glue.get("id"))])
            sx, sy = site_point(box, int(glue.get("idx")))
            assert abs(sx - x) < NEAR and abs(sy - y) < NEAR, (SITES[int(glue.get("idx"))], path, box)
        # it leaves and reaches each box square to the side it is glued to, not along it
        for (a, b), glue in ((path[:2], st), (path[:-3:-1], end)) if len(path) > 2 else ():
            along_x = abs(a[0] - b[0]) > SLANT
            along_y = abs(a[1] - b[1]) > SLANT
            assert not (along_x if int(glue.get("idx")) in (0, 2) else along_y), (SITES[int(glue.get("idx"))], path)
    assert kinds == {2, 4}  # straight lines and elbows both


def test_an_elbow_that_sets_off_down_is_turned_a_quarter() -> None:
    # Down 10, across 20 to the right, down 10 more: drawn by the frame as worked out.
    frame = elbow_frame((100, 100), (120, 120), 110, vertical=True)
    assert frame["rot"] == 5400000 and frame["ext"] == (20, 20)
    # A U: from the bottom of one box to the bottom of another, turning below both.
    u = elbow_frame((0, 50), (100, 40), 60, vertical=True)
    assert u["adj"] == -100000  # the bend lies outside the frame, as PowerPoint allows


def _spread_committee() -> Graph:
    """Eleven committee members over five levels of one to four people (a CRM import's
    committee): one row per level is too tall for a slide."""
    levels = [Seniority.executive] * 4 + [Seniority.director] + [Seniority.head] * 3 + [Seniority.manager] * 2
    levels += [Seniority.staff]
    people = [
        Person(id=f"p{i}", name=f"Person Number{i}", title="Head of Something Long", org="acme", seniority=s)
        for i, s in enumerate(levels)
    ]
    people.append(Person(id="us1", name="Our Seller", org="us"))
    committee = [Membership(person=p.id, roles=["decision_maker"] if i == 0 else []) for i, p in enumerate(people[:-1])]
    return Graph(
        organisations=[Organisation(id="acme", name="Acme"), Organisation(id="us", name="Us", kind=OrgKind.own)],
        people=people,
        opportunities=[Opportunity(id="d1", account="acme", name="Deal", amount=1000, committee=committee)],
    )


@pytest.mark.exe
def test_a_committee_over_many_small_levels_stays_on_one_slide(graphviz_dot: str) -> None:
    prs = build_deck([("acme", _spread_committee())], MapOptions(today=DAY))
    titles = [s.shapes[1].text_frame.text for s in prs.slides if len(s.shapes) > 1 and s.shapes[1].has_text_frame]
    titles = [t.replace("\u2011", "-") for t in titles]
    committee = [t for t in titles if t.startswith("Buying committee")]
    assert committee == ["Buying committee · Deal"]


@pytest.mark.exe
def test_a_named_deal_keeps_the_deck_to_its_account(samples: Graph, graphviz_dot: str) -> None:
    prs = build_deck(
        [("meridian", samples), ("andina", samples)], MapOptions(today=DAY), opportunities=["mer-opp-costing"]
    )
    text = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame).replace(
        "\u2011", "-"
    )
    assert "Andina" not in text and "Portfolio" not in text  # one account left: no portfolio slide
    committee = [t for t in text.split("Buying committee · ")[1:]]
    assert len(committee) == 1 and committee[0].startswith("Patient-Level Costing")


@pytest.mark.exe
def test_long_deal_names_wrap_between_words(samples: Graph, graphviz_dot: str) -> None:
    """A slide never breaks "kx-connect" after its hyphen: in-word hyphens are non-breaking."""
    prs = build_deck([("meridian", samples)], MapOptions(today=DAY))
    runs = [
        r.text
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    ]
    named = [r for r in runs if "kx\u2011platform + kx\u2011connect" in r]
    assert named and not any("kx-connect" in r for r in runs)


@pytest.mark.exe
def test_elbows_do_not_run_along_each_other(samples: Graph, graphviz_dot: str) -> None:
    """On every committee slide of the samples, no two elbow connectors share more than 6 pt of
    path (the crowded ones shared up to 3,558 pt: the glued ends meet at each side's middle,
    so orthogonal lines into one box ran down the same channel), and all of them together
    share less than a tenth of what they did."""
    prs = build_deck([(a, samples) for a in ("meridian", "andina", "nordhavn")], MapOptions(today=DAY))
    total = 0.0
    for slide in prs.slides:
        if not any(s.has_text_frame and s.text_frame.text.startswith("Buying committee") for s in slide.shapes):
            continue  # an org slide's lines from the top to each division share their bus, as org charts do
        paths = [drawn_path(c) for c in slide.shapes._spTree.iter(qn("p:cxnSp"))]
        elbows = [p for p in paths if len(p) > 2]
        for i, a in enumerate(elbows):
            for b in elbows[i + 1 :]:
                assert shared_length(a, b) <= 6 * 12700 + 1, (a, b)
        total += sum(shared_length(a, b) for i, a in enumerate(paths) for b in paths[i + 1 :])
    assert total / 12700 < 0.1 * 14_076  # before: 14,076 pt over the samples' committee slides; now 587
