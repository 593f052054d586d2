"""What the Salesforce and HubSpot readers share: column look-up by alias and ``--map``,
value parsing (dates in any common order, amounts), and :class:`Builder`, which collects
the records of one import, the issues, our own side (owners and their ``KNOWS``) and merges
everything with what the store already holds, so a re-import updates and adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...errors import InvalidInput, NotFound
from ...model import (
    Graph,
    Influence,
    Knows,
    Note,
    Opportunity,
    Organisation,
    OrgKind,
    Person,
    Role,
    Seniority,
    Stance,
    Unit,
    record_key,
)
from ...store.base import Store
from .csvsniff import CsvRow, CsvTable, read_csv
from .report import FileSummary, Issue, Level

__all__ = ["Builder", "ColumnMap", "Columns", "CrmImport", "fold", "load_column_map", "parse_amount", "slug"]

#: strength of the KNOWS between a contact and the colleague who owns the contact in the CRM
OWNER_STRENGTH = 0.5
DEFAULT_OWN_ORG = "our-company"


def fold(text: str) -> str:
    """Case-, accent- and spacing-blind form, for matching names and e-mails.

    >>> fold("  Begoña  NÚÑEZ ")
    'begona nunez'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def slug(text: str) -> str:
    """An id fragment: ``'Marketing y Cliente'`` → ``'marketing-y-cliente'``.

    >>> slug("Regulation & Compliance"), slug("Logística")
    ('regulation-compliance', 'logistica')
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(header))


class ColumnMap(BaseModel):
    """A ``--map`` file: custom columns renamed to ours, extra role values, owners' names.

    ``columns`` maps a column of the file to a field kamgraph reads (a standard column name
    such as ``LastActivityDate`` or ``Title``, or a kamgraph field such as ``last_contact``,
    ``stance``, ``influence``, ``seniority``, ``url``); ``roles`` maps a CRM role value to a
    kamgraph role; ``users`` maps an owner id or name to the person's display name.
    """

    model_config = ConfigDict(extra="forbid")

    columns: dict[str, str] = Field(default_factory=dict)
    roles: dict[str, Role | None] = Field(default_factory=dict)
    users: dict[str, str] = Field(default_factory=dict)


def load_column_map(path: Path | None) -> ColumnMap:
    if path is None:
        return ColumnMap()
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path}: malformed YAML: {exc}") from None
    try:
        return ColumnMap.model_validate(doc)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = " > ".join(map(str, err["loc"]))
        raise InvalidInput(f"{path}: {loc}: {err['msg']}") from None


class Columns:
    """Which header column holds each field we read. ``aliases`` maps our field name to the
    spellings exports use (compared case-, space- and punctuation-blind)."""

    def __init__(self, table: CsvTable, aliases: Mapping[str, Sequence[str]], column_map: ColumnMap):
        by_norm = {_norm(a): name for name, spellings in aliases.items() for a in (name, *spellings)}
        self.where: dict[str, str] = {}
        mapped = {_norm(k): v for k, v in column_map.columns.items()}
        for h in table.header:
            target = mapped.get(_norm(h))
            name = by_norm.get(_norm(target)) if target is not None else by_norm.get(_norm(h))
            if name is not None and name not in self.where:
                self.where[name] = h
        self.unused = [h for h in table.header if h and h not in self.where.values()]

    def __contains__(self, name: str) -> bool:
        return name in self.where

    def get(self, row: CsvRow, name: str) -> str:
        """The value, whitespace trimmed ('' when the column is absent)."""
        column = self.where.get(name)
        return row.values.get(column, "").strip() if column else ""

    def raw(self, row: CsvRow, name: str) -> str:
        column = self.where.get(name)
        return row.values.get(column, "") if column else ""

    def label(self, name: str) -> str:
        """The file's own header for a field (for messages)."""
        return self.where.get(name, name)


# --- values ------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$")


def date_order(values: Iterable[str]) -> str | None:
    """``'dmy'`` or ``'mdy'`` for a column of slashed dates, from the values that can only be
    read one way; ``None`` when every value is ambiguous (or there are none).

    >>> date_order(["04/02/2025 19:17", "16/04/2025 8:20"]), date_order(["12/31/2024"]), date_order(["01/02/2025"])
    ('dmy', 'mdy', None)
    """
    dmy = mdy = False
    for v in values:
        m = _SLASHED.match(v.strip())
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            dmy |= a > 12
            mdy |= b > 12
    if dmy and not mdy:
        return "dmy"
    if mdy and not dmy:
        return "mdy"
    return None


