"""``kamgraph diff`` (issue 16): a hand-made account map in January and again in March,
loaded on those days, and the table of what changed between, written down by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgraph import clock
from kamgraph.cli import cli
from kamgraph.diff import diff
from kamgraph.io.maps import import_maps
from kamgraph.store import Store

BEFORE = """
version: 1
organisations:
  - id: us
    name: Us
    kind: own
    people:
      - {id: sam, name: Sam Seller}
  - id: acme
    name: Acme
    people:
      - {id: cfo, name: Carla Reyes, title: CFO, roles: [economic_buyer], stance: neutral,
         knows: [{who: sam, strength: 0.8, last_contact: 2025-12-20}]}
      - {id: ana, name: Ana Ruiz, title: Head of IT, reports_to: cfo, stance: supporter,
         knows: [{who: sam, strength: 0.6, last_contact: 2026-01-02}]}
      - {id: bob, name: Bob Stone, title: Analyst, reports_to: ana,
         knows: [{who: sam, strength: 0.4, last_contact: 2026-01-02}]}
    opportunities:
      - id: deal
        name: Platform
        stage: qualify
        amount: 100000
        committee:
          - {person: cfo, roles: [economic_buyer]}
          - {person: ana, roles: [champion]}
          - {person: bob, roles: [user_buyer]}
"""

AFTER = """
version: 1
organisations:
  - id: us
    name: Us
    kind: own
    people:
      - {id: sam, name: Sam Seller}
  - id: acme
    name: Acme
    people:
      - {id: cfo, name: Carla Reyes, title: CFO, roles: [economic_buyer], stance: detractor,
         knows: [{who: sam, strength: 0.8, last_contact: 2025-12-20}]}
      - {id: ana, name: Ana Ruiz, title: Head of IT, reports_to: cfo, stance: supporter, influence: high,
         knows: [{who: sam, strength: 0.6, last_contact: 2026-03-01}]}
      - {id: dan, name: Dan Ortiz, title: Architect, reports_to: ana,
         knows: [{who: sam, strength: 0.7, last_contact: 2026-03-01}]}
    opportunities:
      - id: deal
        name: Platform
        stage: propose
        amount: 150000
        committee:
          - {person: cfo, roles: [economic_buyer]}
          - {person: ana, roles: [champion, evaluator]}
          - {person: dan, roles: [technical_buyer]}
        empty_seats: [legal]
"""

#: What changed between January and March, by hand: Bob left (removed by --prune) and Dan
#: joined; the CFO moved from neutral to detractor and Ana's influence became high; on the
#: deal Ana became an evaluator too, Bob's seat went and Dan took a technical buyer's one;
#: Sam won Dan and lost Bob, and his last contact with the CFO (20 Dec) was over 90 days old by
#: 25 March (today); the deal moved from qualify to propose and from 100,000 to 150,000, and asks
#: for legal now.
EXPECTED = """\
Acme (acme): what changed since 2026-02-01

Joined
  NAME       TITLE
  Dan Ortiz  Architect

Left
  NAME       TITLE    HOW
  Bob Stone  Analyst  removed

Stance and influence
  NAME         DEAL   FIELD      OLD -> NEW
  Ana Ruiz     (own)  influence  - -> high
  Carla Reyes  (own)  stance     neutral -> detractor

Roles
  DEAL  NAME       GAINED           LOST
  deal  Ana Ruiz   evaluator        -
  deal  Dan Ortiz  technical_buyer  -
  deal  Bob Stone  -                user_buyer

Relationships
  OURS        THEIRS       CHANGE  STRENGTH  LAST CONTACT
  Sam Seller  Bob Stone    lost    0.4       2026-01-02
  Sam Seller  Carla Reyes  stale   0.8       2025-12-20
  Sam Seller  Dan Ortiz    won     0.7       2026-03-01

Deals
  DEAL  FIELD   OLD -> NEW
  deal  stage   qualify -> propose
  deal  amount  100000.0 -> 150000.0

