"""Seniority from job titles, English and Spanish (used by the CRM import when an export has none)."""

from __future__ import annotations

import pytest

from kamgraph.io.titles import seniority_from_title
from kamgraph.model import Seniority

CASES = {
    Seniority.executive: [
        "CEO",
        "Chief Executive Officer",
        "Group Chief Executive",
        "Chief Digital & Information Officer",
        "Consejero Delegado",
        "Consejera Delegada",
        "Managing Director",
        "Presidente Ejecutivo",
        "Director General de Ibérica Financiera",
        "Directora Financiera (CFO)",
        "Director de Sistemas de Información (CIO)",
        "Directora Financiera",
        "Co-founder",
        "Managing Partner",
        "Partner, Healthcare Finance",
        "Country Manager",
    ],
    Seniority.vp: [
        "VP Sales",
        "Vice President, Operations",
        "Senior Vice President",
        "Vicepresidente",
        "Vicepresidenta Ejecutiva",
        "SVP Finance",
        "Subdirector General",
        "Deputy CEO",
    ],
    Seniority.director: [
        "Director of Regulation",
        "Customer Services Director",
        "Finance Director, Regulated Business",
        "Directora de Compras",
        "Director de Auditoría Interna",
        "Secretario General y del Consejo",
    ],
    Seniority.head: [
        "Head of Asset Management",
        "Jefa de Zona Norte",
        "Jefe de Compras Alimentación",
        "Responsable de Ciberseguridad",
        "Chief of Staff",
        "Subdirectora de Riesgos",
        "Chief Pharmacist",
        "Financial Controller",
        "Tesorero",
        "Deputy Director of People",
    ],
    Seniority.manager: [
        "Category Manager",
        "Regulatory Reporting Mgr",
        "Gerente de Cuentas",
        "Jefa de Proyecto SAP",
        "Jefa de Producto Digital",
        "Director de Tienda (Málaga Centro)",
        "Directora del Centro Logístico de Getafe",
        "Store Director",
        "Senior Manager, Retail",
    ],
    Seniority.senior: [
        "Comprador Senior",
        "Sr. Data Engineer",
        "Principal Engineer",
        "Data Platform Lead",
        "Team Leader",
        "Jefe de Turno",
        "Arquitecto de Soluciones",
        "Assistant Manager",
        "Stores Supervisor",
    ],
    Seniority.staff: [
        "Data Engineer",
        "Analista de Riesgos",
        "Técnica de Contabilidad",
        "Finance Business Partner",
        "Management Accountant",
        "Assistant to the CEO",
        "Asistente de Dirección",
        "Executive Assistant to the Chairman",
        "Secretaria de Dirección",
        "PA to the CFO",
        "Account Executive",
        "Field Scheduler",
        "Becario",
    ],
}


@pytest.mark.parametrize(("title", "expected"), [(t, s) for s, ts in CASES.items() for t in ts])
def test_seniority_from_title(title: str, expected: Seniority) -> None:
    assert seniority_from_title(title) == expected


@pytest.mark.parametrize("title", [None, "", "   "])
def test_no_title_no_seniority(title: str | None) -> None:
    assert seniority_from_title(title) is None


#: Titles as they come in exports and public executive lists (an energy company's, a Spanish
#: retailer's, a bank's), abbreviations and precedence included, with the level a KAM would give.
REAL_TITLES = [
    ("Mng Dir Trading & Supply", Seniority.executive),
    ("Mng Director, Retail Energy", Seniority.executive),
    ("Mng. Dir. Networks", Seniority.executive),
    ("Managing Dir. Renewables", Seniority.executive),
    ("MANAGING DIRECTOR – UK GENERATION", Seniority.executive),
    ("VP & Chief of Staff", Seniority.vp),
    ("Vice President & Chief of Staff to the CEO", Seniority.vp),
    ("Chief of Staff to the CEO", Seniority.head),
    ("Director, Office of the CEO", Seniority.director),
    ("Head of the Chairman's Office", Seniority.head),
    ("Group Chief Financial Officer", Seniority.executive),
    ("Chief Operating Officer, Wholesale", Seniority.executive),
    ("Exec. Dir. Customers", Seniority.executive),
    ("Gen. Mgr. Iberia", Seniority.executive),
    ("SVP, Asset Optimisation", Seniority.vp),
    ("Sr. VP Corporate Development", Seniority.vp),
    ("EVP & General Counsel", Seniority.vp),
    ("General Counsel", Seniority.head),
    ("V.P. Procurement", Seniority.vp),
    ("Dir. Regulatory Affairs", Seniority.director),
    ("Director of Energy Trading", Seniority.director),
    ("Assoc. Director, Origination", Seniority.director),
    ("Hd of Gas Trading", Seniority.head),
    ("Head of Power Origination EMEA", Seniority.head),
    ("Deputy Head of Treasury", Seniority.manager),
    ("Sr Mgr Hedging", Seniority.manager),
    ("Asst. Mgr Control Room", Seniority.senior),
    ("Snr Trader", Seniority.senior),
    ("Lead Analyst, Market Risk", Seniority.senior),
    ("Product Owner, Billing", Seniority.staff),
    ("Owner & Managing Partner", Seniority.executive),
    ("Partner Manager", Seniority.manager),
    ("Channel Partner Account Executive", Seniority.staff),
    ("Partner – Energy Transactions", Seniority.executive),
    ("Executive Assistant to the Mng Dir", Seniority.staff),
    ("Trader", Seniority.staff),
    # Spanish
    ("Dtor. Gral. de Operaciones", Seniority.executive),
    ("Directora General Adjunta", Seniority.vp),
    ("Consejero Delegado y Presidente", Seniority.executive),
    ("Vicepresidenta de Estrategia", Seniority.vp),
    ("Director de Trading de Gas", Seniority.director),
    ("Subdirector de Compras", Seniority.head),
    ("Jefa de Gabinete de Presidencia", Seniority.head),
    ("Resp. de Mercados Mayoristas", Seniority.head),
    ("Gte. de Cuentas Clave", Seniority.manager),
    ("Jefe de Turno Sala de Control", Seniority.senior),
    ("Técnico Senior de Regulación", Seniority.senior),
    ("Asistente de Dirección General", Seniority.staff),
    ("Analista de Mercados", Seniority.staff),
]


def test_real_titles_list_is_long_enough() -> None:
    assert len(REAL_TITLES) >= 40
    assert len({t for t, _ in REAL_TITLES}) == len(REAL_TITLES)


@pytest.mark.parametrize(("title", "expected"), REAL_TITLES)
def test_real_titles(title: str, expected: Seniority) -> None:
    assert seniority_from_title(title) == expected
