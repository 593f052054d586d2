"""`show PERSON` (issue 15): a person's card with each relationship's effective strength and
its evidence in words, as `path` and the web routes say it, on each store."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from kamgraph import clock
from kamgraph.cli import cli
from kamgraph.errors import NotFound
from kamgraph.model import (
    Graph,
    Interaction,
    Knows,
    Membership,
    Note,
    Opportunity,
    Organisation,
    Person,
    Role,
    Stance,
)
from kamgraph.store import SQLiteStore, Store
from kamgraph.views import person_view

D = dt.date
TODAY = D(2026, 12, 1)


def _meeting(day: dt.date, kind: str = "meeting") -> Interaction:
    return Interaction(kind=kind, date=day, source="calendar")


def _graph() -> Graph:
    return Graph(
        organisations=[Organisation(id="us", name="Us Ltd", kind="own"), Organisation(id="acme", name="Acme Corp")],
        people=[
            Person(id="sam", name="Sam Seller", org="us"),
            Person(id="kim", name="Kim Keyaccount", org="us"),
            Person(id="lee", name="Lee Engineer", org="us"),
            Person(id="olga", name="Olga Owner", org="us"),
            Person(id="ceo", name="Carla Reyes", org="acme", title="CEO"),
            Person(
                id="ana",
                name="Ana Ruiz",
                org="acme",
                title="CFO",
                reports_to="ceo",
                stance=Stance.supporter,
                last_contact=D(2026, 11, 3),
                notes=[Note(text="Wants a fixed price", date=D(2026, 11, 4), by="sam"), Note(text="Ex-Globex")],
            ),
        ],
        knows=[
            # all three fresh: 1 − 0.6 · 0.6 · 0.85 = 0.694
            Knows(
                a="ana",
                b="sam",
                strength=0,
                last_contact=D(2026, 11, 3),
                evidence=[_meeting(D(2026, 10, 1)), _meeting(D(2026, 11, 3)), _meeting(D(2026, 11, 3), "email")],
            ),
            # set 213 days ago, 123 past fresh: 0.8 · 0.5^(123/180) = 0.498
            Knows(a="ana", b="kim", strength=0.8, strength_set=D(2026, 5, 2)),
            # a LinkedIn connection alone: 0.2, not ageing
            Knows(a="ana", b="lee", strength=0, evidence=[_meeting(D(2021, 6, 1), "linkedin")]),
            # owning the CRM record is not a relationship
            Knows(a="ana", b="olga", strength=0.5, source="crm"),
            # a typed 0.9 with no set date, last seen 548 days ago: 0.9 · 0.5^(458/180) = 0.154
            Knows(a="ana", b="ceo", strength=0.9, last_contact=D(2025, 6, 1), source="colleague"),
        ],
        opportunities=[
            Opportunity(
                id="erp",
                name="ERP rollout",
                account="acme",
                committee=[Membership(person="ana", roles=[Role.economic_buyer], stance=Stance.neutral)],
            )
        ],
    )


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def where(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[tuple[str, Store]]:
    """A store URL for the CLI and the store open on it, loaded with the graph above."""
    if request.param == "neo4j":
        from kamgraph.store.neo4j import Neo4jStore

        url = request.getfixturevalue("neo4j_url")
        store: Store = Neo4jStore.from_url(url, env={})
    else:
        url = str(request.getfixturevalue("tmp_path") / "k.db")
        store = SQLiteStore(url)
    with store:
        store.import_graph(_graph())
        yield url, store


def kamgraph(url: str, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["--store", url, "--today", TODAY.isoformat(), *args], env={"COLUMNS": "200"})
    assert result.exit_code == code, result.output
    return result


def test_the_card_lists_every_relationship_with_its_evidence(where: tuple[str, Store]) -> None:
    url, store = where
    clock.set_today(TODAY)
    try:
        card = person_view(store.account("acme"), "ana")
    finally:
        clock.set_today(None)
    said = [(r.id, r.strength, r.owner, r.evidence) for r in card.relationships]
    assert said == [
        ("sam", 0.694, False, "2 meetings and 1 e-mail since October 2026, last 2026-11-03"),
        ("kim", pytest.approx(0.498, abs=5e-4), False, "set by hand 0.8 on 2026-05-02"),
        ("lee", 0.2, False, "LinkedIn connection since 2021, no activity"),
        (
            "ceo",
            pytest.approx(0.154, abs=5e-4),
            False,
            "set by hand 0.9, undated, ageing from the last contact 2025-06-01 (source: colleague)",
        ),
        ("olga", 0.0, True, "CRM record owner"),
    ]
    assert [(r.ours, r.organisation) for r in card.relationships][:4] == [
        (True, "Us Ltd"),
        (True, "Us Ltd"),
        (True, "Us Ltd"),
        (False, "Acme Corp"),
    ]
    assert [(s.opportunity, s.roles, s.stance) for s in card.seats] == [("erp", [Role.economic_buyer], Stance.neutral)]
    assert [n.text for n in card.notes] == ["Wants a fixed price", "Ex-Globex"]  # newest first, undated last
    assert (card.reports_to_name, card.organisation_name) == ("Carla Reyes", "Acme Corp")


def test_show_person_on_the_command_line(where: tuple[str, Store]) -> None:
    url, _ = where
    out = kamgraph(url, "show", "Ana Ruiz").output
    assert out.splitlines()[:2] == [
        "Ana Ruiz (ana)  CFO · Acme Corp",
        "  reports to Carla Reyes · stance supporter · last contact 2026-11-03",
    ]
    assert "  ERP rollout  economic_buyer  neutral" in out
    relationships = out.split("Relationships\n")[1].split("\n\n")[0].splitlines()
    assert [line.split("  ")[1] for line in relationships[1:5]] == [
        "Sam Seller (ours)",
        "Kim Keyaccount (ours)",
        "Lee Engineer (ours)",
        "Carla Reyes",
    ]
    assert relationships[1].endswith(
        "0.69      2026-11-03    2 meetings and 1 e-mail since October 2026, last 2026-11-03"
    )
    assert relationships[2].endswith("0.50                    set by hand 0.8 on 2026-05-02")
    assert relationships[3].endswith("0.20                    LinkedIn connection since 2021, no activity")
    assert relationships[5] == "  CRM record ownership only (not a relationship): Olga Owner"
    assert "2026-11-04  Wants a fixed price  Sam Seller" in out
    data = json.loads(kamgraph(url, "show", "ana", "--json").output)
    assert [r["id"] for r in data["relationships"]] == ["sam", "kim", "lee", "ceo", "olga"]
    assert data["relationships"][0]["evidence"] == "2 meetings and 1 e-mail since October 2026, last 2026-11-03"
    assert data["relationships"][0]["interactions"] == 3
    # by e-mail-less name part too, and one of ours: their side of the same relationships
    ours = kamgraph(url, "show", "sam seller").output
    assert "Ana Ruiz  Acme Corp" in ours and "2 meetings and 1 e-mail since October 2026" in ours
    # an account is still an account
    assert kamgraph(url, "show", "acme").output.startswith("Acme Corp (acme)")


def test_show_names_nobody_it_cannot_find(where: tuple[str, Store]) -> None:
    url, store = where
    result = kamgraph(url, "show", "zzzz", code=1)
    assert result.stderr == "Error: no account matches 'zzzz'\n"
    with pytest.raises(NotFound):
        person_view(store.account("acme"), "nobody")
