"""HubSpot exports: the contacts export (column labels as HubSpot writes them) and,
optionally, the companies export → a kamgraph graph.

HubSpot knows nothing of Salesforce ids, so a contact is matched to a person already in the
store (typically imported from Salesforce) by HubSpot id, then by e-mail (case ignored),
then by name within the same organisation; a company to an organisation by HubSpot id, then
by name. Matched records gain the HubSpot id and fill in what they lack; the others are
created with ids ``hubspot-<Record ID>`` and ``hubspot-company-<Record ID>``.

One module per export: :mod:`.companies` and :mod:`.contacts`; :mod:`.session` holds what
they share while reading (the Salesforce reader's layout).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ....bulk import bulk
from ....store.base import Store
from ..builder import Builder, CrmImport, Progress
from ..columns import ColumnMap
from .companies import all_companies, read_companies
from .contacts import HUBSPOT_ROLES, read_contacts
from .session import Session

__all__ = ["HUBSPOT_ROLES", "read_hubspot"]


@bulk
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
    s = Session(b)
    b.own_organisation(our_org)
    read_companies(s, companies)
    read_contacts(s, contacts)
    all_companies(s)
    b.covers["people"] = {p.org for p in b.people.values() if p.org != b.our_org}
    return b.result()
