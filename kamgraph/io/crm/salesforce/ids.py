"""Salesforce record ids: 15 characters (case-sensitive) or 18 (with a checksum of the case)."""

from __future__ import annotations

import re

__all__ = ["is_sf_id", "is_true", "sf_id18"]

_ID = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_TRUE = {"true", "1", "yes", "y", "x", "verdadero", "wahr", "vrai", "sí", "si"}


def sf_id18(sfid: str) -> str:
    """The 18-character form of a 15- or 18-character Salesforce id (the suffix encodes
    which of the first 15 characters are upper case).

    >>> sf_id18("0035Q000305d4sc"), sf_id18("0035Q000305d4scQAA")
    ('0035Q000305d4scQAA', '0035Q000305d4scQAA')
    """
    if not _ID.match(sfid):
        raise ValueError(f"not a Salesforce id: {sfid!r}")
    head = sfid[:15]
    suffix = ""
    for chunk in range(3):
        bits = sum(1 << j for j, ch in enumerate(head[chunk * 5 : chunk * 5 + 5]) if "A" <= ch <= "Z")
        suffix += _SUFFIX[bits]
    return head + suffix


def is_sf_id(value: str) -> bool:
    """Whether ``value`` has the shape of a Salesforce id (15 or 18 letters and digits).

    >>> is_sf_id("0035Q000305d4sc"), is_sf_id("Marie Morel")
    (True, False)
    """
    return bool(_ID.match(value.strip()))


def is_true(value: str) -> bool:
    return value.strip().casefold() in _TRUE
