"""The Salesforce Account export → organisations (their ``Type`` gives their kind: see :mod:`..kinds`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ....model import Organisation, OrgKind
from ..report import Level
from .ids import is_true
from .session import PLACEHOLDER_NOTE, Session, is_placeholder, require

__all__ = ["ACCOUNT_COLUMNS", "read_accounts"]

ACCOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Id", "Account ID", "Account-ID", "ID de la cuenta", "ID de cuenta", "ID du compte"),
    "deleted": ("IsDeleted",),
    "name": ("Name", "Account Name", "Accountname", "Nombre de la cuenta", "Nom du compte"),
    "industry": ("Industry", "Branche", "Sector", "Secteur d'activité"),
    "country": ("BillingCountry", "Billing Country", "Rechnungsland", "País de facturación", "Pays de facturation"),
    "currency": ("CurrencyIsoCode", "Account Currency"),
    "kind": ("Type", "Account Type", "Account.Type", "Typ", "Accounttyp", "Tipo", "Tipo de cuenta", "Type de compte"),
}


def read_accounts(s: Session, paths: Sequence[Path]) -> None:
    found: dict[str, tuple[Organisation, str, bool]] = {}
    for path in paths:
        table, cols = s.b.read(path, "accounts", ACCOUNT_COLUMNS)
        fname = s.b.name(path)
        require(cols, fname, "id", "name")
        for row in table.rows:
            aid = s.id(cols.raw(row, "id"), fname, row.line, None, cols.label("id"))
            if aid is None:
                if not cols.get(row, "id"):
                    s.b.note(
                        Level.error, "MISSING_ID", fname, [row.line], None, cols.label("id"), "no Id", "row skipped"
                    )
                continue
            if is_true(cols.get(row, "deleted")):
                s.b.note(
                    Level.info,
                    "DELETED_ROW",
                    fname,
                    [row.line],
                    aid,
                    cols.label("deleted"),
                    "deleted account (in the recycle bin)",
                    "skipped",
                )
                continue
            if aid in found:
                s.b.note(
                    Level.warning,
                    "DUPLICATE_ID",
                    fname,
                    [int(found[aid][1].rsplit(":", 1)[1]), row.line],
                    aid,
                    cols.label("id"),
                    "the same account twice",
                    "the first is imported",
                )
                continue
            kind = s.b.kind(fname, row, cols, aid)
            org = Organisation(
                id=aid,
                name=cols.get(row, "name") or aid,
                kind=kind or OrgKind.client,
                industry=cols.get(row, "industry") or None,
                country=cols.get(row, "country") or None,
                currency=cols.get(row, "currency") or None,
                ids={"salesforce": aid},
            )
            found[aid] = (org, f"{fname}:{row.line}", kind is not None)
        s.b.files[-1].imported = len(found)
    existing = s.b.lookup("organisations", found)
    for aid, (org, where, kind_given) in found.items():
        old = existing.get(aid)
        if old is not None and is_placeholder(old):  # now exported: named, its Type's kind, without the note
            notes = [n for n in old.notes if n.text != PLACEHOLDER_NOTE.format(aid)]
            old = old.model_copy(update={"kind": org.kind, "notes": notes})
        s.b.organisation(org, where, old, kind_given)
