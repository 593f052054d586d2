"""import-activity on the sample exports (samples/activity/): Salesforce Task and Event
exports, a calendar (.ics) and a plain CSV, on both stores; every bad row named by file and
line; a second import adds nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kamgraph.cli import cli
from kamgraph.io.activity.ics import unfold
from kamgraph.model import InteractionKind
from kamgraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SF = SAMPLES / "crm" / "salesforce"
ACT = SAMPLES / "activity"
FILES = [str(ACT / f) for f in ("Task.csv", "Event.csv", "contact-log.csv", "james-whitfield-calendar.ics")]
MAP = ["--map", str(SAMPLES / "crm" / "salesforce-users.yaml")]
TODAY = "2026-12-01"

JAMES, FIONA, TOMASZ, AMAIA = "kes-james-whitfield", "0038d00002zzyffAAA", "0038d00002zyIh3AAE", "0038d00002zz1CwAAI"


def kamgraph(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", url, "--today", TODAY, *args])


def load_samples(url: str) -> None:
    assert kamgraph(url, "import", *map(str, sorted(SAMPLES.glob("*.yaml")))).exit_code == 0
    crm = kamgraph(
        url, "import-crm", "salesforce", "--contacts", str(SF / "Contact_ashgrove_dataloader.csv"),
        "--contacts", str(SF / "Contact_cantabrico_excel_es.csv"), "--accounts", str(SF / "Account.csv"),
        *MAP, "--skip-bad-rows",
    )  # fmt: skip
    assert crm.exit_code == 0, crm.output


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    target = str(tmp_path / "kg.db") if request.param == "sqlite" else request.getfixturevalue("neo4j_url")
    load_samples(target)
    yield target


BAD_ROWS = [
    f"{ACT / 'Task.csv'}:10: WhoId: no person with Salesforce id '0038d00002zzzzzAAA' (import the contacts first)",
    f"{ACT / 'Task.csv'}:14: ActivityDate: '2026-13-01' is not a date",
    f"{ACT / 'Task.csv'}:15: OwnerId: no person of ours for Salesforce user '0058d00001ZpQQQAAV' "
    "(name them in the --map file's users:)",
    f"{ACT / 'Event.csv'}:8: StartDateTime: 'soon' is not a date",
    f"{ACT / 'contact-log.csv'}:10: kind: 'lunch' is not one of meeting, call, email, message, linkedin, other",
    f"{ACT / 'contact-log.csv'}:11: theirs: no person with id 'nor-someone-gone'",
    f"{ACT / 'james-whitfield-calendar.ics'}:101: DTSTART: '2026-10-30 10:00' is not a date or date-time",
]


def test_bad_rows_are_each_one_line_and_nothing_is_written(url: str) -> None:
    before = kamgraph(url, "export", "--format", "json").output
    r = kamgraph(url, "import-activity", *FILES, *MAP)
    assert r.exit_code == 1
    errors = [line.removeprefix("error: ") for line in r.stderr.splitlines() if line.startswith("error: ")]
    assert errors == BAD_ROWS
    assert "nothing written: 7 bad rows" in r.stderr
    assert kamgraph(url, "export", "--format", "json").output == before
    as_json = json.loads(kamgraph(url, "import-activity", *FILES, *MAP, "--json").stdout)
    assert as_json["problems"] == BAD_ROWS and as_json["counts"]["written"] is False


def test_import_records_each_interaction_once(url: str) -> None:
    dry = kamgraph(url, "import-activity", *FILES, *MAP, "--skip-bad-rows", "--dry-run")
    # 27 as single meetings, and the weekly series' 4 more days (see below)
    assert "31 interactions would be added, 2 already there" in dry.stdout
    r = kamgraph(url, "import-activity", *FILES, *MAP, "--skip-bad-rows", "--verbose")
    assert r.exit_code == 0, r.output
    assert (
        r.stdout.strip()
        == "39 rows read from 4 files: 31 interactions added, 2 already there, on 16 relationships (2 new)"
    )
    left_out = [line for line in r.stderr.splitlines() if line.startswith("left out: ")]
    assert [line.split(": ", 2)[1].rsplit(":", 1)[1] for line in left_out] == ["7", "8", "12", "57", "68", "77"]
    again = kamgraph(url, "import-activity", *FILES, *MAP, "--skip-bad-rows")
    assert again.stdout.strip() == "39 rows read from 4 files: nothing changed: 33 interactions already there"

    with open_store(url) as store:
        knows = {k.key: k for k in store.dump().knows}
    fiona = knows[tuple(sorted((JAMES, FIONA)))]  # type: ignore[index]
    # the CRM's owner tie, now with evidence: a call and an e-mail (Task), the business case
    # review (Event; the same meeting in the calendar is not counted twice); the steering
    # committee planned for January is kept but has not happened yet
    assert [(i.kind.value, str(i.date), i.source) for i in fiona.evidence] == [
        ("call", "2026-10-06", "salesforce"),
        ("email", "2026-10-08", "salesforce"),
        ("meeting", "2026-10-28", "salesforce"),
        ("meeting", "2027-01-13", "salesforce"),
    ]
    assert fiona.evidence[0].ref == "00T8d00000dKq1AEAS"
    # a 15-character WhoId finds the contact; a call Type wins over the subtype
    amaia = knows[tuple(sorted(("kes-lucia-fernandez-ortega", AMAIA)))]  # type: ignore[index]
    assert [i.kind for i in amaia.evidence] == [InteractionKind.call, InteractionKind.meeting]
    # a weekly series (RRULE FREQ=WEEKLY;COUNT=6;BYDAY=TU from Tuesday 2026-09-15) is a meeting
    # each week: 09-15, 09-22, 09-29, not 10-06 (EXDATE), 10-13 moved to Thursday 10-15 (a VEVENT
    # with its RECURRENCE-ID), 10-20; the declined attendee is not in it
    tomasz = knows[tuple(sorted((JAMES, TOMASZ)))]  # type: ignore[index]
    weekly = [(str(i.date), i.ref) for i in tomasz.evidence if i.source == "calendar" and "weekly" in (i.ref or "")]
    uid = "weekly-sync-ashgrove@kestrel-analytics.example"
    assert weekly == [
        ("2026-09-15", uid),
        ("2026-09-22", f"{uid}/20260922"),
        ("2026-09-29", f"{uid}/20260929"),
        ("2026-10-15", f"{uid}/20261013T090000"),
        ("2026-10-20", f"{uid}/20261020"),
    ]
    assert not any("0038d00002zzV4NAAU" in key for key in knows if "calendar" in str(knows[key].evidence))
    # the plain CSV: ids or e-mails, the duplicate row once, the note kept
    anjali = knows[("kes-james-whitfield", "mer-anjali-desai")]
    assert [(i.kind.value, i.note) for i in anjali.evidence] == [
        ("email", "Business case draft"),
        ("meeting", "Business case walk-through"),
    ]
    assert (anjali.strength, anjali.source) == (0.85, "meeting")  # what was set by hand stays
    stuart = knows[("kes-james-whitfield", "mer-stuart-mcallister")]  # ours named by e-mail
    assert [i.kind.value for i in stuart.evidence] == ["call"] and str(stuart.last_contact) == "2026-11-20"
    gareth = knows[("kes-emma-clarke", "mer-gareth-pryce")]
    assert len(gareth.evidence) == 1


def test_routes_read_the_evidence(url: str) -> None:
    assert kamgraph(url, "import-activity", *FILES, *MAP, "--skip-bad-rows").exit_code == 0
    r = json.loads(kamgraph(url, "path", "--from", JAMES, "--to", FIONA, "--json").stdout)
    first = r["paths"][0]
    assert first["people"] == [JAMES, FIONA]
    # call 0.3, e-mail 0.15, meeting 0.4, all fresh on 2026-12-01: 1 − 0.7 · 0.85 · 0.6
    assert first["probability"] == pytest.approx(1 - 0.7 * 0.85 * 0.6, abs=1e-6)
    # each hop says where it comes from (the January meeting has not happened yet)
    said = "1 meeting, 1 call and 1 e-mail since October 2026, last 2026-10-28; CRM record owner"
    assert first["edges"][0]["evidence"] == said
    table = kamgraph(url, "path", "--from", JAMES, "--to", FIONA).stdout
    assert f"      evidence: {said}\n" in table
    # as time passes the same evidence counts less: on 2027-06-01 the October contacts are
    # 216-238 days old; the January meeting (140 days) now counts
    later = json.loads(
        CliRunner()
        .invoke(cli, ["--store", url, "--today", "2027-06-01", "path", "--from", JAMES, "--to", FIONA, "--json"])
        .stdout
    )

    def decay(days: int) -> float:
        return float(0.5 ** ((days - 90) / 180))

    expected = 1 - (1 - 0.3 * decay(238)) * (1 - 0.15 * decay(236)) * (1 - 0.4 * decay(216)) * (1 - 0.4 * decay(139))
    assert later["paths"][0]["probability"] == pytest.approx(expected, abs=1e-6)
    assert later["paths"][0]["probability"] < first["probability"]


def test_a_file_that_is_not_activity_is_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "kg.db")
    load_samples(db)
    odd = tmp_path / "odd.csv"
    odd.write_text("name,amount\nx,1\n", encoding="utf-8")
    r = kamgraph(db, "import-activity", str(odd))
    assert r.exit_code == 1
    assert r.stderr.strip().startswith(f"Error: {odd}: not an activity file: expected a Salesforce Task")
    cal = tmp_path / "x.ics"
    cal.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\n", encoding="utf-8")
    r = kamgraph(db, "import-activity", str(cal))
    assert r.exit_code == 1 and f"error: {cal}:2: BEGIN:VEVENT is never closed by END:VEVENT" in r.stderr


def test_unfolding_keeps_the_line_numbers() -> None:
    text = "BEGIN:VCALENDAR\r\nATTENDEE;CN=A:mailto:a@x.exa\r\n mple\r\n\tmore\r\nEND:VCALENDAR\r\n"
    assert unfold(text) == [
        (1, "BEGIN:VCALENDAR"),
        (2, "ATTENDEE;CN=A:mailto:a@x.example" + "more"),
        (5, "END:VCALENDAR"),
    ]


def test_risk_says_when_crm_ownership_is_all_we_have_and_evidence_makes_it_a_thread(tmp_path: Path) -> None:
    db = str(tmp_path / "kg.db")
    assert kamgraph(db, "import", str(SAMPLES / "team.yaml")).exit_code == 0
    crm = kamgraph(
        db, "import-crm", "salesforce", "--contacts", str(SF / "Contact_ashgrove_dataloader.csv"),
        "--accounts", str(SF / "Account.csv"), "--opportunities", str(SF / "Opportunity.csv"),
        "--contact-roles", str(SF / "OpportunityContactRole.csv"), *MAP, "--skip-bad-rows",
    )  # fmt: skip
    assert crm.exit_code == 0, crm.output
    before = kamgraph(db, "risk", "Ashgrove").stdout
    assert (
        "+50 no route at all to Fiona Carmichael: nobody on our team has a recorded relationship with "
        "Fiona Carmichael; only CRM ownership"
    ) in before
    assert kamgraph(db, "import-activity", str(ACT / "Event.csv"), *MAP, "--skip-bad-rows").exit_code == 0
    after = json.loads(kamgraph(db, "risk", "--opportunity", "0068d00001FVm4HAAT", "--json").stdout)
    fiona = next(d for d in after["decision_makers"] if d["person"] == FIONA)
    assert fiona["threads"] >= 1  # the meeting with her, and one through Tomasz Kowalczyk's workshop
    assert not any("only CRM ownership" in r and "Fiona" in r for r in after["reasons"])
