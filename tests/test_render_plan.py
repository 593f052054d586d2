"""What account maps draw, checked on the plan and the DOT source (no Graphviz needed)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kamgraph.errors import InvalidInput, NotFound
from kamgraph.io.files import load_files
from kamgraph.model import (
    Graph,
    Knows,
    Membership,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Role,
    Seniority,
    Stance,
    Unit,
)
from kamgraph.render.dot import EDGE_COLOURS, STANCE_FILL, TEAM_FILL, account_map, draw, edge_attrs, node_attrs
from kamgraph.render.facts import highlight_path, key_numbers
from kamgraph.render.layout import arrange, estimate
from kamgraph.render.plan import MapEdge, MapOptions, plan_map

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 5, 7)


@pytest.fixture(scope="module")
def andina() -> Graph:
    return load_files([DATA / "render.yaml"])[0]


def big_account(n: int = 300) -> Graph:
    """A CEO, 8 divisions of 2 teams each, ``n`` people in all; four of them on a deal."""
    units = [Unit(id="exec", org="big", name="Executive")]
    people = [Person(id="ceo", name="Chief Exec", org="big", unit="exec", seniority=Seniority.executive)]
    for d in range(8):
        units.append(Unit(id=f"d{d}", org="big", name=f"Division {d}", parent="exec"))
        people.append(Person(id=f"vp{d}", name=f"Vice President {d}", org="big", unit=f"d{d}", reports_to="ceo"))
        for t in range(2):
            units.append(Unit(id=f"d{d}t{t}", org="big", name=f"Team {d}.{t}", parent=f"d{d}"))
            people.append(
                Person(id=f"lead{d}{t}", name=f"Lead {d}.{t}", org="big", unit=f"d{d}t{t}", reports_to=f"vp{d}")
            )
    i = 0
    while len(people) < n:
        d, t = i % 8, (i // 8) % 2
        people.append(Person(id=f"p{i}", name=f"Person {i}", org="big", unit=f"d{d}t{t}", reports_to=f"lead{d}{t}"))
        i += 1
    people[-1] = people[-1].model_copy(update={"roles": [Role.champion], "stance": Stance.supporter})
    people.append(Person(id="sam", name="Sam Seller", org="us"))
    champion = people[-2].id
    return Graph(
        organisations=[Organisation(id="big", name="Big Co"), Organisation(id="us", name="Us", kind=OrgKind.own)],
        units=units,
        people=people,
        knows=[Knows(a="sam", b=champion, strength=0.9), Knows(a="sam", b="lead30", strength=0.2)],
        opportunities=[
            Opportunity(
                id="deal",
                account="big",
                name="Deal",
                amount=100,
                committee=[
                    Membership(person="vp3", roles=[Role.economic_buyer]),
                    Membership(person=champion, roles=[Role.champion]),
                ],
            )
        ],
    )


def test_every_person_of_a_small_account_is_drawn_with_stance_roles_and_units(andina: Graph) -> None:
    m = plan_map(andina, "andina", MapOptions(today=DAY))
    staff = {p.id for p in andina.people if p.org == "andina"}
    assert {n.id for n in m.nodes if n.kind == "person"} == staff
    assert {n.id for n in m.nodes if n.kind == "team"} == {"s1", "s2"}
    cfo = m.node("cfo")
    assert (cfo.name, cfo.stance, cfo.badges, cfo.cluster) == ("Íñigo Peña Ibáñez", Stance.detractor, ["EB"], "fin")
    # the CIO's own roles and their roles on the open deal
    assert m.node("cio").badges == ["DM", "TB"]
    assert not any(n.kind == "group" for n in m.nodes)
    assert {(c.id, c.parent) for c in m.clusters} >= {("dir", None), ("fin", "dir"), ("ti", "dir"), ("team", None)}
    assert m.title == "Compañía Andina de Energía · Account map"
    assert m.subtitle == "6 of 6 people · as of 2026-05-07"


def test_lines_reporting_influence_and_our_relationships(andina: Graph) -> None:
    m = plan_map(andina, "andina", MapOptions(today=DAY))
    edges = {(e.source, e.target, e.kind): e for e in m.edges}
    assert ("ceo", "cfo", "reports_to") in edges  # manager above report
    assert edges[("cfo", "ceo", "influences")].weight == 0.9
    assert ("cio", "s1", "knows") in edges or ("s1", "cio", "knows") in edges
    # the org view leaves client-to-client acquaintance out; the committee view keeps it
    assert not any({e.source, e.target} == {"arq", "cfo"} for e in m.edges if e.kind == "knows")
    c = plan_map(andina, "andina", MapOptions(view="committee", today=DAY))
    assert any({e.source, e.target} == {"arq", "cfo"} for e in c.edges if e.kind == "knows")


def test_styles_per_stance_role_and_line(andina: Graph) -> None:
    m = plan_map(andina, "andina", MapOptions(today=DAY))
    assert node_attrs(m.node("cfo"))["fillcolor"] == STANCE_FILL[Stance.detractor]
    assert node_attrs(m.node("arq"))["fillcolor"] == STANCE_FILL[Stance.supporter]
    assert node_attrs(m.node("ops"))["fillcolor"] == STANCE_FILL[Stance.unknown]
    assert node_attrs(m.node("s1"))["fillcolor"] == TEAM_FILL
    assert float(node_attrs(m.node("cfo"))["penwidth"]) > float(node_attrs(m.node("ops"))["penwidth"])  # high influence
    # deciders' badges are dark, others light
    label = node_attrs(m.node("cio"))["label"]
    assert re.search(r'bgcolor="#222222"[^>]*><font[^>]*><b>DM', label)
    assert re.search(r'bgcolor="#FFFFFF"[^>]*><font[^>]*><b>TB', label)
    kinds = {e.kind: edge_attrs(e) for e in m.edges}
    assert kinds["influences"]["style"] == "dashed" and kinds["influences"]["constraint"] == "false"
    assert kinds["reports_to"]["color"] == EDGE_COLOURS["reports_to"] and "style" not in kinds["reports_to"]
    strong, weak = (
        edge_attrs(e) for e in sorted((e for e in m.edges if e.kind == "knows"), key=lambda e: -(e.weight or 0))[::2]
    )
    assert float(strong["penwidth"]) > float(weak["penwidth"])  # width follows strength
    # the four stance colours are distinct, and none is our team's
    assert len({*STANCE_FILL.values(), TEAM_FILL}) == 5


def test_the_drawing_has_clusters_a_legend_and_a_title(andina: Graph) -> None:
    src = account_map(andina, "andina", MapOptions(today=DAY, lang="es")).source
    assert src.count("subgraph cluster_") == 5  # four units and our team
    assert "Nuestro equipo · Kestrel" in src
    for words in (
        "Postura",
        "Aliado",
        "Detractor",
        "Comprador económico",
        "Promotor interno",
        "reporta a",
        "Mapa de la cuenta",
        "6 de 6 personas",
    ):
        assert words in src, words
    english = account_map(andina, "andina", MapOptions(today=DAY)).source
    assert "Economic buyer" in english and "Comprador" not in english
    # the legend only explains badges that are on the map
    assert "Legal" not in english
    bare = account_map(andina, "andina", MapOptions(today=DAY, legend=False, title=False)).source
    assert "Stance" not in bare and "graph [label=" not in bare


def test_user_text_is_escaped_in_labels() -> None:
    g = Graph(
        organisations=[Organisation(id="o", name="A & B <Co>")],
        people=[Person(id="x", name='Zoë "Z" <b>', org="o", title="R&D > all")],
    )
    src = account_map(g, "o").source
    assert "Zoë &quot;Z&quot; &lt;b&gt;" in src and "R&amp;D &gt; all" in src and "A &amp; B &lt;Co&gt;" in src


def test_redact_shows_initials_and_no_names(andina: Graph) -> None:
    m = plan_map(andina, "andina", MapOptions(redact=True, today=DAY))
    assert m.node("cfo").name == "Í.P.I." and m.node("s1").name == "S.C."
    src = draw(m).source
    for p in andina.people:
        assert p.name not in src
        assert not p.email or p.email not in src


def test_committee_view_keeps_the_committee_their_managers_and_our_team(andina: Graph) -> None:
    m = plan_map(andina, "andina", MapOptions(view="committee", today=DAY))
    ids = {n.id for n in m.nodes}
    assert {"cfo", "cio", "arq", "comp"} <= ids  # members
    assert "ceo" in ids  # the CFO's and CIO's manager
    assert {"s1", "s2"} <= ids
    # the deal's stance wins over the person's own
    assert m.node("comp").stance == Stance.detractor
    [seat] = [n for n in m.nodes if n.kind == "seat"]
    assert seat.badges == ["LEG"] and "empty seat" in (seat.title or "")
    assert "Renovación de plataforma 2026" in m.subtitle
    with pytest.raises(NotFound):
        plan_map(andina, "andina", MapOptions(view="committee", opportunity="nope"))


def test_committee_view_without_an_open_deal_says_so() -> None:
    g = Graph(organisations=[Organisation(id="o", name="O")], people=[Person(id="a", name="A", org="o")])
    with pytest.raises(InvalidInput, match="no open opportunity"):
        plan_map(g, "o", MapOptions(view="committee"))


def test_influence_view_is_only_the_influence_network(andina: Graph) -> None:
    m = plan_map(andina, "andina", MapOptions(view="influence", today=DAY))
    assert {e.kind for e in m.edges} == {"influences"}
    assert {n.id for n in m.nodes} == {"arq", "cio", "cfo", "ceo", "ops"}
    assert m.clusters == []
    assert draw(m).engine == "neato"


def test_highlighted_path_is_bold_on_existing_lines(andina: Graph) -> None:
    path = highlight_path(andina, "andina", "team:role:economic_buyer")
    assert path[0] in {"s1", "s2"} and path[-1] == "cfo"
    m = plan_map(andina, "andina", MapOptions(highlight=path, today=DAY))
    assert all(m.node(p).highlighted for p in path)
    lit = [e for e in m.edges if e.highlighted]
    assert len(lit) == len(path) - 1
    assert edge_attrs(lit[0])["color"] == EDGE_COLOURS["path"]
    with pytest.raises(InvalidInput):
        highlight_path(andina, "andina", "nocolon")
    with pytest.raises(NotFound):
        plan_map(andina, "andina", MapOptions(highlight=["ghost"]))


def test_a_large_account_collapses_units_of_no_interest() -> None:
    g = big_account(300)
    m = plan_map(g, "big", MapOptions(today=DAY))
    people = [n for n in m.nodes if n.kind == "person"]
    groups = [n for n in m.nodes if n.kind == "group"]
    assert m.total_people == 300
    hidden = sum(c.hidden for c in m.clusters)
    assert len(people) + sum(n.count or 0 for n in groups) + hidden == 300  # everyone is drawn or counted
    assert len(m.nodes) < 60
    shown = {n.id for n in people}
    # the champion and the VP on the deal are shown, with the champion's managers up to the CEO
    champion = next(p for p in g.people if p.roles == [Role.champion])
    assert {champion.id, champion.reports_to, "vp3", "ceo"} <= shown
    # the divisions nobody of interest works in are one box under the CEO, listing each with its count
    [rest] = [n for n in groups if n.id == "group:rest:ceo"]
    assert rest.name == f"{rest.count} people in 6 units"
    assert sorted(name for name, _ in rest.parts) == [f"Division {d}" for d in (0, 1, 4, 5, 6, 7)]
    assert dict(rest.parts)["Division 5"] == sum(1 for p in g.people if p.unit in {"d5", "d5t0", "d5t1"})
    assert ("ceo", rest.id, "group") in {(e.source, e.target, e.kind) for e in m.edges}
    assert "Division 5" in node_attrs(rest)["label"]
    # a team of a drawn division is its own box, named, with its count
    [team21] = [n for n in groups if n.name == "Team 2.1"]
    assert team21.title == "18 people" and team21.cluster == "d2"
    # where someone of interest works, the rest of the unit is counted in its label
    [unit] = [c for c in m.clusters if c.id == champion.unit]
    assert unit.hidden == sum(1 for p in g.people if p.unit == champion.unit) - 2  # the champion and their lead
    assert f'label="{unit.label}  ·  +{unit.hidden} more"' in draw(m).source
    assert "of 300 people" in m.subtitle
    full = plan_map(g, "big", MapOptions(collapse=False))
    assert len([n for n in full.nodes if n.kind == "person"]) == 300


def test_unit_and_depth_focus_a_large_account() -> None:
    g = big_account(300)
    m = plan_map(g, "big", MapOptions(unit="d3", collapse=False))
    assert {n.id for n in m.nodes if n.kind == "person"} == {p.id for p in g.people if p.unit in {"d3", "d3t0", "d3t1"}}
    assert "Division 3" in m.subtitle
    by_name = plan_map(g, "big", MapOptions(unit="division 3", collapse=False))
    assert len(by_name.nodes) == len(m.nodes)
    top = plan_map(g, "big", MapOptions(depth=2))
    assert {n.id for n in top.nodes if n.kind == "person"} == {"ceo", *(f"vp{d}" for d in range(8))}
    assert sum(n.count or 0 for n in top.nodes if n.kind == "group") == 291
    with pytest.raises(NotFound):
        plan_map(g, "big", MapOptions(unit="nowhere"))


def test_key_numbers_come_from_the_analyses(andina: Graph) -> None:
    k = key_numbers(andina, "andina", today=DAY)
    assert k.deal == "Renovación de plataforma 2026" and k.amount == 480000
    assert k.threads is not None and k.threads >= 1
    assert (k.supporters, k.detractors, k.empty_seats) == (2, 2, 1)
    assert k.score is not None and 0 <= k.score <= 100


def test_long_rows_of_reports_stagger() -> None:
    m = plan_map(big_account(300), "big", MapOptions(unit="d3", collapse=False))
    under_lead = [e for e in m.edges if e.kind == "reports_to" and e.source == "lead30"]
    assert len(under_lead) > 6 and {e.minlen for e in under_lead} == {1, 2, 3}
    assert edge_attrs(next(e for e in under_lead if e.minlen == 3))["minlen"] == "3"
    # Two staggered teams side by side would be 12 boxes wide: the second wraps below the first,
    # held under it by an invisible line.
    assert [e.minlen for e in m.edges if e.source == "vp3" and e.kind == "reports_to"] == [1, 5]
    stack = next(e for e in m.edges if e.kind == "stack")
    assert (stack.source, stack.target) == ("lead30", "lead31")
    assert edge_attrs(stack)["style"] == "invis"


def test_a_wide_org_chart_wraps_into_bands_closer_to_a_slide() -> None:
    edges = [MapEdge(source="ceo", target=f"vp{i}", kind="reports_to") for i in range(8)]
    edges += [MapEdge(source=f"vp{i}", target=f"m{i}{j}", kind="reports_to") for i in range(8) for j in range(2)]
    edges += [
        MapEdge(source=f"m{i}{j}", target=f"p{i}{j}{k}", kind="reports_to")
        for i in range(8)
        for j in range(2)
        for k in range(2)
    ]
    wide, deep = estimate(edges)
    arrange(edges)
    wrapped_wide, wrapped_deep = estimate(edges)
    assert wrapped_wide <= wide / 2 and wrapped_deep > deep
    assert {e.minlen for e in edges if e.source != "ceo"} == {1}  # only the VPs' subtrees move
    # The committee view keeps every VP on one rank: there, rank means seniority.
    before = [e.model_copy() for e in edges]
    for e in before:
        e.minlen = 1
    assert arrange(before, aspect=None) == [] and {e.minlen for e in before} == {1}


def test_committee_view_draws_the_people_on_our_routes_to_its_members() -> None:
    from kamgraph.render.facts import committee_routes

    g = load_files([ROOT / "samples" / "team.yaml", ROOT / "samples" / "nordhavn.yaml"])[0]
    routes = committee_routes(g, "nordhavn")
    assert routes, "the sample's committee is reached through someone outside it"
    m = plan_map(g, "nordhavn", MapOptions(view="committee", also=routes))
    assert set(routes) <= {n.id for n in m.nodes}


def _rank_rows(src: str) -> list[set[str]]:
    """The node names of each ``rank=same`` group in DOT source."""
    return [set(re.findall(r"\bn\d+\b", block)) for block in re.findall(r"\{\s*rank=same([^}]*)\}", src)]


def test_committee_map_puts_our_side_below_and_empty_seats_beside_the_committee() -> None:
    from kamgraph.render.facts import committee_routes

    g = load_files([ROOT / "samples" / "team.yaml", ROOT / "samples" / "nordhavn.yaml"])[0]
    m = plan_map(g, "nordhavn", MapOptions(view="committee", also=committee_routes(g, "nordhavn")))
    names = {n.id: f"n{i}" for i, n in enumerate(m.nodes)}
    # A third party on our routes sits in a box named after its organisation, on our row.
    [partner] = [n for n in m.nodes if n.cluster and n.cluster.startswith("org:")]
    assert next(c.label for c in m.clusters if c.id == partner.cluster) == "Fjordgate Systems ApS"
    [seat] = [n for n in m.nodes if n.kind == "seat"]
    deal = next(o for o in g.opportunities if o.account == "nordhavn" and o.is_open and o.empty_seats)
    assert seat.near in {c.person for c in deal.committee}
    src = draw(m).source
    ours = {names[n.id] for n in m.nodes if n.kind == "team"} | {names[partner.id]}
    rows = _rank_rows(src)
    assert ours in rows, "our team and the partner share one row"
    assert {names[seat.near], names[seat.id]} in rows
    # Every line between them and us runs from their person (above) to ours (below).
    for tail, head in re.findall(r"\b(n\d+) -> (n\d+) \[[^\]]*#0077BB", src):
        assert (tail in ours, head in ours) in ((False, True), (True, True))
    assert "outputorder=edgesfirst" in src  # lines pass behind the boxes


def test_redacted_drawing_ids_do_not_spell_the_person() -> None:
    g = load_files([ROOT / "samples" / "team.yaml", ROOT / "samples" / "nordhavn.yaml"])[0]
    src = account_map(g, "nordhavn", MapOptions(redact=True, view="committee")).source
    for p in g.people:
        assert p.id not in src and p.name not in src
    assert 'id="node-n0"' in src
    assert 'id="node-nor-' in account_map(g, "nordhavn", MapOptions(view="committee")).source


def test_people_with_no_reporting_line_stack_into_rows_not_one_long_rank() -> None:
    people = [Person(id=f"c{i}", name=f"Contact {i}", org="crm", unit="sales") for i in range(14)]
    g = Graph(
        organisations=[Organisation(id="crm", name="From a CRM")],
        units=[Unit(id="sales", org="crm", name="Sales")],
        people=people,
    )
    m = plan_map(g, "crm", MapOptions(collapse=False))
    grid = [(e.source, e.target) for e in m.edges if e.kind == "grid"]
    order = [n.id for n in m.nodes]
    assert grid == list(zip(order, order[6:], strict=False))  # rows of six
    assert all(edge_attrs(e)["style"] == "invis" for e in m.edges if e.kind == "grid")
    assert not any(e.kind == "grid" for e in plan_map(g, "crm", MapOptions(view="influence")).edges)


def crm_account(n: int = 50) -> Graph:
    """An account as a CRM import leaves it: every contact owned by one of our sellers (a
    ``source: crm`` acquaintance), no stances, managers recorded for half of them, a deal
    with two contact roles, and one real relationship (a meeting)."""
    people = [Person(id="ceo", name="Chief Exec", org="acct", unit="exec", seniority=Seniority.executive)]
    for i in range(1, n):
        boss = "ceo" if i < 4 else (f"c{i % 3 + 1}" if i % 2 else None)  # every other one: no manager recorded
        people.append(Person(id=f"c{i}", name=f"Contact {i}", org="acct", unit="ops", reports_to=boss))
    ours = [Person(id="005A", name="Tom Ashdown", org="us"), Person(id="005B", name="Irene Castellví", org="us")]
    knows = [Knows(a="005A" if i % 5 else "005B", b=p.id, strength=0.3, source="crm") for i, p in enumerate(people)]
    knows.append(Knows(a="005B", b="c7", strength=0.8, source="meeting"))
    return Graph(
        organisations=[Organisation(id="acct", name="Acct plc"), Organisation(id="us", name="Us", kind=OrgKind.own)],
        units=[Unit(id="exec", org="acct", name="Executive"), Unit(id="ops", org="acct", name="Operations")],
        people=[*people, *ours],
        knows=knows,
        opportunities=[
            Opportunity(
                id="deal",
                account="acct",
                name="Deal",
                amount=10,
                committee=[
                    Membership(person="c9", roles=[Role.economic_buyer]),
                    Membership(person="c20", roles=[Role.evaluator]),
                ],
            )
        ],
    )


def test_crm_ownership_is_a_mark_on_the_person_not_a_line() -> None:
    g = crm_account()
    m = plan_map(g, "acct", MapOptions(collapse=False, today=DAY))
    # the one real relationship stays a line, to its seller in our team's row
    assert [(e.source, e.target) for e in m.edges if e.kind == "knows"] == [("005B", "c7")]
    assert [n.id for n in m.nodes if n.kind == "team"] == ["005B"]  # Tom owns records, knows nobody: no box
    # every contact carries their owner's initials; the legend says who they are
    assert m.owners == [("IC", "Irene Castellví"), ("TA", "Tom Ashdown")]
    assert m.node("c1").owners == ["TA"] and m.node("ceo").owners == ["IC"]
    assert all(n.owners for n in m.nodes if n.kind == "person")
    legend = draw(m).source
    assert "Owner in the CRM" in legend and "coverage, not a relationship" in legend and "Tom Ashdown" in legend
    es = draw(plan_map(g, "acct", MapOptions(lang="es", collapse=False))).source
    assert "Propietario en el CRM" in es and "cobertura, no una relación" in es
    # redacted: the owners' initials, never their names
    red = plan_map(g, "acct", MapOptions(redact=True, collapse=False))
    assert red.owners == [("IC", "I.C."), ("TA", "T.A.")] and "Tom Ashdown" not in draw(red).source


def test_crm_ownership_marks_in_the_committee_view_and_a_path_through_an_owner_is_drawn() -> None:
    g = crm_account()
    m = plan_map(g, "acct", MapOptions(view="committee", highlight=["005A", "c9"]))
    assert m.node("c9").owners == ["TA"] and m.node("c20").owners == ["IC"]
    assert not any(e.kind == "knows" for e in m.edges)
    path = [e for e in m.edges if e.highlighted]
    assert [(e.source, e.target, e.kind) for e in path] == [("005A", "c9", "path")]


def test_a_crm_account_collapses_to_the_people_of_interest() -> None:
    g = crm_account()
    m = plan_map(g, "acct", MapOptions(today=DAY))
    drawn = {n.id for n in m.nodes if n.kind == "person"}
    # the committee (and their managers), the executive, the one we really know; not everyone
    assert {"ceo", "c9", "c20", "c7"} <= drawn
    assert len(drawn) < 12
    assert sum(n.count or 0 for n in m.nodes if n.kind == "group") + sum(c.hidden for c in m.clusters) == 50 - len(
        drawn
    )


def test_partial_reporting_lines_are_called_the_crms_view(andina: Graph) -> None:
    g = crm_account()
    assert "reporting lines: the CRM's view, partial" in plan_map(g, "acct").subtitle
    assert "la vista del CRM, parcial" in plan_map(g, "acct", MapOptions(lang="es", view="committee")).subtitle
    assert "CRM" not in plan_map(andina, "andina").subtitle  # one top of the hierarchy: a whole chart
    assert "CRM" not in plan_map(g, "acct", MapOptions(view="influence")).subtitle


def test_small_charts_do_not_wrap_into_bands() -> None:
    edges = [MapEdge(source="ceo", target=f"vp{i}", kind="reports_to") for i in range(4)]
    edges += [MapEdge(source=f"vp{i}", target=f"p{i}{j}", kind="reports_to") for i in range(4) for j in range(2)]
    assert arrange(edges) == [] and estimate(edges) == (8, 3)
