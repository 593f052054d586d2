"""A calendar export (iCalendar, RFC 5545 ``.ics``) as meetings: each event's organiser and
attendees are matched to stored people by e-mail, and every pair of one of ours and one of
theirs who took part is one meeting. A small reader, no dependency: lines unfolded, the
``VEVENT`` blocks' ``UID``, ``DTSTART`` (a date or a date-time, any time zone: its day),
``SUMMARY``, ``STATUS``, ``RRULE``, ``EXDATE``, ``RECURRENCE-ID``, ``ORGANIZER`` and
``ATTENDEE`` (``mailto:``; ``PARTSTAT=DECLINED`` did not take part). A cancelled event did
not happen. A repeating event is a meeting on each day it took place up to today (the one
clock), by :mod:`.rrule`, less its ``EXDATE`` days and the days another ``VEVENT`` of the same
``UID`` moved (its ``RECURRENCE-ID``); a rule this reader does not expand counts once.

>>> lines = unfold("BEGIN:VEVENT\\r\\nSUMMARY:Quarterly \\r\\n business review\\r\\nEND:VEVENT\\r\\n")
>>> [(n, text) for n, text in lines]
[(1, 'BEGIN:VEVENT'), (2, 'SUMMARY:Quarterly business review'), (4, 'END:VEVENT')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ... import clock
from ...errors import InvalidInput
from ...model import Interaction, InteractionKind, Person
from ..crm.csvsniff import decode
from .people import PeopleIndex
from .rrule import MAX_OCCURRENCES, Unsupported, occurrences, parse_days
from .tables import ActivityRead, add_pair

__all__ = ["read_ics", "unfold"]


def unfold(text: str) -> list[tuple[int, str]]:
    """The content lines of ``text``, each with the physical line it starts on (RFC 5545
    §3.1: a line that starts with a space or a tab continues the one before)."""
    out: list[tuple[int, str]] = []
    for n, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if raw[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + raw[1:])
        elif raw:
            out.append((n, raw))
    return out


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """``NAME;PARAM=V;…:value`` → name, params, value (quoted parameter values may hold ``:``)."""
    head, value, quoted = [], "", False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        if ch == ":" and not quoted:
            value = line[i + 1 :]
            break
        head.append(ch)
    name, *params = "".join(head).split(";")
    parsed = {}
    for p in params:
        k, _, v = p.partition("=")
        parsed[k.upper()] = v.strip('"')
    return name.upper(), parsed, value


def _day(value: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?", value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _mail(value: str) -> str:
    return value.strip().removeprefix("mailto:").removeprefix("MAILTO:").strip()


@dataclass
class _Event:
    line: int
    uid: str = ""
    day: dt.date | None = None
    summary: str = ""
    cancelled: bool = False
    recurrence: str = ""
    rule: tuple[int, str] | None = None  # (line, RRULE value)
    exdates: set[dt.date] = field(default_factory=set)
    people: list[tuple[int, str]] = field(default_factory=list)  # (line, e-mail)


def _events(path: Path, lines: list[tuple[int, str]], read: ActivityRead) -> list[_Event]:
    events: list[_Event] = []
    current: _Event | None = None
    for n, line in lines:
        name, params, value = _split(line)
        if name == "BEGIN" and value.upper() == "VEVENT":
            current = _Event(line=n)
        elif name == "END" and value.upper() == "VEVENT" and current is not None:
            events.append(current)
            current = None
        elif current is None:
            continue
        elif name == "UID":
            current.uid = value.strip()
        elif name == "DTSTART":
            current.day = _day(value)
            if current.day is None:
                read.problems.append(f"{path}:{n}: DTSTART: {value[:40]!r} is not a date or date-time")
                current.day = dt.date.min
        elif name == "SUMMARY":
            current.summary = value.replace("\\,", ",").replace("\\;", ";").replace("\\n", " ").strip()
        elif name == "STATUS":
            current.cancelled = value.strip().upper() == "CANCELLED"
        elif name == "RECURRENCE-ID":
            current.recurrence = value.strip()
        elif name == "RRULE":
            if current.rule is not None:
                read.problems.append(f"{path}:{n}: RRULE: a second rule in one event (one is read)")
            current.rule = (n, value)
        elif name == "EXDATE":
            try:
                current.exdates.update(parse_days(value))
            except InvalidInput as exc:
                read.problems.append(f"{path}:{n}: EXDATE: {exc}")
        elif name in ("ORGANIZER", "ATTENDEE"):
            if params.get("PARTSTAT", "").upper() != "DECLINED" and _mail(value):
                current.people.append((n, _mail(value)))
    if current is not None:
        read.problems.append(f"{path}:{current.line}: BEGIN:VEVENT is never closed by END:VEVENT")
    return events


def read_ics(path: Path, index: PeopleIndex) -> ActivityRead:
    """Meetings from a calendar file (see the module's text)."""
    read = ActivityRead(files=[str(path)])
    try:
        text, _ = decode(path.read_bytes())
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from None
    lines = unfold(text.lstrip("\ufeff"))
    if not lines or lines[0][1].upper() != "BEGIN:VCALENDAR":
        read.problems.append(f"{path}:1: not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
        return read
    events = _events(path, lines, read)
    moved: dict[str, set[dt.date]] = {}  # UID → the days of its occurrences another VEVENT replaces
    for event in events:
        if event.recurrence:
            try:
                moved.setdefault(event.uid, set()).update(parse_days(event.recurrence))
            except InvalidInput as exc:
                read.problems.append(f"{path}:{event.line}: RECURRENCE-ID: {exc}")
    today = clock.today()
    for event in events:
        read.rows += 1
        where = f"{path}:{event.line}"
        if event.day is None:
            read.problems.append(f"{where}: the event has no DTSTART")
            continue
        if event.day == dt.date.min:
            continue  # said above
        if not event.uid:
            read.problems.append(f"{where}: the event has no UID")
            continue
        if event.cancelled:
            read.skipped.append(f"{where}: {event.summary or event.uid!r} was cancelled")
            continue
        ours: list[Person] = []
        theirs: list[Person] = []
        for n, mail in event.people:
            found = index.by_email(mail)
            if len(found) != 1:
                said = "nobody" if not found else f"{len(found)} people ({', '.join(p.id for p in found)})"
                read.skipped.append(f"{path}:{n}: {mail} is {said} in the store: left out of the meeting")
                continue
            (ours if found[0].id in index.ours else theirs).append(found[0])
        if not ours or not theirs:
            read.skipped.append(
                f"{where}: {event.summary or event.uid!r}: nobody of {'ours' if not ours else 'theirs'}"
            )
            continue
        days = _days(path, event, today, moved.get(event.uid, set()), read)
        for day in days:
            # the first day keeps the event's own id (as before repeats were expanded: a
            # re-import adds only the repeats); a repeat is the UID and its day
            ref = event.uid + (f"/{event.recurrence}" if event.recurrence else "")
            if day != event.day:
                ref = f"{event.uid}/{day:%Y%m%d}"
            for o in sorted({p.id: p for p in ours}.values(), key=lambda p: p.id):
                for t in sorted({p.id: p for p in theirs}.values(), key=lambda p: p.id):
                    interaction = Interaction(
                        kind=InteractionKind.meeting, date=day, source="calendar", ref=ref, note=event.summary or None
                    )
                    add_pair(read, where, o, t, index, interaction)
    return read


def _days(path: Path, event: _Event, today: dt.date, moved: set[dt.date], read: ActivityRead) -> list[dt.date]:
    """The days ``event`` took place: its ``DTSTART``'s, and by its ``RRULE`` each repeat up to
    ``today``, less its ``EXDATE`` days and the ``moved`` ones (another ``VEVENT`` has them)."""
    assert event.day is not None
    if event.rule is None or event.recurrence:  # a moved occurrence is one day, whatever it says
        return [event.day]
    n, rule = event.rule
    try:
        days = occurrences(event.day, rule, max(today, event.day), frozenset(event.exdates | moved))
    except Unsupported as exc:
        read.skipped.append(f"{path}:{n}: RRULE: {exc}: {event.summary or event.uid!r} counted once, on its first day")
        return [event.day]
    except InvalidInput as exc:
        read.problems.append(f"{path}:{n}: RRULE: {exc}")
        return []
    if len(days) >= MAX_OCCURRENCES:
        read.skipped.append(f"{path}:{n}: RRULE: {event.summary or event.uid!r}: its first {MAX_OCCURRENCES} days only")
    return days
