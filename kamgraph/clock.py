"""One clock: what "today" is for every answer that depends on the date.

Staleness, "as of" on maps and decks and whether a close date is past all read
:func:`today`. It is, in order: the date set with :func:`set_today` (the CLI's
``--today``), ``$KAMGRAPH_TODAY`` (``YYYY-MM-DD``), else the system's date.

>>> set_today(dt.date(2026, 1, 5))
>>> today()
datetime.date(2026, 1, 5)
>>> set_today(None)
"""

from __future__ import annotations

import datetime as dt
import os

from .errors import InvalidInput

__all__ = ["ENV", "now", "parse_date", "set_today", "today"]

#: The environment variable that fixes "today".
ENV = "KAMGRAPH_TODAY"

_fixed: dt.date | None = None


def parse_date(text: str, what: str = "date") -> dt.date:
    """``YYYY-MM-DD`` as a date; :class:`InvalidInput` naming ``what`` otherwise.

    >>> parse_date("2026-03-31")
    datetime.date(2026, 3, 31)
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{what}: '{text[:40]}' is not a date (use YYYY-MM-DD)") from None


def set_today(day: dt.date | None) -> None:
    """Fix "today" for this process (``None``: back to the environment or the system)."""
    global _fixed
    _fixed = day


def today() -> dt.date:
    """Today, by the one clock."""
    if _fixed is not None:
        return _fixed
    env = os.environ.get(ENV, "").strip()
    if env:
        return parse_date(env, f"${ENV}")
    return dt.date.today()


def now() -> dt.datetime:
    """The moment a write is recorded, in UTC to the second: with "today" fixed
    (:func:`set_today`, ``$KAMGRAPH_TODAY``), midnight of that day, so that output stays the
    same from run to run (entries of one day are then ordered by their sequence number)."""
    env = os.environ.get(ENV, "").strip()
    if _fixed is not None or env:
        return dt.datetime.combine(today(), dt.time(), tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
