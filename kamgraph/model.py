"""The pydantic models: the only shapes that cross layers.

A :class:`Graph` is a set of records keyed by id. It is what a file loads into, what a
store writes and reads, and what the analyses turn into a networkx graph. Every record is
upserted by its key, so loading the same graph twice changes nothing.

>>> g = Graph(organisations=[Organisation(id="acme", name="Acme")],
...           people=[Person(id="ana", name="Ana Ruiz", org="acme")])
>>> g.people[0].stance
<Stance.unknown: 'unknown'>
"""

# No ``from __future__ import annotations`` here: pydantic would read every field's type back
# from its text (a ForwardRef compiled per field), a few milliseconds of every command's start.
import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

# The vocabulary and the record rules live without pydantic (the views use them without the
# model: issue 19); they are re-exported here, so every caller's import stays as it was.
from .record_rules import effective_influence, effective_stance
from .vocabulary import (
    DECIDING_ROLES,
    DEFAULT_STALE_DAYS,
    ROLE_ORDER,
    AdoptionStatus,
    Influence,
    InteractionKind,
    MHMode,
    OrgKind,
    Role,
    Seniority,
    Stance,
)

__all__ = [
    "DECIDING_ROLES",
    "DEFAULT_STALE_DAYS",
    "MHMode",
    "Adoption",
    "AdoptionStatus",
    "Graph",
    "Influence",
    "Influences",
    "Interaction",
    "InteractionKind",
    "Knows",
    "Membership",
    "Note",
    "OrgKind",
    "Opportunity",
    "Organisation",
    "Person",
    "Product",
    "Role",
    "Seniority",
    "Stance",
    "Unit",
    "effective_influence",
    "effective_stance",
]


_ROLE_ORDER = ROLE_ORDER

#: A record id: text without spaces. A number is taken as its text (`id: 86`, `reports_to: 86`:
#: HR and e-mail systems number people); the coercion runs inside pydantic-core, so reading
#: records back from a store costs nothing more.
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\s]+$", coerce_numbers_to_str=True)]
Unit01 = Annotated[float, Field(ge=0.0, le=1.0)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


#: A name: something a person can read, never blank.
Name = Annotated[str, AfterValidator(_not_blank)]


def _no_number(value: object) -> object:
    # pydantic reads 0 as 1970-01-01; a number is never what someone meant by a date
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    return value


#: A calendar day, YYYY-MM-DD.
Day = Annotated[dt.date, BeforeValidator(_no_number)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False, populate_by_name=True, allow_inf_nan=False)


class Note(Record):
    """A dated free-text note; ``by`` is the person id of who wrote it."""

    text: str
    date: Day | None = None
    by: str | None = None


class Unit(Record):
    """A business unit, department or team; ``parent`` is another unit of the same org."""

    id: Id
    org: Id
    name: Name
    parent: Id | None = None
    function: str | None = None
    headcount: int | None = Field(default=None, ge=0)
    budget: float | None = Field(default=None, ge=0)


class Organisation(Record):
    id: Id
    name: Name
    kind: OrgKind = OrgKind.client
    industry: str | None = None
    country: str | None = None
    tier: str | None = Field(default=None, description="key / standard")
    value: float | None = Field(default=None, ge=0, description="annual value to us")
    currency: str | None = None
    ids: dict[str, str] = Field(default_factory=dict, description="external ids")
    notes: list[Note] = Field(default_factory=list)


class Person(Record):
    id: Id
    name: Name
    org: Id
    unit: Id | None = None
    title: str | None = None
    seniority: Seniority | None = None
    roles: list[Role] = Field(default_factory=list)
    stance: Stance = Stance.unknown
    influence: Influence | None = None
    reports_to: Id | None = None
    email: str | None = None
    url: str | None = None
    phone: str | None = None
    last_contact: Day | None = None
    left: Day | None = Field(
        default=None, description="the day they left the organisation: no route, thread or committee seat from then"
    )
    ids: dict[str, str] = Field(default_factory=dict, description="external ids")
    notes: list[Note] = Field(default_factory=list)

    def has_left(self, today: dt.date) -> bool:
        """Whether they had left by ``today``."""
        return self.left is not None and self.left <= today

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, roles: list[Role]) -> list[Role]:
        if len(roles) < 2:  # most people: nothing to sort (a validated list of their own)
            return roles
        return sorted(set(roles), key=_ROLE_ORDER.__getitem__)


class Interaction(Record):
    """One piece of evidence that two people know each other: a meeting, a call, an e-mail,
    a LinkedIn connection, on a day, from a ``source`` (``salesforce``, ``calendar``,
    ``linkedin``, ``command line`` …). ``ref`` is the id it has there (a Salesforce Task id,
    a calendar UID): importing it again replaces it instead of adding it twice."""

    kind: InteractionKind
    date: Day
    source: str | None = None
    ref: str | None = None
    note: str | None = None

    @property
    def key(self) -> tuple[str, ...]:
        """What makes two interactions the same one: the source's id, else everything."""
        if self.ref:
            return ("ref", self.source or "", self.ref)
        return ("", self.kind.value, self.date.isoformat(), self.source or "", self.note or "")


