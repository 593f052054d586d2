"""Values no store may hold: texts with control characters or lone surrogates, numbers that are
not finite or do not fit 64 bits. Checked before every write (:func:`bad_values`); a JSON file's
bytes tell at once when none of its texts can hold one (:func:`plain_json`).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import operator
import re
import types
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from .canonical import Texts, canonical_texts
from .model import COLLECTIONS, Graph, record_key
from .problems import Problem

__all__ = ["MAX_INT", "bad_values", "plain_json"]


#: The largest integer every store can hold (Neo4j's are 64-bit).
MAX_INT = 2**63 - 1
#: Characters no text may hold: C0 controls but tab and line breaks, DEL and C1 controls.
#: They break XML (SVG, PPTX) and terminals, and no name or note needs them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _value_problem(value: Any) -> str | None:
    """What makes one value unfit for every store and export, if anything."""
    if isinstance(value, str):
        if (m := _CONTROL.search(value)) is not None:
            return f"contains the control character {m[0]!r}; remove it"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"is not valid Unicode (a lone surrogate at character {exc.start})"
    elif isinstance(value, int) and not isinstance(value, bool) and not -MAX_INT - 1 <= value <= MAX_INT:
        return "is too large a number (at most 9223372036854775807)"
    elif isinstance(value, float) and not math.isfinite(value):
        return "is not a finite number"
    return None


def bad_values(graph: Graph, texts: Texts | None = None) -> list[Problem]:
    """Values no store can keep or no export can show: control characters, lone
    surrogates, integers beyond 64 bits, infinite numbers. ``texts``: where the records'
    canonical JSON is kept for the write that follows (written here once, read twice).

    >>> from kamgraph.model import Organisation
    >>> [str(p) for p in bad_values(Graph(organisations=[Organisation(id="o", name="A\x1bB")]))]
    ["organisation 'o': name: contains the control character '\\\\x1b'; remove it"]
    """
    problems = []

    def walk(value: Any, where: str) -> str | None:
        if isinstance(value, dict):
            for k, v in value.items():
                found = walk(k, where) or walk(v, f"{where}.{k}" if where else str(k))
                if found:
                    return found
        elif isinstance(value, list | tuple | set | frozenset):
            for n, v in enumerate(value):
                if found := walk(v, f"{where}[{n}]"):
                    return found
        elif (problem := _value_problem(value)) is not None:
            return f"{where or 'value'}: {problem}"
        return None

    plain = texts is not None and texts.plain
    for c in COLLECTIONS:
        records = getattr(graph, c)
        if not records:
            continue
        if plain and _numbers_fit(records):  # their texts known plain: only the numbers to look at
            continue
        if _plainly_fit(records, texts.of if texts is not None else None, c):
            continue
        for r in records:
            found = walk(r.model_dump(mode="python", by_alias=True), "")
            if found:
                field, _, message = found.partition(": ")
                problems.append(Problem(c, record_key(r), field, message))
    return problems


#: What, in a record's JSON, may be a bad value: an escaped control character (``\\u0000`` to
#: ``\\u001f``, ``\\b``, ``\\f``), DEL, U+FFFD (what a lone surrogate in a map's key
#: becomes), a C1 control (U+0080 to U+009F: looked for only in text that is not ASCII). A
#: match only means "look closer" (the text ``C:\\build`` matches too).
_SUSPECT = ("\\u00", "\\b", "\\f", "\x7f", "\ufffd")
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def _plainly_fit(
    records: Sequence[BaseModel], texts: Callable[[str, Sequence[BaseModel]], list[str]] | None = None, c: str = ""
) -> bool:
    """Whether none of ``records`` can hold a bad value, found at once for the usual case:
    every record of one model, their JSON (each record's written by pydantic-core: ``texts``
    of collection ``c`` when given, else :func:`~kamgraph.canonical.canonical_texts`) free of
    anything :data:`_SUSPECT`, and every number they hold finite and within 64 bits (JSON
    would show an infinite float as null). ``False`` only means that :func:`bad_values`
    looks at each value."""
    model = type(records[0])
    numbers = _number_fields(model)
    if numbers is None or any(type(r) is not model for r in records):
        return False
    try:
        text = "".join(texts(c, records) if texts is not None else canonical_texts(records))
        # a C1 control is looked for in the UTF-8 bytes: a 0xC2 lead byte then 0x80 to 0x9F,
        # found by its lead byte (a regex over the text tests every character: 8 times slower)
        data = b"" if text.isascii() else text.encode("utf-8")
    except (PydanticSerializationError, UnicodeError, ValueError, TypeError):  # a lone surrogate, a foreign value
        return False
    if any(s in text for s in _SUSPECT) or _C1_UTF8.search(data) is not None:
        return False
    return all(_all_fit([getattr(r, name) for r in records]) for name in numbers)


def _numbers_fit(records: Sequence[BaseModel]) -> bool:
    """Whether every record is of one model whose numbers :func:`_plainly_fit` can tell, and
    every number they hold is finite and within 64 bits (:func:`_plainly_fit` less the look
    at their texts). ``False`` only means that :func:`bad_values` looks at each value."""
    model = type(records[0])
    numbers = _number_fields(model)
    if numbers is None or any(type(r) is not model for r in records):
        return False
    return all(_all_fit([getattr(r, name) for r in records]) for name in numbers)


#: In a JSON file's bytes, what can put a bad text into the values read from it (JSON holds
#: no raw control character below U+0020): the escapes ``\b``, ``\f`` and ``\u`` of
#: U+0000 to U+001F, U+0070 to U+009F (DEL and the C1 controls among them) and U+D800 to
#: U+DFFF (a lone surrogate), then DEL itself and a C1 control (UTF-8 ``0xC2 0x80`` to
#: ``0xC2 0x9F``). An escaped backslash followed by such letters matches too: only "look closer".
_JSON_ESCAPE = re.compile(rb"\\(?:[bf]|u(?:00[01]|00[7-9]|[dD][89a-fA-F]))")


def plain_json(data: bytes) -> bool:
    r"""Whether no text read from the JSON document ``data`` (a file's bytes) can hold a
    control character or a lone surrogate: ``True`` when its bytes show no :data:`_JSON_ESCAPE`,
    DEL or C1 control. Told in a few milliseconds over 50 MB (a backslash or a 0xC2 byte is
    looked for first, at memchr's speed).

    >>> plain_json(b'{"name": "Ana \\u00e9"}'), plain_json(b'{"name": "A\\u001bB"}')
    (True, False)
    >>> plain_json(b'{"path": "C:\\\\build"}'), plain_json('{"name": "A\x85B"}'.encode())
    (False, False)
    """
    if data.find(b"\\") >= 0 and _JSON_ESCAPE.search(data) is not None:
        return False
    if data.find(b"\x7f") >= 0:
        return False
    return data.find(b"\xc2") < 0 or _C1_UTF8.search(data) is None


def _all_fit(values: list[Any]) -> bool:
    """:func:`_fits` of every value, in C for a field of plain numbers: the sum of floats
    is finite only when each is (an overflow only sends them to :func:`_fits`), and ints fit
    when the least and the greatest do."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if kinds == {float}:
        if math.isfinite(sum(filter(_is_number, values))):
            return True
    elif kinds == {int}:
        present: list[int] = list(filter(_is_number, values))
        return -MAX_INT - 1 <= min(present) and max(present) <= MAX_INT
    elif not kinds:
        return True
    return all(map(_fits, values))


_is_number = functools.partial(operator.is_not, None)


def _fits(value: Any) -> bool:
    """Whether every number in ``value`` (a number, a record, lists and maps of them) is
    finite and fits in 64 bits."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int):
        return -MAX_INT - 1 <= value <= MAX_INT
    if isinstance(value, BaseModel):
        fields = _number_fields(type(value))
        return fields is not None and all(_fits(getattr(value, n)) for n in fields)
    if isinstance(value, dict):
        return all(_fits(v) for v in value.values())
    if isinstance(value, list | tuple | set | frozenset):
        return all(_fits(v) for v in value)
    return True


#: The leaf types a value can hold without any number in it (a flag is no number here).
_NO_NUMBER = (str, bool, type(None), dt.date, enum.Enum)


@functools.cache
def _number_fields(model: type[BaseModel]) -> tuple[str, ...] | None:
    """The fields of ``model`` whose values can hold a number (directly, or in a record they
    hold); ``None`` when a field's type is not plain enough to tell."""
    out = []
    for name, field in model.model_fields.items():
        holds = _holds_number(field.annotation)
        if holds is None:
            return None
        if holds:
            out.append(name)
    return tuple(out)


def _holds_number(annotation: Any) -> bool | None:
    """Whether a value of this type can hold a number; ``None``: cannot tell."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _holds_number(get_args(annotation)[0])
    if origin in (Union, types.UnionType, list, tuple, set, frozenset, dict):
        found = [_holds_number(a) for a in get_args(annotation) if a is not Ellipsis]
        return None if None in found else any(found)
    if annotation in (float, int):
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = _number_fields(annotation)
        return None if fields is None else bool(fields)
    if isinstance(annotation, type) and issubclass(annotation, _NO_NUMBER):
        return False
    return None
