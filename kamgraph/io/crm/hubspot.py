"""HubSpot exports: the contacts export (column labels as HubSpot writes them) and,
optionally, the companies export → a kamgraph graph.

HubSpot knows nothing of Salesforce ids, so a contact is matched to a person already in the
store (typically imported from Salesforce) by HubSpot id, then by e-mail (case ignored),
then by name within the same organisation; a company to an organisation by HubSpot id, then
by name. Matched records gain the HubSpot id and fill in what they lack; the others are
created with ids ``hubspot-<Record ID>`` and ``hubspot-company-<Record ID>``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from ...errors import InvalidInput
from ...model import Organisation, OrgKind, Person, Role
from ...store.base import Store
from .builder import Builder, CrmImport, Progress
from .columns import ColumnMap, Columns, fold, slug
from .csvsniff import CsvRow
from .merge import merge_person, seniority
from .report import Level

__all__ = ["HUBSPOT_ROLES", "read_hubspot"]

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
COMPANY_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Record ID", "Company ID", "hs_object_id"),
    "name": ("Company name", "Name"),
    "domain": ("Company Domain Name", "Website URL", "domain", "website"),
    "industry": ("Industry",),
    "country": ("Country/Region", "Country"),
    "kind": ("Type", "Company Type", "type"),
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
#: what a HubSpot record id can be (they are numbers; letters, '-' and '_' are let through)
_HS_ID = re.compile(r"^[0-9A-Za-z_\-]*$")
#: where a person keeps the buying roles HubSpot gave them, so that the next import can replace them
HUBSPOT_ROLES_KEY = "hubspot_roles"


def _domain(value: str) -> str:
    """``https://www.Grupo-Iberica.example/es`` → ``grupo-iberica.example``."""
    v = re.sub(r"^[a-z]+://", "", value.strip().casefold())
    return re.sub(r"^www\.", "", v.split("/", 1)[0])


def _company_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name))


