"""The days a repeating calendar event (an iCalendar ``RRULE``, RFC 5545 §3.3.10) took place,
up to a day: what a seller's weekly sync with a client adds up to.

The common rules are read: ``FREQ`` ``DAILY``, ``WEEKLY``, ``MONTHLY`` and ``YEARLY``, with
``INTERVAL``, ``COUNT``, ``UNTIL`` (a date or a date-time: its day), ``BYDAY`` (``MO``…``SU``;
in a monthly rule also ``1MO``, ``-1FR``: the first Monday, the last Friday), ``BYMONTHDAY``
(``-1`` the last day) and ``BYMONTH``; the time of day (``BYHOUR``, ``BYMINUTE``,
``BYSECOND``) does not change which days, and weeks start on Monday (``WKST`` is not read).
``DTSTART`` is always the first occurrence and counts towards ``COUNT``; ``EXDATE`` removes
days after that. Anything else
(``BYSETPOS``, ``BYWEEKNO``, ``BYYEARDAY``, an hourly rule …) is :class:`Unsupported`: the
caller counts the event once. A rule that breaks the grammar is :class:`InvalidInput`.

>>> import datetime as dt
>>> days = occurrences(dt.date(2026, 9, 15), "FREQ=WEEKLY;COUNT=6;BYDAY=TU", dt.date(2026, 12, 1))
>>> [d.isoformat() for d in days]
['2026-09-15', '2026-09-22', '2026-09-29', '2026-10-06', '2026-10-13', '2026-10-20']
>>> [d.isoformat() for d in occurrences(dt.date(2026, 1, 30), "FREQ=MONTHLY;BYDAY=-1FR", dt.date(2026, 4, 30))]
['2026-01-30', '2026-02-27', '2026-03-27', '2026-04-24']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ...errors import InvalidInput

__all__ = ["MAX_OCCURRENCES", "Unsupported", "occurrences", "parse_days"]

#: At most this many days from one rule (a daily event for 27 years): a guard, said when hit.
MAX_OCCURRENCES = 10_000

_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_UNSUPPORTED_FREQS = ("SECONDLY", "MINUTELY", "HOURLY")
_IGNORED = ("WKST", "BYHOUR", "BYMINUTE", "BYSECOND")
_UNSUPPORTED = ("BYSETPOS", "BYWEEKNO", "BYYEARDAY")


class Unsupported(InvalidInput):
    """A valid rule this reader does not expand (the event then counts once)."""


def parse_days(value: str) -> list[dt.date]:
    """The days of a comma-separated list of dates or date-times (``EXDATE``, ``UNTIL``).

    >>> parse_days("20261013T090000Z,20261020")
    [datetime.date(2026, 10, 13), datetime.date(2026, 10, 20)]
    """
    days = []
    for part in value.split(","):
        m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?", part.strip())
        try:
            if not m:
                raise ValueError
            days.append(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            raise InvalidInput(f"{part.strip()[:40]!r} is not a date or date-time") from None
    return days


def _int(name: str, text: str, low: int, high: int, signed: bool = False) -> int:
    """A whole number from ``low`` to ``high`` (or from ``-high`` to ``-low`` when ``signed``)."""
    if not re.fullmatch(r"[+-]?\d{1,7}" if signed else r"\+?\d{1,7}", text) or not low <= abs(int(text)) <= high:
        span = f"{low} to {high}" + (f" or -{low} to -{high}" if signed else "")
        raise InvalidInput(f"{name}={text[:20]} is not a whole number from {span}")
    return int(text)


def _parts(rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in rule.strip().split(";"):
        key, eq, value = item.partition("=")
        key = key.strip().upper()
        if not eq or not key or not value.strip():
            raise InvalidInput(f"{item[:40]!r} is not NAME=VALUE")
        if key in parts:
            raise InvalidInput(f"{key} is given twice")
        parts[key] = value.strip().upper()
    return parts


def _byday(text: str, monthly: bool) -> list[tuple[int, int]]:
    """``BYDAY``'s (ordinal, weekday) pairs; ordinal 0 for every such weekday."""
    out = []
    for token in text.split(","):
        m = re.fullmatch(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)", token.strip())
        if not m:
            raise InvalidInput(f"BYDAY: {token.strip()[:20]!r} is not a day like MO, TU … or 1MO, -1FR")
        n = int(m[1]) if m[1] else 0
        if n and not (monthly and 1 <= abs(n) <= 5):
            raise InvalidInput(f"BYDAY: {token.strip()} (a numbered day is for monthly rules, 1 to 5 or -1 to -5)")
        out.append((n, _WEEKDAYS[m[2]]))
    return out


