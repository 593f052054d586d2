"""The Salesforce Contact export → people, units, reporting lines and our contact owners."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ....errors import InvalidInput
from ....model import Organisation, OrgKind, Person, Stance
from ....text import fold_spaces
from ....trusted import trusted
from ..builder import Builder
from ..merge import merge_person, seniority
from ..report import Level
from .ids import is_sf_id
from .names import owner_by_name, resolve_manager_names
from .rows import read_rows
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
        read_rows(s, fname, table, cols, order)
        s.b.files[-1].imported = len(s.contacts) - before


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
    stored) of a contact :func:`.rows.plain_rows` read, without validating it: each value is
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
