"""The web app's HTTP API through Starlette's test client, on each store: every endpoint
answers what the matching command's --json prints, bad input is a 4xx with one clear line
and nothing written, and the guard (host, token, CSRF, read-only, static paths) holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from kamgraph.analysis import decision_paths, opportunity_risk
from kamgraph.evidence import explain_routes
from kamgraph.io.files import import_files
from kamgraph.model import Graph, Person, Stance
from kamgraph.store import SQLiteStore, Store
from kamgraph.views import account_view
from kamgraph.web import WebSettings, create_app
from tests.conftest import SAMPLES

HOST = "testserver"
ORIGIN = "http://testserver"
HOSTILE = "<img src=x onerror=alert(1)>"


def _client(store: Store, **options: Any) -> TestClient:
    settings = WebSettings(store.url, hosts=[HOST], store=None if isinstance(store, SQLiteStore) else store, **options)
    return TestClient(create_app(settings), base_url=ORIGIN)


@pytest.fixture
def loaded(store: Store) -> Store:
    import_files(store, [SAMPLES / "team.yaml", SAMPLES / "nordhavn.yaml"])
    store.import_graph(Graph(people=[Person(id="nor-hostile", name=HOSTILE, org="nordhavn", title=HOSTILE)]))
    return store


@pytest.fixture
def client(loaded: Store) -> Iterator[TestClient]:
    with _client(loaded) as c:
        yield c


def _write_headers(c: TestClient) -> dict[str, str]:
    return {"x-csrf-token": c.get("/api/session").json()["csrf"], "origin": ORIGIN}


def test_read_endpoints_answer_the_cli_shapes(client: TestClient, loaded: Store) -> None:
    graph = loaded.account("nordhavn")
    assert client.get("/api/accounts/nordhavn").json() == account_view(graph, "nordhavn").to_json()
    routes = client.get("/api/accounts/nordhavn/routes", params={"to": "nor-soren-dahl", "k": 2}).json()
    expected = explain_routes(decision_paths(graph, "team", "nor-soren-dahl", account="nordhavn", k=2), graph)
    assert routes == json.loads(expected.model_dump_json())
    assert routes["paths"][0]["edges"][0]["evidence"]  # each KNOWS hop says where it comes from
    risk = client.get("/api/opportunities/nor-opp-forecast/risk", params={"without": "nor-freja-mortensen"}).json()
    assert risk == json.loads(
        opportunity_risk(graph, "nor-opp-forecast", without=["nor-freja-mortensen"]).model_dump_json()
    )
    portfolio = client.get("/api/portfolio").json()
    assert [a["id"] for a in portfolio["accounts"]] == ["nordhavn"]
    assert {o["opportunity"] for o in portfolio["risk"]["opportunities"]} == {"nor-opp-forecast", "nor-opp-connect"}
    ws = client.get("/api/accounts/nordhavn/whitespace").json()
    assert ws["account"] == "nordhavn" and ws["units"]
    assert client.get("/api/accounts/nordhavn/influence").json()[0]["place"] == 1
    people = client.get("/api/accounts/nordhavn/people").json()
    assert {"nor-soren-dahl", "kes-anna-berg"} <= {p["id"] for p in people}
    assert client.get("/api/openapi.json").json()["paths"]["/api/accounts/{account}/map"]
    first = client.get("/api/accounts/nordhavn/page").json()
    assert first["account"] == client.get("/api/accounts/nordhavn").json()
    assert first["people"] == people and first["map"]["svg"].startswith("<svg")


@pytest.mark.exe
def test_routes_come_with_the_map_drawn_around_the_best_one(client: TestClient, graphviz_dot: str) -> None:
    query: dict[str, str | int] = {"to": "nor-soren-dahl", "k": 2, "map": 1, "view": "org"}
    both = client.get("/api/accounts/nordhavn/routes", params=query).json()
    alone = client.get("/api/accounts/nordhavn/routes", params={"to": "nor-soren-dahl", "k": 2}).json()
    assert {k: v for k, v in both.items() if k != "map"} == alone  # the routes as `path --json`
    best = alone["paths"][0]["people"]
    drawn = client.get("/api/accounts/nordhavn/map", params=[("view", "org"), *(("highlight", p) for p in best)])
    assert both["map"] == drawn.json()  # the map as /map would draw it around the best route


def test_what_if_drops_a_thread(client: TestClient) -> None:
    before = client.get("/api/opportunities/nor-opp-forecast/risk").json()
    after = client.get("/api/opportunities/nor-opp-forecast/risk", params={"without": "nor-freja-mortensen"}).json()
    assert (before["threads"], after["threads"]) == (2, 1)
    assert after["score"] > before["score"]


def test_card_and_map(client: TestClient) -> None:
    card = client.get("/api/accounts/nordhavn/people/nor-mette-kjaer").json()
    assert card["title"] == "Chief Financial Officer"
    assert card["known_by"][0]["name"] == "Anna Berg"
    assert {s["opportunity"] for s in card["seats"]} >= {"nor-opp-connect"}
    m = client.get("/api/accounts/nordhavn/map", params={"view": "committee", "opportunity": "nor-opp-forecast"}).json()
    assert m["svg"].startswith("<svg") and m["opportunity"] == "nor-opp-forecast"
    keys = {n["key"]: n["id"] for n in m["nodes"]}
    assert keys and all(f"<title>{k}</title>" in m["svg"] for k in keys)
    org = client.get("/api/accounts/nordhavn/map", params={"highlight": ["kes-anna-berg", "nor-mette-kjaer"]}).json()
    assert {n["id"] for n in org["nodes"] if n["highlighted"]} == {"kes-anna-berg", "nor-mette-kjaer"}
    for c in org["clusters"]:  # the page finds each unit box by the key the drawing gave it
        assert f"<title>{c['key']}</title>" in org["svg"]


def test_hostile_name_stays_text(client: TestClient) -> None:
    m = client.get("/api/accounts/nordhavn/map", params={"collapse": 0}).json()
    assert "<img" not in m["svg"] and "&lt;img src=x onerror=alert(1)&gt;" in m["svg"]
    card = client.get("/api/accounts/nordhavn/people/nor-hostile")
    assert card.json()["name"] == HOSTILE and card.headers["content-type"] == "application/json"
    assert "script-src 'self'" in card.headers["content-security-policy"]


def test_redacted(client: TestClient) -> None:
    card = client.get("/api/accounts/nordhavn/people/nor-mette-kjaer", params={"redact": 1}).json()
    assert card["name"] == "M.K." and card["email"] is None and card["notes"] == []
    risk = client.get("/api/opportunities/nor-opp-forecast/risk", params={"redact": 1}).text
    assert "Søren Dahl" not in risk and "S.D." in risk
    m = client.get("/api/accounts/nordhavn/map", params={"redact": 1}).json()
    assert "Mette" not in m["svg"]
    # notes are personal data: on the page and in the map's tooltips, gone when redacted
    note = "Budget for the carrier integration is approved"
    assert note in client.get("/api/accounts/nordhavn").text
    assert note in client.get("/api/accounts/nordhavn/map").json()["svg"]
    assert note not in client.get("/api/accounts/nordhavn", params={"redact": 1}).text
    assert client.get("/api/accounts/nordhavn", params={"redact": 1}).json()["notes"] == []
    assert note not in client.get("/api/accounts/nordhavn/page", params={"redact": 1}).text
    assert note not in m["svg"]


@pytest.mark.parametrize(
    "path, status, message",
    [
        ("/api/accounts/nope", 404, "no account with id 'nope'"),
        ("/api/accounts/nope/map", 404, "no account with id 'nope'"),
        ("/api/accounts/nordhavn/people/nobody", 404, "no person with id 'nobody'"),
        ("/api/accounts/nordhavn/map?view=sideways", 400, "view: expected one of org, influence, committee"),
        ("/api/accounts/nordhavn/routes", 400, "to: give a person id or role:ROLE"),
        ("/api/accounts/nordhavn/routes?to=role:boss", 400, "boss"),
        ("/api/accounts/nordhavn/routes?to=nor-soren-dahl&k=0", 400, "k: expected a number from 1 to 20"),
        ("/api/opportunities/nope/risk", 404, "no opportunity with id 'nope'"),
        ("/api/opportunities/nor-opp-forecast/risk?without=ghost", 404, "without: no person with id 'ghost'"),
        ("/api/accounts/nordhavn/export.exe", 404, "no export as '.exe'"),
    ],
)
def test_bad_reads_are_one_line(client: TestClient, path: str, status: int, message: str) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert message in r.json()["error"] and "\n" not in r.json()["error"]


def test_edits_are_written_and_seen_by_the_store(client: TestClient, loaded: Store) -> None:
    h = _write_headers(client)
    r = client.post("/api/people/nor-soren-dahl", json={"stance": "supporter", "influence": "high"}, headers=h)
    assert r.status_code == 200 and r.json()["changed"]
    assert loaded.person("nor-soren-dahl").stance == Stance.supporter  # another connection sees it at once
    r = client.post(
        "/api/opportunities/nor-opp-forecast/seats/nor-kasper-lund", json={"roles": ["champion"]}, headers=h
    )
    assert r.status_code == 200
    deal = loaded.get("opportunities", ["nor-opp-forecast"])["nor-opp-forecast"]
    assert [m.roles for m in deal.committee if m.person == "nor-kasper-lund"] == [["champion"]]  # type: ignore[attr-defined]
    assert (
        client.post(
            "/api/notes", json={"record": "nor-soren-dahl", "text": "Met at the terminal"}, headers=h
        ).status_code
        == 200
    )
    assert loaded.person("nor-soren-dahl").notes[-1].text == "Met at the terminal"
    r = client.post(
        "/api/contacts", json={"person": "nor-soren-dahl", "by": "kes-anna-berg", "date": "2026-11-20"}, headers=h
    )
    assert r.status_code == 200
    assert any(k.key == ("kes-anna-berg", "nor-soren-dahl") for k in loaded.account("nordhavn").knows)
    assert client.get("/api/accounts/nordhavn/people/nor-soren-dahl").json()["known_by"][0]["id"] == "kes-anna-berg"


@pytest.mark.parametrize(
    "path, body, message",
    [
        ("/api/people/nor-soren-dahl", {"stance": "angry"}, "person 'nor-soren-dahl': stance: Input should be"),
        ("/api/people/nor-soren-dahl", {"email": "x@y"}, "email: cannot be edited here"),
        ("/api/people/nobody", {"stance": "neutral"}, "no person with id 'nobody'"),
        ("/api/opportunities/nor-opp-forecast/seats/nor-line-bach", {"roles": ["boss"]}, "roles.0: Input should be"),
        ("/api/opportunities/nope/seats/nor-line-bach", {"roles": []}, "no opportunity with id 'nope'"),
        ("/api/notes", {"record": "nor-soren-dahl", "text": "  "}, "text: expected a non-empty text"),
        ("/api/notes", {"record": "nor-soren-dahl", "text": "x", "colour": "red"}, "colour: not a field of this edit"),
        (
            "/api/contacts",
            {"person": "nor-soren-dahl", "by": "nor-line-bach"},
            "'nor-line-bach' is not one of our people",
        ),
        (
            "/api/contacts",
            {"person": "nor-soren-dahl", "by": "kes-anna-berg", "date": "soon"},
            "date: 'soon' is not a date",
        ),
    ],
)
def test_bad_edits_write_nothing(
    client: TestClient, loaded: Store, path: str, body: dict[str, Any], message: str
) -> None:
    before = loaded.dump().canonical()
    r = client.post(path, json=body, headers=_write_headers(client))
    assert 400 <= r.status_code < 500
    assert message in r.json()["error"], r.json()
    assert loaded.dump().canonical() == before


def test_malformed_json_writes_nothing(client: TestClient, loaded: Store) -> None:
    before = loaded.dump().canonical()
    for body in (b"{stance:", b"[1, 2]", b"\xff\xfe"):
        r = client.post(
            "/api/people/nor-soren-dahl",
            content=body,
            headers={**_write_headers(client), "content-type": "application/json"},
        )
        assert r.status_code == 400 and ("not valid JSON" in r.json()["error"] or "JSON object" in r.json()["error"])
    assert loaded.dump().canonical() == before


def test_writes_need_same_origin_csrf_and_json(client: TestClient, loaded: Store) -> None:
    before = loaded.dump().canonical()
    good = _write_headers(client)
    for headers in (
        {},
        {"origin": ORIGIN},
        {"x-csrf-token": good["x-csrf-token"]},
        {**good, "origin": "http://evil.example"},
        {**good, "x-csrf-token": "stale"},
    ):
        r = client.post("/api/people/nor-soren-dahl", json={"stance": "supporter"}, headers=headers)
        assert r.status_code == 403, headers
    r = client.post(
        "/api/people/nor-soren-dahl", content=b'{"stance": "supporter"}', headers={**good, "content-type": "text/plain"}
    )
    assert r.status_code == 403 and "application/json" in r.json()["error"]
    assert client.delete("/api/people/nor-soren-dahl", headers=good).status_code in (403, 405)
    assert loaded.dump().canonical() == before


def test_a_huge_body_is_refused(client: TestClient, loaded: Store) -> None:
    before = loaded.person("nor-soren-dahl").notes
    r = client.post(
        "/api/notes", json={"record": "nor-soren-dahl", "text": "x" * 100_000}, headers=_write_headers(client)
    )
    assert r.status_code == 413 and "at most 64 KiB" in r.json()["error"]
    assert loaded.person("nor-soren-dahl").notes == before


def test_mark_as_left_and_back(client: TestClient, loaded: Store) -> None:
    import datetime as dt

    h = _write_headers(client)
    r = client.post("/api/people/nor-kasper-lund/left", json={"date": "2026-10-01"}, headers=h)
    assert r.status_code == 200 and r.json()["changed"]
    assert loaded.person("nor-kasper-lund").left == dt.date(2026, 10, 1)
    assert client.get("/api/accounts/nordhavn/people/nor-kasper-lund").json()["left"] == "2026-10-01"
    before = loaded.dump().canonical()
    for body, says in [
        ({"date": "2026-02-30"}, "date: '2026-02-30' is not a date"),
        ({"undo": "yes"}, "undo: expected true or false"),
        ({"date": "2026-10-01", "undo": True}, "left: give a date or clear it, not both"),
        ({"when": "2026-10-01"}, "when: not a field of this edit"),
    ]:
        bad = client.post("/api/people/nor-kasper-lund/left", json=body, headers=h)
        assert bad.status_code == 400 and says in bad.json()["error"], bad.json()
    assert client.post("/api/people/nobody/left", json={}, headers=h).status_code == 404
    assert client.post("/api/people/nor-kasper-lund/left", json={}).status_code == 403  # no CSRF token
    assert loaded.dump().canonical() == before
    # a what-if that takes out someone who has left already changes nothing
    risk = client.get("/api/opportunities/nor-opp-forecast/risk").json()
    assert client.get("/api/opportunities/nor-opp-forecast/risk", params={"without": "nor-kasper-lund"}).json() == risk
    assert "nor-kasper-lund" not in json.dumps(risk)  # no seat, no thread: gone from the analysis
    assert client.post("/api/people/nor-kasper-lund/left", json={"undo": True}, headers=h).status_code == 200
    assert loaded.person("nor-kasper-lund").left is None


def test_the_card_lists_whom_we_know_as_show_does(client: TestClient, loaded: Store) -> None:
    from kamgraph.model import Knows

    # Tom owns Mette's CRM record too: coverage, listed after the relationship, as `show` lists it
    loaded.import_graph(Graph(knows=[Knows(a="kes-tom-okonkwo", b="nor-mette-kjaer", strength=0.2, source="crm")]))
    shown = next(p for p in client.get("/api/accounts/nordhavn").json()["people"] if p["id"] == "nor-mette-kjaer")
    card = client.get("/api/accounts/nordhavn/people/nor-mette-kjaer").json()
    assert card["known_by"] == shown["known_by"]
    assert [(k["id"], k["owner"]) for k in card["known_by"]] == [("kes-anna-berg", False), ("kes-tom-okonkwo", True)]


def test_read_only_refuses_edits(loaded: Store) -> None:
    with _client(loaded, read_only=True) as c:
        assert c.get("/api/session").json()["read_only"] is True
        r = c.post("/api/people/nor-soren-dahl", json={"stance": "supporter"}, headers=_write_headers(c))
        assert r.status_code == 403 and "read-only" in r.json()["error"]
        r = c.post("/api/people/nor-soren-dahl/left", json={}, headers=_write_headers(c))
        assert r.status_code == 403 and "read-only" in r.json()["error"]
    assert loaded.person("nor-soren-dahl").left is None
    assert loaded.person("nor-soren-dahl").stance == Stance.unknown


def test_token_guards_the_api(loaded: Store) -> None:
    with _client(loaded, token="s3cret-token") as c:
        assert c.get("/").status_code == 200  # the page loads, then asks for the token
        assert c.get("/api/session").status_code == 401
        assert c.get("/api/accounts/nordhavn", headers={"x-kamgraph-token": "wrong"}).status_code == 401
        assert c.get("/api/accounts/nordhavn", headers={"x-kamgraph-token": "s3cret-token"}).status_code == 200


def test_host_and_static_paths(client: TestClient) -> None:
    assert client.get("/api/session", headers={"host": "evil.example"}).status_code == 400  # DNS rebinding
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2f__init__.py"):
        r = client.get(path)
        assert r.status_code == 404 and b"create_app" not in r.content, path
    assert client.get("/account/nordhavn").text.startswith("<!doctype html>")


def test_exports(client: TestClient) -> None:
    svg = client.get("/api/accounts/nordhavn/export.svg", params={"view": "committee"})
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    assert 'filename="nordhavn-committee.svg"' in svg.headers["content-disposition"]
    png = client.get("/api/accounts/nordhavn/export.png")
    assert png.content.startswith(b"\x89PNG")
    deck = client.get("/api/accounts/nordhavn/deck.pptx", params={"lang": "es", "redact": 1})
    assert deck.status_code == 200 and deck.content.startswith(b"PK")


def test_assets_fetch_nothing_from_elsewhere() -> None:
    """Offline: no CDN, font or script from another host in any asset; every module the
    page imports is in the asset folder (which the wheel ships: pyproject's package-data)."""
    import re

    from kamgraph.web.app import STATIC

    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    for f in sorted(STATIC.iterdir()):
        text = f.read_text(encoding="utf-8")
        assert set(re.findall(r"https?://[^\s\"'`)]+", text)) <= namespaces, f.name
        for imported in re.findall(r'from "\./([\w.]+)"', text):
            assert (STATIC / imported).is_file(), f"{f.name} imports {imported}"
    assert "web/static/*" in (SAMPLES.parent / "pyproject.toml").read_text(encoding="utf-8")


def test_card_history_is_the_history_command_and_web_edits_say_web(client: TestClient, loaded: Store) -> None:
    from kamgraph.history import history

    h = _write_headers(client)
    client.post("/api/people/nor-soren-dahl", json={"stance": "detractor"}, headers=h)
    client.post("/api/notes", json={"record": "nor-soren-dahl", "text": "Met Søren at the terminal"}, headers=h)
    bad = client.post("/api/people/nor-soren-dahl", json={"stance": "angry"}, headers=h)
    assert bad.status_code == 400
    got = client.get("/api/accounts/nordhavn/people/nor-soren-dahl/history", params={"limit": 8}).json()
    assert got == json.loads(history(loaded, "nor-soren-dahl", limit=8).model_dump_json())
    assert [(c["field"], c["source"]) for c in got["changes"][:2]] == [("notes", "web"), ("stance", "web")]
    assert got["changes"][1]["new"] == "detractor"
    shared = client.get("/api/accounts/nordhavn/people/nor-soren-dahl/history", params={"redact": "1"}).json()
    assert [c["field"] for c in shared["changes"]][:1] == ["stance"]  # no notes on a shared screen
    assert "Søren Dahl" not in json.dumps(shared, ensure_ascii=False)
    missing = client.get("/api/accounts/nordhavn/people/nobody/history")
    assert missing.status_code == 404 and "no person with id 'nobody'" in missing.json()["error"]
