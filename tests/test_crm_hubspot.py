"""HubSpot import: people matched to Salesforce records by e-mail, then by name + company."""

from __future__ import annotations

from pathlib import Path

from conftest import SHARED

from kamgraph.io.crm import import_crm, read_hubspot, read_salesforce
from kamgraph.model import Role
from kamgraph.store import Store

CRM = SHARED / "data" / "crm"
HUBSPOT = CRM / "hubspot" / "hubspot-crm-exports-all-contacts-2025-05-07.csv"
IBERICA = CRM / "salesforce" / "Contact_iberica_excel_es.csv"


def test_hubspot_alone_creates_company_and_people(store: Store) -> None:
    crm = read_hubspot([HUBSPOT], store=store, base=CRM)
    assert not crm.errors
    assert crm.files[0].records == 24
    org = crm.graph.organisation("hubspot-company-27815340961")
    assert org is not None and org.name == "Grupo Ibérica de Distribución S.A."
    assert org.ids == {"hubspot": "27815340961"}
    saez = crm.graph.person("hubspot-93400001065")
    assert saez is not None and saez.roles == [Role.blocker] and saez.title == "Director de Auditoría Interna"
    owners = {p.name for p in crm.graph.people if p.org == "our-company"}
    assert owners == {"Irene Castellví", "Tom Ashdown"}
    report = import_crm(store, crm)
    assert report.result is not None and report.result.counts["people"].added == 26
    again = import_crm(store, read_hubspot([HUBSPOT], store=store))
    assert again.result is not None and not again.result.changed


def test_hubspot_after_salesforce_matches_by_email_then_name(store: Store) -> None:
    import_crm(store, read_salesforce([IBERICA], store=store), skip_bad_rows=True)
    crm = read_hubspot([HUBSPOT], store=store, base=CRM)
    codes = [i.code for i in crm.issues]
    assert codes.count("NEW_PERSON") == 3 and codes.count("MATCHED_BY_NAME") == 1
    matched = next(i for i in crm.issues if i.code == "MATCHED")
    assert "20 by e-mail, 1 by name), 3 new" in matched.message
    report = import_crm(store, crm)
    assert report.result is not None
    assert report.result.counts["people"].updated == 21
    lucia = store.person("0035Q0003066zIEQAY")  # no e-mail in Salesforce; HubSpot fills it in
    assert lucia.email == "lucia.navarro@grupo-iberica.example" and lucia.ids["hubspot"] == "93400005702"
    assert lucia.roles == [Role.decision_maker]
    assert store.person("0035Q0003069JunQAE").roles == [Role.economic_buyer]  # Budget Holder
    assert store.person("hubspot-93400002120").org == "0015Q00030yGZbtQAG"  # new, in the Salesforce account
    org = store.get("organisations", ["0015Q00030yGZbtQAG"])["0015Q00030yGZbtQAG"]
    assert org.ids == {"salesforce": "0015Q00030yGZbtQAG", "hubspot": "27815340961"}  # type: ignore[attr-defined]
    # and a Salesforce re-import keeps what HubSpot added
    again = import_crm(store, read_salesforce([IBERICA], store=store), skip_bad_rows=True)
    assert again.result is not None and not again.result.changed
    assert store.person("0035Q0003066zIEQAY").email == "lucia.navarro@grupo-iberica.example"


def test_hubspot_dirty_rows(store: Store, tmp_path: Path) -> None:
    p = tmp_path / "contacts.csv"
    p.write_bytes(("Record ID;First Name;Last Name;Email;Associated Company;Buying Role;Last Activity Date\r\n"
                   "1;Ana;Ruiz;ana@x.example;Acme;Champion;Budget Holder;02/01/2025 10:00\r\n"
                   "2;;;;Acme;Gatekeeper;\r\n"
                   "3;Ana;Ruiz;ANA@x.example ;Acme;;\r\n"
                   "3;Ana;Ruiz;ana@x.example;Acme;;\r\n"
                   "4;Bo;Li;;;;\r\n").encode("cp1252"))
    crm = read_hubspot([p], store=store)
    by = {(i.code, i.line) for i in crm.issues}
    assert {("LONG_ROW", 2), ("MISSING_BOTH_NAMES", 3), ("ROLE_UNMAPPED", 3), ("DUPLICATE_EMAIL", 2),
            ("DUPLICATE_ID", 4), ("NO_ACCOUNT_ID", 6)} <= by


