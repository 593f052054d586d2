"""The companies export (and the organisation each HubSpot company is): matched to one in
the store by HubSpot id, name, web domain or its contacts' e-mails, else created."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ....errors import InvalidInput
from ....model import Organisation, OrgKind
from ....text import fold_spaces
from ..columns import slug_id
from ..report import Level
from .session import Session

__all__ = ["COMPANY_COLUMNS", "all_companies", "company_key", "organisation", "read_companies"]

COMPANY_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Record ID", "Company ID", "hs_object_id"),
    "name": ("Company name", "Name"),
    "domain": ("Company Domain Name", "Website URL", "domain", "website"),
    "industry": ("Industry",),
    "country": ("Country/Region", "Country"),
    "kind": ("Type", "Company Type", "type"),
}


def _domain(value: str) -> str:
    """``https://www.Grupo-Iberica.example/es`` → ``grupo-iberica.example``."""
    v = re.sub(r"^[a-z]+://", "", value.strip().casefold())
    return re.sub(r"^www\.", "", v.split("/", 1)[0])


def company_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold_spaces(name))


def read_companies(s: Session, paths: Sequence[Path]) -> None:
    for path in paths:
        table, cols = s.b.read(path, "companies", COMPANY_COLUMNS)
        fname = s.b.name(path)
        if "id" not in cols:
            raise InvalidInput(f"{fname}: no Record ID column; found: {', '.join(table.header)}")
        for row in table.rows:
            cid = s.hs_id(fname, row, cols, "id", None)
            if cid is None:
                continue
            if not cid:
                s.b.note(
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
            if cid in s.companies:
                s.b.note(
                    Level.warning,
                    "DUPLICATE_ID",
                    fname,
                    [int(s.companies[cid][2]), row.line],
                    cid,
                    cols.label("id"),
                    "the same Record ID twice",
                    "the first row is imported",
                )
                continue
            s.companies[cid] = (
                cols.get(row, "name"),
                {
                    "industry": cols.get(row, "industry") or None,
                    "country": cols.get(row, "country") or None,
                    "domain": _domain(cols.get(row, "domain")) or None,
                },
                str(row.line),
            )
            s.company_file[cid] = fname
            kind = s.b.kind(fname, row, cols, cid)
            if kind is not None:
                s.kinds[cid] = kind
        s.b.files[-1].imported = len(s.companies)


def all_companies(s: Session) -> None:
    """Every company of the companies export becomes (or updates) an organisation, with or without contacts."""
    for cid in s.companies:
        organisation(s, cid, "", s.company_file[cid], int(s.companies[cid][2]), cid, people=False)


def organisation(s: Session, cid: str, name: str, file: str, line: int, record: str, people: bool = True) -> str:
    """The organisation for a HubSpot company: one in the store (by HubSpot id, name, web domain
    or its contacts' e-mails), or a new one. ``people``: load its people, to match contacts."""
    key = cid or f"name:{company_key(name)}"
    if key in s.orgs:  # (companies without contacts come last: a company seen is loaded)
        return s.orgs[key]
    b = s.b
    known_name, company, _ = s.companies.get(cid, ("", {}, ""))
    name = known_name or name
    domain = company.get("domain")
    fields = {k: v for k, v in company.items() if k != "domain"}
    ids = {"hubspot": cid} if cid else {}
    if domain:
        ids["domain"] = domain
    oid = f"hubspot-company-{cid}" if cid else slug_id("hubspot-company", name)
    existing = b.lookup("organisations", [oid]).get(oid)
    if existing is None and name:
        match = _store_orgs_by_name(s).get(company_key(name))
        existing = b.lookup("organisations", [match]).get(match) if match else None
    if existing is None:
        match = _org_of_people(s, s.emails.get(key, []), domain)
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
                kind=s.kinds.get(cid, existing.kind),
                **{k: getattr(existing, k) or v for k, v in fields.items()},
            ),
            f"{file}",
            existing,
            kind_given=cid in s.kinds,
        )
        if people:
            graph = b.account_graph(oid)
            s.org_people[oid] = [p for p in (graph.people if graph else []) if p.org == oid]
    else:
        b.add(
            "organisations",
            Organisation(
                id=oid,
                name=name or f"HubSpot company {cid}",
                ids=ids,
                kind=s.kinds.get(cid, OrgKind.client),
                **fields,
            ),
            f"{file}:{line}",
        )
        s.org_people[oid] = []
    s.orgs[key] = oid
    return oid


def _org_of_people(s: Session, emails: list[str], domain: str | None = None) -> str | None:
    """The organisation in the store of the company's people, found by a few of their
    e-mails, then by the company's web domain (for an account imported from Salesforce
    under another name, say)."""
    if s.b.store is None:
        return None
    for email in emails[:5] + ([f"@{domain}"] if domain else []):
        found = s.b.store.find_people(email, limit=20)
        hits = {
            p.org
            for p in found
            if p.email
            and p.org != s.b.our_org
            and (
                fold_spaces(p.email) == fold_spaces(email)
                or fold_spaces(p.email).endswith(fold_spaces(email))
                and email[0] == "@"
            )
        }
        clients = {o for o, org in s.b.lookup("organisations", hits).items() if org.kind == OrgKind.client}
        if len(clients) == 1:  # (a private contact or a placeholder may share the domain)
            return clients.pop()
    return None


def _store_orgs_by_name(s: Session) -> dict[str, str]:
    if s.by_name is None:
        accounts = s.b.store.accounts() if s.b.store is not None else []
        s.by_name = {}
        for a in accounts:
            s.by_name.setdefault(company_key(a.name), a.id)
    return s.by_name
