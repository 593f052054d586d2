"""The contacts export: each contact matched to a person already in the store (by HubSpot
id, then e-mail, then name within the organisation) or created, with HubSpot's buying roles."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from ....errors import InvalidInput
from ....model import Organisation, OrgKind, Person, Role
from ....text import fold_spaces
from ..columns import Columns, slug_id
from ..csvsniff import CsvRow
from ..merge import merge_person, seniority
from ..report import Level
from .companies import company_key, organisation
from .session import HS_ID, Session

__all__ = ["CONTACT_COLUMNS", "HUBSPOT_ROLES", "NO_COMPANY_ORG", "mirror_roles", "read_contacts"]

CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Record ID", "Contact ID", "hs_object_id", "vid"),
    "first_name": ("First Name", "firstname"),
    "last_name": ("Last Name", "lastname"),
    "email": ("Email",),
    "phone": ("Phone Number", "Phone", "Mobile Phone Number"),
    "owner_name": ("Contact owner", "HubSpot Owner", "hubspot_owner_id"),
    "company": ("Primary Associated Company ID", "Associated Company ID", "associatedcompanyid", "Company ID"),
    "company_name": ("Associated Company", "Company Name", "Company"),
    "title": ("Job Title", "jobtitle"),
    "department": ("Department",),
    "roles": ("Buying Role", "hs_buying_role", "Buying Roles"),
    "last_contact": ("Last Activity Date", "Last Contacted", "notes_last_contacted", "notes_last_updated"),
    "reports_to": (),
    "stance": (),
    "influence": (),
    "seniority": (),
    "url": ("LinkedIn URL",),
}

#: HubSpot's Buying Role options (``hs_buying_role``) → kamgraph roles.
HUBSPOT_ROLES: dict[str, list[Role]] = {
    "blocker": [Role.blocker],
    "budget holder": [Role.economic_buyer],
    "champion": [Role.champion],
    "decision maker": [Role.decision_maker],
    "end user": [Role.user_buyer],
    "executive sponsor": [Role.executive_sponsor],
    "influencer": [Role.influencer],
    "legal & compliance": [Role.legal],
    "legal and compliance": [Role.legal],
    "other": [],
}

NO_COMPANY_ORG = "hubspot-no-company"
#: where a person keeps the buying roles HubSpot gave them, so that the next import can replace them
HUBSPOT_ROLES_KEY = "hubspot_roles"


def read_contacts(s: Session, paths: Sequence[Path]) -> None:
    for path in paths:
        table, cols = s.b.read(path, "contacts", CONTACT_COLUMNS)
        fname = s.b.name(path)
        if "id" not in cols:
            raise InvalidInput(f"{fname}: no Record ID column; found: {', '.join(table.header)}")
        if "reports_to" not in cols:
            s.b.note(
                Level.info,
                "HUBSPOT_NO_REPORTS_TO",
                fname,
                [],
                None,
                None,
                "HubSpot has no reports-to property",
                "reporting lines are left as they are in the store",
            )
        order = s.b.dates(fname, table, cols, "last_contact") if "last_contact" in cols else "dmy"
        for row in table.rows:
            cid, cname, email = cols.get(row, "company"), cols.get(row, "company_name"), cols.get(row, "email")
            cid = cid if HS_ID.match(cid) else ""
            if email:
                s.emails.setdefault(cid or f"name:{company_key(cname)}", []).append(email)
        seen: dict[str, int] = {}
        emails: dict[tuple[str, str], tuple[int, str]] = {}
        before = len(s.claimed)
        for row in s.b.rows(fname, table.rows):
            try:
                _contact(s, fname, row, cols, order, seen, emails)
            except ValidationError as exc:  # an id or value the model refuses (e.g. "12 3")
                err = exc.errors()[0]
                field = ".".join(map(str, err["loc"])) or None
                s.b.note(
                    Level.error,
                    "INVALID_VALUE",
                    fname,
                    [row.line],
                    cols.get(row, "id") or None,
                    field,
                    f"{err['msg']} (got {str(err.get('input'))[:60]!r})",
                    "row skipped",
                )
        s.b.files[-1].imported = len(s.claimed) - before
    m = s.matched
    s.b.note(
        Level.info,
        "MATCHED",
        s.b.name(paths[0]) if paths else "hubspot",
        [],
        None,
        None,
        f"{sum(m.values())} contacts matched people in the store ({m['HubSpot id']} by HubSpot id, "
        f"{m['e-mail']} by e-mail, {m['name']} by name), {s.created} new",
    )


def _contact(
    s: Session,
    fname: str,
    row: CsvRow,
    cols: Columns,
    order: str,
    seen: dict[str, int],
    emails: dict[tuple[str, str], tuple[int, str]],
) -> None:
    b = s.b
    rid = s.hs_id(fname, row, cols, "id", None)
    if rid is None:
        return
    if not rid:
        b.note(Level.error, "MISSING_ID", fname, [row.line], None, cols.label("id"), "no Record ID", "row skipped")
        return
    if rid in seen:
        b.note(
            Level.warning,
            "DUPLICATE_ID",
            fname,
            [seen[rid], row.line],
            rid,
            cols.label("id"),
            "the same Record ID twice",
            f"the row of line {seen[rid]} is imported",
        )
        return
    seen[rid] = row.line
    first, last, email = cols.get(row, "first_name"), cols.get(row, "last_name"), cols.get(row, "email")
    name = " ".join(f"{first} {last}".split())
    if not name:
        b.note(
            Level.error,
            "MISSING_BOTH_NAMES",
            fname,
            [row.line],
            rid,
            cols.label("last_name"),
            "no first or last name",
            f"kept, named '{email or '(unnamed)'}'",
        )
        name = email or "(unnamed)"
    cid = s.hs_id(fname, row, cols, "company", rid, "left out; the company is found by its name") or ""
    cname = cols.get(row, "company_name")
    if cid or cname:
        org = organisation(s, cid, cname, fname, row.line, rid)
    else:
        b.note(
            Level.warning,
            "NO_ACCOUNT_ID",
            fname,
            [row.line],
            rid,
            cols.label("company"),
            "contact without a company",
            f"kept, in '{NO_COMPANY_ORG}'",
        )
        if NO_COMPANY_ORG not in b.organisations and not b.lookup("organisations", [NO_COMPANY_ORG]):
            b.add(
                "organisations",
                Organisation(id=NO_COMPANY_ORG, name="HubSpot contacts without company", kind=OrgKind.third_party),
                f"{fname}:{row.line}",
            )
        org = NO_COMPANY_ORG
        s.org_people.setdefault(org, [])
    if email:
        key = (org, fold_spaces(email))
        if key in emails:
            line, other = emails[key]
            b.note(
                Level.error,
                "DUPLICATE_EMAIL",
                fname,
                [line, row.line],
                f"{other} & {rid}",
                cols.label("email"),
                f"probable duplicate: the same e-mail {email!r} (case ignored) twice",
                "both kept",
            )
        emails.setdefault(key, (row.line, rid))
    roles = _roles(s, fname, row, cols, rid)
    last_contact = b.date(fname, row, cols, "last_contact", order, rid)
    existing, how = _match(s, org, rid, email, name)
    if existing is not None and existing.id in s.claimed:
        b.note(
            Level.error,
            "DUPLICATE_MATCH",
            fname,
            [s.claimed[existing.id], row.line],
            rid,
            None,
            f"matches {existing.id} ({existing.name}), like the row of line {s.claimed[existing.id]}",
            "row skipped",
        )
        return
    where = f"{fname}:{row.line}"
    extras = b.extras(fname, row, cols, rid)
    if existing is not None:
        s.matched[how] += 1
        if how == "name":
            b.note(
                Level.info,
                "MATCHED_BY_NAME",
                fname,
                [row.line],
                rid,
                None,
                f"matched {existing.id} ({existing.name}) by name: it has no e-mail, or another one",
            )
        dates = [d for d in (existing.last_contact, last_contact) if d]
        title = existing.title or cols.get(row, "title") or None
        person = existing.model_copy(
            update={
                "email": existing.email or email or None,
                "phone": existing.phone or cols.get(row, "phone") or None,
                "title": title,
                "ids": {**existing.ids, "hubspot": rid},
                "last_contact": max(dates) if dates else None,
                **extras,
                "seniority": seniority(existing, extras.get("seniority"), title),
            }
        )
    else:
        s.created += 1
        pid = f"hubspot-{rid}"
        if org in {o for o in s.org_people if s.org_people[o]}:
            b.note(
                Level.info,
                "NEW_PERSON",
                fname,
                [row.line],
                rid,
                None,
                f"{name} ({email or 'no e-mail'}) matches nobody in the store",
                f"created as {pid}",
            )
        new = Person(
            id=pid,
            name=name,
            org=org,
            unit=b.unit(org, cols.get(row, "department"), where),
            title=cols.get(row, "title") or None,
            email=email or None,
            phone=cols.get(row, "phone") or None,
            roles=sorted(roles, key=list(Role).index),
            last_contact=last_contact,
            ids={"hubspot": rid},
            **extras,
        )
        existing = b.lookup("people", [pid]).get(pid)
        person = merge_person(existing, new)
    person = mirror_roles(person, existing, roles)
    s.claimed[person.id] = row.line
    b.add("people", person, where)
    owner = cols.get(row, "owner_name")
    if owner:
        b.knows_owner(_owner(s, owner, where), person.id, last_contact, where)


def _match(s: Session, org: str, rid: str, email: str, name: str) -> tuple[Person | None, str]:
    people = s.org_people.get(org, [])
    for p in people:
        if p.ids.get("hubspot") == rid:
            return p, "HubSpot id"
    if email:
        hits = [p for p in people if p.email and fold_spaces(p.email) == fold_spaces(email)]
        if len(hits) == 1:
            return hits[0], "e-mail"
    hits = [p for p in people if fold_spaces(p.name) == fold_spaces(name)]
    if len(hits) == 1 and not (email and hits[0].email and fold_spaces(hits[0].email) != fold_spaces(email)):
        return hits[0], "name"
    return None, ""


def _roles(s: Session, fname: str, row: CsvRow, cols: Columns, rid: str) -> set[Role]:
    out: set[Role] = set()
    custom = {fold_spaces(k): v for k, v in s.b.column_map.roles.items()}
    for raw in (v.strip() for v in cols.get(row, "roles").split(";")):
        if not raw:
            continue
        if fold_spaces(raw) in custom:
            role = custom[fold_spaces(raw)]
            out |= {role} if role else set()
        elif fold_spaces(raw) in HUBSPOT_ROLES:
            out |= set(HUBSPOT_ROLES[fold_spaces(raw)])
        else:
            s.b.note(
                Level.error,
                "ROLE_UNMAPPED",
                fname,
                [row.line],
                rid,
                cols.label("roles"),
                f"buying role {raw!r} is not one of HubSpot's and not in the --map file's roles",
                "role left out",
            )
    return out


def _owner(s: Session, name: str, where: str) -> str:
    b = s.b
    display = b.column_map.users.get(name, name)
    pid = slug_id("hubspot-owner", display)
    return b.owner(pid, display, b.lookup("people", [pid]).get(pid), where, {"hubspot_owner": name})


def mirror_roles(person: Person, existing: Person | None, roles: set[Role]) -> Person:
    """``person`` with HubSpot's buying roles: those HubSpot gave at the last import (kept in
    ``ids["hubspot_roles"]``) are replaced by ``roles``; roles set by hand or by another source stay.

    >>> ana = Person(id="a", name="Ana", org="o", roles=["coach", "champion"], ids={"hubspot_roles": "champion"})
    >>> p = mirror_roles(ana, ana, {Role.economic_buyer})
    >>> [r.value for r in p.roles], p.ids
    (['economic_buyer', 'coach'], {'hubspot_roles': 'economic_buyer'})
    """
    before = {Role(r) for r in (existing.ids.get(HUBSPOT_ROLES_KEY, "") if existing else "").split(",") if r}
    kept = set(existing.roles if existing else person.roles) - before
    ids = {k: v for k, v in person.ids.items() if k != HUBSPOT_ROLES_KEY}
    if roles:
        ids[HUBSPOT_ROLES_KEY] = ",".join(sorted(r.value for r in roles))
    return person.model_copy(update={"roles": sorted(kept | roles, key=list(Role).index), "ids": ids})
