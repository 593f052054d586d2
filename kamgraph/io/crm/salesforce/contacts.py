"""The Salesforce Contact export → people, units, reporting lines and our contact owners."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ....errors import InvalidInput
from ....model import Organisation, OrgKind, Person, Stance
from ....text import fold_spaces
from ....trusted import trusted
from ..builder import Builder
from ..csvsniff import CsvRow, CsvTable
from ..merge import merge_person, seniority
from ..report import Level
from ..values import parse_date
from .ids import is_sf_id, is_true
from .names import account_by_name, contact_by_name, owner_by_name, resolve_manager_names
from .session import NO_ACCOUNT_ORG, Contact, Session, require

__all__ = ["CONTACT_COLUMNS", "read_contacts", "place_contacts", "duplicate_emails", "managers", "people"]

CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    # API names (Data Loader), report labels in English, and the labels of a report exported
    # from Salesforce in German, Spanish or French
    "id": ("Id", "Contact ID", "Contact ID (18)", "Kontakt-ID", "ID de contacto", "ID du contact"),
    "deleted": ("IsDeleted", "Deleted"),
    "account": ("AccountId", "Account ID", "Account-ID", "ID de la cuenta", "ID de cuenta", "ID du compte"),
    "account_name": ("Account Name", "Account.Name", "Accountname", "Nombre de la cuenta", "Nom du compte"),
    "first_name": ("FirstName", "First Name", "Vorname", "Nombre", "Prénom"),
    "last_name": ("LastName", "Last Name", "Nachname", "Apellidos", "Apellido", "Nom"),
    "name": ("Name", "Full Name", "Contact Name", "Nombre completo", "Nom complet"),
    "title": ("Title", "Titel", "Cargo", "Titre", "Position"),
    "department": ("Department", "Abteilung", "Departamento", "Service"),
    "reports_to": ("ReportsToId", "Reports To ID", "Reports To: Contact ID"),
    # report exports: the manager's name (resolved within the account by :func:`_manager_names`)
    "reports_to_name": (
        "Reports To",
        "Reports To: Full Name",
        "Reports To Name",
        "Reports To: Name",
        "ReportsTo.Name",
        "Manager",
        "Manager Name",
        "Vorgesetzter",
        "Berichtet an",
        "Informa a",
        "Depende de",
        "Rend compte à",
        "Supérieur hiérarchique",
    ),
    "email": ("Email", "Correo electrónico", "Adresse e-mail"),
    "phone": ("Phone", "Business Phone", "Telefon", "Teléfono", "Téléphone"),
    "mobile": ("MobilePhone", "Mobile", "Mobile Phone", "Mobiltelefon", "Móvil", "Teléfono móvil"),
    "owner": ("OwnerId", "Owner ID", "Contact Owner ID"),
    "owner_name": (
        "Contact Owner",
        "Owner Name",
        "Owner.Name",
        "Contact Owner Name",
        "Kontaktinhaber",
        "Propietario del contacto",
        "Propriétaire du contact",
    ),
    "last_contact": (
        "LastActivityDate",
        "Last Activity",
        "Last Activity Date",
        "Letzte Aktivität",
        "Última actividad",
        "Dernière activité",
    ),
    "stance": (),
    "influence": (),
    "seniority": (),
    "url": (),
}


def read_contacts(s: Session, paths: Sequence[Path]) -> None:
    for path in paths:
        table, cols = s.b.read(path, "contacts", CONTACT_COLUMNS)
        fname = s.b.name(path)
        if "last_name" not in cols and "name" not in cols:
            raise InvalidInput(f"{fname}: no LastName (or Name) column; found: {', '.join(table.header)}")
        if "id" not in cols:
            if "account" not in cols and "account_name" not in cols:
                require(cols, fname, "id")
            s.b.note(
                Level.info,
                "NO_CONTACT_IDS",
                fname,
                [],
                None,
                None,
                "no Contact ID column (a report export): each contact is the person of that name in its "
                "account in the store, else a new one with an id made of the account and the name",
                "add Contact ID and Account ID to the report to follow renames",
            )
        order = s.b.dates(fname, table, cols, "last_contact") if "last_contact" in cols else "dmy"
        before = len(s.contacts)
        rows = s.b.rows(fname, table.rows) if s.b.progress is not None else table.rows
        if all(name in cols for name in _PLAIN_NEEDS) and not any(name in cols for name in _PLAIN_LACKS):
            _plain_contacts(s, fname, table, rows, cols, order)
        else:
            for row in rows:
                _contact(s, fname, row, cols, order)
        s.b.files[-1].imported = len(s.contacts) - before


#: The columns of a Data Loader export that :func:`_plain_contacts` reads (it needs them all)
#: and those it leaves to :func:`_contact` (a report export's names of managers and owners).
_PLAIN_NEEDS = ("id", "account", "first_name", "last_name")
_PLAIN_LACKS = ("reports_to_name", "owner_name")
_UNSET: Any = object()


def _plain_contacts(s: Session, fname: str, table: CsvTable, rows: Iterable[CsvRow], cols: Any, order: str) -> None:
    """:func:`_contact` of each row, the usual row read here at once: as wide as the header,
    each of its ids already seen or plainly an 18-character id, not deleted, not seen before,
    with a first and a last name, a date that reads. Nothing here notes anything, so a row
    that is not plain goes to :func:`_contact` whole, and gets its notes in their order there;
    the row's extras, read last there, are read last here too (the same call)."""
    b, contacts, plain_id = s.b, s.contacts, s.plain_id
    # each field's place in a row's record: (-1, an empty value, for a column the file lacks)
    pick = itemgetter(*table.positions(cols.where.get(name) for name in _PLAIN_READS))
    extras = b.extras if b.has_extras(cols) else None
    dates: dict[str, Any] = {}  # a date's text (trimmed) → the date it reads as
    for row in rows:
        record = row.record
        if record is None:  # not as wide as the header
            _contact(s, fname, row, cols, order)
            continue
        (
            raw_id,
            raw_account,
            first,
            last,
            deleted,
            raw_manager,
            raw_owner,
            text,
            account_name,
            title,
            department,
            email,
            phone,
            mobile,
        ) = pick(record)
        account = plain_id(raw_account)
        cid = plain_id(raw_id)
        first, last = first.strip(), last.strip()
        manager = plain_id(raw_manager) if raw_manager.strip() else None
        owner = plain_id(raw_owner) if raw_owner.strip() else None
        text = text.strip()
        day = dates.get(text, _UNSET)
        if day is _UNSET:
            try:
                day = dates[text] = parse_date(text, order)
            except ValueError:
                day = None  # noted by _contact
        if (
            account is None
            or cid is None
            or (deleted and deleted != "false")
            or cid in contacts
            or not (first and last)
            or (manager is None and raw_manager.strip())
            or (owner is None and raw_owner.strip())
            or (day is None and text)
        ):
            _contact(s, fname, row, cols, order)
            continue
        contacts[cid] = Contact(
            id=cid,
            file=fname,
            line=row.line,
            row=row,
            account=account,
            account_name=account_name.strip(),
            name=" ".join(f"{first} {last}".split()),
            title=title.strip(),
            department=department.strip(),
            manager=manager,
            manager_name=None,
            email=email.strip(),
            phone=phone.strip() or mobile.strip(),
            owner=owner,
            owner_name="",
            last_contact=day,
            extras={} if extras is None else extras(fname, row, cols, cid),
            plain=extras is None,
        )


