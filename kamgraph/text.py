"""Text matching shared by the stores and the erasure: one notion of "the same name"."""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]


def fold(text: str) -> str:
    """Case- and accent-blind form of ``text``.

    >>> fold("Íñigo PEÑALVER")
    'inigo penalver'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
