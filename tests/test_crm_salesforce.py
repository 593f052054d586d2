"""Salesforce import through the library: every planted defect of each corpus (the project's
samples; ../shared's exports when there) is reported at its line, the import is all or
nothing, re-imports update and add nothing."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from kamgraph.io.crm import ColumnMap, CrmImport, Level, import_crm, read_hubspot, read_salesforce
from kamgraph.model import OrgKind, Role, Seniority
from kamgraph.store import Store
from tests.crm_corpus import CORPORA, Corpus, defect_params

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


def read_all(crm: Corpus, store: Store | None = None, **kw: Any) -> CrmImport:
    sf = crm.sf
    return read_salesforce(
        [crm.path(crm.uk), crm.path(crm.es)],
        [sf / "Account.csv"],
        [sf / "Opportunity.csv"],
        [sf / "OpportunityContactRole.csv"],
        store=store,
        base=crm.root,
        column_map=SPANISH_MAP,
        **kw,
    )


def rewrite(src: Path, dest: Path, key: str, edit: dict[str, dict[str, str] | None]) -> Path:
    """A Data Loader file (every value quoted, LF) with rows changed (by the value of column
    ``key``: ``{column: new value}``) or, for ``None``, removed."""
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, header, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        change = edit.get(row[key], {})
        if change is not None:
            writer.writerow({**row, **change})
    dest.write_text(out.getvalue(), encoding="utf-8")
    return dest


_ISSUES: dict[tuple[str, str], list] = {}  # type: ignore[type-arg]


def _issues(crm: Corpus, store: Store) -> list:  # type: ignore[type-arg]
    """Issues of the Salesforce files then (after importing them into the empty ``store``) of
    the HubSpot export; worked out once per corpus and backend (the same for every defect)."""
    key = (crm.name, type(store).__name__)
    if key not in _ISSUES:
        sf = read_all(crm, store)
        import_crm(store, sf, skip_bad_rows=True)
        _ISSUES[key] = sf.issues + read_hubspot([crm.path(crm.hubspot)], store=store, base=crm.root).issues
    return _ISSUES[key]


@pytest.mark.parametrize("corpus, defect", defect_params())
def test_every_planted_defect_is_reported_at_its_line(corpus: str, defect: dict[str, str] | None, store: Store) -> None:
    crm = CORPORA[corpus].require()
    assert defect is not None
    all_issues = _issues(crm, store)
    lines = [int(n) for n in defect["line"].split("&")] if defect["line"] else []
    here = [i for i in all_issues if i.file == defect["file"]]
    if defect["code"] in NOT_ERRORS:
        assert not [i for i in here if set(i.lines) & set(lines) and i.level != Level.info], defect
        return
    if defect["code"] == "BOM_SEMICOLON_CRLF":  # how the file was read, in the report's file list
        sf = read_salesforce([crm.path(crm.es)], base=crm.root)
        assert sf.files[0].format == "UTF-8 with BOM, ';' delimiter, CRLF line ends"
        return
    code = OUR_CODE[defect["code"]]
    found = [i for i in here if i.code == code and i.lines == lines]
    assert found, f"{defect['code']} not reported at {defect['file']}:{defect['line']}: " + "\n".join(map(str, here))
    for rid in re.findall(r"\b00[0-9A-Za-z]{13}(?:[0-9A-Za-z]{3})?\b|\b\d{11}\b", defect["record"]):
        assert any(rid in (i.record or "") for i in found), (rid, found)


def test_every_corpus_plants_every_code() -> None:
    """The samples carry every kind of defect the shared exports do (and nothing unknown)."""
    codes = {d["code"] for d in CORPORA["samples"].expected_defects()}
    assert codes == set(OUR_CODE) | NOT_ERRORS | {"BOM_SEMICOLON_CRLF"}
    shared = CORPORA["shared"]
    if shared.present:
        assert codes == {d["code"] for d in shared.expected_defects()}


def test_counts_match_the_readme(crm: Corpus, store: Store) -> None:
    imp = read_all(crm, store)
    files = {f.file: f for f in imp.files}
    assert (files[crm.uk].records, files[crm.uk].imported) == (crm["uk_records"], crm["uk_imported"])
    assert (files[crm.es].records, files[crm.es].imported) == (crm["es_rows"], crm["es_people"])
    assert files["salesforce/OpportunityContactRole.csv"].imported == crm["roles_imported"]
    committees = {o.id: o.committee for o in imp.graph.opportunities}
    assert sum(len(c) for c in committees.values()) == crm["roles_imported"]
    assert {r for m in committees[crm["won_opp"]] for r in m.roles} >= {Role.economic_buyer, Role.decision_maker}
    errors = sorted(i.code for i in imp.errors)
    assert errors == sorted(
        [
            "DUPLICATE_EMAIL",
            "ACCOUNT_ID_NOT_FOUND",
            "DANGLING_REPORTS_TO",
            "DANGLING_REPORTS_TO",
            "SELF_REPORTS_TO",
            "REPORTING_CYCLE",
            "MISSING_BOTH_NAMES",
            "OCR_CONTACT_NOT_FOUND",
            "ROLE_UNMAPPED",
        ]
    )


def test_people_reporting_lines_and_owners(crm: Corpus, store: Store) -> None:
    import_crm(store, read_all(crm, store), skip_bad_rows=True)
    p = store.person
    for contact, manager in crm["resolved"]:  # 15-char ids and a leading space: resolved
        assert p(contact).reports_to == manager
    for left_out in crm["left_out"]:  # dangling, self, cycle
        assert p(left_out).reports_to is None
    for pid, name in crm["names"].items():  # an emoji kept byte for byte; no first, no last, no name
        assert p(pid).name == name
    pid, title = crm["delimiter"]
    assert p(pid).title == title
    assert p(pid).ids == {"salesforce": pid}
    # departments are units of the account; the two Spanish top nodes are both roots
    assert p(crm["uk_ceo"]).unit == f"{crm['uk_account']}-executive"
    assert all(p(root).reports_to is None for root in crm["roots"])
    # day-first dates: dd/mm/yyyy
    pid, day = crm["day_first"]
    assert str(p(pid).last_contact) == day
    # the contact owner is one of ours and knows the contact
    owner = p(crm["uk_owner"])
    assert store.get("organisations", [owner.org])[owner.org].kind == OrgKind.own  # type: ignore[attr-defined]
    account = store.account(crm["es_account"])
    k = next(k for k in account.knows if pid in k.key)
    assert (k.source, k.strength, str(k.last_contact)) == ("crm", 0.5, day)
    assert crm["es_owner"] in k.key
    assert [o.name for o in account.opportunities if not o.is_open] == crm["closed"]
    other = crm["other_account"]
    placeholder = store.get("organisations", [other])[other]
    assert placeholder.name == f"Salesforce account {other}"  # type: ignore[attr-defined]


def test_errors_stop_the_import_and_leave_the_store_unchanged(crm: Corpus, store: Store) -> None:
    before = store.dump()
    report = import_crm(store, read_all(crm, store))
    assert not report.written and report.result is None and len(report.errors) == 9
    assert store.dump() == before
    dry = import_crm(store, read_all(crm, store), skip_bad_rows=True, dry_run=True)
    assert not dry.written and store.dump() == before


def test_same_export_twice_changes_nothing(crm: Corpus, store: Store) -> None:
    first = import_crm(store, read_all(crm, store), skip_bad_rows=True)
    assert first.result is not None
    assert first.result.counts["people"].added == crm["uk_imported"] + crm["es_people"] + 2  # and two owners
    again = import_crm(store, read_all(crm, store), skip_bad_rows=True)
    assert again.result is not None and not again.result.changed
    assert all(c.added == c.updated == 0 for c in again.result.counts.values())


def _newer_contacts(crm: Corpus, tmp_path: Path) -> Path:
    """The Data Loader contacts again: one manager with a new title, and one contact with a new
    manager, given as a 15-character id."""
    (retitled, _, title), (moved, manager) = crm["retitle"], crm["remanage"]
    return rewrite(
        crm.path(crm.uk),
        tmp_path / "Contact.csv",
        "Id",
        {retitled: {"Title": title}, moved: {"ReportsToId": manager[:15]}},
    )


def test_a_newer_export_updates_by_crm_id(crm: Corpus, store: Store, tmp_path: Path) -> None:
    import_crm(store, read_salesforce([crm.path(crm.uk)], store=store), skip_bad_rows=True)
    report = import_crm(store, read_salesforce([_newer_contacts(crm, tmp_path)], store=store), skip_bad_rows=True)
    assert report.result is not None
    assert report.result.counts["people"].updated == 2 and report.result.counts["people"].added == 0
    (retitled, _, title), (moved, manager) = crm["retitle"], crm["remanage"]
    assert store.person(retitled).title == title
    assert store.person(moved).reports_to == manager


def test_reimport_keeps_what_was_added_by_hand(crm: Corpus, store: Store) -> None:
    import_crm(store, read_all(crm, store), skip_bad_rows=True)
    cfo = store.person(crm["hand_set"])
    from kamgraph.model import Graph, Note, Stance

    store.import_graph(
        Graph(
            people=[
                cfo.model_copy(
                    update={
                        "stance": Stance.supporter,
                        "roles": [Role.champion],
                        "notes": [Note(text="met at the QBR")],
                    }
                )
            ]
        )
    )
    again = import_crm(store, read_all(crm, store), skip_bad_rows=True)
    assert again.result is not None and not again.result.changed
    cfo = store.person(crm["hand_set"])
    assert (cfo.stance, cfo.roles, len(cfo.notes)) == (Stance.supporter, [Role.champion], 1)


def test_merge_duplicates_on_request(crm: Corpus, store: Store) -> None:
    imp = read_all(crm, store, merge_duplicates=True)
    dup = [i for i in imp.issues if i.code == "DUPLICATE_EMAIL"]
    assert [i.level for i in dup] == [Level.info]
    import_crm(store, imp, skip_bad_rows=True)
    kept_id, manager, merged = crm["duplicate"]
    kept = store.person(kept_id)  # the record with the manager link
    assert kept.reports_to == manager
    assert kept.ids["salesforce_merged"] == merged
    assert not store.get("people", [merged])
    import_crm(store, read_hubspot([crm.path(crm.hubspot)], store=store), skip_bad_rows=True)
    clients = [
        p
        for p in store.dump().people
        if store.get("organisations", [p.org])[p.org].kind  # type: ignore[attr-defined]
        != OrgKind.own
    ]
    assert len(clients) == crm["distinct_people"]  # the README's distinct active people
    assert crm["distinct_people"] == crm["uk_distinct"] + crm["es_people"] + crm["hubspot_new"]


def test_column_map_renames_fields_and_maps_roles(crm: Corpus, store: Store, tmp_path: Path) -> None:
    m = tmp_path / "map.yaml"
    m.write_text(
        f"columns:\n  Fecha_Ultimo_Contacto__c: LastActivityDate\nroles:\n  {crm['custom_role']}: "
        f"decision_maker\nusers:\n  {crm['uk_owner']}: {crm['uk_owner_name']}\n",
        encoding="utf-8",
    )
    from kamgraph.io.crm import load_column_map

    cmap = load_column_map(m)
    sf = crm.sf
    imp = read_salesforce(
        [crm.path(crm.uk), crm.path(crm.es)],
        [sf / "Account.csv"],
        [sf / "Opportunity.csv"],
        [sf / "OpportunityContactRole.csv"],
        store=store,
        column_map=cmap,
    )
    assert "ROLE_UNMAPPED" not in {i.code for i in imp.issues}
    oid, contact = crm["custom_seat"]
    opp = next(o for o in imp.graph.opportunities if o.id == oid)
    assert next(m for m in opp.committee if m.person == contact).roles == [Role.decision_maker]
    assert imp.graph.person(crm["uk_owner"]).name == crm["uk_owner_name"]  # type: ignore[union-attr]
    pid, day = crm["day_first"]
    assert str(imp.graph.person(pid).last_contact) == day  # type: ignore[union-attr]


def test_report_style_labels_and_cp1252(store: Store, tmp_path: Path) -> None:
    """A Salesforce *report* export: column labels instead of API names, 15-char ids, cp1252, tab."""
    p = tmp_path / "report.csv"
    p.write_bytes(
        (
            "Contact ID\tAccount ID\tFirst Name\tLast Name\tTitle\tReports To ID\tContact Owner\tEmail\r\n"
            "0035Q000305ORpd\t0015Q00030yGZ0v\tHayley\tSutherland\tCEO\t\tTom Ashdown\t\r\n"
            "0035Q000305PD0K\t0015Q00030yGZ0v\tBegoña\tMuñoz\tCFO\t0035Q000305ORpd\tTom Ashdown\t\r\n"
        ).encode("cp1252")
    )
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


def test_our_org_option(crm: Corpus, store: Store) -> None:
    imp = read_salesforce([crm.path(crm.uk)], store=store, our_org="acme-sales")
    import_crm(store, imp, skip_bad_rows=True)
    assert store.person(crm["uk_owner"]).org == "acme-sales"
    # the next import finds our organisation in the store
    imp = read_salesforce([crm.path(crm.es)], store=store)
    assert imp.graph.person(crm["es_owner"]).org == "acme-sales"  # type: ignore[union-attr]
    from kamgraph.errors import InvalidInput

    with pytest.raises(InvalidInput, match="not ours"):
        read_salesforce([crm.path(crm.uk)], store=store, our_org=crm["uk_account"])


def test_excel_file_copied_elsewhere_still_read(crm: Corpus, tmp_path: Path) -> None:
    copy = tmp_path / "Contact.csv"
    shutil.copy(crm.path(crm.es), copy)
    imp = read_salesforce([copy])
    assert imp.files[0].records == crm["es_rows"]
    assert imp.files[0].format == "UTF-8 with BOM, ';' delimiter, CRLF line ends"


def test_seniority_from_titles_unless_set_by_hand(crm: Corpus, store: Store, tmp_path: Path) -> None:
    import_crm(store, read_all(crm, store), skip_bad_rows=True)
    p = store.person
    assert p(crm["es_ceo"]).seniority == Seniority.executive  # Consejero/a Delegado/a
    assert p(crm["uk_ceo"]).seniority == Seniority.executive  # Chief Executive Officer
    retitled = crm["retitle"][0]
    assert p(retitled).seniority == Seniority.manager  # "… Manager"
    people = store.dump().people
    assert all(q.seniority is not None for q in people if q.title)
    assert p(crm["uk_owner"]).seniority is None  # an owner: no title
    # set by hand, it survives a re-import; inferred, it follows a new title
    from kamgraph.model import Graph

    store.import_graph(Graph(people=[p(crm["uk_ceo"]).model_copy(update={"seniority": Seniority.vp})]))
    import_crm(store, read_salesforce([_newer_contacts(crm, tmp_path)], store=store), skip_bad_rows=True)
    assert p(crm["uk_ceo"]).seniority == Seniority.vp
    assert p(retitled).seniority == Seniority.head  # "Head of …"


def _roles_file(crm: Corpus, tmp_path: Path, edit: dict[str, dict[str, str] | None]) -> Path:
    """OpportunityContactRole.csv with rows (by role id) changed or, for ``None``, removed."""
    return rewrite(crm.sf / "OpportunityContactRole.csv", tmp_path / "OpportunityContactRole.csv", "Id", edit)


def _role_ids(crm: Corpus, opportunity: str, contact: str | None = None) -> list[str]:
    with open(crm.sf / "OpportunityContactRole.csv", encoding="utf-8", newline="") as f:
        return [
            r["Id"]
            for r in csv.DictReader(f)
            if r["OpportunityId"] == opportunity and contact in (None, r["ContactId"])
        ]


def test_reimported_contact_roles_mirror_salesforce(crm: Corpus, store: Store, tmp_path: Path) -> None:
    from kamgraph.model import Graph, Membership, Stance

    import_crm(store, read_all(crm, store), skip_bad_rows=True)
    deal, other_deal, primary, removed, changed = crm["mirror"]
    coach_id = crm["uk_ceo"]
    opp = store.get("opportunities", [deal])[deal]
    seats = {m.person: m for m in opp.committee}  # type: ignore[attr-defined]
    assert seats[primary].primary and not seats[removed].primary  # IsPrimary kept
    assert {m.source for m in seats.values()} == {"salesforce"}
    assert coach_id not in seats and seats[changed].roles == [Role.influencer]
    before = len(seats)
    # by hand: a stance on a CRM seat, and a coach Salesforce knows nothing of
    seats[changed] = seats[changed].model_copy(update={"stance": Stance.supporter})
    coach = Membership(person=coach_id, roles=[Role.coach], stance=Stance.supporter)
    store.import_graph(Graph(opportunities=[opp.model_copy(update={"committee": [*seats.values(), coach]})]))
    # Salesforce: one role removed, one changed (Influencer → Evaluator)
    edit: dict[str, dict[str, str] | None] = {rid: None for rid in _role_ids(crm, deal, removed)}
    edit.update({rid: {"Role": "Evaluator"} for rid in _role_ids(crm, deal, changed)})
    sf = crm.sf
    imp = read_salesforce(
        [crm.path(crm.uk), crm.path(crm.es)],
        [sf / "Account.csv"],
        [sf / "Opportunity.csv"],
        [_roles_file(crm, tmp_path, edit)],
        store=store,
        column_map=SPANISH_MAP,
    )
    assert [i.record for i in imp.issues if i.code == "LEFT_COMMITTEE"] == [deal]
    report = import_crm(store, imp, skip_bad_rows=True)
    assert report.result is not None and report.result.counts["opportunities"].updated == 1
    seats = {m.person: m for m in store.get("opportunities", [deal])[deal].committee}  # type: ignore[attr-defined]
    assert removed not in seats  # removed in Salesforce: gone
    assert seats[changed].roles == [Role.evaluator]  # changed
    assert seats[changed].stance == Stance.supporter  # the stance set by hand stays
    assert seats[coach_id].roles == [Role.coach] and seats[coach_id].source is None
    # an opportunity that lost every contact role (it is still in the opportunities file): its CRM seats go
    lost: dict[str, dict[str, str] | None] = {rid: None for rid in _role_ids(crm, other_deal)}
    import_crm(
        store,
        read_salesforce(
            [crm.path(crm.uk), crm.path(crm.es)],
            [sf / "Account.csv"],
            [sf / "Opportunity.csv"],
            [_roles_file(crm, tmp_path, lost)],
            store=store,
            column_map=SPANISH_MAP,
        ),
        skip_bad_rows=True,
    )
    assert store.get("opportunities", [other_deal])[other_deal].committee == []  # type: ignore[attr-defined]
    assert len(store.get("opportunities", [deal])[deal].committee) == before + 1  # type: ignore[attr-defined]  # + coach


def test_contacts_of_accounts_not_exported_are_not_listed_as_clients(crm: Corpus, store: Store, tmp_path: Path) -> None:
    import_crm(store, read_all(crm, store), skip_bad_rows=True)
    assert [a.name for a in store.accounts()] == crm["accounts"]
    other = crm["other_account"]
    orgs = store.get("organisations", [other, "salesforce-no-account"])
    assert {o.kind for o in orgs.values()} == {OrgKind.third_party}  # type: ignore[attr-defined]
    assert store.person(crm["other_account_contact"]).org == other  # the contact is kept
    # exported later, the account becomes a client with its name
    accounts = tmp_path / "Account.csv"
    accounts.write_text(f'"Id","Name","Industry"\n"{other}","Sister Company Ltd","Insurance"\n', encoding="utf-8")
    import_crm(store, read_salesforce(accounts=[accounts], store=store))
    org = store.get("organisations", [other])[other]
    assert (org.kind, org.name, org.notes) == (OrgKind.client, "Sister Company Ltd", [])  # type: ignore[attr-defined]
    # without an accounts file, the contacts' accounts are clients not yet named
    imp = read_salesforce([crm.path(crm.uk)], store=None)
    assert imp.graph.organisation(crm["uk_account"]).kind == OrgKind.client  # type: ignore[union-attr]