class _Reader:
    def __init__(self, b: Builder):
        self.b = b
        self.companies: dict[str, tuple[str, dict[str, str | None], str]] = {}  # HubSpot id → (name, fields, where)
        self.orgs: dict[str, str] = {}  # HubSpot company id (or name key) → org id
        self.org_people: dict[str, list[Person]] = {}
        self.claimed: dict[str, int] = {}  # person id → line that matched it
        self.matched = {"HubSpot id": 0, "e-mail": 0, "name": 0}
        self.created = 0
        self._by_name: dict[str, str] | None = None
        self.emails: dict[str, list[str]] = {}  # company key → its contacts' e-mails
        self.company_file: dict[str, str] = {}  # HubSpot company id → file it was read from
        self.kinds: dict[str, OrgKind] = {}  # HubSpot company id → the kind its Type gives

    def hs_id(
        self, fname: str, row: CsvRow, cols: Columns, name: str, record: str | None, action: str = "row skipped"
    ) -> str | None:
        """The HubSpot id in column ``name`` ('' when empty); ``None``, and an error, when it
        cannot be one (a space inside, or a number Excel rewrote, such as ``1.23457E+11``)."""
        value = cols.get(row, name)
        if not value or _HS_ID.match(value):
            return value
        self.b.note(
            Level.error, "BAD_ID", fname, [row.line], record, cols.label(name), f"{value!r} is not a HubSpot id", action
        )
        return None

    def read_companies(self, paths: Sequence[Path]) -> None:
        for path in paths:
            table, cols = self.b.read(path, "companies", COMPANY_COLUMNS)
            fname = self.b.name(path)
            if "id" not in cols:
                raise InvalidInput(f"{fname}: no Record ID column; found: {', '.join(table.header)}")
            for row in table.rows:
                cid = self.hs_id(fname, row, cols, "id", None)
                if cid is None:
                    continue
                if not cid:
                    self.b.note(
                        Level.error,
                        "MISSING_ID",
                        fname,
                        [row.line],
                        None,
                        cols.label("id"),
                        "no Record ID",
                        "row skipped",
                    )
                    continue
                if cid in self.companies:
                    self.b.note(
                        Level.warning,
                        "DUPLICATE_ID",
                        fname,
                        [int(self.companies[cid][2]), row.line],
                        cid,
                        cols.label("id"),
                        "the same Record ID twice",
                        "the first row is imported",
                    )
                    continue
                self.companies[cid] = (
                    cols.get(row, "name"),
                    {
                        "industry": cols.get(row, "industry") or None,
                        "country": cols.get(row, "country") or None,
                        "domain": _domain(cols.get(row, "domain")) or None,
                    },
                    str(row.line),
                )
                self.company_file[cid] = fname
                kind = self.b.kind(fname, row, cols, cid)
                if kind is not None:
                    self.kinds[cid] = kind
            self.b.files[-1].imported = len(self.companies)

    def all_companies(self) -> None:
        """Every company of the companies export becomes (or updates) an organisation, with or without contacts."""
        for cid in self.companies:
            self.organisation(cid, "", self.company_file[cid], int(self.companies[cid][2]), cid, people=False)

    def organisation(self, cid: str, name: str, file: str, line: int, record: str, people: bool = True) -> str:
        """The organisation for a HubSpot company: one in the store (by HubSpot id, name, web domain
        or its contacts' e-mails), or a new one. ``people``: load its people, to match contacts."""
        key = cid or f"name:{_company_key(name)}"
        if key in self.orgs:  # (companies without contacts come last: a company seen is loaded)
            return self.orgs[key]
        b = self.b
        known_name, company, _ = self.companies.get(cid, ("", {}, ""))
        name = known_name or name
        domain = company.get("domain")
        fields = {k: v for k, v in company.items() if k != "domain"}
        ids = {"hubspot": cid} if cid else {}
        if domain:
            ids["domain"] = domain
        oid = f"hubspot-company-{cid}" if cid else f"hubspot-company-{slug(name)}"
        existing = b.lookup("organisations", [oid]).get(oid)
        if existing is None and name:
            match = self._store_orgs_by_name().get(_company_key(name))
            existing = b.lookup("organisations", [match]).get(match) if match else None
        if existing is None:
            match = self._org_of_people(self.emails.get(key, []), domain)
            existing = b.lookup("organisations", [match]).get(match) if match else None
        if existing is not None:
            oid = existing.id
            other = (b.organisations.get(oid) or existing).ids.get("hubspot")
            if cid and other and other != cid:
                b.note(
                    Level.info,
                    "COMPANY_MERGED",
                    file,
                    [line],
                    cid,
                    None,
                    f"HubSpot company {cid} ({name}) matches organisation {oid} ({existing.name}), which is "
                    f"HubSpot company {other}",
                    "its contacts and details go to that organisation",
                )
            b.organisation(
                Organisation(
                    id=oid,
                    name=existing.name,
                    ids=ids,
                    kind=self.kinds.get(cid, existing.kind),
                    **{k: getattr(existing, k) or v for k, v in fields.items()},
                ),
                f"{file}",
                existing,
                kind_given=cid in self.kinds,
            )
            if people:
                graph = b.account_graph(oid)
                self.org_people[oid] = [p for p in (graph.people if graph else []) if p.org == oid]
        else:
            b.add(
                "organisations",
                Organisation(
                    id=oid,
                    name=name or f"HubSpot company {cid}",
                    ids=ids,
                    kind=self.kinds.get(cid, OrgKind.client),
                    **fields,
                ),
                f"{file}:{line}",
            )
            self.org_people[oid] = []
        self.orgs[key] = oid
        return oid

    def _org_of_people(self, emails: list[str], domain: str | None = None) -> str | None:
        """The organisation in the store of the company's people, found by a few of their
        e-mails, then by the company's web domain (for an account imported from Salesforce
        under another name, say)."""
        if self.b.store is None:
            return None
        for email in emails[:5] + ([f"@{domain}"] if domain else []):
            found = self.b.store.find_people(email, limit=20)
            hits = {
                p.org
                for p in found
                if p.email
                and p.org != self.b.our_org
                and (fold(p.email) == fold(email) or fold(p.email).endswith(fold(email)) and email[0] == "@")
            }
            clients = {o for o, org in self.b.lookup("organisations", hits).items() if org.kind == OrgKind.client}
            if len(clients) == 1:  # (a private contact or a placeholder may share the domain)
                return clients.pop()
        return None

    def _store_orgs_by_name(self) -> dict[str, str]:
        if self._by_name is None:
            accounts = self.b.store.accounts() if self.b.store is not None else []
            self._by_name = {}
            for a in accounts:
                self._by_name.setdefault(_company_key(a.name), a.id)
        return self._by_name

    def read_contacts(self, paths: Sequence[Path]) -> None:
        for path in paths:
            table, cols = self.b.read(path, "contacts", CONTACT_COLUMNS)
            fname = self.b.name(path)
            if "id" not in cols:
                raise InvalidInput(f"{fname}: no Record ID column; found: {', '.join(table.header)}")
            if "reports_to" not in cols:
                self.b.note(
                    Level.info,
                    "HUBSPOT_NO_REPORTS_TO",
                    fname,
                    [],
                    None,
                    None,
                    "HubSpot has no reports-to property",
                    "reporting lines are left as they are in the store",
                )
            order = self.b.dates(fname, table, cols, "last_contact") if "last_contact" in cols else "dmy"
            for row in table.rows:
                cid, cname, email = cols.get(row, "company"), cols.get(row, "company_name"), cols.get(row, "email")
                cid = cid if _HS_ID.match(cid) else ""
                if email:
                    self.emails.setdefault(cid or f"name:{_company_key(cname)}", []).append(email)
            seen: dict[str, int] = {}
            emails: dict[tuple[str, str], tuple[int, str]] = {}
            before = len(self.claimed)
            for row in self.b.rows(fname, table.rows):
                try:
                    self._contact(fname, row, cols, order, seen, emails)
                except ValidationError as exc:  # an id or value the model refuses (e.g. "12 3")
                    err = exc.errors()[0]
                    field = ".".join(map(str, err["loc"])) or None
                    self.b.note(
                        Level.error,
                        "INVALID_VALUE",
                        fname,
                        [row.line],
                        cols.get(row, "id") or None,
                        field,
                        f"{err['msg']} (got {str(err.get('input'))[:60]!r})",
                        "row skipped",
                    )
            self.b.files[-1].imported = len(self.claimed) - before
        m = self.matched
        self.b.note(
            Level.info,
            "MATCHED",
            self.b.name(paths[0]) if paths else "hubspot",
            [],
            None,
            None,
            f"{sum(m.values())} contacts matched people in the store ({m['HubSpot id']} by HubSpot id, "
            f"{m['e-mail']} by e-mail, {m['name']} by name), {self.created} new",
        )

    def _contact(
        self,
        fname: str,
        row: CsvRow,
        cols: Columns,
        order: str,
        seen: dict[str, int],
        emails: dict[tuple[str, str], tuple[int, str]],
    ) -> None:
        b = self.b
        rid = self.hs_id(fname, row, cols, "id", None)
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
        cid = self.hs_id(fname, row, cols, "company", rid, "left out; the company is found by its name") or ""
        cname = cols.get(row, "company_name")
        if cid or cname:
            org = self.organisation(cid, cname, fname, row.line, rid)
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
            self.org_people.setdefault(org, [])
        if email:
            key = (org, fold(email))
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
        roles = self._roles(fname, row, cols, rid)
        last_contact = b.date(fname, row, cols, "last_contact", order, rid)
        existing, how = self._match(org, rid, email, name)
        if existing is not None and existing.id in self.claimed:
            b.note(
                Level.error,
                "DUPLICATE_MATCH",
                fname,
                [self.claimed[existing.id], row.line],
                rid,
                None,
                f"matches {existing.id} ({existing.name}), like the row of line {self.claimed[existing.id]}",
                "row skipped",
            )
            return
        where = f"{fname}:{row.line}"
        extras = b.extras(fname, row, cols, rid)
        if existing is not None:
            self.matched[how] += 1
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
            self.created += 1
            pid = f"hubspot-{rid}"
            if org in {o for o in self.org_people if self.org_people[o]}:
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
        self.claimed[person.id] = row.line
        b.add("people", person, where)
        owner = cols.get(row, "owner_name")
        if owner:
            b.knows_owner(self._owner(owner, where), person.id, last_contact, where)

    def _match(self, org: str, rid: str, email: str, name: str) -> tuple[Person | None, str]:
        people = self.org_people.get(org, [])
        for p in people:
            if p.ids.get("hubspot") == rid:
                return p, "HubSpot id"
        if email:
            hits = [p for p in people if p.email and fold(p.email) == fold(email)]
            if len(hits) == 1:
                return hits[0], "e-mail"
        hits = [p for p in people if fold(p.name) == fold(name)]
        if len(hits) == 1 and not (email and hits[0].email and fold(hits[0].email) != fold(email)):
            return hits[0], "name"
        return None, ""

    def _roles(self, fname: str, row: CsvRow, cols: Columns, rid: str) -> set[Role]:
        out: set[Role] = set()
        custom = {fold(k): v for k, v in self.b.column_map.roles.items()}
        for raw in (v.strip() for v in cols.get(row, "roles").split(";")):
            if not raw:
                continue
            if fold(raw) in custom:
                role = custom[fold(raw)]
                out |= {role} if role else set()
            elif fold(raw) in HUBSPOT_ROLES:
                out |= set(HUBSPOT_ROLES[fold(raw)])
            else:
                self.b.note(
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

    def _owner(self, name: str, where: str) -> str:
        b = self.b
        display = b.column_map.users.get(name, name)
        pid = f"hubspot-owner-{slug(display)}"
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


def read_hubspot(
    contacts: Sequence[Path] = (),
    companies: Sequence[Path] = (),
    *,
    store: Store | None = None,
    our_org: str | None = None,
    column_map: ColumnMap | None = None,
    base: Path | None = None,
    progress: Progress | None = None,
) -> CrmImport:
    """Read HubSpot exports into a graph and a list of issues (nothing is written).

    With ``store``, contacts are matched to the people already there (see the module doc).
    """
    b = Builder("hubspot", store, column_map or ColumnMap(), base, progress=progress)
    r = _Reader(b)
    b.own_organisation(our_org)
    r.read_companies(companies)
    r.read_contacts(contacts)
    r.all_companies()
    b.covers["people"] = {p.org for p in b.people.values() if p.org != b.our_org}
    return b.result()
