"""The CRM exports the CRM tests run on, with each one's own facts.

* ``samples``: the project's own sample exports in ``samples/crm/`` (written by
  ``samples/crm/make_crm.py``). Always there: the core suite needs nothing else.
* ``shared``: the real-world-shaped exports in ``../shared/data/crm/``, an extra check where that
  folder exists (a developer's machine, CI). In a clone without it those cases skip ("not CI");
  under ``CI=true`` a missing folder fails them, since CI always has it.

The facts are the ids, names and counts each corpus's README states (``expected_defects.csv``
gives the lines of every planted defect). The tests take them from here instead of hard-coding
one corpus.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kamgraph.model import Role
from tests.servers import IN_CI

__all__ = ["CORPORA", "Corpus", "defect_params"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Corpus:
    name: str
    root: Path
    uk: str  # the Data Loader contacts file, relative to root
    es: str  # the Excel (Spanish locale) re-save
    hubspot: str
    companies: Path
    facts: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.facts[key]

    @property
    def sf(self) -> Path:
        return self.root / "salesforce"

    def path(self, rel: str) -> Path:
        return self.root / rel

    @property
    def present(self) -> bool:
        return self.root.is_dir()

    def require(self) -> Corpus:
        """Skip (or, under CI, fail) when this corpus's folder is not here."""
        if not self.present:
            reason = f"{self.root} is not here (a clone without ../shared; not CI)"
            if IN_CI:
                pytest.fail(f"{self.root} is missing, and CI always has it", pytrace=False)
            pytest.skip(reason)
        return self

    def expected_defects(self) -> list[dict[str, str]]:
        with open(self.root / "expected_defects.csv", encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    def defect(self, code: str, n: int = 0) -> dict[str, str]:
        return [d for d in self.expected_defects() if d["code"] == code][n]

    def salesforce_args(self) -> list[str]:
        """``import-crm salesforce`` with every Salesforce file of the corpus."""
        sf = self.sf
        return [
            "import-crm",
            "salesforce",
            "--contacts",
            str(self.path(self.uk)),
            "--contacts",
            str(self.path(self.es)),
            "--accounts",
            str(sf / "Account.csv"),
            "--opportunities",
            str(sf / "Opportunity.csv"),
            "--contact-roles",
            str(sf / "OpportunityContactRole.csv"),
        ]


SAMPLES = Corpus(
    name="samples",
    root=ROOT / "samples" / "crm",
    uk="salesforce/Contact_ashgrove_dataloader.csv",
    es="salesforce/Contact_cantabrico_excel_es.csv",
    hubspot="hubspot/hubspot-crm-exports-all-contacts-2026-11-16.csv",
    companies=ROOT / "samples" / "crm" / "hubspot" / "hubspot-crm-exports-all-companies-2026-11-16.csv",
    facts={
        "uk_account": "0018d00002zhqn6AAA",
        "es_account": "0018d00002zhs2lAAA",
        "accounts": ["Ashgrove Insurance Group plc", "Grupo Alimentario Cantábrico S.A."],
        "uk_records": 59,
        "uk_imported": 57,
        "uk_distinct": 56,
        "es_rows": 58,
        "es_people": 57,
        "roles_imported": 34,
        "hubspot_rows": 24,
        "hubspot_new": 3,
        "distinct_people": 56 + 57 + 3,
        "won_opp": "0068d00001FVs2DAAT",
        "closed": ["Cantábrico - Renovación Licencias 2026"],
        # (contact, the manager its ReportsToId resolves to): a 15-char id, a leading space, a 15-char id
        "resolved": [
            ("0038d00002zyD3fAAE", "0038d00002zyIh3AAE"),
            ("0038d00002zyqW0AAI", "0038d00003006QqAAI"),
            ("0038d00002zymJKAAY", "0038d00002zzJh3AAE"),
        ],
        # reporting lines left out: dangling, self, the two of the cycle
        "left_out": ["0038d00002zz6zEAAQ", "0038d00002zy1AEAAY", "0038d00002zz3F1AAI", "0038d00002zyFjTAAU"],
        "names": {
            "0038d00002zyelDAAQ": "Oliver Tremayne \U0001f30a",
            "0038d00002zzqo8AAA": "Fairbairn",
            "0038d000030025fAAA": "javier.lamadrid@grupo-cantabrico.example",
            "0038d00002zzQBfAAM": "Maite",
        },
        "delimiter": ("0038d00002zzU6CAAU", "Responsable de Control de Gestión; Responsable de Reporting"),
        "uk_ceo": "0038d00002zyioMAAQ",
        "roots": ("0038d00002zz1CwAAI", "0038d00002zypxnAAA"),
        "es_ceo": "0038d00002zypxnAAA",  # Consejero Delegado
        "day_first": ("0038d00002zypxnAAA", "2026-10-08"),  # 08/10/2026
        "uk_owner": "0058d00001ZpSYdAAN",
        "uk_owner_name": "James Whitfield",
        "es_owner": "0058d00001ZpT3YAAV",
        "other_account": "0018d00002zhsW5AAI",
        "other_account_contact": "0038d00002zzU9BAAU",
        # a manager's new title (seniority manager → head), and a contact given a new manager
        "retitle": ("0038d00002zz3F1AAI", "Contact Centre Manager", "Head of Contact Centre"),
        "remanage": ("0038d00002zzV4NAAU", "0038d00002zxwOlAAI"),
        "hand_set": "0038d00002zzyffAAA",  # the CFO
        "duplicate": ("0038d00002zxxJrAAI", "0038d00002zzevuAAA", "0038d00003008YuAAI"),  # kept, its manager, merged
        "custom_role": "Procurement",
        "custom_seat": ("0068d00001FVm4HAAT", "0038d00002zyg57AAA"),
        # one deal's committee mirrored: (deal, another deal of the account, primary contact, a contact whose
        # role is removed, one whose Influencer becomes Evaluator)
        "mirror": (
            "0068d00001FVm4HAAT",
            "0068d00001FVmJWAA1",
            "0038d00002zzloXAAQ",
            "0038d00002zzV4NAAU",
            "0038d00002zySCRAA2",
        ),
        "primary_marker": "Bethan Rowlands *",
        "group_company": "31904417725",
        "hubspot_owners": {"Lucía Fernández Ortega", "James Whitfield"},
        "blocker": ("71200783546", "Director de Auditoría Interna"),
        "budget_holder": ("71200785861", "0038d00002zzslRAAQ"),  # HubSpot id, Salesforce id
        "name_match": (
            "0038d00002zyQR9AAM",
            "joseramon.lavin@grupo-cantabrico.example",
            "71200807424",
            [Role.decision_maker],
        ),
        "hubspot_only": "71200775793",
        "shown": "Marina Solórzano Pérez",
        "group_place": ("Food & Beverages", "Spain"),
        "group_domain": "grupo-cantabrico.example",
        "subsidiary": ("31904417761", "cantabrico-logistica.example"),
        "uk_company": ("31904418003", "ashgrove-insurance.example"),
        "prospect": "31904418090",
    },
)

SHARED = Corpus(
    name="shared",
    root=ROOT.parent / "shared" / "data" / "crm",
    uk="salesforce/Contact_brackenmoor_dataloader.csv",
    es="salesforce/Contact_iberica_excel_es.csv",
    hubspot="hubspot/hubspot-crm-exports-all-contacts-2025-05-07.csv",
    companies=ROOT / "tests" / "data" / "crm" / "hubspot-crm-exports-all-companies.csv",
    facts={
        "uk_account": "0015Q00030yGZ0vQAG",
        "es_account": "0015Q00030yGZbtQAG",
        "accounts": ["Brackenmoor Utilities plc", "Grupo Ibérica de Distribución S.A."],
        "uk_records": 58,
        "uk_imported": 56,
        "uk_distinct": 55,
        "es_rows": 60,
        "es_people": 59,
        "roles_imported": 36,
        "hubspot_rows": 24,
        "hubspot_new": 3,
        "distinct_people": 117,
        "won_opp": "0065Q000306pEjpQAE",
        "closed": ["Ibérica - Renovación Licencias 2025"],
        "resolved": [
            ("0035Q000305fpT4QAI", "0035Q000305d4scQAA"),
            ("0035Q000306KAqyQAG", "0035Q000306BQRMQA4"),
            ("0035Q000305zd6dQAA", "0035Q000305yBKsQAM"),
        ],
        "left_out": ["0035Q000305iMR5QAM", "0035Q000305koj1QAA", "0035Q000305XYH8QAO", "0035Q000305WjGMQA0"],
        "names": {
            "0035Q000305vafIQAQ": "George Okonkwo \U0001f4a7",
            "0035Q000305emhwQAA": "Murphy",
            "0035Q0003066409QAA": "victor.vidal@grupo-iberica.example",
            "0035Q000306RxVQQA0": "Uxía",
        },
        "delimiter": ("0035Q000305yXVRQA2", "Responsable de Tesorería; Responsable de Consolidación"),
        "uk_ceo": "0035Q000305ORpdQAG",
        "roots": ("0035Q000305wUX5QAM", "0035Q000306CPJ8QAO"),
        "es_ceo": "0035Q000305wUX5QAM",  # Consejera Delegada
        "day_first": ("0035Q000306PLaHQAW", "2024-10-05"),  # 05/10/2024
        "uk_owner": "0055Q00030RNP5VQAX",
        "uk_owner_name": "Tom Ashdown",
        "es_owner": "0055Q00030RNyIGQA1",
        "other_account": "0015Q00030yGeVhQAK",
        "other_account_contact": "0035Q000305oLBZQA2",
        "retitle": ("0035Q000305UvMrQAK", "IT Service Delivery Manager", "Head of IT"),
        "remanage": ("0035Q000305oJWOQA2", "0035Q000305TSe1QAG"),
        "hand_set": "0035Q000305xOEZQA2",
        "duplicate": ("0035Q000305dlzvQAA", "0035Q000305cubBQAQ", "0035Q000306W41sQAC"),
        "custom_role": "Approver",
        "custom_seat": ("0065Q000306q2mGQAQ", "0035Q000305Qv4dQAC"),
        "mirror": (
            "0065Q000306q2mGQAQ",
            "0065Q000306qJywQAE",
            "0035Q000305PD0KQAW",
            "0035Q000305nh20QAA",
            "0035Q000305m9VVQAY",
        ),
        "primary_marker": "Kirsty Begum *",
        "group_company": "27815340961",
        "hubspot_owners": {"Irene Castellví", "Tom Ashdown"},
        "blocker": ("93400001065", "Director de Auditoría Interna"),
        "budget_holder": ("93400001319", "0035Q0003069JunQAE"),
        "name_match": (
            "0035Q0003066zIEQAY",
            "lucia.navarro@grupo-iberica.example",
            "93400005702",
            [Role.decision_maker],
        ),
        "hubspot_only": "93400002120",
        "shown": "Nerea Serrano Garrido",
        "group_place": ("Retail", "Spain"),
        "group_domain": "grupo-iberica.example",
        "subsidiary": ("27815340977", "iberica-financiera.example"),
        "uk_company": ("27815341003", "brackenmoor-utilities.example"),
        "prospect": "27815341050",
    },
)

CORPORA = {c.name: c for c in (SAMPLES, SHARED)}


def corpus_params() -> list[Any]:
    return [pytest.param(name, id=name) for name in CORPORA]


def defect_params() -> list[Any]:
    """(corpus, defect) for every planted defect of every corpus; a corpus whose folder is not
    here gives one case, which skips (or fails under CI) when run."""
    out = []
    for c in CORPORA.values():
        if not c.present:
            out.append(pytest.param(c.name, None, id=f"{c.name}-absent"))
            continue
        for d in c.expected_defects():
            out.append(pytest.param(c.name, d, id=f"{c.name}-{d['code']}@{d['line'] or 'file'}"))
    return out
