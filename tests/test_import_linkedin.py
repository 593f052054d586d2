"""import-linkedin on a seller's Connections.csv (samples/linkedin/), on both stores: matches
by e-mail, URL and name within a matching account (company names written many ways),
ambiguous and unmatched rows reported by line, --add-people, and an idempotent re-import."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamgraph.model import InteractionKind
from kamgraph.store import open_store
from kamgraph.text import company_words, name_words
from tests.test_import_activity import kamgraph, load_samples

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = ROOT / "samples" / "linkedin" / "Connections.csv"
C = str(CONNECTIONS)
JAMES = "kes-james-whitfield"


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    target = str(tmp_path / "kg.db") if request.param == "sqlite" else request.getfixturevalue("neo4j_url")
    load_samples(target)
    yield target


def test_connections_are_matched_or_reported_by_line(url: str) -> None:
    r = kamgraph(url, "import-linkedin", "--owner", "James Whitfield", C, "--skip-bad-rows")
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == [
        f"error: {C}:20: Connected On: 'yesterday' is not a date (like 05 Mar 2024)",
        f"ambiguous: {C}:7: Morven Baxter: matches 2 people at 0018d00002zhqn6AAA "
        "(0038d00002zxxJrAAI, 0038d00003008YuAAI)",
        f"unmatched: {C}:10: Priya Nair: no person of that name at 0018d00002zhqn6AAA",
        f"unmatched: {C}:15: Tom Hartley: no account named like 'Meridian Logistics Ltd'",
        f"unmatched: {C}:21: Oliver Grant: no account named like 'Kestrel Analytics'",
    ]
    assert r.stdout.splitlines() == [
        "17 connections read: 12 matched (2 by email, 10 by name), 1 ambiguous, 3 unmatched",
        "11 interactions added, 1 already there, on 11 relationships (6 new)",
    ]
    with open_store(url) as store:
        knows = {k.key: k for k in store.dump().knows}
        people = {p.id: p for p in store.find_people(limit=10_000)}
    # matched by name within the account however the company is written: "Ashgrove",
    # "Meridian Health Group NHS", "Grupo Andina" (for Grupo Andina de Retail S.A.), a
    # surname left out ("Begoña Muñoz" is Begoña Muñoz Arrieta), case ("nkechi ADEYEMI")
    for theirs, day in [
        ("0038d00002zykt3AAA", "2025-02-27"),
        ("mer-graham-whitlock", "2019-01-30"),
        ("and-begona-munoz-arrieta", "2023-05-09"),
        ("mer-nkechi-adeyemi", "2024-03-05"),
        ("0038d00002zypxnAAA", "2021-02-01"),
        ("nor-mette-kjaer", "2023-08-24"),
    ]:
        k = knows[tuple(sorted((JAMES, theirs)))]  # type: ignore[index]
        assert [(i.kind, str(i.date)) for i in k.evidence] == [(InteractionKind.linkedin, day)], theirs
    # the same connection twice (URL with and without the slash) is one piece of evidence
    anjali = knows[(JAMES, "mer-anjali-desai")]
    assert [i.kind for i in anjali.evidence] == [InteractionKind.linkedin]
    assert anjali.strength == 0.85  # the hand-set strength stays
    # a match by name records the profile URL: the next import matches by URL
    assert people["mer-graham-whitlock"].url == "https://www.linkedin.com/in/grahamwhitlock"
    again = kamgraph(url, "import-linkedin", "--owner", JAMES, C, "--skip-bad-rows")
    assert again.stdout.splitlines() == [
        "17 connections read: 12 matched (2 by email, 10 by url), 1 ambiguous, 3 unmatched",
        "nothing changed: 12 interactions already there",
    ]


def test_a_bad_row_stops_the_import_unless_skipped(url: str) -> None:
    before = kamgraph(url, "export", "--format", "json").output
    r = kamgraph(url, "import-linkedin", "--owner", JAMES, C)
    assert r.exit_code == 1
    assert "Error: nothing written: 1 bad row (listed above)" in r.stderr
    assert kamgraph(url, "export", "--format", "json").output == before


def test_add_people_adds_unmatched_connections_at_a_matched_account(url: str) -> None:
    r = kamgraph(url, "import-linkedin", "--owner", JAMES, C, "--add-people", "--skip-bad-rows", "--json")
    report = json.loads(r.stdout)
    assert report["added_people"] == ["0018d00002zh-priya-nair"]
    assert report["unmatched"] == [
        f"{C}:15: Tom Hartley: no account named like 'Meridian Logistics Ltd'",
        f"{C}:21: Oliver Grant: no account named like 'Kestrel Analytics'",
    ]
    with open_store(url) as store:
        priya = store.person("0018d00002zh-priya-nair")
    assert (priya.org, priya.title, priya.url) == (
        "0018d00002zhqn6AAA",
        "Head of Claims Transformation",
        "https://www.linkedin.com/in/priya-nair-claims",
    )


def test_only_our_people_own_connections(tmp_path: Path) -> None:
    db = str(tmp_path / "kg.db")
    load_samples(db)
    r = kamgraph(db, "import-linkedin", "--owner", "mer-anjali-desai", C)
    assert (r.exit_code, r.stderr.strip()) == (1, "Error: --owner: 'mer-anjali-desai' is not one of our people")


def test_not_a_connections_file(tmp_path: Path) -> None:
    db = str(tmp_path / "kg.db")
    load_samples(db)
    odd = tmp_path / "Contacts.csv"
    odd.write_text("Name,Phone\nAna,1\n", encoding="utf-8")
    r = kamgraph(db, "import-linkedin", "--owner", JAMES, str(odd))
    assert r.exit_code == 1 and "not a LinkedIn Connections.csv" in r.stderr


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme", "ACME Corp."),
        ("Acme", "Acme GmbH"),
        ("Acme Inc", "acme, inc."),
        ("Nordhavn Logistics A/S", "NORDHAVN LOGISTICS"),
    ],
)
def test_company_names_written_many_ways_compare_equal(a: str, b: str) -> None:
    assert company_words(a) == company_words(b)


def test_danish_letters_written_without_them_match(url: str, tmp_path: Path) -> None:
    # stored: Mette Kjær, Søren Dahl, Henrik Skovgaard at Nordhavn Logistics A/S; LinkedIn has
    # them as typed on an English keyboard (æ as ae, ø as oe or o) or the other way round (å for aa)
    rows = [
        "Mette,Kjaer,,,Nordhavn Logistics,CFO,24 Aug 2023",
        "Soeren,Dahl,,,Nordhavn Logistics A/S,Head of IT,01 Feb 2024",
        "Henrik,Skovgård,,,NORDHAVN LOGISTICS,CEO,03 Mar 2022",
    ]
    csv = tmp_path / "Connections.csv"
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    csv.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    r = kamgraph(url, "import-linkedin", "--owner", JAMES, str(csv))
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "3 connections read: 3 matched (3 by name), 0 ambiguous, 0 unmatched"
    with open_store(url) as store:
        knows = {k.key for k in store.dump().knows if any(i.kind == InteractionKind.linkedin for i in k.evidence)}
    for theirs in ("nor-mette-kjaer", "nor-soren-dahl", "nor-henrik-skovgaard"):
        assert tuple(sorted((JAMES, theirs))) in knows


@pytest.mark.parametrize(
    ("a", "b"),
    [("Søren Kjær", "Soeren Kjaer"), ("Søren Kjær", "Soren KJAER"), ("Åse Bråten", "Aase Braaten"), ("Ærø", "Aeroe")],
)
def test_danish_and_norwegian_names_written_many_ways_compare_equal(a: str, b: str) -> None:
    assert name_words(a) == name_words(b) and company_words(a + " A/S") == company_words(b)
