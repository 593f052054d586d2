"""Issue 14 on exports in the real layouts (tests/data/crm/): a Salesforce report export
whose ``Reports To`` holds the manager's name (with homonyms and a namesake in another
account, cp1252, every value quoted, the report's footer), an Account export with its
``Type``, contact roles naming another account's contact, HubSpot companies with a type.

The strict path refuses with the full list and creates no store; ``--skip-bad-rows``
loads every good row; a re-import changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.io.crm import CrmImport, import_crm, load_column_map, read_salesforce
from kamgraph.model import OrgKind
from kamgraph.store import SQLiteStore, Store

DATA = Path(__file__).parent / "data" / "crm"
SF = DATA / "salesforce"
MOREL, IBARRA, NORTHWIND, KESTREL, LUMEN, BRIGHTWATER, ODDITY = (f"0015E0000000{i}KqQAI" for i in range(1, 8))
C = {
    k: f"0035E000000{i:02d}KqQAI"
    for i, k in enumerate(
        [
            "marie",
            "jeanluc",
            "elodie",
            "camille1",
            "camille2",
            "hugo",
            "ines",
            "zoe",
            "marie2",
            "iker",
            "ryan",
            "aoife",
        ],
        1,
    )
}
METERING, FLEET = "0065E00000001KqQAI", "0065E00000002KqQAI"
ALL = [
    "--contacts",
    str(SF / "Contact_report.csv"),
    "--accounts",
    str(SF / "Account.csv"),
    "--opportunities",
    str(SF / "Opportunity.csv"),
    "--contact-roles",
    str(SF / "OpportunityContactRole.csv"),
]


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--store", str(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def read(store: Store | None = None) -> tuple[CrmImport, dict[str, list[str]]]:
    crm = read_salesforce(
        [SF / "Contact_report.csv"],
        [SF / "Account.csv"],
        [SF / "Opportunity.csv"],
        [SF / "OpportunityContactRole.csv"],
        store=store,
        base=SF,
    )
    codes: dict[str, list[str]] = {}
    for i in crm.issues:
        codes.setdefault(i.code, []).append(str(i))
    return crm, codes


def test_report_export_managers_by_name_in_the_same_account() -> None:
    crm, codes = read()
    boss = {p.id: p.reports_to for p in crm.graph.people}
    assert boss[C["jeanluc"]] == C["marie"]
    assert boss[C["elodie"]] == C["marie"]  # "marie  MOREL": case and spacing ignored
    assert boss[C["zoe"]] == C["elodie"]  # "Elodie Martin": accents ignored
    assert boss[C["camille1"]] == C["elodie"]
    assert boss[C["camille2"]] == C["jeanluc"]  # "Jean Luc Dubois" for Jean-Luc
    assert boss[C["iker"]] == C["marie2"]  # "Morel, Marie" of his own account, not Morel Énergie's
    assert boss[C["hugo"]] is None and boss[C["ines"]] is None
    [ambiguous] = codes["AMBIGUOUS_REPORTS_TO"]
    assert ambiguous.startswith("Contact_report.csv:5 & 6 & 7: error AMBIGUOUS_REPORTS_TO: " + C["hugo"])
    assert "'Camille Petit': 2 contacts of that name" in ambiguous and "not guessed" in ambiguous
    [dangling] = codes["DANGLING_REPORTS_TO"]
    assert dangling.startswith("Contact_report.csv:8: error") and "'Pierre Inconnu'" in dangling
    assert "BAD_ID" not in codes and "MISSING_ID" not in codes and "SHORT_ROW" not in codes
    assert codes["REPORT_FOOTER"] == [
        "Contact_report.csv:15 & 16 & 17 & 18 & 19: info REPORT_FOOTER: 5 lines of "
        "one value after the last row (a report's footer) (skipped)"
    ]
    assert codes["ENCODING"] == ["Contact_report.csv: info ENCODING: not UTF-8: read as cp1252"]


def test_account_type_gives_the_kind() -> None:
    crm, codes = read()
    kinds = {o.id: o.kind for o in crm.graph.organisations}
    assert kinds[MOREL] == kinds[IBARRA] == kinds[BRIGHTWATER] == kinds[ODDITY] == OrgKind.client
    assert kinds[NORTHWIND] == kinds[KESTREL] == kinds[LUMEN] == OrgKind.third_party
    [odd] = codes["UNKNOWN_ACCOUNT_TYPE"]
    assert odd.startswith("Account.csv:8: warning UNKNOWN_ACCOUNT_TYPE") and "'Strategic'" in odd


def test_strict_refuses_with_the_full_list_and_creates_no_store(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    code, out = run(db, "import-crm", "salesforce", *ALL)
    assert code == 1
    assert "OpportunityContactRole.csv:4: error OCR_OTHER_ACCOUNT" in out and "(role skipped)" in out
    assert "AMBIGUOUS_REPORTS_TO" in out and "DANGLING_REPORTS_TO" in out
    assert "nothing written: 3 errors (listed above)" in out
    assert not db.exists() and not (tmp_path / "c.db-wal").exists()
    code, out = run(db, "accounts")  # a read command on the missing store creates none either
    assert code == 1 and "no kamgraph store here yet" in out
    assert not db.exists()
    code, out = run(db, "import-crm", "salesforce", *ALL, "--skip-bad-rows", "--dry-run")
    assert code == 0 and not db.exists()


def test_skip_bad_rows_loads_every_good_row_and_again_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    code, out = run(db, "import-crm", "salesforce", *ALL, "--skip-bad-rows")
    assert code == 0, out
    assert "bad rows skipped as listed" in out
    with SQLiteStore(db) as s:
        g = s.dump()
        assert len([p for p in g.people if p.org != "our-company"]) == 12
        committees = {o.id: sorted(m.person for m in o.committee) for o in g.opportunities}
        assert committees[METERING] == sorted([C["marie"], C["jeanluc"], C["elodie"]])  # not Iker
        assert committees[FLEET] == sorted([C["marie2"], C["ryan"]])  # a partner's contact may sit
        assert [a.name for a in s.accounts()] == [
            "Brightwater Foods",
            "Morel Énergie SA",
            "Oddity Ltd",
            "Talleres Ibarra S.L.",
        ]
    code, out = run(db, "import-crm", "salesforce", *ALL, "--skip-bad-rows")
    assert code == 0 and ": nothing changed" in out, out


def test_a_problem_only_the_store_sees_is_reported_at_its_row_and_skipped(store: Store, tmp_path: Path) -> None:
    """Marie Morel moves to Talleres Ibarra in a newer export that leaves out Jean-Luc, who
    still reports to her in the store: that move would strand him. Strict: refused, naming
    her row; skipped: she stays where she was, and every other row loads."""
    first = read_salesforce([SF / "Contact_report.csv"], [SF / "Account.csv"], store=store, base=SF)
    import_crm(store, first, skip_bad_rows=True)
    lines = (SF / "Contact_report.csv").read_bytes().decode("cp1252").splitlines()
    moved = lines[1].replace(f'"{MOREL}"', f'"{IBARRA}"', 1).replace("Morel Énergie SA", "Talleres Ibarra S.L.")
    newer = tmp_path / "Contact.csv"
    newer.write_text("\n".join([lines[0], moved, lines[11]]) + "\n", encoding="utf-8")
    crm = read_salesforce([newer], store=store, base=tmp_path)
    report = import_crm(store, crm)
    assert not report.written
    stranded = [str(i) for i in report.errors]  # Jean-Luc and Élodie, not in the newer file, report to her
    assert len(stranded) == 2 and all(s.startswith("Contact.csv:2: error STRANDED") for s in stranded)
    assert C["jeanluc"] in stranded[0] and C["elodie"] in stranded[1]
    assert store.person(C["marie"]).org == MOREL
    crm = read_salesforce([newer], store=store, base=tmp_path)
    report = import_crm(store, crm, skip_bad_rows=True)
    assert report.written
    assert store.person(C["marie"]).org == MOREL and store.person(C["jeanluc"]).reports_to == C["marie"]
    assert store.person(C["ryan"]).org == NORTHWIND


def test_hubspot_company_type_gives_the_kind(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    code, out = run(
        db,
        "import-crm",
        "hubspot",
        "--contacts",
        str(DATA / "hubspot" / "contacts.csv"),
        "--companies",
        str(DATA / "hubspot" / "companies.csv"),
    )
    assert code == 0, out
    code, out = run(db, "accounts", "--json")
    assert code == 0 and "Harbour Logistics" in out and "Quayside" not in out and "Tidewater" not in out
    with SQLiteStore(db) as s:
        kinds = {o.name: o.kind for o in s.dump().organisations}
    assert kinds["Quayside Partners"] == kinds["Tidewater Software"] == OrgKind.third_party


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_the_report_export_resaved(tmp_path: Path, encoding: str) -> None:
    """The same report re-saved by Excel (semicolons, another encoding) reads the same."""
    text = (SF / "Contact_report.csv").read_bytes().decode("cp1252").replace('","', '";"')
    p = tmp_path / "Contact_report.csv"
    p.write_bytes(text.encode(encoding) if encoding != "utf-16" else text.encode("utf-16"))
    shutil.copy(SF / "Account.csv", tmp_path)
    got = read_salesforce([p], [tmp_path / "Account.csv"], base=tmp_path)
    boss = {x.id: x.reports_to for x in got.graph.people}
    assert boss[C["iker"]] == C["marie2"] and boss[C["zoe"]] == C["elodie"]


def test_a_german_excel_resave_of_the_data_loader_files(tmp_path: Path) -> None:
    """Opened and saved again by Excel with German settings: `;`, cp1252, dd.mm.yyyy dates,
    1.234,56 amounts, WAHR/FALSCH; the same graph comes out."""
    import csv
    import io

    for name in ("Account.csv", "Opportunity.csv", "OpportunityContactRole.csv"):
        rows = list(csv.reader(io.StringIO((SF / name).read_text(encoding="utf-8"))))
        out = io.StringIO()
        w = csv.writer(out, delimiter=";", lineterminator="\r\n")
        for r in rows:
            r = [{"true": "WAHR", "false": "FALSCH"}.get(v, v) for v in r]
            r = [f"{v[8:10]}.{v[5:7]}.{v[:4]}" if len(v) == 10 and v[4] == "-" else v for v in r]
            r = [
                f"{int(v):,}".replace(",", ".") + ",00"
                if v.isdigit() and len(v) > 5 and name == "Opportunity.csv"
                else v
                for v in r
            ]
            w.writerow(r)
        (tmp_path / name).write_bytes(out.getvalue().encode("cp1252"))
    shutil.copy(SF / "Contact_report.csv", tmp_path)
    crm = read_salesforce(
        [tmp_path / "Contact_report.csv"],
        [tmp_path / "Account.csv"],
        [tmp_path / "Opportunity.csv"],
        [tmp_path / "OpportunityContactRole.csv"],
        base=tmp_path,
    )
    original, _ = read()
    assert crm.graph.canonical() == original.graph.canonical()
    [metering] = [o for o in crm.graph.opportunities if o.id == METERING]
    assert metering.amount == 2_400_000 and str(metering.close_date) == "2026-06-30"
    assert [m.person for m in metering.committee if m.primary] == [C["marie"]]


def test_hubspot_ids_that_cannot_be_ids_are_errors_not_tracebacks(tmp_path: Path) -> None:
    """Issue 12.5: a record or company id with a space, or one Excel rewrote as a number."""
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "Record ID,First Name,Last Name,Email,Associated Company ID,Associated Company\n"
        "50 1,Ann,Lee,ann@harbour.example,9001,Harbour Logistics\n"
        "1.23457E+11,Cat,Roe,cat@harbour.example,9001,Harbour Logistics\n"
        "502,Bo,Moore,bo@harbour.example,90 01,Harbour Logistics\n",
        encoding="utf-8",
    )
    db = tmp_path / "h.db"
    code, out = run(db, "import-crm", "hubspot", "--contacts", str(contacts))
    assert code == 1 and "Traceback" not in out and not db.exists()
    assert "contacts.csv:2: error BAD_ID: Record ID: '50 1' is not a HubSpot id (row skipped)" in out
    assert "contacts.csv:3: error BAD_ID" in out
    assert "contacts.csv:4: error BAD_ID: 502: Associated Company ID: '90 01'" in out
    code, out = run(db, "import-crm", "hubspot", "--contacts", str(contacts), "--skip-bad-rows")
    assert code == 0, out
    with SQLiteStore(db) as s:
        assert [
            (p.name, s.get("organisations", [p.org])[p.org].name)  # type: ignore[attr-defined]
            for p in s.dump().people
            if p.org != "our-company"
        ] == [("Bo Moore", "Harbour Logistics")]


def test_a_manager_named_in_a_later_report_is_found_in_the_store(store: Store, tmp_path: Path) -> None:
    import_crm(
        store,
        read_salesforce([SF / "Contact_report.csv"], [SF / "Account.csv"], store=store, base=SF),
        skip_bad_rows=True,
    )
    lines = (SF / "Contact_report.csv").read_bytes().decode("cp1252").splitlines()
    newcomer = (
        f'"0035E00000099KqQAI","{MOREL}","Morel Énergie SA","Luc","Bernard","Acheteur","Achats",'
        f'"marie  MOREL","l.bernard@morel-energie.example","","Tom Ashdown"'
    )
    later = tmp_path / "Contact.csv"
    later.write_text("\n".join([lines[0], newcomer]) + "\n", encoding="utf-8")
    crm = read_salesforce([later], store=store, base=tmp_path)
    assert [str(i) for i in crm.errors] == []
    import_crm(store, crm)
    assert store.person("0035E00000099KqQAI").reports_to == C["marie"]


HEADERS = {
    "de": [
        "Kontakt-ID",
        "Account-ID",
        "Accountname",
        "Vorname",
        "Nachname",
        "Titel",
        "Abteilung",
        "Vorgesetzter",
        "E-Mail",
        "Telefon",
        "Kontaktinhaber",
    ],
    "es": [
        "ID de contacto",
        "ID de la cuenta",
        "Nombre de la cuenta",
        "Nombre",
        "Apellidos",
        "Cargo",
        "Departamento",
        "Informa a",
        "Correo electrónico",
        "Teléfono",
        "Propietario del contacto",
    ],
    "fr": [
        "ID du contact",
        "ID du compte",
        "Nom du compte",
        "Prénom",
        "Nom",
        "Titre",
        "Service",
        "Rend compte à",
        "Adresse e-mail",
        "Téléphone",
        "Propriétaire du contact",
    ],
}


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_a_report_exported_from_salesforce_in_another_language(tmp_path: Path, language: str) -> None:
    lines = (SF / "Contact_report.csv").read_bytes().decode("cp1252").splitlines()
    p = tmp_path / "Contact_report.csv"
    p.write_bytes("\r\n".join([",".join(f'"{h}"' for h in HEADERS[language]), *lines[1:]]).encode("cp1252"))
    got = read_salesforce([p], [SF / "Account.csv"], base=tmp_path)
    original, _ = read()
    assert {x.id: (x.name, x.title, x.reports_to, x.unit) for x in got.graph.people} == {
        x.id: (x.name, x.title, x.reports_to, x.unit) for x in original.graph.people
    }


def test_a_report_without_ids_loads_by_names_and_again_changes_nothing(tmp_path: Path) -> None:
    """Lightning's default contact report has no Contact ID nor Account ID: contacts are the
    people of that name in their account (found in the store after a Data Loader import),
    else new; accounts are found by name."""
    lines = (SF / "Contact_report.csv").read_bytes().decode("cp1252").splitlines()
    rows = [line.split('","', 2)[2] for line in lines[1:13]]  # drop Contact ID and Account ID
    no_ids = tmp_path / "Contacts_report.csv"
    no_ids.write_text("\n".join(['"' + lines[0].split('","', 2)[2], *['"' + r for r in rows]]) + "\n", encoding="utf-8")
    db = tmp_path / "c.db"
    args = ["import-crm", "salesforce", "--accounts", str(SF / "Account.csv"), "--skip-bad-rows"]
    code, out = run(db, *args, "--contacts", str(no_ids))
    assert code == 0, out
    assert "info NO_CONTACT_IDS" in out
    assert "Contacts_report.csv:5 & 6: error DUPLICATE_ID" in out  # the two Camille Petit: cannot be told apart
    with SQLiteStore(db) as s:
        people = {p.name: p for p in s.dump().people if p.org != "our-company"}
        assert people["Jean-Luc Dubois"].id == f"{MOREL}-jean-luc-dubois"
        assert people["Jean-Luc Dubois"].reports_to == f"{MOREL}-marie-morel"
        assert people["Iker Ibarra"].org == IBARRA  # "Talleres Ibarra S.L." found by name in the accounts file
    code, out = run(db, *args, "--contacts", str(no_ids))
    assert code == 0 and ": nothing changed" in out, out


def test_a_report_without_ids_finds_the_people_a_data_loader_import_made(store: Store, tmp_path: Path) -> None:
    import_crm(
        store,
        read_salesforce([SF / "Contact_report.csv"], [SF / "Account.csv"], store=store, base=SF),
        skip_bad_rows=True,
    )
    lines = (SF / "Contact_report.csv").read_bytes().decode("cp1252").splitlines()
    header = '"' + lines[0].split('","', 2)[2]
    zoe = '"' + lines[8].split('","', 2)[2].replace("VP & Chief of Staff", "SVP & Chief of Staff")
    later = tmp_path / "c.csv"
    later.write_text("\n".join([header, zoe]) + "\n", encoding="utf-8")
    crm = read_salesforce([later], store=store, base=tmp_path)
    assert [str(i) for i in crm.errors] == []
    report = import_crm(store, crm)
    assert report.written and store.person(C["zoe"]).title == "SVP & Chief of Staff"
    assert store.person(C["zoe"]).reports_to == C["elodie"]


def test_a_report_names_the_owners_of_the_contacts(tmp_path: Path) -> None:
    """No OwnerId in a report: the Contact Owner is our person of that name (the --map file's
    users say which Salesforce user), who knows the contacts they own."""
    users = tmp_path / "users.yaml"
    users.write_text("users:\n  0055E0000001KqA: Tom Ashdown\n", encoding="utf-8")
    crm = read_salesforce([SF / "Contact_report.csv"], [SF / "Account.csv"], base=SF, column_map=load_column_map(users))
    ours = {p.id: p.name for p in crm.graph.people if p.org == "our-company"}
    assert ours == {"0055E0000001KqAQAU": "Tom Ashdown", "salesforce-user-irene-castellvi": "Irene Castellví"}
    assert {(k.a, k.b) for k in crm.graph.knows if C["iker"] in (k.a, k.b)} == {
        tuple(sorted((C["iker"], "salesforce-user-irene-castellvi")))
    }