#: The fields :func:`_plain_contacts` reads, in its order.
_PLAIN_READS = (
    "id",
    "account",
    "first_name",
    "last_name",
    "deleted",
    "reports_to",
    "owner",
    "last_contact",
    "account_name",
    "title",
    "department",
    "email",
    "phone",
    "mobile",
)


def _contact(s: Session, fname: str, row: CsvRow, cols: Any, order: str) -> None:
    b = s.b
    value = cols.values(row).get  # every field of the row at once: a look-up each below
    label = cols.labels.__getitem__  # the file's own header of each field, for messages
    first_name, last_name = value("first_name", ""), value("last_name", "")
    name = " ".join(f"{first_name} {last_name}".split()) or " ".join(value("name", "").split())
    if "account" in cols:
        account = s.id(cols.raw(row, "account"), fname, row.line, None, label("account")) or ""
    else:  # a report without Account ID: the account by its name
        account = account_by_name(s, value("account_name", ""))
    if "id" in cols:
        cid = s.id(cols.raw(row, "id"), fname, row.line, None, label("id"))
    else:
        cid = contact_by_name(s, fname, row.line, account, name) if name else None
    if cid is None:
        if "id" in cols and not value("id", ""):
            b.note(Level.error, "MISSING_ID", fname, [row.line], None, label("id"), "no Id", "row skipped")
        elif "id" not in cols and not name:
            b.note(
                Level.error,
                "MISSING_BOTH_NAMES",
                fname,
                [row.line],
                None,
                label("last_name"),
                "no name, and no Contact ID: nothing to know the contact by",
                "row skipped",
            )
        return
    if is_true(value("deleted", "")):
        b.note(
            Level.info,
            "DELETED_ROW",
            fname,
            [row.line],
            cid,
            label("deleted"),
            "deleted contact (IsDeleted=true: in the recycle bin)",
            "skipped",
        )
        s.deleted.setdefault(cid, f"{fname}:{row.line}")
        return
    if cid in s.contacts:
        first = s.contacts[cid]
        same = first.row.values == row.values
        what = (
            "the same Id twice, with different values"
            if "id" in cols
            else "two contacts of that name in one account, and no Contact ID to tell them apart"
        )
        b.note(
            Level.warning if same else Level.error,
            "DUPLICATE_ID",
            fname,
            [first.line, row.line],
            cid,
            label("id"),
            "the same row twice" if same else what,
            "imported once" if same else f"the row of line {first.line} is imported",
        )
        return
    email = value("email", "")
    if not name:
        b.note(
            Level.error,
            "MISSING_BOTH_NAMES",
            fname,
            [row.line],
            cid,
            label("last_name"),
            "no first or last name",
            f"kept, named '{email or '(unnamed)'}'",
        )
        name = email or "(unnamed)"
    elif "last_name" in cols and not last_name:
        b.note(
            Level.warning,
            "MISSING_LAST_NAME",
            fname,
            [row.line],
            cid,
            label("last_name"),
            "no last name (Salesforce requires one)",
            f"named '{name}'",
        )
    elif "first_name" in cols and not first_name:
        b.note(
            Level.info,
            "MISSING_FIRST_NAME",
            fname,
            [row.line],
            cid,
            label("first_name"),
            "no first name",
            f"named '{name}'",
        )
    manager, manager_name = _manager(s, fname, row, cols, cid, value)
    s.contacts[cid] = Contact(
        id=cid,
        file=fname,
        line=row.line,
        row=row,
        account=account,
        account_name=value("account_name", ""),
        name=name,
        title=value("title", ""),
        department=value("department", ""),
        manager=manager,
        manager_name=manager_name,
        email=email,
        phone=value("phone", "") or value("mobile", ""),
        owner=s.id(cols.raw(row, "owner"), fname, row.line, cid, label("owner"), Level.warning),
        owner_name=value("owner_name", ""),
        last_contact=b.date(fname, row, cols, "last_contact", order, cid),
        extras=b.extras(fname, row, cols, cid),
    )


