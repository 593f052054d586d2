"""Someone who has left (``Person.left``): kept in the store and shown, but from that day no
route, no thread and no committee member; maps strike them through where they still matter,
and `risk` says what their leaving cost. Hand-worked on tests/data/mini.yaml, whose thread
to the CFO (our Sam knows Íñigo) and to the AP lead (Eve knows Luis) are written down."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kamgraph.analysis import decision_paths, opportunity_risk, whitespace
from kamgraph.cli import cli
from kamgraph.graph import departed, present
from kamgraph.io.files import dump_graph, import_files, load_files, load_graph
from kamgraph.leavers import leaving_costs
from kamgraph.model import Graph, Knows, Membership, Opportunity, Organisation, Person, Role
from kamgraph.render.dot import draw
from kamgraph.render.plan import MapOptions, plan_map
from kamgraph.store import Store

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 12, 1)
OCT = dt.date(2026, 10, 1)


def mini(**left: dt.date) -> Graph:
    graph, _ = load_files([DATA / "mini.yaml"])
    return graph.model_copy(
        update={"people": [p.model_copy(update={"left": left.get(p.id.replace("-", "_"))}) for p in graph.people]}
    )


def test_present_drops_them_their_relations_and_seats() -> None:
    g = mini(acme_cfo=OCT)
    now = present(g, TODAY)
    assert "acme-cfo" not in {p.id for p in now.people}
    assert all("acme-cfo" not in (k.a, k.b) for k in now.knows)
    assert all("acme-cfo" not in (i.source, i.target) for i in now.influences)
    deal = next(o for o in now.opportunities if o.id == "acme-deal")
    assert [m.person for m in deal.committee] == ["acme-cio", "acme-ap1"]
    assert deal.empty_seats == [Role.legal, Role.economic_buyer]  # their seat is an empty one now
    luis = next(p for p in now.people if p.id == "acme-ap1")
    assert luis.reports_to == "acme-ceo"  # one level up
    assert g.person("acme-cfo") is not None and g.person("acme-cfo").left == OCT  # type: ignore[union-attr]


def test_a_day_still_to_come_changes_nothing() -> None:
    g = mini(acme_cfo=dt.date(2027, 1, 1))
    assert present(g, TODAY) is g and departed(g, TODAY) == set()
    assert departed(g, dt.date(2027, 1, 1)) == {"acme-cfo"}


def test_a_vacated_role_someone_else_holds_is_no_empty_seat() -> None:
    g = Graph(
        organisations=[Organisation(id="o", name="O")],
        people=[Person(id="a", name="A", org="o", left=OCT), Person(id="b", name="B", org="o")],
        opportunities=[
            Opportunity(
                id="x",
                account="o",
                name="X",
                committee=[
                    Membership(person="a", roles=[Role.champion, Role.evaluator]),
                    Membership(person="b", roles=[Role.champion]),
                ],
            )
        ],
    )
    assert present(g, TODAY).opportunities[0].empty_seats == [Role.evaluator]


def test_no_route_and_no_thread_through_them() -> None:
    """Before: two threads to the CFO (Sam knows him; Eve knows Luis, who reports to him).
    Luis gone: one thread, the AP unit uncovered, and no route from Eve through Luis."""
    g = mini(acme_ap1=OCT)
    before = opportunity_risk(mini(), "acme-deal", today=TODAY)
    after = opportunity_risk(g, "acme-deal", today=TODAY)
    assert [(t.person, t.threads) for t in before.decision_makers] == [("acme-cfo", 2)]
    assert [(t.person, t.threads) for t in after.decision_makers] == [("acme-cfo", 1)]
    assert (before.score, after.score) == (27, 60)
    paths = decision_paths(g, "us-eve", "acme-cfo", k=3).paths
    assert [p.people for p in paths] == [["us-eve", "us-sam", "acme-cfo"]]
    covered = {u.id: u.covered for u in whitespace(g, "acme").units}
    assert covered == {"acme-it": False, "acme-ap": False, "acme-fin": True}
    assert {u.id: u.covered for u in whitespace(mini(), "acme").units}["acme-ap"] is True


def test_risk_says_what_their_leaving_cost() -> None:
    g = mini(acme_cfo=OCT)
    [cost] = leaving_costs(g, "acme-deal", today=TODAY)
    assert cost.person == "acme-cfo" and cost.seats == [Role.economic_buyer]
    assert cost.score_after > cost.score_before
    said = "Íñigo Peñalver left on 2026-10-01: their seat on the committee (economic buyer) is empty"
    assert cost.says.startswith(said)
    assert leaving_costs(mini(), "acme-deal", today=TODAY) == []


def test_a_connector_leaving_costs_the_buyer_threads() -> None:
    """Sam knows Ana, Ana knows the economic buyer: Ana's leaving cuts the only thread."""
    g = Graph(
        organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="o", name="O")],
        people=[
            Person(id="sam", name="Sam", org="us"),
            Person(id="eb", name="Eva Buyer", org="o"),
            Person(id="ana", name="Ana Ruiz", org="o", left=OCT),
            Person(id="bo", name="Bo", org="o"),
        ],
        knows=[
            Knows(a="ana", b="sam", strength=0.8),
            Knows(a="ana", b="eb", strength=0.7),
            Knows(a="bo", b="sam", strength=0.8),
            Knows(a="bo", b="eb", strength=0.7),
        ],
        opportunities=[
            Opportunity(id="x", account="o", name="X", committee=[Membership(person="eb", roles=[Role.economic_buyer])])
        ],
    )
    [cost] = leaving_costs(g, "x", today=TODAY)
    assert [(t.person, t.before, t.after) for t in cost.threads] == [("eb", 2, 1)]
    assert "Eva Buyer (economic buyer) lost 1 of 2 threads" in cost.says


