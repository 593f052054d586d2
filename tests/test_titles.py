"""Seniority from job titles, English and Spanish (used by the CRM import when an export has none)."""

from __future__ import annotations

import pytest

from kamgraph.io.titles import seniority_from_title
from kamgraph.model import Seniority

CASES = {
    Seniority.executive: ["CEO", "Chief Executive Officer", "Group Chief Executive",
                          "Chief Digital & Information Officer", "Consejero Delegado", "Consejera Delegada",
                          "Managing Director", "Presidente Ejecutivo",
                          "Director General de Ibérica Financiera", "Directora Financiera (CFO)",
                          "Director de Sistemas de Información (CIO)", "Directora Financiera", "Co-founder",
                          "Managing Partner", "Partner, Healthcare Finance", "Country Manager"],
    Seniority.vp: ["VP Sales", "Vice President, Operations", "Senior Vice President", "Vicepresidente",
                   "Vicepresidenta Ejecutiva", "SVP Finance", "Subdirector General", "Deputy CEO"],
    Seniority.director: ["Director of Regulation", "Customer Services Director", "Finance Director, Regulated Business",
                         "Directora de Compras", "Director de Auditoría Interna", "Secretario General y del Consejo"],
    Seniority.head: ["Head of Asset Management", "Jefa de Zona Norte", "Jefe de Compras Alimentación",
                     "Responsable de Ciberseguridad", "Chief of Staff", "Subdirectora de Riesgos", "Chief Pharmacist",
                     "Financial Controller", "Tesorero", "Deputy Director of People"],
    Seniority.manager: ["Category Manager", "Regulatory Reporting Mgr", "Gerente de Cuentas", "Jefa de Proyecto SAP",
                        "Jefa de Producto Digital", "Director de Tienda (Málaga Centro)",
                        "Directora del Centro Logístico de Getafe", "Store Director", "Senior Manager, Retail"],
    Seniority.senior: ["Comprador Senior", "Sr. Data Engineer", "Principal Engineer", "Data Platform Lead",
                       "Team Leader", "Jefe de Turno", "Arquitecto de Soluciones", "Assistant Manager",
                       "Stores Supervisor"],
    Seniority.staff: ["Data Engineer", "Analista de Riesgos", "Técnica de Contabilidad", "Finance Business Partner",
                      "Management Accountant", "Assistant to the CEO", "Asistente de Dirección",
                      "Executive Assistant to the Chairman", "Secretaria de Dirección", "PA to the CFO",
                      "Account Executive", "Field Scheduler", "Becario"],
}


@pytest.mark.parametrize(("title", "expected"), [(t, s) for s, ts in CASES.items() for t in ts])
def test_seniority_from_title(title: str, expected: Seniority) -> None:
    assert seniority_from_title(title) == expected


@pytest.mark.parametrize("title", [None, "", "   "])
def test_no_title_no_seniority(title: str | None) -> None:
    assert seniority_from_title(title) is None
