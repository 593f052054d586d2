"""The Salesforce Opportunity and OpportunityContactRole exports → opportunities and their
buying committees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from ....model import Membership, Opportunity, Organisation, OrgKind, Role
from ....text import fold_spaces
from ..merge import crm_note
from ..report import Level
from ..values import parse_amount
from .ids import is_true
from .session import Session, require

__all__ = ["OPPORTUNITY_COLUMNS", "ROLE_COLUMNS", "SALESFORCE_ROLES", "read_contact_roles", "read_opportunities"]

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
    "role": ("Role", "Contact Role", "Contact Role: Role", "Rolle", "Función"),
    "primary": ("IsPrimary", "Primary", "Is Primary", "Primary Contact"),
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


def read_opportunities(s: Session, paths: Sequence[Path]) -> None:
    b = s.b
    rows: list[tuple[Opportunity, str]] = []
    for path in paths:
        table, cols = b.read(path, "opportunities", OPPORTUNITY_COLUMNS)
        fname = b.name(path)
        require(cols, fname, "id", "account")
        order = b.dates(fname, table, cols, "close_date") if "close_date" in cols else "dmy"
        for row in table.rows:
            oid = s.id(cols.raw(row, "id"), fname, row.line, None, cols.label("id"))
            if oid is None:
                continue
            if is_true(cols.get(row, "deleted")):
                b.note(
                    Level.info,
                    "DELETED_ROW",
                    fname,
                    [row.line],
                    oid,
                    cols.label("deleted"),
                    "deleted opportunity",
                    "skipped",
                )
                continue
            aid = s.id(cols.raw(row, "account"), fname, row.line, oid, cols.label("account"))
            if aid is None:
                b.note(
                    Level.error,
                    "NO_ACCOUNT_ID",
                    fname,
                    [row.line],
                    oid,
                    cols.label("account"),
                    "opportunity without an account",
                    "row skipped",
                )
                continue
            account = s.account(aid, fname, row.line, oid, cols.label("account"), client=True)
            b.covers.setdefault("opportunities", set()).add(account)
            amount = None
            try:
                amount = parse_amount(cols.get(row, "amount"))
            except ValueError:
                b.note(
                    Level.warning,
                    "BAD_AMOUNT",
                    fname,
                    [row.line],
                    oid,
                    cols.label("amount"),
                    f"not an amount: {cols.get(row, 'amount')!r}",
                    "left empty",
                )
            if amount is not None and amount < 0:
                b.note(
                    Level.warning,
                    "BAD_AMOUNT",
                    fname,
                    [row.line],
                    oid,
                    cols.label("amount"),
                    f"negative amount {amount}",
                    "left empty",
                )
                amount = None
            stage = cols.get(row, "stage")
            closed = is_true(cols.get(row, "closed")) if "closed" in cols else stage.casefold().startswith("closed")
            opp = Opportunity(
                id=oid,
                account=account,
                name=cols.get(row, "name") or oid,
                stage=stage or None,
                amount=amount,
                currency=cols.get(row, "currency") or None,
                close_date=b.date(fname, row, cols, "close_date", order, oid),
                is_open=not closed,
                ids={"salesforce": oid},
            )
            rows.append((opp, f"{fname}:{row.line}"))
        b.files[-1].imported = len(rows)
    for opp, where in rows:
        b.add("opportunities", opp, where)


def read_contact_roles(s: Session, paths: Sequence[Path]) -> None:
    """Contact roles → committee seats (``source: salesforce``). The seats Salesforce gives an
    opportunity replace those it gave before, for every opportunity in these files and every
    one of the opportunities file read with them (one that lost all its roles is in no
    contact-roles row); seats set by hand stay (see :func:`~kamgraph.io.crm.merge.merge_opportunity`)."""
    b = s.b
    committees: dict[str, dict[str, set[Role]]] = {oid: {} for oid in b.opportunities}
    primary: set[tuple[str, str]] = set()
    for path in paths:
        table, cols = b.read(path, "contact-roles", ROLE_COLUMNS)
        fname = b.name(path)
        require(cols, fname, "opportunity", "contact")
        rows = []
        for row in table.rows:
            rid = cols.get(row, "id") or f"line {row.line}"
            if is_true(cols.get(row, "deleted")):
                b.note(
                    Level.info,
                    "DELETED_ROW",
                    fname,
                    [row.line],
                    rid,
                    cols.label("deleted"),
                    "deleted contact role",
                    "skipped",
                )
                continue
            oid = s.id(cols.raw(row, "opportunity"), fname, row.line, rid, cols.label("opportunity"))
            cid = s.id(cols.raw(row, "contact"), fname, row.line, rid, cols.label("contact"))
            if oid and cid:
                rows.append((row, rid, oid, s.alias.get(cid, cid)))
        store_opps = b.lookup("opportunities", {o for _, _, o, _ in rows} - set(b.opportunities))
        store_people = b.lookup("people", {c for _, _, _, c in rows} - set(b.people))
        seen: dict[tuple[str, str, str], tuple[int, str]] = {}
        orgs: dict[str, Organisation | None] = {}
        primaries: dict[str, list[int]] = defaultdict(list)
        used = 0
        for row, rid, oid, cid in rows:
            opp = b.opportunities.get(oid) or store_opps.get(oid)
            if opp is None:
                b.note(
                    Level.error,
                    "OCR_OPPORTUNITY_NOT_FOUND",
                    fname,
                    [row.line],
                    rid,
                    cols.label("opportunity"),
                    f"opportunity {oid} is not in the opportunities file nor in the store",
                    "role skipped",
                )
                continue
            if cid in s.deleted:
                b.note(
                    Level.warning,
                    "OCR_ON_DELETED_CONTACT",
                    fname,
                    [row.line],
                    rid,
                    cols.label("contact"),
                    f"contact {cid} is deleted ({s.deleted[cid]})",
                    "role skipped with the contact",
                )
                continue
            person = b.people.get(cid) or store_people.get(cid)
            if person is None:
                b.note(
                    Level.error,
                    "OCR_CONTACT_NOT_FOUND",
                    fname,
                    [row.line],
                    rid,
                    cols.label("contact"),
                    f"contact {cid} is not in any contact file nor in the store",
                    "role skipped",
                )
                continue
            raw = " ".join(cols.get(row, "role").split())
            key = (oid, cid, fold_spaces(raw))
            if key in seen:
                line, other = seen[key]
                b.note(
                    Level.warning,
                    "DUPLICATE_OCR",
                    fname,
                    [line, row.line],
                    f"{other} & {rid}",
                    cols.label("role"),
                    f"contact {cid} holds role {raw or '(none)'!r} on {oid} twice",
                    "imported once",
                )
                continue
            seen[key] = (row.line, rid)
            if is_true(cols.get(row, "primary")):
                primaries[oid].append(row.line)
                primary.add((oid, cid))
            if person.org != opp.account:
                org = orgs.get(person.org) or b.organisations.get(person.org)
                if org is None:
                    org = orgs[person.org] = b.lookup("organisations", [person.org]).get(person.org)
                if org is not None and org.kind != OrgKind.third_party:
                    whose = "our own company" if org.kind == OrgKind.own else "another client account"
                    b.note(
                        Level.error,
                        "OCR_OTHER_ACCOUNT",
                        fname,
                        [row.line],
                        rid,
                        cols.label("contact"),
                        f"contact {cid} belongs to {person.org} ({whose}), the opportunity to {opp.account}: "
                        "a committee holds the account's people (or a third party's)",
                        "role skipped",
                    )
                    continue
                b.note(
                    Level.warning,
                    "OCR_OTHER_ACCOUNT",
                    fname,
                    [row.line],
                    rid,
                    cols.label("contact"),
                    f"contact {cid} belongs to {person.org}, the opportunity to {opp.account}",
                )
            b.origin.setdefault(("seat", (oid, cid)), f"{fname}:{row.line}")
            roles = committees.setdefault(oid, {}).setdefault(cid, set())
            roles |= _roles(s, fname, row.line, rid, cols.label("role"), raw, oid, cid)
            used += 1
        for oid, lines in primaries.items():
            if len(lines) > 1:
                b.note(
                    Level.warning,
                    "TWO_PRIMARY_CONTACTS",
                    fname,
                    lines,
                    oid,
                    cols.label("primary"),
                    f"{len(lines)} primary contacts on one opportunity (Salesforce keeps one)",
                    "all kept",
                )
        for oid in committees:
            if oid not in b.opportunities:
                b.add("opportunities", store_opps[oid], f"{fname}")
        b.files[-1].imported = used
    for oid, members in committees.items():
        committee = [
            Membership(
                person=p, roles=sorted(r, key=list(Role).index), primary=(oid, p) in primary, source="salesforce"
            )
            for p, r in members.items()
        ]
        b.opportunities[oid] = b.opportunities[oid].model_copy(update={"committee": committee})
        b.committee_from_crm.add(oid)


def _roles(s: Session, fname: str, line: int, rid: str, fld: str, raw: str, oid: str, cid: str) -> set[Role]:
    b = s.b
    if not raw:
        b.note(
            Level.info,
            "ROLE_EMPTY",
            fname,
            [line],
            rid,
            fld,
            "contact role without a role",
            "on the committee with no role",
        )
        return set()
    custom = {fold_spaces(k): v for k, v in b.column_map.roles.items()}
    if fold_spaces(raw) in custom:
        role = custom[fold_spaces(raw)]
        return {role} if role else set()
    if fold_spaces(raw) in SALESFORCE_ROLES:
        return set(SALESFORCE_ROLES[fold_spaces(raw)])
    b.note(
        Level.error,
        "ROLE_UNMAPPED",
        fname,
        [line],
        rid,
        fld,
        f"role {raw!r} is not in Salesforce's default picklist and not in the --map file's roles",
        "on the committee with no role; the value is kept in a note on the opportunity",
    )
    opp = b.opportunities.get(oid)
    if opp is not None:
        text = f"Salesforce contact role {raw!r} of {cid} is not mapped to a kamgraph role"
        if text not in {n.text for n in opp.notes}:
            b.opportunities[oid] = opp.model_copy(update={"notes": [*opp.notes, crm_note(text)]})
    return set()