def _sorted_evidence(items: list[Interaction]) -> list[Interaction]:
    """One of each interaction (the last given wins), oldest first: a canonical order, so
    equal evidence compares equal whatever order it was read in."""
    by_key = {i.key: i for i in items}
    return sorted(by_key.values(), key=lambda i: (i.date, i.kind.value, i.source or "", i.ref or "", i.note or ""))


class Knows(Record):
    """Undirected acquaintance; stored with ``a < b`` so each pair has one record.

    ``strength`` is the strength set by hand (or by an import of typed strengths), as of
    ``strength_set`` when known; ``evidence`` lists the interactions behind the relationship.
    What the analyses use is the *effective* strength of :mod:`kamgraph.strength`, which ages
    both. A relationship known only from evidence has ``strength`` 0.
    """

    a: Id
    b: Id
    strength: Unit01 = 0.5
    strength_set: Day | None = Field(default=None, description="the day the strength was set by hand")
    last_contact: Day | None = None
    source: str | None = Field(default=None, description="where we learned it: crm, linkedin, meeting…")
    evidence: list[Interaction] = Field(default_factory=list)

    @field_validator("evidence")
    @classmethod
    def _canonical_evidence(cls, evidence: list[Interaction]) -> list[Interaction]:
        if len(evidence) < 2:  # most relationships: nothing to sort or merge
            return evidence
        return _sorted_evidence(evidence)

    @property
    def key(self) -> tuple[str, str]:
        return (self.a, self.b) if self.a <= self.b else (self.b, self.a)

    def normalised(self) -> "Knows":
        a, b = self.key
        return self if a == self.a else self.model_copy(update={"a": a, "b": b})


class Influences(Record):
    """``source`` sways ``target`` (informal power), with a weight in [0, 1]."""

    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    weight: Unit01 = 0.5

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)


class Product(Record):
    id: Id
    name: Name
    family: str | None = None


class Adoption(Record):
    unit: Id
    product: Id
    status: AdoptionStatus = AdoptionStatus.none
    competitor: str | None = Field(default=None, description="the competitor's name, when status is competitor")
    since: Day | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.unit, self.product)


class Membership(Record):
    """A person on one opportunity's buying committee, with that deal's roles and stance.

    ``stance`` and ``influence`` left empty fall back to the person's own. ``source`` names
    the CRM a seat was imported from (a re-import of that CRM's contact roles replaces its
    seats; seats without a source were set by hand and stay).
    """

    person: Id
    roles: list[Role] = Field(default_factory=list)
    stance: Stance | None = None
    influence: Influence | None = None
    mode: MHMode | None = None
    primary: bool = Field(default=False, description="the deal's primary contact (Salesforce's IsPrimary)")
    source: str | None = Field(default=None, description="where the seat came from: salesforce, or none (by hand)")

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, roles: list[Role]) -> list[Role]:
        if len(roles) < 2:  # most people: nothing to sort (a validated list of their own)
            return roles
        return sorted(set(roles), key=_ROLE_ORDER.__getitem__)


class Opportunity(Record):
    id: Id
    account: Id
    name: Name
    stage: str | None = None
    amount: float | None = Field(default=None, ge=0)
    currency: str | None = None
    close_date: Day | None = None
    is_open: bool = Field(default=True, alias="open")
    committee: list[Membership] = Field(default_factory=list)
    empty_seats: list[Role] = Field(default_factory=list, description="roles needed with nobody in them yet")
    ids: dict[str, str] = Field(default_factory=dict)
    notes: list[Note] = Field(default_factory=list)


#: The record collections of a graph, in dependency order (what a record refers to comes first).
COLLECTIONS = (
    "organisations",
    "units",
    "products",
    "people",
    "knows",
    "influences",
    "adoption",
    "opportunities",
)


class Graph(BaseModel):
    """A set of records. Not validated as a whole: see :func:`kamgraph.validate.check`."""

    model_config = ConfigDict(extra="forbid")

    organisations: list[Organisation] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    knows: list[Knows] = Field(default_factory=list)
    influences: list[Influences] = Field(default_factory=list)
    adoption: list[Adoption] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(getattr(self, c) for c in COLLECTIONS)

    def merged(self, other: "Graph") -> "Graph":
        """Records of both; where keys collide, ``other`` wins (an upsert)."""
        out: dict[str, list[Any]] = {}
        for c in COLLECTIONS:
            by_key = {record_key(r): r for r in getattr(self, c)}
            by_key.update({record_key(r): r for r in getattr(other, c)})
            out[c] = list(by_key.values())
        return Graph(**out)

    def canonical(self) -> "Graph":
        """The same records, sorted by key, knows pairs normalised: equal graphs compare equal."""
        out: dict[str, list[Any]] = {}
        for c in COLLECTIONS:
            records = getattr(self, c)
            if c == "knows":
                records = [k.normalised() for k in records]
            out[c] = sorted(records, key=record_key)
        return Graph(**out)

    def person(self, pid: str) -> Person | None:
        return next((p for p in self.people if p.id == pid), None)

    def organisation(self, oid: str) -> Organisation | None:
        return next((o for o in self.organisations if o.id == oid), None)


#: The records keyed by the pair they relate (a tuple: ``isinstance`` checks it faster than a union).
_PAIRS = (Knows, Influences, Adoption)


def record_key(record: BaseModel) -> Any:
    """The upsert key of any record: its id, or the pair it relates."""
    if isinstance(record, _PAIRS):
        return record.key
    return record.id  # type: ignore[attr-defined]