def parse_date(value: str, order: str = "dmy") -> dt.date | None:
    """ISO dates and datetimes, and slashed ``dd/mm/yyyy [H:mm]`` (or ``mm/dd`` with
    ``order='mdy'``). ``ValueError`` when it is not a date.

    >>> parse_date("2018-12-20T03:11:43.000Z"), parse_date("16/04/2025 8:20")
    (datetime.date(2018, 12, 20), datetime.date(2025, 4, 16))
    """
    v = value.strip()
    if not v:
        return None
    m = _ISO.match(v)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _SLASHED.match(v)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = y + 2000 if y < 100 else y
        day, month = (a, b) if order == "dmy" else (b, a)
        return dt.date(year, month, day)
    raise ValueError(f"not a date: {value!r}")


def parse_amount(value: str) -> float | None:
    """``620000.00``, ``620,000.00``, ``620.000,00``, ``€ 1 234,5`` → a float.

    >>> parse_amount("620000.00"), parse_amount("620.000,00"), parse_amount("1,234.5"), parse_amount("240000,5")
    (620000.0, 620000.0, 1234.5, 240000.5)
    """
    v = re.sub(r"[^\d,.\-]", "", value)
    if not v:
        return None
    if "," in v and "." in v:
        decimal = "," if v.rfind(",") > v.rfind(".") else "."
        v = v.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in v:
        head, _, tail = v.rpartition(",")
        v = v.replace(",", ".") if v.count(",") == 1 and len(tail) != 3 else v.replace(",", "")
    elif v.count(".") > 1:
        v = v.replace(".", "")
    return float(v)


# --- the builder -------------------------------------------------------------------------


@dataclass
class CrmImport:
    """A CRM export read and mapped: the graph to write (with every remedy of
    ``--skip-bad-rows`` applied), where each record came from, and the issues found."""

    source: str
    graph: Graph
    origin: dict[tuple[str, Any], str]
    issues: list[Issue]
    files: list[FileSummary]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == Level.error]

    def __post_init__(self) -> None:
        """Issues in file order, then line order (whole-file notes first)."""
        files = {f.file: n for n, f in enumerate(self.files)}
        self.issues.sort(key=lambda i: (files.get(i.file, -1), i.line or 0))