def test_buying_roles_mirror_hubspot_and_hand_roles_stay(store: Store, tmp_path: Path) -> None:
    from kamgraph.model import Graph

    import_crm(store, read_salesforce([IBERICA], store=store), skip_bad_rows=True)
    import_crm(store, read_hubspot([HUBSPOT], store=store))
    noelia = next(p for p in store.dump().people if p.ids.get("hubspot") == "93400001319")
    assert noelia.roles == [Role.economic_buyer]  # Budget Holder
    store.import_graph(Graph(people=[noelia.model_copy(update={"roles": [Role.economic_buyer, Role.coach]})]))
    # HubSpot now says Champion for her, and nothing for Jordi Sáez (was Blocker)
    text = HUBSPOT.read_text(encoding="utf-8")
    text = text.replace('"Directora de Riesgos","Lead","Budget Holder"', '"Directora de Riesgos","Lead","Champion"')
    text = text.replace('"Director de Auditoría Interna","Marketing Qualified Lead","Blocker"',
                        '"Director de Auditoría Interna","Marketing Qualified Lead",""')
    newer = tmp_path / "contacts.csv"
    newer.write_text(text, encoding="utf-8")
    report = import_crm(store, read_hubspot([newer], store=store))
    assert report.result is not None and report.result.counts["people"].updated == 2
    assert store.person(noelia.id).roles == [Role.champion, Role.coach]  # replaced; the hand-set coach stays
    saez = next(p for p in store.dump().people if p.ids.get("hubspot") == "93400001065")
    assert saez.roles == [] and "hubspot_roles" not in saez.ids
    again = import_crm(store, read_hubspot([newer], store=store))
    assert again.result is not None and not again.result.changed


COMPANIES = Path(__file__).parent / "data" / "crm" / "hubspot-crm-exports-all-companies.csv"


def test_companies_export_alone_and_with_contacts(store: Store) -> None:
    crm = read_hubspot([HUBSPOT], [COMPANIES], store=store)
    assert not crm.errors
    summary = next(f for f in crm.files if f.kind == "companies")
    assert (summary.records, summary.imported) == (4, 4)
    assert {"Annual Revenue", "Number of Employees", "Parent Company"} <= set(summary.unused_columns)
    iberica = crm.graph.organisation("hubspot-company-27815340961")
    assert iberica is not None and (iberica.industry, iberica.country) == ("Retail", "Spain")
    assert iberica.ids == {"hubspot": "27815340961", "domain": "grupo-iberica.example"}
    financiera = crm.graph.organisation("hubspot-company-27815340977")  # no contacts: imported all the same
    assert financiera is not None and financiera.ids["domain"] == "iberica-financiera.example"
    import_crm(store, crm)
    assert len(store.accounts()) == 4
    again = import_crm(store, read_hubspot([HUBSPOT], [COMPANIES], store=store))
    assert again.result is not None and not again.result.changed


def test_companies_match_salesforce_accounts_by_name_or_domain(store: Store) -> None:
    sf = CRM / "salesforce"
    import_crm(store, read_salesforce([sf / "Contact_brackenmoor_dataloader.csv", IBERICA], [sf / "Account.csv"],
                                      store=store), skip_bad_rows=True)
    crm = read_hubspot([HUBSPOT], [COMPANIES], store=store)
    import_crm(store, crm)
    orgs = {o.id: o for o in store.dump().organisations}
    assert orgs["0015Q00030yGZbtQAG"].ids["hubspot"] == "27815340961"  # by name
    # "Brackenmoor Utilities" is "Brackenmoor Utilities plc" in Salesforce: found by its people's e-mail domain
    assert orgs["0015Q00030yGZ0vQAG"].ids == {"salesforce": "0015Q00030yGZ0vQAG", "hubspot": "27815341003",
                                               "domain": "brackenmoor-utilities.example"}
    assert orgs["0015Q00030yGZ0vQAG"].name == "Brackenmoor Utilities plc"  # Salesforce's name kept
    assert "hubspot-company-27815341050" in orgs and "hubspot-company-27815341003" not in orgs
    # Ibérica Financiera's staff are in the account of Grupo Ibérica: its company merges into it, said so
    merged = [i for i in crm.issues if i.code == "COMPANY_MERGED"]
    assert [(i.record, i.line) for i in merged] == [("27815340977", 3)]
    assert orgs["0015Q00030yGZbtQAG"].ids["domain"] == "grupo-iberica.example"
