"""A plain object's JSON form, as pydantic's ``model_dump(mode="json")`` gives a model's: a
dataclass as an object of its fields in their order, an enumeration as its value, a day as
``YYYY-MM-DD``, lists and maps item by item, anything else as it is. What the views of
:mod:`kamgraph.views` print under ``--json`` without loading pydantic (issue 19); a test
checks it against pydantic's own dump of the same classes.

>>> import datetime as dt
>>> from dataclasses import dataclass
>>> from kamgraph.vocabulary import Stance
>>> @dataclass
... class Seen:
...     stance: Stance
...     on: list[dt.date]
>>> json_form(Seen(Stance.supporter, [dt.date(2026, 5, 2)]))
{'stance': 'supporter', 'on': ['2026-05-02']}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

__all__ = ["json_form"]

_FIELDS: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def json_form(value: Any) -> Any:
    """``value`` (a dataclass instance, a list, a map, an enumeration, a day or a plain
    value) as the JSON-ready values pydantic's ``mode="json"`` dump makes of it."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, list | tuple):
        return [json_form(v) for v in value]
    if isinstance(value, dict):
        return {k: json_form(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {n: json_form(getattr(value, n)) for n in _names(type(value))}
    return value