def test_the_map_strikes_them_through_where_they_matter() -> None:
    g = mini(acme_cfo=OCT, acme_ceo=OCT)
    m = plan_map(g, "acme", MapOptions(view="org", today=TODAY))
    nodes = {n.id: n for n in m.nodes}
    assert nodes["acme-cfo"].left == OCT  # a seat now empty and a lost thread: still drawn
    assert "acme-ceo" not in nodes  # no seat, no thread: gone, and her reports one level up
    source = draw(m).source
    assert "<s><b>Íñigo Peñalver</b></s>" in source and "left on 2026-10-01" in source
    assert "has left (struck through): no route, thread or seat" in source  # the legend says so
    earlier = plan_map(g, "acme", MapOptions(view="org", today=dt.date(2026, 9, 1)))
    assert {n.id: n.left for n in earlier.nodes}["acme-cfo"] is None
    assert "has left (struck through)" not in draw(earlier).source  # and only when someone has


def test_left_round_trips_through_files_and_each_store(store: Store, tmp_path: Path) -> None:
    g = mini(acme_cio=OCT)
    store.import_graph(g)
    assert store.person("acme-cio").left == OCT
    text = dump_graph(store.dump(), "yaml")
    assert "left: '2026-10-01'" in text
    path = tmp_path / "out.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_graph(path).canonical() == store.dump().canonical()
    if type(store).__name__ == "Neo4jStore":
        rows: Any = store.driver.execute_query(  # type: ignore[attr-defined]
            "MATCH (p:Person {id: 'acme-cio'}) RETURN valueType(p.left) AS t",
            database_=store.settings.database,  # type: ignore[attr-defined]
        )[0]
        assert rows[0]["t"] == "DATE NOT NULL"


def test_show_and_risk_on_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")

    def run(*args: str) -> str:
        done = CliRunner().invoke(cli, ["--store", db, "--today", "2026-12-01", *args])
        assert done.exit_code == 0, done.output
        return done.stdout

    with_store = tmp_path / "k.db"
    from kamgraph.store import SQLiteStore

    with SQLiteStore(with_store) as s:
        import_files(s, [DATA / "mini.yaml"])
    run("left", "acme-cfo", "--on", "2026-10-01")
    assert "Íñigo Peñalver (left on 2026-10-01)" in run("show", "acme")
    done = CliRunner().invoke(
        cli, ["--store", db, "--today", "2026-12-01", "path", "--from", "team", "--to", "acme-cfo"]
    )
    assert (done.exit_code, done.stderr) == (
        1,
        "Error: Íñigo Peñalver (acme-cfo) left on 2026-10-01: no route runs to or from them\n",
    )
    said = run("risk", "--opportunity", "acme-deal")
    assert "Íñigo Peñalver left on 2026-10-01: their seat on the committee (economic buyer) is empty" in said
    # --json says it too, for the deal and for each deal of the account
    deal = json.loads(run("risk", "--opportunity", "acme-deal", "--json"))
    [cost] = deal["leaving_costs"]
    assert (cost["person"], cost["left"], cost["seats"]) == ("acme-cfo", "2026-10-01", ["economic_buyer"])
    assert cost["says"] in said and cost["score_after"] == deal["score"]
    account = json.loads(run("risk", "acme", "--json"))
    assert [d["leaving_costs"] for d in account["opportunities"] if d["opportunity"] == "acme-deal"] == [[cost]]
    # before they left, their leaving had cost nothing yet
    before = CliRunner().invoke(
        cli, ["--store", db, "--today", "2026-09-01", "risk", "--opportunity", "acme-deal", "--json"]
    )
    assert before.exit_code == 0 and json.loads(before.stdout)["leaving_costs"] == []


@pytest.mark.neo4j
def test_the_first_layouts_upgrade_keeps_left_as_a_date(neo4j_url: str) -> None:
    import neo4j

    from kamgraph.store.neo4j import Neo4jSettings, Neo4jStore
    from tests.old_neo4j_layout import write_old_layout

    g = mini(acme_cio=OCT)
    s = Neo4jSettings.from_url(neo4j_url, env={})
    with neo4j.GraphDatabase.driver(s.uri, auth=s.auth) as driver:

        def run(cypher: str, **params: Any) -> list[dict[str, Any]]:
            return [r.data() for r in driver.execute_query(cypher, params, database_=s.database)[0]]

        write_old_layout(run, g)
        with Neo4jStore.from_url(neo4j_url, env={}) as store:
            assert store.person("acme-cio").left == OCT
        assert run("MATCH (p:Person {id: 'acme-cio'}) RETURN valueType(p.left) AS t") == [{"t": "DATE NOT NULL"}]


def test_the_deck_strikes_them_through_too() -> None:
    import io
    import zipfile

    from kamgraph.render.slides import build_deck

    buffer = io.BytesIO()
    build_deck([("acme", mini(acme_cfo=OCT))], MapOptions(today=TODAY)).save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        # slides keep in-word hyphens unbroken (U+2011): read them back as plain hyphens
        slides = [
            z.read(n).decode("utf-8").replace("\u2011", "-") for n in z.namelist() if n.startswith("ppt/slides/slide")
        ]
    committee = next(s for s in slides if "left on 2026-10-01" in s)
    assert 'strike="sngStrike"' in committee and "Íñigo Peñalver" in committee
