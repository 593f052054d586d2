"""Salesforce exports (Data Loader or report CSV): Contacts, Accounts, Opportunities and
OpportunityContactRoles → a kamgraph graph.

Records keep their 18-character Salesforce ids as kamgraph ids (15-character ids are
extended with their checksum), so a newer export updates the same records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InvalidInput
from ...model import Membership, Opportunity, Organisation, OrgKind, Person, Role
from ...store.base import Store
from .common import Builder, ColumnMap, CrmImport, crm_note, fold, merge_person, parse_amount
from .csvsniff import CsvRow
from .report import Level

__all__ = ["SALESFORCE_ROLES", "read_salesforce", "sf_id18"]

CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Id", "Contact ID", "Contact ID (18)"),
    "deleted": ("IsDeleted", "Deleted"),
    "account": ("AccountId", "Account ID"),
    "account_name": ("Account Name", "Account.Name"),
    "first_name": ("FirstName", "First Name"),
    "last_name": ("LastName", "Last Name"),
    "name": ("Name", "Full Name", "Contact Name"),
    "title": ("Title",),
    "department": ("Department",),
    "reports_to": ("ReportsToId", "Reports To ID", "Reports To: Contact ID"),
    "email": ("Email",),
    "phone": ("Phone", "Business Phone"),
    "mobile": ("MobilePhone", "Mobile", "Mobile Phone"),
    "owner": ("OwnerId", "Owner ID", "Contact Owner ID"),
    "owner_name": ("Contact Owner", "Owner Name", "Owner.Name", "Contact Owner Name"),
    "last_contact": ("LastActivityDate", "Last Activity", "Last Activity Date"),
    "stance": (), "influence": (), "seniority": (), "url": (),
}
ACCOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Id", "Account ID"),
    "deleted": ("IsDeleted",),
    "name": ("Name", "Account Name"),
    "industry": ("Industry",),
    "country": ("BillingCountry", "Billing Country"),
    "currency": ("CurrencyIsoCode", "Account Currency"),
}
OPPORTUNITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Id", "Opportunity ID"),
    "deleted": ("IsDeleted",),
    "account": ("AccountId", "Account ID"),
    "name": ("Name", "Opportunity Name"),
    "stage": ("StageName", "Stage"),
    "amount": ("Amount",),
    "currency": ("CurrencyIsoCode", "Opportunity Currency", "Amount Currency"),
    "close_date": ("CloseDate", "Close Date"),
    "closed": ("IsClosed", "Closed"),
}
ROLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Id", "Contact Role ID"),
    "deleted": ("IsDeleted",),
    "opportunity": ("OpportunityId", "Opportunity ID"),
    "contact": ("ContactId", "Contact ID"),
    "role": ("Role",),
    "primary": ("IsPrimary", "Primary"),
}

#: OpportunityContactRole.Role's default picklist → kamgraph roles ("Other" names no role).
SALESFORCE_ROLES: dict[str, list[Role]] = {
    "business user": [Role.user_buyer],
    "decision maker": [Role.decision_maker],
    "economic buyer": [Role.economic_buyer],
    "economic decision maker": [Role.economic_buyer],
    "evaluator": [Role.evaluator],
    "executive sponsor": [Role.executive_sponsor],
    "influencer": [Role.influencer],
    "technical buyer": [Role.technical_buyer],
    "other": [],
}

NO_ACCOUNT_ORG = "salesforce-no-account"
_ID = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_TRUE = {"true", "1", "yes", "y", "x", "verdadero", "wahr", "vrai", "sí", "si"}


def sf_id18(sfid: str) -> str:
    """The 18-character form of a 15- or 18-character Salesforce id (the suffix encodes
    which of the first 15 characters are upper case).

    >>> sf_id18("0035Q000305d4sc"), sf_id18("0035Q000305d4scQAA")
    ('0035Q000305d4scQAA', '0035Q000305d4scQAA')
    """
    if not _ID.match(sfid):
        raise ValueError(f"not a Salesforce id: {sfid!r}")
    head = sfid[:15]
    suffix = ""
    for chunk in range(3):
        bits = sum(1 << j for j, ch in enumerate(head[chunk * 5:chunk * 5 + 5]) if "A" <= ch <= "Z")
        suffix += _SUFFIX[bits]
    return head + suffix


def _true(value: str) -> bool:
    return value.strip().casefold() in _TRUE


@dataclass
class _Contact:
    id: str
    file: str
    line: int
    row: CsvRow
    account: str
    account_name: str
    name: str
    title: str
    department: str
    manager: str | None  # normalised, not yet checked
    email: str
    phone: str
    owner: str | None
    owner_name: str
    last_contact: dt.date | None
    extras: dict[str, Any] = field(default_factory=dict)
    org: str = ""
    merged: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class _Reader:
    def __init__(self, b: Builder, accounts_given: bool, merge_duplicates: bool):
        self.b = b
        self.accounts_given = accounts_given
        self.merge_duplicates = merge_duplicates
        self.contacts: dict[str, _Contact] = {}
        self.deleted: dict[str, str] = {}  # contact id → where
        self.alias: dict[str, str] = {}  # merged duplicate → kept contact
        self.stubs: set[str] = set()

    # --- ids ---

    def id(self, raw: str, file: str, line: int, record: str | None, fld: str, level: Level = Level.error,
           quiet: bool = False) -> str | None:
        """A normalised id, or ``None`` (and an issue) when ``raw`` is not an id."""
        value = raw.strip()
        if not value:
            return None
        if value != raw and not quiet:
            self.b.note(Level.info, "WHITESPACE_IN_ID", file, [line], record, fld,
                        f"{raw!r} has spaces around it", "trimmed")
        try:
            full = sf_id18(value)
        except ValueError:
            self.b.note(level, "BAD_ID", file, [line], record, fld, f"{value!r} is not a Salesforce id",
                        "left out" if record else "row skipped")
            return None
        if len(value) == 15 and not quiet:
            self.b.note(Level.info, "ID_15_CHAR", file, [line], record, fld,
                        f"15-character id {value} read as {full}")
        elif len(value) == 18 and value[15:].upper() != full[15:]:
            self.b.note(Level.warning, "BAD_ID_SUFFIX", file, [line], record, fld,
                        f"{value}: the last 3 characters do not match the first 15", f"read as {full}")
        return full

    # --- accounts ---

    def read_accounts(self, paths: Sequence[Path]) -> None:
        found: dict[str, tuple[Organisation, str]] = {}
        for path in paths:
            table, cols = self.b.read(path, "accounts", ACCOUNT_COLUMNS)
            fname = self.b.name(path)
            _require(cols, fname, "id", "name")
            for row in table.rows:
                aid = self.id(cols.raw(row, "id"), fname, row.line, None, cols.label("id"))
                if aid is None:
                    if not cols.get(row, "id"):
                        self.b.note(Level.error, "MISSING_ID", fname, [row.line], None, cols.label("id"),
                                    "no Id", "row skipped")
                    continue
                if _true(cols.get(row, "deleted")):
                    self.b.note(Level.info, "DELETED_ROW", fname, [row.line], aid, cols.label("deleted"),
                                "deleted account (in the recycle bin)", "skipped")
                    continue
                if aid in found:
                    self.b.note(Level.warning, "DUPLICATE_ID", fname, [int(found[aid][1].rsplit(":", 1)[1]),
                                                                          row.line], aid, cols.label("id"),
                                "the same account twice", "the first is imported")
                    continue
                org = Organisation(id=aid, name=cols.get(row, "name") or aid,
                                   industry=cols.get(row, "industry") or None,
                                   country=cols.get(row, "country") or None,
                                   currency=cols.get(row, "currency") or None, ids={"salesforce": aid})
                found[aid] = (org, f"{fname}:{row.line}")
            self.b.files[-1].imported = len(found)
        existing = self.b.lookup("organisations", found)
        for aid, (org, where) in found.items():
            self.b.organisation(org, where, existing.get(aid))

    def account(self, aid: str, file: str, line: int, record: str, fld: str, name_hint: str = "") -> str:
        """The organisation id for an account id; unknown accounts get a placeholder."""
        if aid in self.b.organisations or aid in self.stubs:
            return aid
        if self.b.lookup("organisations", [aid]):
            self.stubs.add(aid)
            return aid
        name = name_hint or f"Salesforce account {aid}"
        if self.accounts_given:
            self.b.note(Level.error, "ACCOUNT_ID_NOT_FOUND", file, [line], record, fld,
                        f"account {aid} is not in the accounts file nor in the store",
                        f"kept, on a placeholder account '{name}'")
        else:
            self.b.note(Level.info, "ACCOUNT_PLACEHOLDER", file, [line], record, fld,
                        f"account {aid} is not in the store and no accounts file was given",
                        f"created as '{name}'; import the accounts to name it")
        self.b.add("organisations", Organisation(id=aid, name=name, ids={"salesforce": aid}), f"{file}:{line}")
        self.stubs.add(aid)
        return aid

    # --- contacts ---

    def read_contacts(self, paths: Sequence[Path]) -> None:
        for path in paths:
            table, cols = self.b.read(path, "contacts", CONTACT_COLUMNS)
            fname = self.b.name(path)
            _require(cols, fname, "id")
            if "last_name" not in cols and "name" not in cols:
                raise InvalidInput(f"{fname}: no LastName (or Name) column; found: {', '.join(table.header)}")
            order = self.b.dates(fname, table, cols, "last_contact") if "last_contact" in cols else "dmy"
            before = len(self.contacts)
            for row in table.rows:
                self._contact(fname, row, cols, order)
            self.b.files[-1].imported = len(self.contacts) - before

    def _contact(self, fname: str, row: CsvRow, cols: Any, order: str) -> None:
        b = self.b
        cid = self.id(cols.raw(row, "id"), fname, row.line, None, cols.label("id"))
        if cid is None:
            if not cols.get(row, "id"):
                b.note(Level.error, "MISSING_ID", fname, [row.line], None, cols.label("id"), "no Id", "row skipped")
            return
        if _true(cols.get(row, "deleted")):
            b.note(Level.info, "DELETED_ROW", fname, [row.line], cid, cols.label("deleted"),
                   "deleted contact (IsDeleted=true: in the recycle bin)", "skipped")
            self.deleted.setdefault(cid, f"{fname}:{row.line}")
            return
        if cid in self.contacts:
            first = self.contacts[cid]
            same = first.row.values == row.values
            b.note(Level.warning if same else Level.error, "DUPLICATE_ID", fname, [first.line, row.line], cid,
                   cols.label("id"), "the same row twice" if same else "the same Id twice, with different values",
                   "imported once" if same else f"the row of line {first.line} is imported")
            return
        first_name, last_name = cols.get(row, "first_name"), cols.get(row, "last_name")
        email = cols.get(row, "email")
        name = " ".join(f"{first_name} {last_name}".split()) or " ".join(cols.get(row, "name").split())
        if not name:
            b.note(Level.error, "MISSING_BOTH_NAMES", fname, [row.line], cid, cols.label("last_name"),
                   "no first or last name", f"kept, named '{email or '(unnamed)'}'")
            name = email or "(unnamed)"
        elif "last_name" in cols and not last_name:
            b.note(Level.warning, "MISSING_LAST_NAME", fname, [row.line], cid, cols.label("last_name"),
                   "no last name (Salesforce requires one)", f"named '{name}'")
        elif "first_name" in cols and not first_name:
            b.note(Level.info, "MISSING_FIRST_NAME", fname, [row.line], cid, cols.label("first_name"),
                   "no first name", f"named '{name}'")
        self.contacts[cid] = _Contact(
            id=cid, file=fname, line=row.line, row=row,
            account=self.id(cols.raw(row, "account"), fname, row.line, cid, cols.label("account")) or "",
            account_name=cols.get(row, "account_name"), name=name, title=cols.get(row, "title"),
            department=cols.get(row, "department"),
            manager=self.id(cols.raw(row, "reports_to"), fname, row.line, cid, cols.label("reports_to")),
            email=email, phone=cols.get(row, "phone") or cols.get(row, "mobile"),
            owner=self.id(cols.raw(row, "owner"), fname, row.line, cid, cols.label("owner"), Level.warning),
            owner_name=cols.get(row, "owner_name"),
            last_contact=b.date(fname, row, cols, "last_contact", order, cid),
            extras=b.extras(fname, row, cols, cid))

    def place_contacts(self) -> None:
        """Give each contact its organisation (placeholders for unknown accounts)."""
        for c in self.contacts.values():
            if c.account:
                c.org = self.account(c.account, c.file, c.line, c.id, "AccountId", c.account_name)
                continue
            self.b.note(Level.warning, "NO_ACCOUNT_ID", c.file, [c.line], c.id, "AccountId",
                        "contact without an account (a private contact)", f"kept, in '{NO_ACCOUNT_ORG}'")
            if NO_ACCOUNT_ORG not in self.b.organisations and not self.b.lookup("organisations", [NO_ACCOUNT_ORG]):
                self.b.add("organisations", Organisation(id=NO_ACCOUNT_ORG, name="Salesforce contacts without account",
                                                         kind=OrgKind.third_party), c.where)
            c.org = NO_ACCOUNT_ORG

    def duplicate_emails(self) -> None:
        """Two contacts of one account with the same e-mail (case and spaces ignored)."""
        groups: dict[tuple[str, str], list[_Contact]] = defaultdict(list)
        for c in self.contacts.values():
            if c.email:
                groups[(c.org, fold(c.email))].append(c)
        for group in groups.values():
            if len(group) < 2:
                continue
            keep = max(group, key=lambda c: (c.manager is not None, sum(bool(v.strip()) for v in c.row.values.values()),
                                             -c.line))
            others = [c for c in group if c is not keep]
            record = " & ".join(c.id for c in sorted(group, key=lambda c: c.line))
            lines = [c.line for c in group]
            what = f"probable duplicate: the same e-mail {keep.email!r} (case ignored) on {len(group)} contacts"
            if self.merge_duplicates:
                self.b.note(Level.info, "DUPLICATE_EMAIL", keep.file, lines, record, "Email", what,
                            f"merged into {keep.id}")
                for c in others:
                    self.alias[c.id] = keep.id
                    keep.merged.append(c.id)
                    del self.contacts[c.id]
            else:
                self.b.note(Level.error, "DUPLICATE_EMAIL", keep.file, lines, record, "Email", what,
                            f"all kept; --merge-duplicates merges them into {keep.id}")

    def managers(self) -> None:
        """Check every ReportsToId; drop the lines that cannot stand (each one reported)."""
        wanted = {c.manager for c in self.contacts.values() if c.manager}
        in_store = self.b.lookup("people", wanted - set(self.contacts) - set(self.alias))
        for c in self.contacts.values():
            if c.manager is None:
                continue
            m = self.alias.get(c.manager, c.manager)
            problem = None
            if m == c.id:
                code, problem = "SELF_REPORTS_TO", "ReportsToId is the contact's own Id"
            elif m in self.contacts:
                if self.contacts[m].org != c.org:
                    code, problem = "REPORTS_TO_OTHER_ACCOUNT", f"manager {m} is on another account"
            elif m in self.deleted:
                code, problem = "DANGLING_REPORTS_TO", f"manager {m} is a deleted contact ({self.deleted[m]})"
            elif m in in_store:
                if in_store[m].org != c.org:
                    code, problem = "REPORTS_TO_OTHER_ACCOUNT", f"manager {m} is in another organisation"
            else:
                code, problem = "DANGLING_REPORTS_TO", f"manager {m} not found in any contact file nor in the store"
            if problem:
                self.b.note(Level.error, code, c.file, [c.line], c.id, "ReportsToId", problem,
                            "reporting line left out")
                c.manager = None
            else:
                c.manager = m
        self._cycles()

    def _cycles(self) -> None:
        state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
        for start in self.contacts:
            walk: list[str] = []
            node: str | None = start
            while node is not None and node in self.contacts and state.get(node) is None:
                state[node] = 1
                walk.append(node)
                node = self.contacts[node].manager
            if node is not None and state.get(node) == 1:
                cycle = walk[walk.index(node):]
                members = [self.contacts[i] for i in cycle]
                self.b.note(Level.error, "REPORTING_CYCLE", members[0].file, [m.line for m in members],
                            " -> ".join(cycle + [cycle[0]]) if len(cycle) > 2 else " <-> ".join(cycle), "ReportsToId",
                            f"{len(cycle)} contacts report to each other in a circle",
                            "their reporting lines are left out")
                for m in members:
                    m.manager = None
            for n in walk:
                state[n] = 2

    def people(self) -> None:
        b = self.b
        owners = {c.owner for c in self.contacts.values() if c.owner}
        existing = b.lookup("people", set(self.contacts) | owners)
        for c in self.contacts.values():
            ids = {"salesforce": c.id}
            if c.merged:
                ids["salesforce_merged"] = ",".join(c.merged)
            new = Person(id=c.id, name=c.name, org=c.org, unit=b.unit(c.org, c.department, c.where),
                         title=c.title or None, email=c.email or None, phone=c.phone or None, reports_to=c.manager,
                         last_contact=c.last_contact, ids=ids, **c.extras)
            b.add("people", merge_person(existing.get(c.id), new), c.where)
            if c.owner:
                users = b.column_map.users
                name = users.get(c.owner) or users.get(c.owner[:15]) or users.get(c.owner_name) or c.owner_name
                b.owner(c.owner, name or f"Salesforce user {c.owner}", existing.get(c.owner), c.where,
                        {"salesforce": c.owner})
                b.knows_owner(c.owner, c.id, c.last_contact, c.where)

    # --- opportunities and their contact roles ---

    def read_opportunities(self, paths: Sequence[Path]) -> None:
        b = self.b
        rows: list[tuple[Opportunity, str]] = []
        for path in paths:
            table, cols = b.read(path, "opportunities", OPPORTUNITY_COLUMNS)
            fname = b.name(path)
            _require(cols, fname, "id", "account")
            order = b.dates(fname, table, cols, "close_date") if "close_date" in cols else "dmy"
            for row in table.rows:
                oid = self.id(cols.raw(row, "id"), fname, row.line, None, cols.label("id"))
                if oid is None:
                    continue
                if _true(cols.get(row, "deleted")):
                    b.note(Level.info, "DELETED_ROW", fname, [row.line], oid, cols.label("deleted"),
                           "deleted opportunity", "skipped")
                    continue
                aid = self.id(cols.raw(row, "account"), fname, row.line, oid, cols.label("account"))
                if aid is None:
                    b.note(Level.error, "NO_ACCOUNT_ID", fname, [row.line], oid, cols.label("account"),
                           "opportunity without an account", "row skipped")
                    continue
                account = self.account(aid, fname, row.line, oid, cols.label("account"))
                amount = None
                try:
                    amount = parse_amount(cols.get(row, "amount"))
                except ValueError:
                    b.note(Level.warning, "BAD_AMOUNT", fname, [row.line], oid, cols.label("amount"),
                           f"not an amount: {cols.get(row, 'amount')!r}", "left empty")
                if amount is not None and amount < 0:
                    b.note(Level.warning, "BAD_AMOUNT", fname, [row.line], oid, cols.label("amount"),
                           f"negative amount {amount}", "left empty")
                    amount = None
                stage = cols.get(row, "stage")
                closed = _true(cols.get(row, "closed")) if "closed" in cols else stage.casefold().startswith("closed")
                opp = Opportunity(id=oid, account=account, name=cols.get(row, "name") or oid, stage=stage or None,
                                  amount=amount, currency=cols.get(row, "currency") or None,
                                  close_date=b.date(fname, row, cols, "close_date", order, oid),
                                  is_open=not closed, ids={"salesforce": oid})
                rows.append((opp, f"{fname}:{row.line}"))
            b.files[-1].imported = len(rows)
        for opp, where in rows:
            b.add("opportunities", opp, where)

    def read_contact_roles(self, paths: Sequence[Path]) -> None:
        b = self.b
        for path in paths:
            table, cols = b.read(path, "contact-roles", ROLE_COLUMNS)
            fname = b.name(path)
            _require(cols, fname, "opportunity", "contact")
            rows = []
            for row in table.rows:
                rid = cols.get(row, "id") or f"line {row.line}"
                if _true(cols.get(row, "deleted")):
                    b.note(Level.info, "DELETED_ROW", fname, [row.line], rid, cols.label("deleted"),
                           "deleted contact role", "skipped")
                    continue
                oid = self.id(cols.raw(row, "opportunity"), fname, row.line, rid, cols.label("opportunity"))
                cid = self.id(cols.raw(row, "contact"), fname, row.line, rid, cols.label("contact"))
                if oid and cid:
                    rows.append((row, rid, oid, self.alias.get(cid, cid)))
            store_opps = b.lookup("opportunities", {o for _, _, o, _ in rows} - set(b.opportunities))
            store_people = b.lookup("people", {c for _, _, _, c in rows} - set(b.people))
            committees: dict[str, dict[str, set[Role]]] = defaultdict(dict)
            seen: dict[tuple[str, str, str], tuple[int, str]] = {}
            primaries: dict[str, list[int]] = defaultdict(list)
            used = 0
            for row, rid, oid, cid in rows:
                opp = b.opportunities.get(oid) or store_opps.get(oid)
                if opp is None:
                    b.note(Level.error, "OCR_OPPORTUNITY_NOT_FOUND", fname, [row.line], rid, cols.label("opportunity"),
                           f"opportunity {oid} is not in the opportunities file nor in the store", "role skipped")
                    continue
                if cid in self.deleted:
                    b.note(Level.warning, "OCR_ON_DELETED_CONTACT", fname, [row.line], rid, cols.label("contact"),
                           f"contact {cid} is deleted ({self.deleted[cid]})", "role skipped with the contact")
                    continue
                person = b.people.get(cid) or store_people.get(cid)
                if person is None:
                    b.note(Level.error, "OCR_CONTACT_NOT_FOUND", fname, [row.line], rid, cols.label("contact"),
                           f"contact {cid} is not in any contact file nor in the store", "role skipped")
                    continue
                raw = " ".join(cols.get(row, "role").split())
                key = (oid, cid, fold(raw))
                if key in seen:
                    line, other = seen[key]
                    b.note(Level.warning, "DUPLICATE_OCR", fname, [line, row.line], f"{other} & {rid}",
                           cols.label("role"), f"contact {cid} holds role {raw or '(none)'!r} on {oid} twice",
                           "imported once")
                    continue
                seen[key] = (row.line, rid)
                if _true(cols.get(row, "primary")):
                    primaries[oid].append(row.line)
                if person.org != opp.account:
                    b.note(Level.warning, "OCR_OTHER_ACCOUNT", fname, [row.line], rid, cols.label("contact"),
                           f"contact {cid} belongs to {person.org}, the opportunity to {opp.account}")
                roles = committees[oid].setdefault(cid, set())
                roles |= self._roles(fname, row.line, rid, cols.label("role"), raw, oid, cid)
                used += 1
            for oid, lines in primaries.items():
                if len(lines) > 1:
                    b.note(Level.warning, "TWO_PRIMARY_CONTACTS", fname, lines, oid, cols.label("primary"),
                           f"{len(lines)} primary contacts on one opportunity (Salesforce keeps one)", "all kept")
            for oid, members in committees.items():
                opp = b.opportunities.get(oid)
                if opp is None:
                    opp = store_opps[oid]
                    b.add("opportunities", opp, f"{fname}")
                committee = [Membership(person=p, roles=sorted(r, key=list(Role).index)) for p, r in members.items()]
                b.opportunities[oid] = opp.model_copy(update={"committee": committee})
                b.committee_from_crm.add(oid)
            b.files[-1].imported = used

    def _roles(self, fname: str, line: int, rid: str, fld: str, raw: str, oid: str, cid: str) -> set[Role]:
        b = self.b
        if not raw:
            b.note(Level.info, "ROLE_EMPTY", fname, [line], rid, fld, "contact role without a role",
                   "on the committee with no role")
            return set()
        custom = {fold(k): v for k, v in b.column_map.roles.items()}
        if fold(raw) in custom:
            role = custom[fold(raw)]
            return {role} if role else set()
        if fold(raw) in SALESFORCE_ROLES:
            return set(SALESFORCE_ROLES[fold(raw)])
        b.note(Level.error, "ROLE_UNMAPPED", fname, [line], rid, fld,
               f"role {raw!r} is not in Salesforce's default picklist and not in the --map file's roles",
               "on the committee with no role; the value is kept in a note on the opportunity")
        opp = b.opportunities.get(oid)
        if opp is not None:
            text = f"Salesforce contact role {raw!r} of {cid} is not mapped to a kamgraph role"
            if text not in {n.text for n in opp.notes}:
                b.opportunities[oid] = opp.model_copy(update={"notes": [*opp.notes, crm_note(text)]})
        return set()


def _require(cols: Any, fname: str, *names: str) -> None:
    missing = [n for n in names if n not in cols]
    if missing:
        raise InvalidInput(f"{fname}: no column for {', '.join(missing)}; "
                           f"columns: {', '.join(cols.where.values()) or '(none recognised)'}"
                           " — rename them with --map")


def read_salesforce(
    contacts: Sequence[Path] = (),
    accounts: Sequence[Path] = (),
    opportunities: Sequence[Path] = (),
    contact_roles: Sequence[Path] = (),
    *,
    store: Store | None = None,
    our_org: str | None = None,
    column_map: ColumnMap | None = None,
    merge_duplicates: bool = False,
    base: Path | None = None,
) -> CrmImport:
    """Read Salesforce exports into a graph and a list of issues (nothing is written).

    ``store`` (optional) is consulted for records the files refer to but do not hold
    (a manager, an account, an opportunity imported before) and for what a re-import must
    keep (stances, roles and notes added by hand). ``base`` makes file names in messages
    relative.
    """
    b = Builder("salesforce", store, column_map or ColumnMap(), base)
    r = _Reader(b, bool(accounts), merge_duplicates)
    b.own_organisation(our_org)
    r.read_accounts(accounts)
    if contacts:
        r.read_contacts(contacts)
        r.place_contacts()
        r.duplicate_emails()
        r.managers()
        r.people()
    r.read_opportunities(opportunities)
    if contact_roles:
        r.read_contact_roles(contact_roles)
    return CrmImport(source="salesforce", graph=b.graph(), origin=b.origin, issues=b.issues, files=b.files)
