"""Salesforce record ids: 15 characters (case-sensitive) or 18 (with a checksum of the case)."""

from __future__ import annotations

import functools
import re
import string

__all__ = ["is_sf_id", "is_true", "sf_id18", "with_suffix"]

_ID = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_TRUE = {"true", "1", "yes", "y", "x", "verdadero", "wahr", "vrai", "sí", "si"}


@functools.lru_cache(maxsize=1 << 18)  # an export names each id several times (a contact, its manager's line)
def sf_id18(sfid: str) -> str:
    """The 18-character form of a 15- or 18-character Salesforce id (the suffix encodes
    which of the first 15 characters are upper case).

    >>> sf_id18("0035Q000305d4sc"), sf_id18("0035Q000305d4scQAA")
    ('0035Q000305d4scQAA', '0035Q000305d4scQAA')
    """
    if not _ID.match(sfid):
        raise ValueError(f"not a Salesforce id: {sfid!r}")
    return with_suffix(sfid)


def with_suffix(sfid: str) -> str:
    """:func:`sf_id18` of what is known to be 15 or 18 letters and digits (not checked)."""
    head = sfid[:15]
    upper = head.translate(_UPPER)  # "1" for each capital letter, "0" for the rest
    # each 5 characters make one suffix letter: bit j set when character j is upper case
    return head + _LETTER[upper[:5]] + _LETTER[upper[5:10]] + _LETTER[upper[10:15]]


#: Each letter and digit of an id → "1" when it is a capital letter, else "0".
_UPPER = str.maketrans(
    {**{c: "0" for c in string.ascii_lowercase + string.digits}, **{c: "1" for c in string.ascii_uppercase}}
)


#: Each 5 characters' capitals ("1") and the rest ("0") → their suffix letter.
_LETTER = {f"{n:05b}"[::-1]: _SUFFIX[n] for n in range(32)}


def is_sf_id(value: str) -> bool:
    """Whether ``value`` has the shape of a Salesforce id (15 or 18 letters and digits).

    >>> is_sf_id("0035Q000305d4sc"), is_sf_id("Marie Morel")
    (True, False)
    """
    return bool(_ID.match(value.strip()))


def is_true(value: str) -> bool:
    return value.strip().casefold() in _TRUE