@dataclass
class Builder:
    """Collects one import. Records are keyed by id, first definition wins."""

    source: str
    store: Store | None
    column_map: ColumnMap
    base: Path | None = None  # file names in messages are relative to this, when they can be
    issues: list[Issue] = field(default_factory=list)
    files: list[FileSummary] = field(default_factory=list)
    origin: dict[tuple[str, Any], str] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    knows: dict[tuple[str, str], Knows] = field(default_factory=dict)
    opportunities: dict[str, Opportunity] = field(default_factory=dict)
    committee_from_crm: set[str] = field(default_factory=set)
    our_org: str = DEFAULT_OWN_ORG
    _unit_keys: dict[tuple[str, str], str] = field(default_factory=dict)

    # --- files and issues ---

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
            self.note(Level.info, "ENCODING", fname, [], None, None,
                      f"not UTF-8: read as {table.encoding}")
        for line in table.short_rows:
            self.note(Level.warning, "SHORT_ROW", fname, [line], None, None,
                      f"fewer values than the {len(table.header)} columns of the header", "missing values left empty")
        for line in table.long_rows:
            self.note(Level.warning, "LONG_ROW", fname, [line], None, None,
                      f"more values than the {len(table.header)} columns of the header", "extra values ignored")
        self.files.append(FileSummary(file=fname, kind=kind, format=table.describe(), records=len(table.rows),
                                      imported=0, unused_columns=cols.unused))
        return table, cols

    def note(self, level: Level, code: str, file: str, lines: Sequence[int], record: str | None, field: str | None,
             message: str, action: str | None = None) -> None:
        self.issues.append(Issue(level=level, code=code, file=file, lines=sorted(set(lines)), record=record,
                                 field=field, message=message, action=action))

    def dates(self, file: str, table: CsvTable, cols: Columns, name: str) -> str:
        """The day/month order of a date column; an ambiguous column is read day-first (said once)."""
        values = [cols.get(r, name) for r in table.rows]
        order = date_order(values)
        if order is None and any(_SLASHED.match(v) for v in values):
            self.note(Level.info, "AMBIGUOUS_DATES", file, [], None, cols.label(name),
                      "no value shows whether dates are day- or month-first", "read day-first")
            order = "dmy"
        elif order is not None:
            self.note(Level.info, "LOCALE_DATES", file, [], None, cols.label(name),
                      f"dates written {'dd/mm/yyyy' if order == 'dmy' else 'mm/dd/yyyy'}",
                      f"read {'day' if order == 'dmy' else 'month'}-first")
        return order or "dmy"

    def date(self, file: str, row: CsvRow, cols: Columns, name: str, order: str, record: str) -> dt.date | None:
        try:
            return parse_date(cols.get(row, name), order)
        except ValueError:
            self.note(Level.warning, "BAD_DATE", file, [row.line], record, cols.label(name),
                      f"not a date: {cols.get(row, name)!r}", "left empty")
            return None

    # --- lookups in the store ---

    def lookup(self, collection: str, ids: Iterable[str]) -> dict[str, Any]:
        wanted = sorted({i for i in ids if i})
        if self.store is None or not wanted:
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

    def add(self, collection: str, record: Any, where: str) -> None:
        bucket: dict[Any, Any] = getattr(self, collection)
        key = record_key(record)
        if key not in bucket:
            bucket[key] = record
            self.origin[(collection, key)] = where

    def organisation(self, org: Organisation, where: str, existing: Organisation | None = None) -> None:
        """Add ``org``; fields the CRM does not hold (kind, tier, value, notes) are kept from the store."""
        if existing is not None:
            org = existing.model_copy(update={
                "name": org.name, "industry": org.industry or existing.industry,
                "country": org.country or existing.country, "currency": org.currency or existing.currency,
                "ids": {**existing.ids, **org.ids}})
        self.add("organisations", org, where)

    def unit(self, org: str, department: str, where: str) -> str | None:
        """The unit for a department of ``org`` (created on first sight); ``None`` for no department."""
        name = " ".join(department.split())
        if not name:
            return None
        key = (org, fold(name))
        if key not in self._unit_keys:
            uid = f"{org}-{slug(name)}"
            n = 2
            while uid in self.units and self.units[uid].org != org:  # pragma: no cover - slugs of one org differ
                uid, n = f"{org}-{slug(name)}-{n}", n + 1
            self._unit_keys[key] = uid
            self.add("units", Unit(id=uid, org=org, name=name), where)
        return self._unit_keys[key]

    def own_organisation(self, our_org: str | None) -> None:
        """Settle which organisation our people (contact owners) belong to: ``our_org``, else
        an organisation of kind ``own`` already in the store, else a new one."""
        if our_org:
            found = self.lookup("organisations", [our_org]).get(our_org)
            if found is not None and found.kind != OrgKind.own:
                raise InvalidInput(f"--our-org {our_org}: '{found.name}' is a {found.kind.value} organisation, "
                                   "not ours (kind: own)")
            self.our_org = our_org
            if found is None:
                self.add("organisations", Organisation(id=our_org, name=our_org, kind=OrgKind.own), "--our-org")
            return
        own = self._find_own_org()
        if own is not None:
            self.our_org = own
            return
        self.our_org = DEFAULT_OWN_ORG
        self.add("organisations", Organisation(id=DEFAULT_OWN_ORG, name="Our company", kind=OrgKind.own),
                 "(created for the contact owners)")
        self.note(Level.info, "OUR_ORG_CREATED", self.source, [], DEFAULT_OWN_ORG, None,
                  "no organisation of kind 'own' in the store: created 'our-company' for the contact owners "
                  "(rename it, or pass --our-org)")

    def _find_own_org(self) -> str | None:
        if self.store is None:
            return None
        found = self.lookup("organisations", [DEFAULT_OWN_ORG]).get(DEFAULT_OWN_ORG)
        if found is not None and found.kind == OrgKind.own:
            return DEFAULT_OWN_ORG
        # The store contract has no "organisations by kind": our people show up in every account.
        for summary in self.store.accounts():
            graph = self.account_graph(summary.id)
            own = sorted(o.id for o in (graph.organisations if graph else []) if o.kind == OrgKind.own)
            if own:
                return own[0]
        return None

    def owner(self, pid: str, name: str, existing: Person | None, where: str, ids: dict[str, str]) -> str:
        """One of our people who owns contacts; a person already in the store is left as it is."""
        if existing is None and pid not in self.people:
            self.add("people", Person(id=pid, name=name, org=self.our_org, ids=ids), where)
        return pid

    def extras(self, file: str, row: CsvRow, cols: Columns, record: str) -> dict[str, Any]:
        """Person fields a ``--map`` file can point custom columns at: stance, influence,
        seniority, url (a value that is not one of the field's choices is reported and left out)."""
        out: dict[str, Any] = {}
        for name, kind in (("stance", Stance), ("influence", Influence), ("seniority", Seniority)):
            value = cols.get(row, name)
            if not value:
                continue
            choice = next((c for c in kind if fold(c.value) == fold(value).replace(" ", "_")), None)
            if choice is None:
                self.note(Level.warning, "BAD_VALUE", file, [row.line], record, cols.label(name),
                          f"{value!r} is not a {name} ({', '.join(c.value for c in kind)})", "left out")
            else:
                out[name] = choice
        if cols.get(row, "url"):
            out["url"] = cols.get(row, "url")
        return out

    def knows_owner(self, owner: str, contact: str, last_contact: dt.date | None, where: str) -> None:
        k = Knows(a=owner, b=contact, strength=OWNER_STRENGTH, last_contact=last_contact, source="crm").normalised()
        self.add("knows", k, where)

    # --- finishing ---

    def graph(self) -> Graph:
        """Everything collected, merged with what the store holds (see :meth:`_merge_existing`)."""
        self._merge_existing()
        return Graph(organisations=list(self.organisations.values()), units=list(self.units.values()),
                     people=list(self.people.values()), knows=list(self.knows.values()),
                     opportunities=list(self.opportunities.values()))

    def _merge_existing(self) -> None:
        """Keep what users added by hand: a KNOWS keeps its strength, a unit its parent and
        head-count, an opportunity its committee's stances, notes and empty seats."""
        units = self.lookup("units", self.units)
        for uid, u in list(self.units.items()):
            old = units.get(uid)
            if old is not None:
                self.units[uid] = old.model_copy(update={"name": u.name})
        opps = self.lookup("opportunities", self.opportunities)
        for oid, o in list(self.opportunities.items()):
            old = opps.get(oid)
            if old is not None:
                self.opportunities[oid] = merge_opportunity(old, o, oid in self.committee_from_crm)
        if self.store is None or not self.knows:
            return
        accounts = {p.org for p in self.people.values()} - {self.our_org}
        existing: dict[tuple[str, str], Knows] = {}
        for org in sorted(accounts):
            graph = self.account_graph(org)
            if graph is not None:
                existing.update({k.key: k for k in graph.knows})
        for key, k in list(self.knows.items()):
            old = existing.get(key)
            if old is not None:
                dates = [d for d in (old.last_contact, k.last_contact) if d]
                self.knows[key] = old.model_copy(update={"last_contact": max(dates) if dates else None})