def _manager(
    s: Session, fname: str, row: CsvRow, cols: Any, cid: str, value_of: Callable[[str, str], str]
) -> tuple[str | None, str | None]:
    """The manager's id, or their name (a report export's ``Reports To``), as the row gives it.
    A value that cannot be an id is a name, in either column."""
    for name in ("reports_to", "reports_to_name"):
        value = value_of(name, "")
        if not value:
            continue
        if is_sf_id(value):
            return s.id(cols.raw(row, name), fname, row.line, cid, cols.label(name)), None
        if name == "reports_to" and not re.search(r"[\s,.]", value) and any(ch.isdigit() for ch in value):
            return s.id(value, fname, row.line, cid, cols.label(name)), None  # a broken id, not a name
        return None, value
    return None, None


def place_contacts(s: Session) -> None:
    """Give each contact its organisation (placeholders for unknown accounts)."""
    for c in s.contacts.values():
        if c.account:
            c.org = s.account(c.account, c.file, c.line, c.id, "AccountId", c.account_name)
            continue
        s.b.note(
            Level.warning,
            "NO_ACCOUNT_ID",
            c.file,
            [c.line],
            c.id,
            "AccountId",
            "contact without an account (a private contact)",
            f"kept, in '{NO_ACCOUNT_ORG}'",
        )
        if NO_ACCOUNT_ORG not in s.b.organisations and not s.b.lookup("organisations", [NO_ACCOUNT_ORG]):
            s.b.add(
                "organisations",
                Organisation(id=NO_ACCOUNT_ORG, name="Salesforce contacts without account", kind=OrgKind.third_party),
                c.where,
            )
        c.org = NO_ACCOUNT_ORG


