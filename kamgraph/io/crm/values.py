"""Value parsing: dates in whichever order a column uses, amounts in any locale."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

__all__ = ["date_order", "is_slashed_date", "parse_amount", "parse_date"]


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$")


def is_slashed_date(value: str) -> bool:
    """Whether ``value`` is a slashed date (``dd/mm/yyyy`` or ``mm/dd/yyyy``, maybe with a time).

    >>> is_slashed_date("04/02/2025 19:17"), is_slashed_date("2025-02-04")
    (True, False)
    """
    return _SLASHED.match(value) is not None


def date_order(values: Iterable[str]) -> str | None:
    """``'dmy'`` or ``'mdy'`` for a column of slashed dates, from the values that can only be
    read one way; ``None`` when every value is ambiguous (or there are none).

    >>> date_order(["04/02/2025 19:17", "16/04/2025 8:20"]), date_order(["12/31/2024"]), date_order(["01/02/2025"])
    ('dmy', 'mdy', None)
    """
    dmy = mdy = False
    for v in values:
        m = _SLASHED.match(v.strip())
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            dmy |= a > 12
            mdy |= b > 12
    if dmy and not mdy:
        return "dmy"
    if mdy and not dmy:
        return "mdy"
    return None


@functools.lru_cache(maxsize=1 << 14)  # an export's dates repeat (a day each): each text read once
def parse_date(value: str, order: str = "dmy") -> dt.date | None:
    """ISO dates and datetimes, and slashed ``dd/mm/yyyy [H:mm]`` (or ``mm/dd`` with
    ``order='mdy'``). ``ValueError`` when it is not a date (not kept: asked again, raised again).

    >>> parse_date("2018-12-20T03:11:43.000Z"), parse_date("16/04/2025 8:20")
    (datetime.date(2018, 12, 20), datetime.date(2025, 4, 16))
    """
    v = value.strip()
    if not v:
        return None
    m = _ISO.match(v)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _SLASHED.match(v)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = y + 2000 if y < 100 else y
        day, month = (a, b) if order == "dmy" else (b, a)
        return dt.date(year, month, day)
    raise ValueError(f"not a date: {value!r}")


def parse_amount(value: str) -> float | None:
    """``620000.00``, ``620,000.00``, ``620.000,00``, ``€ 1 234,5`` → a float.

    >>> parse_amount("620000.00"), parse_amount("620.000,00"), parse_amount("1,234.5"), parse_amount("240000,5")
    (620000.0, 620000.0, 1234.5, 240000.5)
    """
    v = re.sub(r"[^\d,.\-]", "", value)
    if not v:
        return None
    if "," in v and "." in v:
        decimal = "," if v.rfind(",") > v.rfind(".") else "."
        v = v.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in v:
        head, _, tail = v.rpartition(",")
        v = v.replace(",", ".") if v.count(",") == 1 and len(tail) != 3 else v.replace(",", "")
    elif v.count(".") > 1:
        v = v.replace(".", "")
    return float(v)
