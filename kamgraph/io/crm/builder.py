"""The :class:`Builder` collects the records of one import, the issues, our own side
(owners and their ``KNOWS``), and merges everything with what the store already holds, so a
re-import updates and adds nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InvalidInput, NotFound
from ...model import (
    Graph,
    Influence,
    Knows,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Seniority,
    Stance,
    Unit,
    record_key,
)
from ...store.base import Store
from ...text import fold_spaces
from ...trusted import trusted
from .columns import ColumnMap, Columns, slug_id
from .csvsniff import CsvRow, CsvTable, read_csv
from .kinds import org_kind
from .merge import merge_opportunity
from .report import FileSummary, Issue, Level
from .values import date_order, is_slashed_date, parse_date

__all__ = ["Builder", "CrmImport", "Progress"]

#: called with (file, rows done, rows in the file) while a long file is read
Progress = Callable[[str, int, int], None]

#: strength of the KNOWS between a contact and the colleague who owns the contact in the CRM
OWNER_STRENGTH = 0.5
#: The person fields a ``--map`` file can point custom columns at (see :meth:`Builder.extras`).
_EXTRAS = ("stance", "influence", "seniority", "url")
#: The fields a contact owner's ``KNOWS`` is given (the others are the defaults).
_OWNER_KNOWS_SET = frozenset(("a", "b", "strength", "last_contact", "source"))  # (a set copied from it: half the size)
DEFAULT_OWN_ORG = "our-company"


@dataclass
class CrmImport:
    """A CRM export read and mapped: the graph to write (with every remedy of
    ``--skip-bad-rows`` applied), where each record came from, and the issues found."""

    source: str
    graph: Graph
    origin: dict[tuple[str, Any], str]
    issues: list[Issue]
    files: list[FileSummary]
    #: collection → the organisations whose records of it the files cover (for --prune)
    covers: dict[str, set[str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == Level.error]

    def __post_init__(self) -> None:
        self.add_issues([])

    def add_issues(self, issues: Iterable[Issue]) -> None:
        """Add ``issues``; all in file order, then line order (whole-file notes first)."""
        self.issues += issues
        files = {f.file: n for n, f in enumerate(self.files)}
        self.issues.sort(key=lambda i: (files.get(i.file, -1), i.line or 0))


@dataclass
class Builder:
    """Collects one import. Records are keyed by id, first definition wins."""

    source: str
    store: Store | None
    column_map: ColumnMap
    base: Path | None = None  # file names in messages are relative to this, when they can be
    progress: Progress | None = None
    issues: list[Issue] = field(default_factory=list)
    files: list[FileSummary] = field(default_factory=list)
    origin: dict[tuple[str, Any], str] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    knows: dict[tuple[str, str], Knows] = field(default_factory=dict)
    opportunities: dict[str, Opportunity] = field(default_factory=dict)
    committee_from_crm: set[str] = field(default_factory=set)
    covers: dict[str, set[str]] = field(default_factory=dict)  # see CrmImport.covers
    our_org: str = DEFAULT_OWN_ORG
    _unit_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    _unit_cells: dict[tuple[str, str], str] = field(default_factory=dict)  # (org, department as written) → unit
    _owners: dict[str, str] = field(default_factory=dict)  # an owner's CRM id → our person's id

    # --- files and issues ---

    def rows(self, file: str, rows: Sequence[CsvRow]) -> Iterator[CsvRow]:
        """``rows``, telling ``progress`` (file, rows done, rows in all) every 1,000 rows and at the end."""
        for n, row in enumerate(rows):
            if self.progress is not None and n % 1000 == 0:
                self.progress(file, n, len(rows))
            yield row
        if self.progress is not None:
            self.progress(file, len(rows), len(rows))

    def name(self, path: Path) -> str:
        if self.base is not None:
            try:
                return str(path.resolve().relative_to(self.base.resolve()))
            except ValueError:
                pass
        return str(path)

    def read(self, path: Path, kind: str, aliases: Mapping[str, Sequence[str]]) -> tuple[CsvTable, Columns]:
        table = read_csv(path)
        cols = Columns(table, aliases, self.column_map)
        fname = self.name(path)
        if table.encoding not in ("utf-8", "utf-8-sig"):
            self.note(Level.info, "ENCODING", fname, [], None, None, f"not UTF-8: read as {table.encoding}")
        if table.footer:
            self.note(
                Level.info,
                "REPORT_FOOTER",
                fname,
                table.footer,
                None,
                None,
                f"{len(table.footer)} lines of one value after the last row (a report's footer)",
                "skipped",
            )
        for line in table.swallowed:
            self.note(
                Level.error,
                "UNBALANCED_QUOTE",
                fname,
                [line],
                None,
                None,
                "a quote opens here and does not close where the row ends: the lines after it would "
                "be read as one value",
                "row skipped; the lines after it are read as rows",
            )
        for line in table.short_rows:
            self.note(
                Level.warning,
                "SHORT_ROW",
                fname,
                [line],
                None,
                None,
                f"fewer values than the {len(table.header)} columns of the header",
                "missing values left empty",
            )
        for line in table.long_rows:
            self.note(
                Level.warning,
                "LONG_ROW",
                fname,
                [line],
                None,
                None,
                f"more values than the {len(table.header)} columns of the header",
                "extra values ignored",
            )
        self.files.append(
            FileSummary(
                file=fname,
                kind=kind,
                format=table.describe(),
                records=len(table.rows),
                imported=0,
                unused_columns=cols.unused,
            )
        )
        return table, cols

    def note(
        self,
        level: Level,
        code: str,
        file: str,
        lines: Sequence[int],
        record: str | None,
        field: str | None,
        message: str,
        action: str | None = None,
    ) -> None:
        self.issues.append(
            Issue(
                level=level,
                code=code,
                file=file,
                lines=sorted(set(lines)),
                record=record,
                field=field,
                message=message,
                action=action,
            )
        )

    def kind(self, file: str, row: CsvRow, cols: Columns, record: str) -> OrgKind | None:
        """The organisation kind an account's Type column gives (``None``: none given)."""
        value = cols.get(row, "kind")
        kind, known = org_kind(value, self.column_map.account_types)
        if not known:
            self.note(
                Level.warning,
                "UNKNOWN_ACCOUNT_TYPE",
                file,
                [row.line],
                record,
                cols.label("kind"),
                f"type {value!r} names no kind kamgraph knows",
                "read as a client; map it in the --map file's account_types (client or third_party)",
            )
        return kind

    def dates(self, file: str, table: CsvTable, cols: Columns, name: str) -> str:
        """The day/month order of a date column; an ambiguous column is read day-first (said once)."""
        column = cols.where.get(name)
        # each text once (what both tell depends on which texts there are, not how often)
        values = list(dict.fromkeys(v.strip() for v in dict.fromkeys(table.column(column)))) if column else []
        order = date_order(values)
        if order is None and any(is_slashed_date(v) for v in values):
            self.note(
                Level.info,
                "AMBIGUOUS_DATES",
                file,
                [],
                None,
                cols.label(name),
                "no value shows whether dates are day- or month-first",
                "read day-first",
            )
            order = "dmy"
        elif order is not None:
            self.note(
                Level.info,
                "LOCALE_DATES",
                file,
                [],
                None,
                cols.label(name),
                f"dates written {'dd/mm/yyyy' if order == 'dmy' else 'mm/dd/yyyy'}",
                f"read {'day' if order == 'dmy' else 'month'}-first",
            )
        return order or "dmy"

    def date(self, file: str, row: CsvRow, cols: Columns, name: str, order: str, record: str) -> dt.date | None:
        try:
            return parse_date(cols.get(row, name), order)
        except ValueError:
            self.note(
                Level.warning,
                "BAD_DATE",
                file,
                [row.line],
                record,
                cols.label(name),
                f"not a date: {cols.get(row, name)!r}",
                "left empty",
            )
            return None

    # --- lookups in the store ---

    def lookup(self, collection: str, ids: Iterable[str]) -> dict[str, Any]:
        if self.store is None or self.store.known_empty():  # a first import: no list of ids to make
            return {}
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        return dict(self.store.get(collection, wanted))

    def account_graph(self, org_id: str) -> Graph | None:
        if self.store is None:
            return None
        try:
            return self.store.account(org_id)
        except NotFound:
            return None

    # --- records ---

    def add(self, collection: str, record: Any, where: str, key: Any = None) -> None:
        """Keep ``record`` (its ``key``, when the caller knows it) unless one of that key is kept already."""
        bucket: dict[Any, Any] = getattr(self, collection)
        key = record_key(record) if key is None else key
        if key not in bucket:
            bucket[key] = record
            self.origin[(collection, key)] = where

    def organisation(
        self, org: Organisation, where: str, existing: Organisation | None = None, kind_given: bool = False
    ) -> None:
        """Add ``org``; fields the CRM does not hold (tier, value, notes; the kind unless
        ``kind_given``: the account's Type said it) are kept from the store."""
        if existing is not None:
            org = existing.model_copy(
                update={
                    "name": org.name,
                    "kind": org.kind if kind_given and existing.kind != OrgKind.own else existing.kind,
                    "industry": org.industry or existing.industry,
                    "country": org.country or existing.country,
                    "currency": org.currency or existing.currency,
                    "ids": {**existing.ids, **org.ids},
                }
            )
        self.add("organisations", org, where)

    def unit(self, org: str, department: str, where: str) -> str | None:
        """The unit for a department of ``org`` (created on first sight); ``None`` for no department."""
        seen = self._unit_cells.get((org, department))
        if seen is not None:  # this cell, as written, seen before (most contacts of an account)
            return seen
        uid = self._unit(org, department, where)
        if uid is not None:
            self._unit_cells[(org, department)] = uid
        return uid

    def _unit(self, org: str, department: str, where: str) -> str | None:
        name = " ".join(department.split())
        if not name:
            return None
        key = (org, fold_spaces(name))
        if key not in self._unit_keys:
            uid = slug_id(org, name)
            n = 2
            while uid in self.units and self.units[uid].org != org:  # pragma: no cover - slugs of one org differ
                uid, n = slug_id(org, f"{name} {n}"), n + 1
            self._unit_keys[key] = uid
            self.add("units", Unit(id=uid, org=org, name=name), where)
        return self._unit_keys[key]

    def own_organisation(self, our_org: str | None) -> None:
        """Settle which organisation our people (contact owners) belong to: ``our_org``, else
        an organisation of kind ``own`` already in the store, else a new one."""
        if our_org:
            found = self.lookup("organisations", [our_org]).get(our_org)
            if found is not None and found.kind != OrgKind.own:
                raise InvalidInput(
                    f"--our-org {our_org}: '{found.name}' is a {found.kind.value} organisation, not ours (kind: own)"
                )
            self.our_org = our_org
            if found is None:
                self.add("organisations", Organisation(id=our_org, name=our_org, kind=OrgKind.own), "--our-org")
            return
        own = self._find_own_org()
        if own is not None:
            self.our_org = own
            return
        self.our_org = DEFAULT_OWN_ORG
        self.add(
            "organisations",
            Organisation(id=DEFAULT_OWN_ORG, name="Our company", kind=OrgKind.own),
            "(created for the contact owners)",
        )
        self.note(
            Level.info,
            "OUR_ORG_CREATED",
            self.source,
            [],
            DEFAULT_OWN_ORG,
            None,
            "no organisation of kind 'own' in the store: created 'our-company' for the contact owners "
            "(rename it, or pass --our-org)",
        )

    def _find_own_org(self) -> str | None:
        if self.store is None:
            return None
        found = self.lookup("organisations", [DEFAULT_OWN_ORG]).get(DEFAULT_OWN_ORG)
        if found is not None and found.kind == OrgKind.own:
            return DEFAULT_OWN_ORG
        own = self.store.own_organisations()
        return own[0] if own else None

    def owner(self, pid: str, name: str, existing: Person | None, where: str, ids: dict[str, str]) -> str:
        """The id of one of our people who owns contacts: ``pid`` when the store or this import
        already has it; else the one person of our organisation in the store with that name
        (accents and case ignored: the seller a ``--map`` file names is that seller, not a
        second one); else a new person ``pid``."""
        if existing is not None or pid in self.people:
            return pid
        if pid not in self._owners:
            self._owners[pid] = self._our_person_named(name) or pid
            if self._owners[pid] == pid:
                self.add("people", Person(id=pid, name=name, org=self.our_org, ids=ids), where)
        return self._owners[pid]

    def _our_person_named(self, name: str) -> str | None:
        if self.store is None:
            return None
        same = sorted(
            p.id
            for p in self.store.find_people(name, org=self.our_org, limit=20)
            if fold_spaces(p.name) == fold_spaces(name)
        )
        return same[0] if len(same) == 1 else None

    def has_extras(self, cols: Columns) -> bool:
        """Whether the file has a column :meth:`extras` reads (the usual export has none)."""
        return any(name in cols for name in _EXTRAS)

    def extras(self, file: str, row: CsvRow, cols: Columns, record: str) -> dict[str, Any]:
        """Person fields a ``--map`` file can point custom columns at: stance, influence,
        seniority, url (a value that is not one of the field's choices is reported and left out)."""
        out: dict[str, Any] = {}
        if not self.has_extras(cols):  # the usual export: no such column
            return out
        for name, kind in (("stance", Stance), ("influence", Influence), ("seniority", Seniority)):
            value = cols.get(row, name)
            if not value:
                continue
            choice = next((c for c in kind if fold_spaces(c.value) == fold_spaces(value).replace(" ", "_")), None)
            if choice is None:
                self.note(
                    Level.warning,
                    "BAD_VALUE",
                    file,
                    [row.line],
                    record,
                    cols.label(name),
                    f"{value!r} is not a {name} ({', '.join(c.value for c in kind)})",
                    "left out",
                )
            else:
                out[name] = choice
        if cols.get(row, "url"):
            out["url"] = cols.get(row, "url")
        return out

    def knows_owner(self, owner: str, contact: str, last_contact: dt.date | None, where: str) -> None:
        """The ``KNOWS`` between a contact and the colleague who owns them in the CRM. Both are
        people of this import or the store (their ids validated as theirs) and the date was
        read as a date: the record is assembled, not validated again (one per contact)."""
        a, b = (owner, contact) if owner <= contact else (contact, owner)  # normalised: no copy to make
        key = (a, b)
        if key in self.knows:  # the first one is kept (see add)
            return
        values = {
            "a": a,
            "b": b,
            "strength": OWNER_STRENGTH,
            "strength_set": None,
            "last_contact": last_contact,
            "source": "crm",
            "evidence": [],
        }
        self.knows[key] = trusted(Knows, values, set(_OWNER_KNOWS_SET))
        self.origin[("knows", key)] = where

    # --- finishing ---

    def result(self) -> CrmImport:
        """What was read, merged with the store, with its issues."""
        return CrmImport(
            source=self.source,
            graph=self.graph(),
            origin=self.origin,
            issues=self.issues,
            files=self.files,
            covers=self.covers,
        )

    def graph(self) -> Graph:
        """Everything collected, merged with what the store holds (see :meth:`_merge_existing`)."""
        self._merge_existing()
        return Graph(
            organisations=list(self.organisations.values()),
            units=list(self.units.values()),
            people=list(self.people.values()),
            knows=list(self.knows.values()),
            opportunities=list(self.opportunities.values()),
        )

    def _merge_existing(self) -> None:
        """Keep what users added by hand: a KNOWS keeps its strength, a unit its parent and
        head-count, an opportunity its committee's stances, notes and empty seats."""
        units = self.lookup("units", self.units)
        for uid, u in list(self.units.items()):
            old = units.get(uid)
            if old is not None:  # the stored record itself when the name is the same (no copy)
                self.units[uid] = old if old.name == u.name else old.model_copy(update={"name": u.name})
        opps = self.lookup("opportunities", self.opportunities)
        for oid, o in list(self.opportunities.items()):
            old = opps.get(oid)
            if old is None:
                continue
            mirrored = oid in self.committee_from_crm
            new = self.opportunities[oid] = merge_opportunity(old, o, self.source if mirrored else None)
            gone = sorted({m.person for m in old.committee} - {m.person for m in new.committee})
            if gone:
                self.note(
                    Level.info,
                    "LEFT_COMMITTEE",
                    self.source,
                    [],
                    oid,
                    None,
                    f"{', '.join(gone)} no longer on the committee in {self.source}",
                    "removed from it",
                )
        if self.store is None or not self.knows or self.store.known_empty():  # a first import: nothing stored
            return
        existing: Mapping[Any, Any] = self.store.relations("knows", self.knows)
        for key, k in list(self.knows.items()):
            old = existing.get(key)
            if old is not None:
                dates = [d for d in (old.last_contact, k.last_contact) if d]
                latest = max(dates) if dates else None
                same = old.last_contact == latest  # a re-import: the stored record itself, no copy
                self.knows[key] = old if same else old.model_copy(update={"last_contact": latest})