def duplicate_emails(s: Session) -> None:
    """Two contacts of one account with the same e-mail (case and spaces ignored)."""
    groups: dict[tuple[str, str], list[Contact]] = defaultdict(list)
    for c in s.contacts.values():
        if c.email:
            groups[(c.org, fold_spaces(c.email))].append(c)
    for group in groups.values():
        if len(group) < 2:
            continue
        keep = max(
            group,
            key=lambda c: (
                c.manager is not None or bool(c.manager_name),
                sum(bool(v.strip()) for v in c.row.values.values()),
                -c.line,
            ),
        )
        others = [c for c in group if c is not keep]
        record = " & ".join(c.id for c in sorted(group, key=lambda c: c.line))
        lines = [c.line for c in group]
        what = f"probable duplicate: the same e-mail {keep.email!r} (case ignored) on {len(group)} contacts"
        if s.merge_duplicates:
            s.b.note(Level.info, "DUPLICATE_EMAIL", keep.file, lines, record, "Email", what, f"merged into {keep.id}")
            for c in others:
                s.alias[c.id] = keep.id
                keep.merged.append(c.id)
                del s.contacts[c.id]
        else:
            s.b.note(
                Level.error,
                "DUPLICATE_EMAIL",
                keep.file,
                lines,
                record,
                "Email",
                what,
                f"all kept; --merge-duplicates merges them into {keep.id}",
            )


def managers(s: Session) -> None:
    """Check every ReportsToId (managers given by name resolved first); drop the lines that
    cannot stand (each one reported)."""
    resolve_manager_names(s)
    wanted = {c.manager for c in s.contacts.values() if c.manager}
    in_store = s.b.lookup("people", wanted - set(s.contacts) - set(s.alias))
    for c in s.contacts.values():
        if c.manager is None:
            continue
        m = s.alias.get(c.manager, c.manager)
        problem = None
        if m == c.id:
            code, problem = "SELF_REPORTS_TO", "ReportsToId is the contact's own Id"
        elif m in s.contacts:
            if s.contacts[m].org != c.org:
                code, problem = "REPORTS_TO_OTHER_ACCOUNT", f"manager {m} is on another account"
        elif m in s.deleted:
            code, problem = "DANGLING_REPORTS_TO", f"manager {m} is a deleted contact ({s.deleted[m]})"
        elif m in in_store:
            if in_store[m].org != c.org:
                code, problem = "REPORTS_TO_OTHER_ACCOUNT", f"manager {m} is in another organisation"
        else:
            code, problem = "DANGLING_REPORTS_TO", f"manager {m} not found in any contact file nor in the store"
        if problem:
            s.b.note(Level.error, code, c.file, [c.line], c.id, "ReportsToId", problem, "reporting line left out")
            c.manager = None
        else:
            c.manager = m
    _cycles(s)


def _cycles(s: Session) -> None:
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in s.contacts:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in s.contacts and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = s.contacts[node].manager
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node) :]
            members = [s.contacts[i] for i in cycle]
            s.b.note(
                Level.error,
                "REPORTING_CYCLE",
                members[0].file,
                [m.line for m in members],
                " -> ".join(cycle + [cycle[0]]) if len(cycle) > 2 else " <-> ".join(cycle),
                "ReportsToId",
                f"{len(cycle)} contacts report to each other in a circle",
                "their reporting lines are left out",
            )
            for m in members:
                m.manager = None
        for n in walk:
            state[n] = 2


def people(s: Session) -> None:
    b = s.b
    for c in s.contacts.values():  # a report names the owner, without OwnerId
        if c.owner is None and c.owner_name:
            c.owner = owner_by_name(s, c.owner_name)
    owners = {c.owner for c in s.contacts.values() if c.owner}
    existing = b.lookup("people", set(s.contacts) | owners)
    contacts = list(s.contacts.values())
    stored = [existing.get(c.id) for c in contacts] if existing else [None] * len(contacts)
    wheres = [c.where for c in contacts]
    fields = []  # of the people validated
    assembled: list[Person | None] = []  # the people assembled (None: validated)
    person_fields, assemble = _person_fields, _assembled
    for c, old, where in zip(contacts, stored, wheres, strict=True):
        if c.plain and (c.manager is None or _plain_id(c.manager)):
            assembled.append(assemble(b, c, where, old is None))
            continue
        f = person_fields(b, c, where)
        if old is None:  # nothing to merge with: merge_person would only set the seniority
            f["seniority"] = seniority(None, f.get("seniority"), f["title"])
        fields.append(f)
        assembled.append(None)
    users = b.column_map.users
    ours: dict[str, str] = {}  # an owner's id → the id of the person of ours it is (the same for each contact)
    kept, origin, knows_owner = b.people, b.origin, b.knows_owner
    # the first person that breaks the model raises (the assembled ones never do)
    rest = iter(_validated(fields))
    del fields  # (their memory is the KNOWS' below)
    validated = [p if p is not None else next(rest) for p in assembled]
    del assembled
    for c, old, where, new in zip(contacts, stored, wheres, validated, strict=True):
        if c.id not in kept:  # b.add("people", …), the first one kept
            kept[c.id] = new if old is None else merge_person(old, new)
            origin[("people", c.id)] = where
        if c.owner:
            owner = ours.get(c.owner)
            if owner is None or (owner != c.owner and c.owner in b.people):  # (b.owner's first answer)
                name = users.get(c.owner) or users.get(c.owner[:15]) or users.get(c.owner_name) or c.owner_name
                owner = ours[c.owner] = b.owner(
                    c.owner,
                    name or f"Salesforce user {c.owner}",
                    existing.get(c.owner),
                    where,
                    {"salesforce": c.owner} if is_sf_id(c.owner) else {},
                )
            knows_owner(owner, c.id, c.last_contact, where)


