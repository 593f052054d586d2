"""Salesforce import through the library: every planted defect of the shared export is
reported at its line, the import is all or nothing, re-imports update and add nothing."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from conftest import SHARED

from kamgraph.io.crm import ColumnMap, CrmImport, Level, import_crm, read_hubspot, read_salesforce
from kamgraph.model import OrgKind, Role, Seniority
from kamgraph.store import Store

CRM = SHARED / "data" / "crm"
SF = CRM / "salesforce"
HUBSPOT = CRM / "hubspot" / "hubspot-crm-exports-all-contacts-2025-05-07.csv"
BRACKENMOOR = SF / "Contact_brackenmoor_dataloader.csv"
IBERICA = SF / "Contact_iberica_excel_es.csv"
#: ``Fecha_Ultimo_Contacto__c`` is the Spanish org's custom "last meeting" date
SPANISH_MAP = ColumnMap(columns={"Fecha_Ultimo_Contacto__c": "last_contact"})

#: expected_defects.csv's codes → ours (codes that name no issue are checked on the data)
OUR_CODE = {
    "DANGLING_REPORTS_TO": "DANGLING_REPORTS_TO",
    "REPORTING_CYCLE_2": "REPORTING_CYCLE",
    "SELF_REPORTS_TO": "SELF_REPORTS_TO",
    "DUPLICATE_EMAIL_SAME_PERSON": "DUPLICATE_EMAIL",
    "MISSING_FIRST_NAME": "MISSING_FIRST_NAME",
    "REPORTS_TO_15_CHAR_ID": "ID_15_CHAR",
    "IS_DELETED_TRUE": "DELETED_ROW",
    "NO_ACCOUNT_ID": "NO_ACCOUNT_ID",
    "ACCOUNT_ID_NOT_FOUND": "ACCOUNT_ID_NOT_FOUND",
    "MISSING_LAST_NAME": "MISSING_LAST_NAME",
    "MISSING_BOTH_NAMES": "MISSING_BOTH_NAMES",
    "WHITESPACE_IN_ID": "WHITESPACE_IN_ID",
    "DUPLICATE_ID": "DUPLICATE_ID",
    "ROLE_NOT_IN_PICKLIST": "ROLE_UNMAPPED",
    "ROLE_EMPTY": "ROLE_EMPTY",
    "OCR_CONTACT_NOT_FOUND": "OCR_CONTACT_NOT_FOUND",
    "TWO_PRIMARY_CONTACTS": "TWO_PRIMARY_CONTACTS",
    "DUPLICATE_OCR": "DUPLICATE_OCR",
    "OCR_ON_DELETED_CONTACT": "OCR_ON_DELETED_CONTACT",
    "PEOPLE_ONLY_IN_HUBSPOT": "NEW_PERSON",
    "HUBSPOT_NO_REPORTS_TO": "HUBSPOT_NO_REPORTS_TO",
    "LOCALE_DATES": "LOCALE_DATES",
}
NOT_ERRORS = {"TWO_ROOTS_NOT_A_DEFECT", "MISSING_EMAIL", "EMOJI_IN_NAME", "NEWLINE_IN_FIELD", "DELIMITER_IN_FIELD"}


def read_all(store: Store | None = None, **kw: object) -> CrmImport:
    return read_salesforce([BRACKENMOOR, IBERICA], [SF / "Account.csv"], [SF / "Opportunity.csv"],
                           [SF / "OpportunityContactRole.csv"], store=store, base=CRM,
                           column_map=SPANISH_MAP, **kw)  # type: ignore[arg-type]


def expected_defects() -> list[dict[str, str]]:
    with open(CRM / "expected_defects.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def all_issues(store: Store) -> list:  # type: ignore[type-arg]
    """Issues of the Salesforce files then (after importing them) of the HubSpot export."""
    sf = read_all(store)
    import_crm(store, sf, skip_bad_rows=True)
    hs = read_hubspot([HUBSPOT], store=store, base=CRM)
    return sf.issues + hs.issues


@pytest.mark.parametrize("defect", expected_defects(), ids=lambda d: f"{d['code']}@{d['line'] or 'file'}")
def test_every_planted_defect_is_reported_at_its_line(defect: dict[str, str], all_issues: list) -> None:  # type: ignore[type-arg]
    lines = [int(n) for n in defect["line"].split("&")] if defect["line"] else []
    here = [i for i in all_issues if i.file == defect["file"]]
    if defect["code"] in NOT_ERRORS:
        assert not [i for i in here if set(i.lines) & set(lines) and i.level != Level.info], defect
        return
    if defect["code"] == "BOM_SEMICOLON_CRLF":  # how the file was read, in the report's file list
        sf = read_salesforce([SF / "Contact_iberica_excel_es.csv"], base=CRM)
        assert sf.files[0].format == "UTF-8 with BOM, ';' delimiter, CRLF line ends"
        return
    code = OUR_CODE[defect["code"]]
    found = [i for i in here if i.code == code and i.lines == lines]
    assert found, f"{defect['code']} not reported at {defect['file']}:{defect['line']}: " + "\n".join(map(str, here))
    for rid in re.findall(r"\b00[0-9A-Za-z]{13}(?:[0-9A-Za-z]{3})?\b|\b\d{11}\b", defect["record"]):
        assert any(rid in (i.record or "") for i in found), (rid, found)


def test_counts_match_the_readme(store: Store) -> None:
    crm = read_all(store)
    files = {f.file: f for f in crm.files}
    assert (files["salesforce/Contact_brackenmoor_dataloader.csv"].records,
            files["salesforce/Contact_brackenmoor_dataloader.csv"].imported) == (58, 56)
    assert (files["salesforce/Contact_iberica_excel_es.csv"].records,
            files["salesforce/Contact_iberica_excel_es.csv"].imported) == (60, 59)
    assert files["salesforce/OpportunityContactRole.csv"].imported == 36
    committees = {o.id: o.committee for o in crm.graph.opportunities}
    assert sum(len(c) for c in committees.values()) == 36
    assert {r for m in committees["0065Q000306pEjpQAE"] for r in m.roles} >= {Role.economic_buyer,
                                                                               Role.decision_maker}
    errors = sorted(i.code for i in crm.errors)
    assert errors == sorted(["DUPLICATE_EMAIL", "ACCOUNT_ID_NOT_FOUND", "DANGLING_REPORTS_TO", "DANGLING_REPORTS_TO",
                             "SELF_REPORTS_TO", "REPORTING_CYCLE", "MISSING_BOTH_NAMES", "OCR_CONTACT_NOT_FOUND",
                             "ROLE_UNMAPPED"])


def test_people_reporting_lines_and_owners(store: Store) -> None:
    crm = read_all(store)
    import_crm(store, crm, skip_bad_rows=True)
    p = store.person
    assert p("0035Q000305fpT4QAI").reports_to == "0035Q000305d4scQAA"  # 15-char id resolved
    assert p("0035Q000306KAqyQAG").reports_to == "0035Q000306BQRMQA4"  # leading space trimmed
    assert p("0035Q000305zd6dQAA").reports_to == "0035Q000305yBKsQAM"
    for left_out in ("0035Q000305iMR5QAM", "0035Q000305koj1QAA", "0035Q000305XYH8QAO", "0035Q000305WjGMQA0"):
        assert p(left_out).reports_to is None
    assert p("0035Q000305vafIQAQ").name == "George Okonkwo \U0001f4a7"  # kept byte for byte
    assert p("0035Q000305emhwQAA").name == "Murphy"
    assert p("0035Q0003066409QAA").name == "victor.vidal@grupo-iberica.example"
    assert p("0035Q000306RxVQQA0").name == "Uxía"
    assert p("0035Q000305yXVRQA2").title == "Responsable de Tesorería; Responsable de Consolidación"
    assert p("0035Q000305yXVRQA2").ids == {"salesforce": "0035Q000305yXVRQA2"}
    # departments are units of the account; the two Spanish top nodes are both roots
    assert p("0035Q000305ORpdQAG").unit == "0015Q00030yGZ0vQAG-executive"
    assert p("0035Q000305wUX5QAM").reports_to is None and p("0035Q000306CPJ8QAO").reports_to is None
    # day-first dates: 05/10/2024 is 5 October
    assert str(p("0035Q000306PLaHQAW").last_contact) == "2024-10-05"
    # the contact owner is one of ours and knows the contact
    owner = p("0055Q00030RNP5VQAX")
    assert store.get("organisations", [owner.org])[owner.org].kind == OrgKind.own  # type: ignore[attr-defined]
    account = store.account("0015Q00030yGZbtQAG")
    k = next(k for k in account.knows if "0035Q000306PLaHQAW" in k.key)
    assert (k.source, k.strength, str(k.last_contact)) == ("crm", 0.5, "2024-10-05")
    assert "0055Q00030RNyIGQA1" in k.key
    assert [o.name for o in account.opportunities if not o.is_open] == ["Ibérica - Renovación Licencias 2025"]
    placeholder = store.get("organisations", ["0015Q00030yGeVhQAK"])["0015Q00030yGeVhQAK"]
    assert placeholder.name == "Salesforce account 0015Q00030yGeVhQAK"  # type: ignore[attr-defined]


def test_errors_stop_the_import_and_leave_the_store_unchanged(store: Store) -> None:
    before = store.dump()
    report = import_crm(store, read_all(store))
    assert not report.written and report.result is None and len(report.errors) == 9
    assert store.dump() == before
    dry = import_crm(store, read_all(store), skip_bad_rows=True, dry_run=True)
    assert not dry.written and store.dump() == before


def test_same_export_twice_changes_nothing(store: Store) -> None:
    first = import_crm(store, read_all(store), skip_bad_rows=True)
    assert first.result is not None and first.result.counts["people"].added == 56 + 59 + 2  # contacts and two owners
    again = import_crm(store, read_all(store), skip_bad_rows=True)
    assert again.result is not None and not again.result.changed
    assert all(c.added == c.updated == 0 for c in again.result.counts.values())


def test_a_newer_export_updates_by_crm_id(store: Store, tmp_path: Path) -> None:
    import_crm(store, read_salesforce([BRACKENMOOR], store=store), skip_bad_rows=True)
    text = BRACKENMOOR.read_text(encoding="utf-8")
    # a changed title, and a new manager (given as a 15-character id)
    text = text.replace('"Graham","Hargreaves","IT Service Delivery Manager"', '"Graham","Hargreaves","Head of IT"')
    text = text.replace('"Data Engineer","Technology","0035Q000305UvMrQAK"',
                        '"Data Engineer","Technology","0035Q000305TSe1"')
    newer = tmp_path / "Contact.csv"
    newer.write_text(text, encoding="utf-8")
    report = import_crm(store, read_salesforce([newer], store=store), skip_bad_rows=True)
    assert report.result is not None
    assert report.result.counts["people"].updated == 2 and report.result.counts["people"].added == 0
    assert store.person("0035Q000305UvMrQAK").title == "Head of IT"
    assert store.person("0035Q000305oJWOQA2").reports_to == "0035Q000305TSe1QAG"


def test_reimport_keeps_what_was_added_by_hand(store: Store) -> None:
    import_crm(store, read_all(store), skip_bad_rows=True)
    cfo = store.person("0035Q000305xOEZQA2")
    from kamgraph.model import Graph, Note, Stance

    store.import_graph(Graph(people=[cfo.model_copy(update={"stance": Stance.supporter, "roles": [Role.champion],
                                                            "notes": [Note(text="met at the QBR")]})]))
    again = import_crm(store, read_all(store), skip_bad_rows=True)
    assert again.result is not None and not again.result.changed
    cfo = store.person("0035Q000305xOEZQA2")
    assert (cfo.stance, cfo.roles, len(cfo.notes)) == (Stance.supporter, [Role.champion], 1)


def test_merge_duplicates_on_request(store: Store) -> None:
    crm = read_all(store, merge_duplicates=True)
    dup = [i for i in crm.issues if i.code == "DUPLICATE_EMAIL"]
    assert [i.level for i in dup] == [Level.info]
    import_crm(store, crm, skip_bad_rows=True)
    kept = store.person("0035Q000305dlzvQAA")  # the record with the manager link
    assert kept.reports_to == "0035Q000305cubBQAQ"
    assert kept.ids["salesforce_merged"] == "0035Q000306W41sQAC"
    assert not store.get("people", ["0035Q000306W41sQAC"])
    import_crm(store, read_hubspot([HUBSPOT], store=store), skip_bad_rows=True)
    clients = [p for p in store.dump().people if store.get("organisations", [p.org])[p.org].kind  # type: ignore[attr-defined]
               != OrgKind.own]
    assert len(clients) == 55 + 59 + 3  # the README's 117 distinct active people


def test_column_map_renames_fields_and_maps_roles(store: Store, tmp_path: Path) -> None:
    m = tmp_path / "map.yaml"
    m.write_text("columns:\n  Fecha_Ultimo_Contacto__c: LastActivityDate\nroles:\n  Approver: decision_maker\n"
                 "users:\n  0055Q00030RNP5VQAX: Tom Ashdown\n", encoding="utf-8")
    from kamgraph.io.crm import load_column_map

    cmap = load_column_map(m)
    crm = read_salesforce([BRACKENMOOR, IBERICA], [SF / "Account.csv"], [SF / "Opportunity.csv"],
                          [SF / "OpportunityContactRole.csv"], store=store, column_map=cmap)
    assert "ROLE_UNMAPPED" not in {i.code for i in crm.issues}
    opp = next(o for o in crm.graph.opportunities if o.id == "0065Q000306q2mGQAQ")
    assert next(m for m in opp.committee if m.person == "0035Q000305Qv4dQAC").roles == [Role.decision_maker]
    assert crm.graph.person("0055Q00030RNP5VQAX").name == "Tom Ashdown"  # type: ignore[union-attr]
    assert str(crm.graph.person("0035Q000306PLaHQAW").last_contact) == "2024-10-05"  # type: ignore[union-attr]


def test_report_style_labels_and_cp1252(store: Store, tmp_path: Path) -> None:
    """A Salesforce *report* export: column labels instead of API names, 15-char ids, cp1252, tab."""
    p = tmp_path / "report.csv"
    p.write_bytes(("Contact ID\tAccount ID\tFirst Name\tLast Name\tTitle\tReports To ID\tContact Owner\tEmail\r\n"
                   "0035Q000305ORpd\t0015Q00030yGZ0v\tHayley\tSutherland\tCEO\t\tTom Ashdown\t\r\n"
                   "0035Q000305PD0K\t0015Q00030yGZ0v\tBegoña\tMuñoz\tCFO\t0035Q000305ORpd\tTom Ashdown\t\r\n"
                   ).encode("cp1252"))
    crm = read_salesforce([p], store=store)
    assert not crm.errors
    assert {i.code for i in crm.issues} >= {"ENCODING", "ID_15_CHAR", "ACCOUNT_PLACEHOLDER"}
    cfo = crm.graph.person("0035Q000305PD0KQAW")
    assert cfo is not None and (cfo.name, cfo.reports_to) == ("Begoña Muñoz", "0035Q000305ORpdQAG")
    assert cfo.org == "0015Q00030yGZ0vQAG"
    import_crm(store, crm)
    assert store.account("0015Q00030yGZ0vQAG").organisations


def test_unknown_columns_are_no_error_and_missing_ones_are(tmp_path: Path) -> None:
    from kamgraph.errors import InvalidInput

    p = tmp_path / "c.csv"
    p.write_text("Id,LastName,Favourite_Colour__c\n0035Q000305ORpd,Sutherland,blue\n")
    crm = read_salesforce([p])
    assert not crm.errors and crm.files[0].unused_columns == ["Favourite_Colour__c"]
    p.write_text("Name\nx\n")
    with pytest.raises(InvalidInput, match="no column for id"):
        read_salesforce([p])


def test_our_org_option(store: Store) -> None:
    crm = read_salesforce([BRACKENMOOR], store=store, our_org="acme-sales")
    import_crm(store, crm, skip_bad_rows=True)
    assert store.person("0055Q00030RNP5VQAX").org == "acme-sales"
    # the next import finds our organisation in the store
    crm = read_salesforce([IBERICA], store=store)
    assert crm.graph.person("0055Q00030RNyIGQA1").org == "acme-sales"  # type: ignore[union-attr]
    from kamgraph.errors import InvalidInput

    with pytest.raises(InvalidInput, match="not ours"):
        read_salesforce([BRACKENMOOR], store=store, our_org="0015Q00030yGZ0vQAG")


def test_shared_files_copied_elsewhere_still_read(tmp_path: Path) -> None:
    copy = tmp_path / "Contact.csv"
    shutil.copy(IBERICA, copy)
    crm = read_salesforce([copy])
    assert crm.files[0].records == 60 and crm.files[0].format == "UTF-8 with BOM, ';' delimiter, CRLF line ends"


def test_seniority_from_titles_unless_set_by_hand(store: Store, tmp_path: Path) -> None:
    import_crm(store, read_all(store), skip_bad_rows=True)
    p = store.person
    assert p("0035Q000305wUX5QAM").seniority == Seniority.executive  # Consejera Delegada
    assert p("0035Q000305ORpdQAG").seniority == Seniority.executive  # Chief Executive Officer
    assert p("0035Q000305UvMrQAK").seniority == Seniority.manager  # IT Service Delivery Manager
    people = store.dump().people
    assert all(q.seniority is not None for q in people if q.title)
    assert p("0055Q00030RNP5VQAX").seniority is None  # an owner: no title
    # set by hand, it survives a re-import; inferred, it follows a new title
    from kamgraph.model import Graph

    store.import_graph(Graph(people=[p("0035Q000305ORpdQAG").model_copy(update={"seniority": Seniority.vp})]))
    text = BRACKENMOOR.read_text(encoding="utf-8").replace('"Graham","Hargreaves","IT Service Delivery Manager"',
                                                          '"Graham","Hargreaves","Head of IT"')
    newer = tmp_path / "Contact.csv"
    newer.write_text(text, encoding="utf-8")
    import_crm(store, read_salesforce([newer], store=store), skip_bad_rows=True)
    assert p("0035Q000305ORpdQAG").seniority == Seniority.vp
    assert p("0035Q000305UvMrQAK").seniority == Seniority.head


def _roles_file(tmp_path: Path, edit: dict[str, str | None]) -> Path:
    """OpportunityContactRole.csv with rows (by role id) changed or, for ``None``, removed."""
    lines = (SF / "OpportunityContactRole.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    for line in lines:
        rid = line.split(",", 1)[0].strip('"')
        if rid in edit:
            if edit[rid] is None:
                continue
            line = edit[rid]  # type: ignore[assignment]
        out.append(line)
    path = tmp_path / "OpportunityContactRole.csv"
    path.write_text("".join(out), encoding="utf-8")
    return path


def test_reimported_contact_roles_mirror_salesforce(store: Store, tmp_path: Path) -> None:
    from kamgraph.model import Graph, Membership, Stance

    import_crm(store, read_all(store), skip_bad_rows=True)
    smart, scheduling = "0065Q000306q2mGQAQ", "0065Q000306qJywQAE"
    opp = store.get("opportunities", [smart])[smart]
    seats = {m.person: m for m in opp.committee}  # type: ignore[attr-defined]
    assert seats["0035Q000305PD0KQAW"].primary and not seats["0035Q000305nh20QAA"].primary  # IsPrimary kept
    assert {m.source for m in seats.values()} == {"salesforce"}
    # by hand: a stance on a CRM seat, and a coach Salesforce knows nothing of
    seats["0035Q000305m9VVQAY"] = seats["0035Q000305m9VVQAY"].model_copy(update={"stance": Stance.supporter})
    coach = Membership(person="0035Q000305ORpdQAG", roles=[Role.coach], stance=Stance.supporter)
    store.import_graph(Graph(opportunities=[opp.model_copy(  # type: ignore[attr-defined]
        update={"committee": [*seats.values(), coach]})]))
    # Salesforce: one role removed, one changed (Influencer → Evaluator)
    newer = _roles_file(tmp_path, {
        "00K5Q00030pfAS4UAM": None,
        "00K5Q00030pfFcoUAE": '"00K5Q00030pfFcoUAE","0065Q000306q2mGQAQ","0035Q000305m9VVQAY","Evaluator","false",'
                              '"false","2024-12-23T00:19:13.000Z"\n'})
    crm = read_salesforce([BRACKENMOOR, IBERICA], [SF / "Account.csv"], [SF / "Opportunity.csv"], [newer],
                          store=store, column_map=SPANISH_MAP)
    assert [i.record for i in crm.issues if i.code == "LEFT_COMMITTEE"] == [smart]
    report = import_crm(store, crm, skip_bad_rows=True)
    assert report.result is not None and report.result.counts["opportunities"].updated == 1
    seats = {m.person: m for m in store.get("opportunities", [smart])[smart].committee}  # type: ignore[attr-defined]
    assert "0035Q000305nh20QAA" not in seats  # removed in Salesforce: gone
    assert seats["0035Q000305m9VVQAY"].roles == [Role.evaluator]  # changed
    assert seats["0035Q000305m9VVQAY"].stance == Stance.supporter  # the stance set by hand stays
    assert seats["0035Q000305ORpdQAG"].roles == [Role.coach] and seats["0035Q000305ORpdQAG"].source is None
    # an opportunity that lost every contact role (it is still in the opportunities file): its CRM seats go
    lost = {line.split(",", 1)[0].strip('"'): None for line in
            (SF / "OpportunityContactRole.csv").read_text(encoding="utf-8").splitlines() if scheduling in line}
    import_crm(store, read_salesforce([BRACKENMOOR, IBERICA], [SF / "Account.csv"], [SF / "Opportunity.csv"],
                                      [_roles_file(tmp_path, lost)], store=store, column_map=SPANISH_MAP),
               skip_bad_rows=True)
    assert store.get("opportunities", [scheduling])[scheduling].committee == []  # type: ignore[attr-defined]
    assert len(store.get("opportunities", [smart])[smart].committee) == 6 + 1  # type: ignore[attr-defined]  # + coach


def test_contacts_of_accounts_not_exported_are_not_listed_as_clients(store: Store, tmp_path: Path) -> None:
    import_crm(store, read_all(store), skip_bad_rows=True)
    assert [a.name for a in store.accounts()] == ["Brackenmoor Utilities plc", "Grupo Ibérica de Distribución S.A."]
    orgs = store.get("organisations", ["0015Q00030yGeVhQAK", "salesforce-no-account"])
    assert {o.kind for o in orgs.values()} == {OrgKind.third_party}  # type: ignore[attr-defined]
    assert store.person("0035Q000305oLBZQA2").org == "0015Q00030yGeVhQAK"  # the contact is kept
    # exported later, the account becomes a client with its name
    accounts = tmp_path / "Account.csv"
    accounts.write_text('"Id","Name","Industry"\n"0015Q00030yGeVhQAK","Aireborough Water Services","Utilities"\n',
                        encoding="utf-8")
    import_crm(store, read_salesforce(accounts=[accounts], store=store))
    org = store.get("organisations", ["0015Q00030yGeVhQAK"])["0015Q00030yGeVhQAK"]
    assert (org.kind, org.name, org.notes) == (OrgKind.client, "Aireborough Water Services", [])  # type: ignore[attr-defined]
    # without an accounts file, the contacts' accounts are clients not yet named
    crm = read_salesforce([BRACKENMOOR], store=None)
    assert crm.graph.organisation("0015Q00030yGZ0vQAG").kind == OrgKind.client  # type: ignore[union-attr]
