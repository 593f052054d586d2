"""Text matching: one folding per meaning (:func:`fold` for stores, search and erasure;
:func:`fold_spaces` for names and e-mails read from files), and printable messages."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["company_words", "fold", "fold_spaces", "name_words", "printable"]

#: The longest message line the command line prints: an id of 10 MB is cut, not echoed.
MAX_LINE = 400


def fold(text: str) -> str:
    """Case- and accent-blind form of ``text``.

    >>> fold("Íñigo PEÑALVER")
    'inigo penalver'
    """
    if text.isascii():  # the same, at once: nothing to decompose, and casefold is lower
        return text.lower()
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    if decomposed.isascii():  # the usual case: Latin letters with accents, now gone
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: The combining diacritical marks of Latin text (a subset of what ``unicodedata.combining``
#: finds: removing them first leaves the same text, at the speed of one regex).
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")  # U+034F joins, marks nothing


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


#: Words that say what kind of company it is, not which: left out when names are compared.
LEGAL_FORMS = frozenset(
    "inc incorporated corp corporation co company ltd limited llc llp lp plc gmbh mbh ag kg se sa sas sarl srl spa "
    "bv nv ab as asa aps oy oyj pty sl slu sau sc scs kk pte nhs trust group grupo groupe gruppe holding holdings "
    "the de del la las los le les of and y et und i e".split()
)
#: Forms of address and letters after a name.
HONORIFICS = frozenset("dr mr mrs ms miss mx prof sir dame sr sra srta dra don dona herr frau phd md mba jr".split())


#: Danish and Norwegian letters as they are written without them: æ as ae, ø as oe or o (å
#: folds to a, and is written aa or a).
_NORDIC = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O"})


def _nordic(word: str) -> str:
    """One form for a word however its æ, ø and å were written: "søren", "soeren" and "soren"
    are "soren"; "ålborg" and "aalborg" are "alborg"."""
    return word.replace("oe", "o").replace("aa", "a")


def _words(text: str) -> list[str]:
    # "S.A." and "A/S" are one word each, "O'Sullivan" one name
    joined = re.sub(r"(?<=\b\w)[./'’](?=\w)", "", fold(text.translate(_NORDIC)))
    return [_nordic(w) for w in re.findall(r"[a-z0-9]+", joined.replace("&", " and "))]


def company_words(name: str) -> tuple[str, ...]:
    """The words that tell one company from another: case, accents, punctuation, legal
    forms and filler left out, so that "Acme", "ACME Corp." and "Acme GmbH" compare equal;
    æ, ø and å compare equal to ae, oe or o, and aa or a ("Nørgård" is "Noergaard").

    >>> company_words("Grupo Alimentario Cantábrico S.A."), company_words("ACME Corp."), company_words("Acme GmbH")
    (('alimentario', 'cantabrico'), ('acme',), ('acme',))
    >>> company_words("Nordhavn Logistics A/S"), company_words("Ashgrove Insurance Group plc")
    (('nordhavn', 'logistics'), ('ashgrove', 'insurance'))
    >>> company_words("Nørgård Ærø ApS") == company_words("Noergaard Aeroe") == company_words("Norgard Aero")
    True
    """
    return tuple(w for w in _words(name) if w not in LEGAL_FORMS)


def name_words(name: str) -> tuple[str, ...]:
    """A person's name as folded words, forms of address left out.

    >>> name_words("Dr. Íñigo Peñalver-Ruiz"), name_words("Declan O'Sullivan")
    (('inigo', 'penalver', 'ruiz'), ('declan', 'osullivan'))
    >>> name_words("Søren Kjær") == name_words("Soeren Kjaer") == name_words("Soren KJAER")
    True
    >>> name_words("Åse Bråten") == name_words("Aase Braaten") == name_words("Ase Braten")
    True
    """
    return tuple(w for w in _words(name) if w not in HONORIFICS)
