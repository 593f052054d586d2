"""Repeating calendar events (issue 15): an iCalendar RRULE is a meeting on each day it took
place up to today. Hand-worked rules, a brute force over random rules (every day tested
against the rule's definition, one by one), and calendars read on each store: EXDATE,
moved occurrences, a bad rule reported by file and line, a re-import that adds nothing."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph import clock
from kamgraph.errors import InvalidInput
from kamgraph.io.activity import import_activity, read_activity
from kamgraph.io.activity.rrule import Unsupported, occurrences
from kamgraph.model import Graph, Organisation, Person
from kamgraph.store import Store

D = dt.date
TODAY = D(2026, 12, 1)


def days(start: dt.date, rule: str, up_to: dt.date = TODAY, ex: tuple[dt.date, ...] = ()) -> list[str]:
    return [d.isoformat() for d in occurrences(start, rule, up_to, frozenset(ex))]


def test_hand_worked_rules() -> None:
    # Tuesday 2026-09-15, six Tuesdays
    assert days(D(2026, 9, 15), "FREQ=WEEKLY;COUNT=6;BYDAY=TU") == [
        "2026-09-15", "2026-09-22", "2026-09-29", "2026-10-06", "2026-10-13", "2026-10-20",
    ]  # fmt: skip
    # every other week on Monday and Thursday from Monday 2026-11-02: weeks of 11-02, 11-16, 11-30
    assert days(D(2026, 11, 2), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH") == [
        "2026-11-02", "2026-11-05", "2026-11-16", "2026-11-19", "2026-11-30",
    ]  # fmt: skip
    # working days until Tuesday 2026-11-10 (UNTIL's day counts)
    assert days(D(2026, 11, 5), "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261110T170000Z") == [
        "2026-11-05", "2026-11-06", "2026-11-09", "2026-11-10",
    ]  # fmt: skip
    # every third day, four times
    assert days(D(2026, 11, 1), "FREQ=DAILY;INTERVAL=3;COUNT=4") == [
        "2026-11-01",
        "2026-11-04",
        "2026-11-07",
        "2026-11-10",
    ]
    # the 31st: months without one have no occurrence (RFC 5545), up to 2026-08-01
    assert days(D(2026, 1, 31), "FREQ=MONTHLY", D(2026, 8, 1)) == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
        "2026-07-31",
    ]
    # the first Monday of each quarter's month, from Monday 2026-01-05
    assert days(D(2026, 1, 5), "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO") == [
        "2026-01-05", "2026-04-06", "2026-07-06", "2026-10-05",
    ]  # fmt: skip
    # the last Friday, then the last day of the month
    assert days(D(2026, 1, 30), "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3") == ["2026-01-30", "2026-02-27", "2026-03-27"]
    assert days(D(2026, 1, 31), "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3") == ["2026-01-31", "2026-02-28", "2026-03-31"]
    # yearly on 29 February: leap years only
    assert days(D(2024, 2, 29), "FREQ=YEARLY", D(2029, 1, 1)) == ["2024-02-29", "2028-02-29"]


def test_dtstart_counts_first_exdate_removes_and_today_bounds() -> None:
    # DTSTART (a Wednesday) is an occurrence even though the rule says Tuesdays, and counts
    # towards COUNT; an EXDATE'd day still counts towards it
    assert days(D(2026, 9, 16), "FREQ=WEEKLY;COUNT=3;BYDAY=TU", ex=(D(2026, 9, 22),)) == ["2026-09-16", "2026-09-29"]
    # nothing after today: a series still running has happened up to today
    assert days(D(2026, 11, 3), "FREQ=WEEKLY") == ["2026-11-03", "2026-11-10", "2026-11-17", "2026-11-24", "2026-12-01"]
    assert days(D(2026, 11, 3), "FREQ=WEEKLY", D(2026, 11, 16)) == ["2026-11-03", "2026-11-10"]


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY is not one of DAILY, WEEKLY, MONTHLY, YEARLY"),
        ("COUNT=3", "no FREQ"),
        ("FREQ=DAILY;COUNT=0", "COUNT=0 is not a whole number from 1 to 1000000"),
        ("FREQ=DAILY;INTERVAL=-2", "INTERVAL=-2 is not a whole number from 1 to 10000"),
        ("FREQ=WEEKLY;BYDAY=TUE", "BYDAY: 'TUE' is not a day like MO, TU … or 1MO, -1FR"),
        ("FREQ=WEEKLY;BYDAY=1TU", "BYDAY: 1TU (a numbered day is for monthly rules, 1 to 5 or -1 to -5)"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20270101", "COUNT and UNTIL together (RFC 5545 allows one)"),
        ("FREQ=DAILY;UNTIL=tomorrow", "'TOMORROW' is not a date or date-time"),
        ("FREQ=DAILY;COLOUR=RED", "COLOUR is not a part of a recurrence rule"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
        ("every tuesday", "'every tuesday' is not NAME=VALUE"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32 is not a whole number from 1 to 31 or -1 to -31"),
    ],
)
def test_a_bad_rule_says_what_is_wrong(rule: str, says: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        occurrences(D(2026, 1, 1), rule, TODAY)
    assert not isinstance(caught.value, Unsupported) and str(caught.value) == says


@pytest.mark.parametrize("rule", ["FREQ=HOURLY", "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1", "FREQ=YEARLY;BYMONTH=3"])
def test_rules_not_expanded_are_unsupported_not_wrong(rule: str) -> None:
    with pytest.raises(Unsupported):
        occurrences(D(2026, 1, 1), rule, TODAY)


# --- brute force: each day tested against the rule's definition -----------------------------

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _fits(
    day: dt.date, start: dt.date, freq: str, interval: int, byday: list[tuple[int, int]], bymonthday: list[int]
) -> bool:
    """Whether ``day`` (after ``start``) is one of the rule's days, by RFC 5545's definition."""
    if freq == "DAILY":
        return (day - start).days % interval == 0 and (not byday or day.weekday() in {w for _, w in byday})
    if freq == "WEEKLY":
        weeks = ((day - dt.timedelta(days=day.weekday())) - (start - dt.timedelta(days=start.weekday()))).days // 7
        return weeks % interval == 0 and day.weekday() in ({w for _, w in byday} or {start.weekday()})
    months = (day.year - start.year) * 12 + day.month - start.month
    if months % interval:
        return False
    length = calendar.monthrange(day.year, day.month)[1]
    by_date = {n if n > 0 else length + 1 + n for n in bymonthday}
    nth, nth_last = (day.day - 1) // 7 + 1, -((length - day.day) // 7 + 1)
    by_weekday = any(w == day.weekday() and n in (0, nth, nth_last) for n, w in byday)
    if byday and bymonthday:
        return day.day in by_date and by_weekday
    if byday or bymonthday:
        return day.day in by_date or by_weekday
    return day.day == start.day


@st.composite
def rules(draw: st.DrawFn) -> tuple[dt.date, str, str, int, list[tuple[int, int]], list[int], int | None]:
    start = D(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 500)))
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    interval = draw(st.integers(1, 4))
    byday: list[tuple[int, int]] = []
    bymonthday: list[int] = []
    if draw(st.booleans()):
        nth = st.sampled_from([0, 1, 2, -1, -2]) if freq == "MONTHLY" else st.just(0)
        byday = draw(st.lists(st.tuples(nth, st.integers(0, 6)), min_size=1, max_size=3, unique=True))
    if freq == "MONTHLY" and draw(st.booleans()):
        bymonthday = draw(
            st.lists(st.sampled_from([1, 2, 15, 28, 30, 31, -1, -2]), min_size=1, max_size=2, unique=True)
        )
    count = draw(st.one_of(st.none(), st.integers(1, 30)))
    parts = [f"FREQ={freq}", f"INTERVAL={interval}"]
    if byday:
        parts.append("BYDAY=" + ",".join(f"{n or ''}{WEEKDAYS[w]}" for n, w in byday))
    if bymonthday:
        parts.append("BYMONTHDAY=" + ",".join(map(str, bymonthday)))
    if count:
        parts.append(f"COUNT={count}")
    return start, freq, ";".join(parts), interval, byday, bymonthday, count


@settings(max_examples=300, deadline=None)
@given(rules(), st.integers(0, 900))
def test_occurrences_are_the_days_that_fit_the_rule(
    drawn: tuple[dt.date, str, str, int, list[tuple[int, int]], list[int], int | None], span: int
) -> None:
    start, freq, rule, interval, byday, bymonthday, count = drawn
    up_to = start + dt.timedelta(days=span)
    expected = [start]
    day = start + dt.timedelta(days=1)
    while day <= up_to and (count is None or len(expected) < count):
        if _fits(day, start, freq, interval, byday, bymonthday):
            expected.append(day)
        day += dt.timedelta(days=1)
    assert occurrences(start, rule, up_to) == expected


# --- calendars, on each store -----------------------------------------------------------------

CAL = """\
BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
UID:standup@us.example
DTSTART:20261102T083000Z
RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261113T083000Z
EXDATE:20261105T083000Z,20261106T083000Z
ORGANIZER:mailto:sam@us.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@acme.example
SUMMARY:Pilot stand-up
END:VEVENT
BEGIN:VEVENT
UID:standup@us.example
RECURRENCE-ID:20261110T083000Z
DTSTART:20261111T083000Z
ORGANIZER:mailto:sam@us.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@acme.example
SUMMARY:Pilot stand-up (moved)
END:VEVENT
BEGIN:VEVENT
UID:steering@us.example
DTSTART;VALUE=DATE:20260907
RRULE:FREQ=MONTHLY;BYDAY=1MO
ORGANIZER:mailto:sam@us.example
ATTENDEE:mailto:ana@acme.example
SUMMARY:Steering committee
END:VEVENT
BEGIN:VEVENT
UID:odd@us.example
DTSTART:20261001T100000Z
RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1
ORGANIZER:mailto:sam@us.example
ATTENDEE:mailto:ana@acme.example
SUMMARY:Month-end review
END:VEVENT
END:VCALENDAR
"""


def _load(store: Store) -> None:
    store.import_graph(
        Graph(
            organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="acme", name="Acme")],
            people=[
                Person(id="sam", name="Sam Seller", org="us", email="sam@us.example"),
                Person(id="ana", name="Ana Ruiz", org="acme", email="ana@acme.example"),
            ],
        )
    )


def _import(store: Store, path: Path, *, skip: bool = False) -> tuple[list[str], list[str], int]:
    """The problems, the rows left out on purpose, and how many interactions were (or, when
    a problem stops the import, would have been) added."""
    clock.set_today(TODAY)
    try:
        read = read_activity(store, [path])
        report = import_activity(store, read, skip_bad_rows=skip)
    finally:
        clock.set_today(None)
    assert report.counts.written == (report.counts.added > 0 and (skip or not report.problems))
    return report.problems, report.skipped, report.counts.added


def test_a_calendar_s_repeats_are_meetings_each_day(store: Store, tmp_path: Path) -> None:
    _load(store)
    path = tmp_path / "sam.ics"
    path.write_text(CAL.replace("\n", "\r\n"), encoding="utf-8")
    problems, skipped, added = _import(store, path)
    assert problems == []
    # the rule the reader does not expand is said, and counts once
    assert skipped == [f"{path}:31: RRULE: BYSETPOS is not expanded: 'Month-end review' counted once, on its first day"]
    [k] = store.account("acme").knows
    got = [(str(i.date), i.note) for i in k.evidence]
    # stand-up: working days 11-02 … 11-13 less the EXDATEs (11-05, 11-06) and 11-10, moved to
    # 11-11 (so 11-11 twice: the moved one and its own); steering: first Mondays up to today
    assert got == [
        ("2026-09-07", "Steering committee"),
        ("2026-10-01", "Month-end review"),
        ("2026-10-05", "Steering committee"),
        ("2026-11-02", "Pilot stand-up"),
        ("2026-11-02", "Steering committee"),
        ("2026-11-03", "Pilot stand-up"),
        ("2026-11-04", "Pilot stand-up"),
        ("2026-11-09", "Pilot stand-up"),
        ("2026-11-11", "Pilot stand-up (moved)"),
        ("2026-11-11", "Pilot stand-up"),
        ("2026-11-12", "Pilot stand-up"),
        ("2026-11-13", "Pilot stand-up"),
    ]
    assert added == len(got) == 12
    # importing the same calendar again adds nothing
    assert _import(store, path)[2] == 0


def test_a_bad_rule_is_one_line_naming_file_and_line_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    _load(store)
    path = tmp_path / "bad.ics"
    path.write_text(CAL.replace("FREQ=MONTHLY;BYDAY=1MO", "FREQ=MONTHLY;BYDAY=1MON"), encoding="utf-8")
    before = store.dump()
    problems, _, added = _import(store, path)
    assert problems == [f"{path}:23: RRULE: BYDAY: '1MON' is not a day like MO, TU … or 1MO, -1FR"]
    assert added == 12 - 3 and store.dump() == before  # would be added: the three steering committees are out
    bad_exdate = tmp_path / "exdate.ics"
    bad_exdate.write_text(CAL.replace("EXDATE:20261105T083000Z", "EXDATE:2026-11-05"), encoding="utf-8")
    assert _import(store, bad_exdate)[0] == [f"{bad_exdate}:7: EXDATE: '2026-11-05' is not a date or date-time"]
    # with --skip-bad-rows the event with the bad rule is left out, the rest is written
    problems, _, added = _import(store, path, skip=True)
    assert problems and added == 9
    [k] = store.account("acme").knows
    assert len(k.evidence) == 9 and "Steering committee" not in {i.note for i in k.evidence}