def _month_days(
    year: int, month: int, byday: list[tuple[int, int]], bymonthday: list[int], start: dt.date
) -> list[int]:
    """The days of one month a monthly rule picks: by ``BYMONTHDAY``, by ``BYDAY``, both (a day
    must fit both), else ``start``'s day of the month."""
    length = calendar.monthrange(year, month)[1]
    by_date = {n if n > 0 else length + 1 + n for n in bymonthday} & set(range(1, length + 1))
    by_weekday: set[int] = set()
    for n, weekday in byday:
        matching = [d for d in range(1, length + 1) if dt.date(year, month, d).weekday() == weekday]
        if n == 0:
            by_weekday.update(matching)
        elif abs(n) <= len(matching):
            by_weekday.add(matching[n - 1] if n > 0 else matching[n])
    if byday and bymonthday:
        return sorted(by_date & by_weekday)
    if byday or bymonthday:
        return sorted(by_date | by_weekday)
    return [start.day] if start.day <= length else []  # a month without the 31st has none (RFC 5545)


def occurrences(start: dt.date, rule: str, up_to: dt.date, exdates: frozenset[dt.date] = frozenset()) -> list[dt.date]:
    """The days of the event that starts on ``start`` and repeats by ``rule`` (the ``RRULE``
    value), from ``start`` up to ``up_to`` included, less ``exdates``; in order. At most
    :data:`MAX_OCCURRENCES`."""
    parts = _parts(rule)
    freq = parts.pop("FREQ", None)
    if freq is None:
        raise InvalidInput("no FREQ")
    if freq in _UNSUPPORTED_FREQS:
        raise Unsupported(f"FREQ={freq} is not expanded")
    if freq not in _FREQS:
        raise InvalidInput(f"FREQ={freq[:20]} is not one of {', '.join(_FREQS)}")
    interval = _int("INTERVAL", parts.pop("INTERVAL", "1"), 1, 10_000)
    count = _int("COUNT", parts.pop("COUNT"), 1, 1_000_000) if "COUNT" in parts else None
    until = None
    if "UNTIL" in parts:
        value = parts.pop("UNTIL")
        if "," in value:
            raise InvalidInput(f"UNTIL={value[:40]} is not one date or date-time")
        until = parse_days(value)[0]
    if count is not None and until is not None:
        raise InvalidInput("COUNT and UNTIL together (RFC 5545 allows one)")
    byday = _byday(parts.pop("BYDAY"), freq == "MONTHLY") if "BYDAY" in parts else []
    bymonthday = (
        [_int("BYMONTHDAY", v, 1, 31, signed=True) for v in parts.pop("BYMONTHDAY").split(",")]
        if "BYMONTHDAY" in parts
        else []
    )
    bymonth = {_int("BYMONTH", v, 1, 12) for v in parts.pop("BYMONTH").split(",")} if "BYMONTH" in parts else set()
    for key in _IGNORED:
        parts.pop(key, None)
    for key in parts:
        if key in _UNSUPPORTED:
            raise Unsupported(f"{key} is not expanded")
        raise InvalidInput(f"{key[:20]} is not a part of a recurrence rule")
    if freq == "YEARLY" and (byday or bymonthday or bymonth):
        raise Unsupported("a yearly rule with BYDAY, BYMONTHDAY or BYMONTH is not expanded")
    if freq != "MONTHLY" and bymonthday:
        raise Unsupported(f"BYMONTHDAY in a {freq.lower()} rule is not expanded")
    last = min(up_to, until) if until else up_to
    weekdays = {w for _, w in byday}
    period = 0  # which period (day, week, month, year) of the rule comes next

    def candidates() -> list[dt.date] | None:
        """The next period's days, in order (None: past the end)."""
        nonlocal period
        if freq == "DAILY":
            day = start + dt.timedelta(days=period * interval)
            days = [day] if not weekdays or day.weekday() in weekdays else []
        elif freq == "WEEKLY":
            monday = start - dt.timedelta(days=start.weekday()) + dt.timedelta(weeks=period * interval)
            day = monday
            days = [monday + dt.timedelta(days=w) for w in sorted(weekdays or {start.weekday()})]
        elif freq == "MONTHLY":
            months = start.month - 1 + period * interval
            year, month = start.year + months // 12, months % 12 + 1
            if year > dt.MAXYEAR:
                return None
            day = dt.date(year, month, 1)
            days = [dt.date(year, month, d) for d in _month_days(year, month, byday, bymonthday, start)]
        else:
            year = start.year + period * interval
            if year > dt.MAXYEAR:
                return None
            day = dt.date(year, start.month, 1)
            length = calendar.monthrange(year, start.month)[1]
            days = [dt.date(year, start.month, start.day)] if start.day <= length else []
        period += 1
        if day > last:
            return None
        return [d for d in days if not bymonth or d.month in bymonth]

    out = [start] if start <= up_to and start not in exdates else []  # DTSTART is the first occurrence, fit or not
    seen = 1  # occurrences so far, excluded ones too (COUNT counts them)
    while count is None or seen < count:
        if len(out) >= MAX_OCCURRENCES:
            break
        try:
            days = candidates()
        except OverflowError:
            break
        if days is None:
            break
        for day in days:
            if day <= start or day > last:
                continue
            if count is not None and seen >= count:
                break
            seen += 1
            if day not in exdates:
                out.append(day)
    return out[:MAX_OCCURRENCES]
