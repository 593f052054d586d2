"""The page end to end in a real headless Chromium (Debian's ``chromium``), driven over the
DevTools protocol: search and card, a route highlighted, a what-if dropping a thread, an
edit kept across a reload, a hostile name shown as text. Missing Chromium is a skip on a
laptop and a failure under CI.

``KAMGRAPH_SCREENSHOTS=1`` also saves the main screens as docs/img/web-*.png.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamgraph.io.files import import_files
from kamgraph.model import Graph, Person, Stance
from kamgraph.store import SQLiteStore
from kamgraph.web import WebSettings, create_app
from tests.conftest import ROOT, SAMPLES, unavailable
from tests.servers.chromium import Browser, Page, find_chromium

pytestmark = pytest.mark.exe

HOSTILE = '<img src=x onerror="window.__xss=1">'
SHOTS = ROOT / "docs" / "img" if os.environ.get("KAMGRAPH_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The samples in a new SQLite store, served on a free loopback port."""
    db = tmp_path_factory.mktemp("web") / "kamgraph.db"
    with SQLiteStore(db) as store:
        import_files(store, sorted(SAMPLES.glob("*.yaml")))
        store.import_graph(
            Graph(
                people=[
                    Person(id="nor-hostile", name=HOSTILE, org="nordhavn", title=HOSTILE, unit="nor-ops"),
                    Person(id="nor-maria", name="María Núñez", org="nordhavn", title="Jefa de Compras", unit="nor-ops"),
                ]
            )
        )
    with _serving(WebSettings(str(db))) as base:
        yield base, db