def _person_fields(b: Builder, c: Contact, where: str) -> dict[str, Any]:
    """What a contact's row (at ``where``) says of the person, as :class:`Person`'s fields."""
    ids = {"salesforce": c.id}
    if c.merged:
        ids["salesforce_merged"] = ",".join(c.merged)
    fields = {
        "id": c.id,
        "name": c.name,
        "org": c.org,
        "unit": b.unit(c.org, c.department, where),
        "title": c.title or None,
        "email": c.email or None,
        "phone": c.phone or None,
        "reports_to": c.manager,
        "last_contact": c.last_contact,
        "ids": ids,
    }
    if c.extras:
        fields.update(c.extras)
    return fields


#: The fields :func:`_person_fields` gives, with the seniority (set when nothing is stored) and without.
_GIVEN_STORED = frozenset(("id", "name", "org", "unit", "title", "email", "phone", "reports_to", "last_contact", "ids"))
_GIVEN = _GIVEN_STORED | {"seniority"}  # (frozen: a set is copied from one at once)


def _plain_id(value: str) -> bool:
    """Whether ``value`` is plainly an :data:`~kamgraph.model.Id`: 1 to 200 characters of
    printable ASCII but the space (none of which pydantic's pattern, ``^[^\\s]+$``, calls white space)."""
    return 0 < len(value) <= 200 and value.isascii() and value.isprintable() and " " not in value


def _assembled(b: Builder, c: Contact, where: str, new: bool) -> Person:
    """``Person(**_person_fields(b, c, where))`` (with the seniority when ``new``: nothing
    stored) of a contact :func:`_plain_contacts` read, without validating it: each value is
    of its field's type as it was read there (an 18-character id, its account's, a name with
    a first and a last name in it, texts, a date or none), the unit's id was validated as its
    unit was (:meth:`Builder.unit`), and the manager's is asked (:func:`_plain_id`: a merged
    duplicate's can be anything a contact's id can). The same record as pydantic's: the same
    values in the same order, its defaults, the same fields set (tests/test_crm_fast_reads.py)."""
    ids = {"salesforce": c.id}
    if c.merged:
        ids["salesforce_merged"] = ",".join(c.merged)
    title = c.title or None
    values: dict[str, Any] = {
        "id": c.id,
        "name": c.name,
        "org": c.org,
        "unit": b.unit(c.org, c.department, where),
        "title": title,
        "seniority": seniority(None, None, title) if new else None,
        "roles": [],
        "stance": Stance.unknown,
        "influence": None,
        "reports_to": c.manager,
        "email": c.email or None,
        "url": None,
        "phone": c.phone or None,
        "last_contact": c.last_contact,
        "left": None,
        "ids": ids,
        "notes": [],
    }
    return trusted(Person, values, set(_GIVEN if new else _GIVEN_STORED))


_PEOPLE: TypeAdapter[list[Person]] = TypeAdapter(list[Person])


def _validated(fields: list[dict[str, Any]]) -> list[Person]:
    """The people, validated as one list (one call into pydantic-core instead of one per
    contact); when one breaks the model, the people one by one: the first that does raises
    what ``Person(**fields)`` raises."""
    try:
        return _PEOPLE.validate_python(fields)
    except ValidationError:
        return [Person(**f) for f in fields]
