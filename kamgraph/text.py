"""Text matching: one folding per meaning (:func:`fold` for stores, search and erasure;
:func:`fold_spaces` for names and e-mails read from files), and printable messages."""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "fold_spaces", "printable"]

#: The longest message line the command line prints: an id of 10 MB is cut, not echoed.
MAX_LINE = 400


def fold(text: str) -> str:
    """Case- and accent-blind form of ``text``.

    >>> fold("Íñigo PEÑALVER")
    'inigo penalver'
    """
    if text.isascii():  # the same, at once: nothing to decompose, and casefold is lower
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_spaces(text: str) -> str:
    """:func:`fold`, and blind to spacing too (runs of white space are one space, none at
    the ends): for names and e-mails typed into files and exports.

    >>> fold_spaces("  Begoña  NÚÑEZ ")
    'begona nunez'
    """
    return " ".join(fold(text).split())


def printable(text: str, limit: int = MAX_LINE) -> str:
    """``text`` as one printable line of at most ``limit`` characters: line breaks, ESC and
    other control or invisible format characters are shown escaped (a terminal never
    interprets them), and a longer text is cut with an ellipsis.

    >>> printable("no person with id 'a\\nb\\x1b[31m'")
    "no person with id 'a\\\\nb\\\\x1b[31m'"
    >>> len(printable("x" * 10_000_000))
    400
    """
    out: list[str] = []
    size = 0
    for ch in text:
        if ch.isprintable():
            piece = ch
        elif ch == "\n":
            piece = "\\n"
        elif ch == "\t":
            piece = " "
        else:
            piece = ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        out.append(piece)
        size += len(piece)
        if size > limit:
            return "".join(out)[: limit - 1] + "…"
    return "".join(out)