@contextlib.contextmanager
def _serving(settings: WebSettings) -> Iterator[str]:
    """The app on a free loopback port, in a thread; its base URL."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    exe = find_chromium()
    if exe is None:
        unavailable("Chromium is not installed (apt-get install chromium)")
    with Browser(exe) as b:
        yield b


@pytest.fixture
def page(browser: Browser) -> Page:
    return browser.page()


def _shot(page: Page, name: str) -> None:
    if SHOTS is not None:
        time.sleep(0.3)
        page.screenshot(SHOTS / f"web-{name}.png")


def _account(page: Page, base: str, account: str) -> None:
    page.goto(f"{base}/account/{account}")
    page.wait("!!document.querySelector('#map svg g.node')")


def _choose(page: Page, selector: str, value: str) -> None:
    """Pick ``value`` in a <select>, as a user does (the page listens for "change")."""
    page.eval(
        f"(() => {{ const s = document.querySelector({json.dumps(selector)}); s.value = {json.dumps(value)};"
        "s.dispatchEvent(new Event('change')); })()"
    )


def _node(person: str) -> str:
    return f'#map g.node[data-person="{person}"]'


def test_portfolio_sorts_and_opens_an_account(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    page.goto(base + "/")
    page.wait("document.querySelectorAll('#portfolio tbody tr').length === 3")
    first = "document.querySelector('#portfolio tbody tr').dataset.account"
    assert page.eval(first) == "meridian"  # by value, highest first
    _shot(page, "portfolio")
    page.click("#portfolio th:nth-child(3)")  # people: most first
    page.click("#portfolio th:nth-child(3)")  # then fewest first
    assert page.eval(first) == "nordhavn"
    page.click('#portfolio tr[data-account="andina"]')
    page.wait("location.pathname === '/account/andina' && !!document.querySelector('#map svg')")


def test_search_centres_and_the_card_opens(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    _account(page, base, "nordhavn")
    page.type("#search", "NUNEZ")  # case and accents ignored
    page.wait("!!document.querySelector('#matches li[data-person=\"nor-maria\"]')")
    page.eval("document.querySelector('#matches li[data-person=\"nor-maria\"]').dispatchEvent(new Event('mousedown'))")
    page.wait(f"!!document.querySelector('{_node('nor-maria')}.found')")
    assert page.wait("document.querySelector('#card .card-name')?.textContent") == "María Núñez"
    page.click("#fit")  # the search zoomed in on her
    page.click(_node("nor-mette-kjaer"))
    page.wait("document.querySelector('#card .card-name')?.textContent === 'Mette Kjær'")
    assert "Anna Berg" in page.eval("document.querySelector('#card').textContent")


def test_a_route_is_highlighted(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    _account(page, base, "meridian")
    page.click("#tab-routes")
    page.wait("!!document.querySelector('#target')")
    _choose(page, "#target", "role:economic_buyer")
    page.click("#find-routes")
    page.wait("document.querySelectorAll('#routes .route').length >= 2")
    assert "probability" in page.eval("document.querySelector('#routes .route.on').textContent")
    # the route in the path colour, ending at the economic buyer: its people and its two hops
    page.wait(f"!!document.querySelector('{_node('mer-rachel-okafor')}.on-route')")
    assert page.eval("document.querySelectorAll('#map g.node.on-route').length") == 3
    assert page.eval("document.querySelectorAll('#map g.edge.on-route').length") == 2
    assert (
        page.eval("getComputedStyle(document.querySelector('#map g.edge.on-route path')).stroke") == "rgb(170, 51, 119)"
    )
    _shot(page, "route")
    page.click("#routes .route:nth-child(2)")
    page.wait("document.querySelector('#routes .route:nth-child(2)').classList.contains('on')")
    page.wait(f"!!document.querySelector('{_node('kes-emma-clarke')}.on-route')")
    assert not page.eval(f"document.querySelector('{_node('kes-james-whitfield')}').classList.contains('on-route')")


def test_what_if_drops_the_thread_count(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    _account(page, base, "nordhavn")
    page.click("#tab-risk")
    assert page.wait("document.querySelector('#risk-threads')?.textContent") == "2"
    page.click("#whatif")
    page.wait("document.querySelector('#whatif').classList.contains('on')")
    page.click(_node("nor-freja-mortensen"))
    page.wait("document.querySelector('#risk-threads')?.textContent === '1'")
    assert page.eval(f"document.querySelector('{_node('nor-freja-mortensen')}').classList.contains('gone')")
    assert "was 2" in page.eval("document.querySelector('#risk').textContent")
    _shot(page, "whatif")
    page.click("#whatif-reset")
    page.wait("document.querySelector('#risk-threads')?.textContent === '2'")


def test_an_edit_is_kept_after_a_reload(page: Page, site: tuple[str, Path]) -> None:
    base, db = site
    _account(page, base, "nordhavn")
    page.click(_node("nor-line-bach"))
    page.wait("!!document.querySelector('#edit-stance')")
    _choose(page, "#edit-stance", "supporter")
    page.click("#edit-person button[type=submit]")
    page.wait("document.querySelector('#edit-status')?.textContent === 'Saved.'")
    _account(page, base, "nordhavn")  # a reload
    page.click(_node("nor-line-bach"))
    page.wait("document.querySelector('#card .stance')?.textContent === 'supporter'")
    # the card's "what changed lately": the edit, from the change log, made on the web
    latest = "document.querySelector('#changes li')?.textContent"
    page.wait(f"({latest} || '').includes('stance') && ({latest} || '').includes('→ supporter · web')")
    with SQLiteStore(db) as store:  # what the command line reads
        assert store.person("nor-line-bach").stance == Stance.supporter


def test_mark_as_left_strikes_them_through_and_undo_takes_it_back(page: Page, site: tuple[str, Path]) -> None:
    import datetime as dt

    base, db = site
    _account(page, base, "nordhavn")
    page.click(_node("nor-kasper-lund"))
    page.wait("!!document.querySelector('#mark-left')")
    page.eval("document.querySelector('#left-date').value = '2026-10-01'")
    page.click("#mark-left")
    page.wait("document.querySelector('#card-left')?.textContent === 'Left on 2026-10-01'")
    with SQLiteStore(db) as store:  # what the command line reads
        assert store.person("nor-kasper-lund").left == dt.date(2026, 10, 1)
    _account(page, base, "nordhavn")  # a reload: still on the map (a seat now empty), struck through
    assert page.eval(f"!!document.querySelector('{_node('nor-kasper-lund')} text[text-decoration=line-through]')")
    page.click(_node("nor-kasper-lund"))
    page.wait("!!document.querySelector('#not-left')")
    page.click("#not-left")
    page.wait("!!document.querySelector('#mark-left') && !document.querySelector('#card-left')")
    with SQLiteStore(db) as store:
        assert store.person("nor-kasper-lund").left is None


def test_a_hostile_name_is_text(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    _account(page, base, "nordhavn")
    page.click(_node("nor-hostile"))
    page.wait(f"document.querySelector('#card .card-name')?.textContent === {json.dumps(HOSTILE)}")
    assert page.eval("document.querySelectorAll('img').length") == 0
    assert page.eval("window.__xss") is None
    assert HOSTILE in page.eval("document.querySelector('#map svg').textContent")


def test_spanish_and_redacted(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    _account(page, base, "andina")
    _choose(page, "#lang", "es")
    page.wait("document.querySelector('#tab-routes')?.textContent === 'Rutas'")
    page.wait("!!document.querySelector('#map svg g.node')")
    _shot(page, "andina-es")
    page.click("#redact")
    page.wait("!!document.querySelector('#map svg g.node') && document.body.classList.contains('redacted')")
    page.wait("!document.querySelector('#map svg').textContent.includes('Íñigo Peñalver')")
    _choose(page, "#lang", "en")
    page.click("#redact")


def test_main_screens(page: Page, site: tuple[str, Path]) -> None:
    """The account page and a card, as a KAM first sees them (saved with KAMGRAPH_SCREENSHOTS)."""
    base, _ = site
    _account(page, base, "meridian")
    _choose(page, "#view", "committee")
    page.wait("document.querySelector('#subtitle').textContent.includes('Group Analytics')")
    page.click(_node("mer-anjali-desai"))
    page.wait("!!document.querySelector('#card .card-name')")
    _shot(page, "committee-card")
    page.click("#tab-space")
    page.wait("!!document.querySelector('#space table')")
    _shot(page, "whitespace")


def test_units_fold_and_unfold(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    _account(page, base, "meridian")
    boxes = "document.querySelectorAll('#map g.node.kind-person').length"
    folded = page.eval(boxes)
    whole = page.eval("document.querySelector('#subtitle').textContent")
    page.click("#map g.node.kind-group")  # "N people in K units": that unit, everyone in it
    page.wait("!!document.querySelector('#whole') && !document.querySelector('#map.busy')")
    unit = page.wait(
        f"(() => {{ const s = document.querySelector('#subtitle').textContent;"
        f" return s !== {json.dumps(whole)} && s; }})()"
    )
    assert " of " in unit and "216 people" not in unit  # the unit's people, not the account's
    page.click("#whole")
    page.wait(f"!document.querySelector('#whole') && {boxes} === {folded}")


def test_a_shared_server_asks_for_its_token(page: Page, site: tuple[str, Path]) -> None:
    _, db = site
    with _serving(WebSettings(str(db), token="correct-horse", hosts=["*"])) as base:
        page.goto(base + "/")
        page.wait("!!document.querySelector('form.token #token')")
        page.type("#token", "correct-horse")
        page.click("form.token button")
        page.wait("document.querySelectorAll('#portfolio tbody tr').length === 3")


def test_export_what_is_on_screen(page: Page, site: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = site
    page.browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    _account(page, base, "nordhavn")
    _choose(page, "#view", "committee")
    page.wait("!!document.querySelector('#map svg g.node') && !document.querySelector('#map.busy')")
    page.click("#export-svg")
    saved = tmp_path / "nordhavn-committee.svg"
    deadline = time.monotonic() + 20
    while not saved.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = saved.read_text(encoding="utf-8")
    assert "Buying committee" in text and "Terminal capacity forecasting" in text


def test_risk_reasons_in_spanish_and_the_value_at_risk_with_its_currency(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    page.goto(base + "/")
    page.wait("document.querySelectorAll('#portfolio tbody tr').length === 3")
    at_risk = page.eval("document.querySelector('#portfolio tr[data-account=\"andina\"] td.at-risk').textContent")
    assert at_risk.endswith(" EUR"), at_risk  # Andina's deals are in euros
    _account(page, base, "andina")
    _choose(page, "#lang", "es")
    page.wait("document.querySelector('#tab-risk')?.textContent === 'Riesgo'")
    page.click("#tab-risk")
    reasons = page.wait("document.querySelector('#risk .reasons')?.textContent")
    assert "conocemos directamente a" in reasons and "we know" not in reasons, reasons
    _choose(page, "#lang", "en")
    page.wait("document.querySelector('#tab-risk')?.textContent === 'Risk'")
    page.click("#tab-risk")
    page.wait("document.querySelector('#risk .reasons')?.textContent.includes('we know')")
