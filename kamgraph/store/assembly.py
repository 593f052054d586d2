"""An account's subgraph and a people search, from a backend's read primitives: written
once, for the store's validated records (:meth:`Store.account
<kamgraph.store.base.Store.account>`, :meth:`~kamgraph.store.base.Store.find_people`) and for
plain records read from an SQLite store's rows (:mod:`kamgraph.store.plain_reader`), which
``show`` reads without pydantic (issue 19). No pydantic here.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, NamedTuple, Protocol, TypeVar

from ..errors import NotFound
from ..record_rules import matches
from ..text import fold

__all__ = ["AccountReads", "PeopleReads", "Team", "assemble_account", "find_people"]

T = TypeVar("T")


class Team(NamedTuple):
    """What every account's subgraph shares: our own people, the relations among them, our
    products (records of :mod:`kamgraph.model`, or plain ones)."""

    people: list[Any]
    knows: list[Any]
    influences: list[Any]
    products: list[Any]
    #: the people's ids and their organisations' (a backend that keeps the team between
    #: accounts keeps these too; None: read from the records each time)
    ids: tuple[str, ...] | None = None
    orgs: frozenset[str] | None = None


class AccountReads(Protocol):
    """The primitives an account is assembled from (see :class:`~kamgraph.store.base.Store`)."""

    def get(self, collection: str, ids: Iterable[str]) -> Mapping[str, Any]: ...
    def _team(self) -> Team: ...
    def _people_of(self, org_id: str) -> list[Any]: ...
    def _neighbours(self, ids: set[str]) -> set[str]: ...
    def _relations(self, collection: str, touching: set[str], among: set[str]) -> list[Any]: ...
    def _units_of(self, org_id: str) -> list[Any]: ...
    def _adoption_of(self, unit_ids: list[str]) -> list[Any]: ...
    def _opportunities_of(self, org_id: str) -> list[Any]: ...


_KEY = operator.attrgetter("key")


def assemble_account(
    reads: AccountReads,
    org_id: str,
    copies: Callable[[Iterable[Any]], list[Any]],
    collections: Collection[str] | None = None,
) -> dict[str, list[Any]]:
    """The collections of one account's subgraph (see :meth:`Store.account
    <kamgraph.store.base.Store.account>`), by name; :class:`NotFound` when there is no such
    organisation. ``copies`` copies the team's records, which a backend may keep between
    accounts (so that a caller changing one changes neither the cache nor the next account).
    With ``collections``, the others are left empty and not read; the organisations and the
    people are always read whole (the people include those known only through an influence)."""

    def wanted(collection: str) -> bool:
        return collections is None or collection in collections

    if org_id not in reads.get("organisations", [org_id]):
        raise NotFound(f"no account with id '{org_id}'")
    team = reads._team()
    team_ids = team.ids if team.ids is not None else tuple(p.id for p in team.people)
    people = reads._people_of(org_id)
    theirs = {p.id for p in people}
    orgs_of = {p.org for p in people}
    people += copies(p for p, pid in zip(team.people, team_ids, strict=True) if pid not in theirs)
    ids = theirs.union(team_ids)  # everyone's in people
    extra = reads._neighbours(theirs) - ids
    if extra:
        more = list(reads.get("people", extra).values())
        people += more
        orgs_of.update(p.org for p in more)
    ids |= extra
    outside = ids.difference(team_ids)  # relations among our own people come with the team
    relations = {
        c: sorted([*reads._relations(c, outside, ids), *copies(getattr(team, c))], key=_KEY) if wanted(c) else []
        for c in ("knows", "influences")
    }
    orgs_of |= team.orgs if team.orgs is not None else {p.org for p in team.people}
    orgs = reads.get("organisations", orgs_of | {org_id})
    units: list[Any] = []
    if wanted("units") or wanted("adoption"):
        units = reads._units_of(org_id)
    if wanted("units"):
        other_units = {p.unit for p in people if p.unit} - {u.id for u in units}
        if other_units:
            units += list(reads.get("units", other_units).values())
    own_units = [u.id for u in units if u.org == org_id]
    return {
        "organisations": list(orgs.values()),
        "units": units if wanted("units") else [],
        "products": copies(team.products) if wanted("products") else [],
        "people": people,
        "knows": relations["knows"],
        "influences": relations["influences"],
        "adoption": reads._adoption_of(own_units) if own_units and wanted("adoption") else [],
        "opportunities": reads._opportunities_of(org_id) if wanted("opportunities") else [],
    }


class PeopleReads(Protocol):
    """The primitive a people search reads (see :meth:`Store._people_like
    <kamgraph.store.base.Store._people_like>`)."""

    def _people_like(self, needle: str, org: str | None) -> Iterator[Any]: ...


def find_people(reads: PeopleReads, text: str | None, org: str | None, limit: int) -> list[Any]:
    """People whose id, name, title or email contains ``text`` (case- and accent-blind), of
    organisation ``org`` when given, by name then id, at most ``limit`` (see
    :meth:`Store.find_people <kamgraph.store.base.Store.find_people>`; the caller reads in
    one snapshot)."""
    if limit <= 0:
        return []
    needle = fold(text) if text else ""
    found: list[Any] = []
    for person in reads._people_like(needle, org):
        if not needle or matches(person, needle):
            found.append(person)
            if len(found) >= limit:
                break
    return found