New empty seats
  DEAL  ROLE
  deal  legal
"""


@pytest.fixture
def maps(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "before.yaml").write_text(BEFORE, encoding="utf-8")
    (tmp_path / "after.yaml").write_text(AFTER, encoding="utf-8")
    return tmp_path / "before.yaml", tmp_path / "after.yaml"


def _load(store: Store, maps: tuple[Path, Path]) -> None:
    clock.set_today(dt.date(2026, 1, 5))
    import_maps(store, [maps[0]])
    clock.set_today(dt.date(2026, 3, 5))
    import_maps(store, [maps[1]], prune=True)
    clock.set_today(dt.date(2026, 3, 25))


def test_diff_finds_what_moved_on_both_stores(store: Store, maps: tuple[Path, Path]) -> None:
    try:
        _load(store, maps)
        found = diff(store, "acme", dt.date(2026, 2, 1))
    finally:
        clock.set_today(None)
    assert [p.id for p in found.joined] == ["dan"] and [(p.id, p.why) for p in found.left] == [("bob", "removed")]
    assert [(m.person, m.field, m.old, m.new) for m in found.moves] == [
        ("ana", "influence", None, "high"),
        ("cfo", "stance", "neutral", "detractor"),
    ]
    assert [(r.person, r.gained, r.lost) for r in found.roles] == [
        ("ana", ["evaluator"], []),
        ("dan", ["technical_buyer"], []),
        ("bob", [], ["user_buyer"]),
    ]
    assert [(r.theirs, r.change) for r in found.relationships] == [("bob", "lost"), ("cfo", "stale"), ("dan", "won")]
    assert [(d.field, d.old, d.new) for d in found.deals] == [("stage", "qualify", "propose"), ("amount", 1e5, 1.5e5)]
    assert [s.role for s in found.empty_seats] == ["legal"]
    [risk] = found.risk
    assert (risk.opportunity, risk.threads_then, risk.threads_now) == (
        "deal",
        2,
        2,
    )  # straight to the CFO, and through Ana
    assert risk.score_then is not None and risk.score_now > risk.score_then  # a stale thread, an empty seat


def test_nothing_changed_before_anything_moved(store: Store, maps: tuple[Path, Path]) -> None:
    try:
        _load(store, maps)
        found = diff(store, "acme", dt.date(2026, 1, 10), dt.date(2026, 2, 1))  # between the two imports
    finally:
        clock.set_today(None)
    assert found.empty and [(r.score_then, r.threads_then) for r in found.risk] == [
        (r.score_now, r.threads_now) for r in found.risk
    ]


def test_cli_diff_table_json_and_errors(tmp_path: Path, maps: tuple[Path, Path]) -> None:
    db = str(tmp_path / "k.db")
    run = CliRunner().invoke
    assert run(cli, ["--store", db, "--today", "2026-01-05", "import", str(maps[0])]).exit_code == 0
    assert run(cli, ["--store", db, "--today", "2026-03-05", "import", "--prune", str(maps[1])]).exit_code == 0
    shown = run(cli, ["--store", db, "--today", "2026-03-25", "diff", "Acme", "--since", "2026-02-01"])
    assert shown.exit_code == 0, shown.output
    text, risk = shown.output.split("\nRisk of the open deals\n")
    assert text == EXPECTED
    assert risk.splitlines()[0].split() == ["DEAL", "THREADS", "SCORE"] and risk.splitlines()[1].startswith("  deal")
    as_json = json.loads(
        run(cli, ["--store", db, "--today", "2026-03-25", "diff", "acme", "--since", "2026-02-01", "--json"]).output
    )
    assert [p["id"] for p in as_json["joined"]] == ["dan"] and as_json["until"] is None
    for args, message in (
        (["diff", "nowhere", "--since", "2026-02-01"], "Error: no account matches 'nowhere'"),
        (["diff", "acme", "--since", "Feb"], "Error: --since: 'Feb' is not a date (use YYYY-MM-DD)"),
        (
            ["diff", "acme", "--between", "2026-03-01", "2026-02-01"],
            "Error: --between: 2026-02-01 is before 2026-03-01",
        ),
    ):
        bad = run(cli, ["--store", db, *args])
        assert bad.exit_code == 1 and bad.output.strip() == message, bad.output
    assert run(cli, ["--store", db, "diff", "acme"]).exit_code == 2


def test_map_since_marks_the_new_and_the_moved(tmp_path: Path, maps: tuple[Path, Path]) -> None:
    db = str(tmp_path / "k.db")
    run = CliRunner().invoke
    run(cli, ["--store", db, "--today", "2026-01-05", "import", str(maps[0])])
    run(cli, ["--store", db, "--today", "2026-03-05", "import", "--prune", str(maps[1])])
    args = ["--store", db, "--today", "2026-03-25", "map", "acme", "-o", "-", "--format", "dot"]
    plain, marked = run(cli, args).output, run(cli, [*args, "--since", "2026-02-01"]).output
    assert "#C2185B" not in plain and "Since" not in plain
    nodes = {line.split("label=<")[0]: line for line in marked.splitlines() if "label=<<table" in line}
    marks = {
        name: ("● new" in line and "new") or ("● moved" in line and "moved") or None
        for name in ("Carla Reyes", "Ana Ruiz", "Dan Ortiz", "Sam Seller")
        for line in nodes.values()
        if f"<b>{name}</b>" in line
    }
    assert marks == {"Carla Reyes": "moved", "Ana Ruiz": "moved", "Dan Ortiz": "new", "Sam Seller": None}
    assert "Since 2026-02-01" in marked and "new: joined since then" in marked
    bad = run(cli, [*args, "--since", "soon"])
    assert bad.exit_code == 1 and bad.output.strip() == "Error: --since: 'soon' is not a date (use YYYY-MM-DD)"


def test_slides_since_open_the_account_with_what_changed(tmp_path: Path, maps: tuple[Path, Path]) -> None:
    from pptx import Presentation

    db = str(tmp_path / "k.db")
    run = CliRunner().invoke
    run(cli, ["--store", db, "--today", "2026-01-05", "import", str(maps[0])])
    run(cli, ["--store", db, "--today", "2026-03-05", "import", "--prune", str(maps[1])])
    base = ["--store", db, "--today", "2026-03-25", "slides", "acme"]
    for lang, title in (("en", "Since last review · Acme"), ("es", "Desde la última revisión · Acme")):
        out = tmp_path / f"{lang}.pptx"
        done = run(cli, [*base, "-o", str(out), "--since", "2026-02-01", "--lang", lang])
        assert done.exit_code == 0, done.output
        slide = Presentation(str(out)).slides[1]
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]
        assert texts[0] == title
        if lang == "en":
            assert ["Joined", "Dan Ortiz (Architect)"] == texts[2:4] and "Ana Ruiz on Platform: +Evaluator" in texts
            notes = slide.notes_slide.notes_text_frame.text
            assert "Risk: Platform: threads 2 → 2" in notes and "Deal: Platform: amount 100000.0 → 150000.0" in notes
    plain = tmp_path / "plain.pptx"
    run(cli, [*base, "-o", str(plain)])
    assert len(Presentation(str(plain)).slides) == len(Presentation(str(tmp_path / "en.pptx")).slides) - 1


def test_a_person_marked_as_left_is_in_left(tmp_path: Path, maps: tuple[Path, Path]) -> None:
    from kamgraph import edits
    from kamgraph.store import SQLiteStore

    with SQLiteStore(tmp_path / "k.db") as store:
        try:
            _load(store, maps)
            edits.mark_left(store, "ana", on=dt.date(2026, 3, 10))
            found = diff(store, "acme", dt.date(2026, 2, 1))
        finally:
            clock.set_today(None)
    assert [(p.id, p.why) for p in found.left] == [("ana", "left on 2026-03-10"), ("bob", "removed")]
