"""Salesforce exports (Data Loader or report CSV): Contacts, Accounts, Opportunities and
OpportunityContactRoles → a kamgraph graph.

Records keep their 18-character Salesforce ids as kamgraph ids (15-character ids are
extended with their checksum), so a newer export updates the same records. One module per
export: :mod:`.accounts`, :mod:`.contacts`, :mod:`.deals` (opportunities and contact roles);
:mod:`.session` holds what they share while reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ....bulk import bulk
from ....store.base import Store
from ..builder import Builder, CrmImport, Progress
from ..columns import ColumnMap
from . import contacts as _contacts
from .accounts import read_accounts
from .deals import SALESFORCE_ROLES, read_contact_roles, read_opportunities
from .ids import sf_id18
from .session import NO_ACCOUNT_ORG, Session

__all__ = ["NO_ACCOUNT_ORG", "SALESFORCE_ROLES", "read_salesforce", "sf_id18"]


@bulk
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
    progress: Progress | None = None,
) -> CrmImport:
    """Read Salesforce exports into a graph and a list of issues (nothing is written).

    ``store`` (optional) is consulted for records the files refer to but do not hold
    (a manager, an account, an opportunity imported before) and for what a re-import must
    keep (stances, roles and notes added by hand). ``base`` makes file names in messages
    relative. ``progress`` is told how far the reading of each contacts file is.
    """
    b = Builder("salesforce", store, column_map or ColumnMap(), base, progress=progress)
    s = Session(b, bool(accounts), merge_duplicates)
    b.own_organisation(our_org)
    read_accounts(s, accounts)
    if contacts:
        _contacts.read_contacts(s, contacts)
        _contacts.place_contacts(s)
        _contacts.duplicate_emails(s)
        _contacts.managers(s)
        _contacts.people(s)
    read_opportunities(s, opportunities)
    if contact_roles:
        read_contact_roles(s, contact_roles)
    b.covers["people"] = {c.org for c in s.contacts.values()}
    return b.result()