def merge_opportunity(old: Opportunity, new: Opportunity, committee_from_crm: bool) -> Opportunity:
    """The CRM's fields, with the store's stances, notes, empty seats and hand-added members."""
    committee = old.committee
    if committee_from_crm:
        before = {m.person: m for m in old.committee}
        committee = []
        for m in new.committee:
            o = before.pop(m.person, None)
            committee.append(m if o is None else o.model_copy(update={"roles": m.roles}))
        committee += before.values()
    notes = list(old.notes) + [n for n in new.notes if n.text not in {x.text for x in old.notes}]
    return old.model_copy(update={
        "account": new.account, "name": new.name, "stage": new.stage, "amount": new.amount,
        "currency": new.currency, "close_date": new.close_date, "is_open": new.is_open,
        "committee": committee, "notes": notes, "ids": {**old.ids, **new.ids}})


def merge_person(old: Person | None, new: Person) -> Person:
    """The CRM's values from ``new`` where it has one (an empty cell does not erase what the
    store knows, from another source or by hand); roles, stance, influence, notes and other
    sources' ids kept from ``old``; the later of the two last-contact dates."""
    if old is None:
        return new
    dates = [d for d in (old.last_contact, new.last_contact) if d]
    notes = list(old.notes) + [n for n in new.notes if n.text not in {x.text for x in old.notes}]
    keep = ("unit", "title", "email", "phone", "reports_to", "url", "seniority", "influence")
    return old.model_copy(update={
        "name": new.name, "org": new.org, **{f: getattr(new, f) or getattr(old, f) for f in keep},
        "stance": new.stance if new.stance.value != "unknown" else old.stance,
        "roles": sorted(set(old.roles) | set(new.roles), key=list(Role).index),
        "last_contact": max(dates) if dates else None, "ids": {**old.ids, **new.ids}, "notes": notes})


def crm_note(text: str) -> Note:
    return Note(text=text)
