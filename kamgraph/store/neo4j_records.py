"""How a record is kept in Neo4j: the whole record as JSON in a ``data`` property, and
copies of the fields that queries filter on (or that make the graph readable in Neo4j
Browser) as the other properties of its node or relationship.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ..model import (
    Adoption,
    Influences,
    Knows,
    Note,
    Opportunity,
    Organisation,
    Person,
    Product,
    Unit,
)
from ..text import fold


def _json(record: BaseModel) -> str:
    return json.dumps(record.model_dump(mode="json", by_alias=True), ensure_ascii=False, sort_keys=True)


def _value(v: Any) -> Any:
    return v.value if hasattr(v, "value") else v


def _mentions(notes: list[Note]) -> list[str] | None:
    """Each note's text and author, case-folded: what an erasure searches."""
    out = [fold(n.text) for n in notes] + [fold(n.by) for n in notes if n.by]
    return out or None


def _props(record: BaseModel, data: str) -> dict[str, Any]:
    """The properties of a record's node or relationship (``None`` values are not stored)."""
    props: dict[str, Any]
    if isinstance(record, Organisation):
        props = {"id": record.id, "name": record.name, "kind": record.kind.value, "industry": record.industry,
                 "tier": record.tier, "mentions": _mentions(record.notes)}
    elif isinstance(record, Unit):
        props = {"id": record.id, "org": record.org, "name": record.name, "parent": record.parent,
                 "function": record.function, "headcount": record.headcount}
    elif isinstance(record, Product):
        props = {"id": record.id, "name": record.name, "family": record.family}
    elif isinstance(record, Person):
        props = {"id": record.id, "org": record.org, "name": record.name, "title": record.title,
                 "unit": record.unit, "reports_to": record.reports_to, "seniority": _value(record.seniority),
                 "roles": [r.value for r in record.roles] or None, "stance": record.stance.value,
                 "influence": _value(record.influence),
                 "search": [fold(v) for v in (record.id, record.name, record.title or "", record.email or "")],
                 "mentions": _mentions(record.notes)}
    elif isinstance(record, Opportunity):
        props = {"id": record.id, "account": record.account, "name": record.name, "stage": record.stage,
                 "amount": record.amount, "currency": record.currency, "close_date": record.close_date,
                 "open": record.is_open, "mentions": _mentions(record.notes)}
    elif isinstance(record, Knows):
        props = {"strength": record.strength, "last_contact": record.last_contact, "source": record.source}
    elif isinstance(record, Influences):
        props = {"weight": record.weight}
    elif isinstance(record, Adoption):
        props = {"status": record.status.value, "competitor": record.competitor, "since": record.since}
    else:  # pragma: no cover - the model has no other records
        raise TypeError(type(record).__name__)
    props["data"] = data
    return {k: v for k, v in props.items() if v is not None}

