"""An org view of a large account that keeps to a page: whole units collapse into counts, the
least relevant first (kamgraph.render.plan.fit's rule), and the subtitle says which; and no
account, sample or generated, makes Graphviz print a warning."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from bench.bench_analysis import synthetic_account
from kamgraph.io.files import load_files
from kamgraph.model import Graph, Person, Role, Stance
from kamgraph.render.actions import open_deals
from kamgraph.render.dot import account_map
from kamgraph.render.facts import committee_routes
from kamgraph.render.plan import MapOptions, plan_map
from kamgraph.render.plan.fit import MAX_BOXES, collapse_units
from kamgraph.render.slides.native import compact_drawing, fixed_drawing
from tests.test_render_plan import big_account

ROOT = Path(__file__).parent.parent
DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def samples() -> Graph:
    return load_files(sorted((ROOT / "samples").glob("*.yaml")))[0]


def _unit(n: int, unit: str) -> list[Person]:
    return [Person(id=f"{unit}{i}", name=f"{unit} {i}", org="acme", unit=unit) for i in range(n)]


def test_the_least_relevant_unit_collapses_first() -> None:
    """Worked by hand: legal (nothing) goes first, then the bigger of the two units that only
    have someone we know, then the one with a decision-maker; the committee's unit stays."""
    people = {p.id: p for p in _unit(3, "legal") + _unit(2, "ops") + _unit(3, "it") + _unit(2, "fin") + _unit(6, "buy")}
    names = {"legal": "Legal", "ops": "Operations", "it": "IT", "fin": "Finance", "buy": "Procurement"}
    chosen, gone = collapse_units(
        set(people),
        people,
        names,
        seated={"buy0"},
        deal_roles={"fin0": {Role.economic_buyer}},
        known={"ops0", "it1", "buy1"},
        keep=set(),
        closure=lambda ids: ids,
        boxes=len,
        limit=6,
    )
    assert gone == ["Legal", "IT", "Operations", "Finance"]  # IT before Operations: more boxes freed
    assert chosen == {f"buy{i}" for i in range(6)}


def test_managers_stay_and_collapsing_stops_before_the_map_is_empty() -> None:
    people = {p.id: p for p in _unit(3, "a") + _unit(3, "b")}
    people["b0"] = people["b0"].model_copy(update={"reports_to": "a0"})
    with_boss = lambda ids: ids | ({"a0"} if "b0" in ids else set())  # noqa: E731
    chosen, gone = collapse_units(
        set(people), people, {}, seated=(), deal_roles={}, known=(), keep=set(), closure=with_boss, boxes=len, limit=1
    )
    assert gone == [] and len(chosen) == 6  # taking out either unit would leave fewer than MIN_PEOPLE


def busy_account(n: int) -> Graph:
    """:func:`big_account` where one person in eight has a stance recorded: more people of
    interest than a page holds."""
    g = big_account(n)
    people = [p.model_copy(update={"stance": Stance.supporter}) if i % 8 == 3 else p for i, p in enumerate(g.people)]
    return g.model_copy(update={"people": people})


def test_a_large_org_view_names_the_units_it_collapsed() -> None:
    g = busy_account(300)
    m = plan_map(g, "big", MapOptions(today=DAY))
    assert "units collapsed: " in m.subtitle
    named = m.subtitle.split("units collapsed: ")[1].split(" · ")[0].removesuffix(", …").split(", ")
    units = {u.name: u.id for u in g.units}
    drawn = {n.id for n in m.nodes if n.kind == "person"}
    seated = {s.person for o in g.opportunities for s in o.committee}
    managers = {p.reports_to for p in g.people if p.id in drawn}

    def score(unit: str) -> tuple[int, int]:  # committee members, then people we know (none decide here)
        ids = {p.id for p in g.people if p.unit == unit}
        return len(ids & seated), len(ids & {k.b for k in g.knows} | ids & {k.a for k in g.knows})

    still = {p.unit for p in g.people if p.id in drawn - managers and p.unit}
    for name in named:
        unit = units[name]
        assert not {p.id for p in g.people if p.unit == unit} & (drawn - managers), name  # none of it drawn
        assert all(score(unit) <= score(other) for other in still), (name, score(unit))  # the least relevant
    people = [n for n in m.nodes if n.kind == "person"]
    groups = [n for n in m.nodes if n.kind == "group"]
    assert len(people) + sum(n.count or 0 for n in groups) + sum(c.hidden for c in m.clusters) == 300
    es = plan_map(g, "big", MapOptions(today=DAY, lang="es"))
    assert "unidades plegadas: " in es.subtitle


def _accounts(samples: Graph) -> list[tuple[str, str, Graph]]:
    out = [(a, a, samples) for a in ("meridian", "andina", "nordhavn")]
    out += [(f"org-{n}", "big", busy_account(n)) for n in (40, 100, 300)]
    out += [(f"synthetic-{n}", "acct", synthetic_account(n)) for n in (40, 100, 300)]
    return out


@pytest.mark.exe
def test_org_views_of_large_accounts_keep_to_the_box_budget(samples: Graph, graphviz_dot: str) -> None:
    """Accounts whose units are subtrees (the samples, a generated org of 40 to 300) draw at
    most MAX_BOXES boxes of theirs, and their map is laid out no wider than a page allows."""
    for label, account, graph in _accounts(samples)[:6]:
        m = plan_map(graph, account, MapOptions(today=DAY))
        theirs = [n for n in m.nodes if n.kind in ("person", "group")]
        if m.total_people < 40:
            continue
        assert len(theirs) <= MAX_BOXES + 1, label  # the count of people outside every unit drawn
        data = json.loads(
            subprocess.run(
                [graphviz_dot, "-Tjson"],
                input=account_map(graph, account, m.options).source,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        width = float(data["bb"].split(",")[2]) / 72
        assert width <= 20, (label, width)


@pytest.mark.exe
def test_graphviz_prints_no_warning_for_any_account(samples: Graph, graphviz_dot: str) -> None:
    """Every view of every sample and generated account, and every committee slide's drawing,
    laid out by dot with nothing on its stderr ("cell size too small", "lost edge" …)."""
    for label, account, graph in _accounts(samples):
        sources = []
        for view in ("org", "committee", "influence"):
            options = MapOptions(view=view, today=DAY)
            try:
                drawing = account_map(graph, account, options)
            except Exception:  # an account with no open deal has no committee view
                assert view == "committee" and not open_deals(graph, account)
                continue
            sources.append((view, drawing.engine, drawing.source))
        for deal in open_deals(graph, account):
            also = committee_routes(graph, account, deal.id)
            m = plan_map(
                graph,
                account,
                MapOptions(view="committee", opportunity=deal.id, legend=False, title=False, also=also, today=DAY),
            )
            sources.append((f"slide {deal.id}", "dot", compact_drawing(m, graph).source))
            # the slide's own: boxes pinned where the slide puts them, lines routed around them
            sources.append((f"slide {deal.id} pinned", "neato", fixed_drawing(m, graph).source))
        for what, engine, source in sources:
            pinned = ["-n2"] if what.endswith("pinned") else []
            run = subprocess.run(
                [graphviz_dot, f"-K{engine}", *pinned, "-Tsvg"],
                input=source,
                capture_output=True,
                text=True,
                check=False,
            )
            assert run.returncode == 0 and run.stderr == "", (label, what, run.stderr[:300])
