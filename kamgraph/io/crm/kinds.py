"""An account's type in the CRM (Salesforce ``Account.Type``, HubSpot's company ``Type``)
→ the organisation's kind: customers and prospects are clients; partners, resellers,
competitors, vendors and the like are third parties, which are not listed as clients."""

from __future__ import annotations

from collections.abc import Mapping

from ...model import OrgKind
from ...text import fold_spaces

__all__ = ["org_kind"]

_CLIENT = ("customer", "client", "prospect", "kunde", "interessent", "prospecto", "potencial")
_THIRD_PARTY = (
    "partner",
    "resell",
    "distribut",
    "vendor",
    "supplier",
    "integrator",
    "competitor",
    "competition",
    "consultan",
    "agency",
    "analyst",
    "investor",
    "press",
    "media",
    "proveedor",
    "socio",
    "competidor",
    "distribuidor",
    "revendedor",
    "integrador",
    "wettbewerb",
    "lieferant",
    "handler",
    "händler",
    "concurrent",
    "fournisseur",
    "revendeur",
    "partenaire",
    "wiederverkauf",
    "distributeur",
)
_NEUTRAL = ("other", "otro", "otros", "sonstige", "andere", "autre", "none", "n/a", "-")


def org_kind(value: str, custom: Mapping[str, OrgKind | None] | None = None) -> tuple[OrgKind | None, bool]:
    """The kind a type value names, and whether the value was understood. An empty value,
    or one that names no kind ("Other"), gives ``None`` (the kind stays what it was, or
    client); ``custom`` (a ``--map`` file's ``account_types``) is looked up first.

    >>> [org_kind(v)[0] for v in ["Customer - Direct", "Channel Partner / Reseller", "Competitor", "Other"]]
    [<OrgKind.client: 'client'>, <OrgKind.third_party: 'third_party'>, <OrgKind.third_party: 'third_party'>, None]
    >>> org_kind("Analyst Relations Target"), org_kind("Strategic")
    ((<OrgKind.third_party: 'third_party'>, True), (None, False))
    """
    v = fold_spaces(value)
    if not v:
        return None, True
    for k, kind in (custom or {}).items():
        if fold_spaces(k) == v:
            return kind, True
    if any(w in v for w in _CLIENT):
        return OrgKind.client, True
    if any(w in v for w in _THIRD_PARTY):
        return OrgKind.third_party, True
    if v in _NEUTRAL:
        return None, True
    return None, False
