"""What the HubSpot readers share while reading one set of exports: the builder, the
companies read so far, the organisations they resolved to, the people matched."""

from __future__ import annotations

import re

from ....model import OrgKind, Person
from ..builder import Builder
from ..columns import Columns
from ..csvsniff import CsvRow
from ..report import Level

__all__ = ["HS_ID", "Session"]

#: what a HubSpot record id can be (they are numbers; letters, '-' and '_' are let through)
HS_ID = re.compile(r"^[0-9A-Za-z_\-]*$")


class Session:
    """One read of HubSpot exports: the builder, and what the companies and contacts
    readers learn on the way."""

    def __init__(self, b: Builder):
        self.b = b
        self.companies: dict[str, tuple[str, dict[str, str | None], str]] = {}  # HubSpot id → (name, fields, where)
        self.orgs: dict[str, str] = {}  # HubSpot company id (or name key) → org id
        self.org_people: dict[str, list[Person]] = {}
        self.claimed: dict[str, int] = {}  # person id → line that matched it
        self.matched = {"HubSpot id": 0, "e-mail": 0, "name": 0}
        self.created = 0
        self.by_name: dict[str, str] | None = None  # the store's accounts by folded name, read once
        self.emails: dict[str, list[str]] = {}  # company key → its contacts' e-mails
        self.company_file: dict[str, str] = {}  # HubSpot company id → file it was read from
        self.kinds: dict[str, OrgKind] = {}  # HubSpot company id → the kind its Type gives

    def hs_id(
        self, fname: str, row: CsvRow, cols: Columns, name: str, record: str | None, action: str = "row skipped"
    ) -> str | None:
        """The HubSpot id in column ``name`` ('' when empty); ``None``, and an error, when it
        cannot be one (a space inside, or a number Excel rewrote, such as ``1.23457E+11``)."""
        value = cols.get(row, name)
        if not value or HS_ID.match(value):
            return value
        self.b.note(
            Level.error, "BAD_ID", fname, [row.line], record, cols.label(name), f"{value!r} is not a HubSpot id", action
        )
        return None
