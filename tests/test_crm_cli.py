"""``kamgraph import-crm`` through click: exit codes, the printed list, --skip-bad-rows,
--dry-run, --json, and a store left unchanged on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.store import SQLiteStore
from tests.crm_corpus import Corpus


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--store", str(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def people(db: Path) -> int:
    with SQLiteStore(db) as s:
        return len(s.dump().people)


def test_errors_exit_1_list_every_problem_and_write_nothing(crm: Corpus, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    code, out = run(db, *crm.salesforce_args())
    assert code == 1
    dangling, cycle, role = (
        crm.defect(c) for c in ("DANGLING_REPORTS_TO", "REPORTING_CYCLE_2", "ROLE_NOT_IN_PICKLIST")
    )
    uk = Path(crm.uk).name
    assert f"{uk}:{dangling['line']}: error DANGLING_REPORTS_TO: {dangling['record']}: ReportsToId:" in out
    assert f"{uk}:{cycle['line']}: error REPORTING_CYCLE" in out
    assert f"OpportunityContactRole.csv:{role['line']}: error ROLE_UNMAPPED" in out
    assert "nothing written: 9 errors (listed above)" in out
    assert "Traceback" not in out
    assert people(db) == 0


def test_skip_bad_rows_imports_the_rest_then_nothing_changes(crm: Corpus, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    args = crm.salesforce_args()
    code, out = run(db, *args, "--skip-bad-rows")
    assert code == 0, out
    assert "9 errors, 6 warnings" in out and "bad rows skipped as listed" in out
    loaded = crm["uk_imported"] + crm["es_people"] + 2  # and the two owners
    assert people(db) == loaded
    code, out = run(db, *args, "--skip-bad-rows")
    assert code == 0 and ": nothing changed" in out
    code, out = run(db, "import-crm", "hubspot", "--contacts", str(crm.path(crm.hubspot)))
    assert code == 0, out
    assert people(db) == loaded + crm["hubspot_new"] + 2  # the new people, two owners named in HubSpot
    code, out = run(db, "show", crm["es_account"])
    assert code == 0 and crm["shown"] in out
    code, out = run(db, "show", crm["uk_account"])  # IsPrimary marks the primary contacts
    assert code == 0 and crm["primary_marker"] in out and "  * primary contact" in out


def test_dry_run_writes_nothing(crm: Corpus, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    code, out = run(db, *crm.salesforce_args(), "--skip-bad-rows", "--dry-run")
    assert code == 0 and "Dry run: nothing written." in out
    assert people(db) == 0
    code, out = run(db, *crm.salesforce_args(), "--dry-run")
    assert code == 1  # errors, and bad rows would not be skipped
    assert people(db) == 0


def test_json_report(crm: Corpus, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    code, out = run(db, *crm.salesforce_args(), "--json", "--skip-bad-rows", "--merge-duplicates")
    assert code == 0
    report = json.loads(out)
    added = crm["uk_distinct"] + crm["es_people"] + 2
    assert report["written"] is True and report["result"]["counts"]["people"]["added"] == added
    issue = next(i for i in report["issues"] if i["code"] == "SELF_REPORTS_TO")
    assert issue["lines"] == [int(crm.defect("SELF_REPORTS_TO")["line"])]
    assert issue["field"] == "ReportsToId" and issue["level"] == "error"
    assert issue["file"].endswith(Path(crm.uk).name)


def test_map_file_and_bad_input(crm: Corpus, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    m = tmp_path / "map.yaml"
    m.write_text(
        f"roles: {{{crm['custom_role']}: decision_maker}}\ncolumns: {{Fecha_Ultimo_Contacto__c: last_contact}}\n"
    )
    code, out = run(db, *crm.salesforce_args(), "--map", str(m), "--skip-bad-rows", "--our-org", "us")
    assert code == 0 and "ROLE_UNMAPPED" not in out and "LOCALE_DATES" in out
    code, out = run(db, "import-crm", "salesforce", "--contacts", str(tmp_path / "missing.csv"))
    assert code == 1 and "no such file" in out
    m.write_text(f"roles: {{{crm['custom_role']}: boss}}\n")
    code, out = run(db, *crm.salesforce_args(), "--map", str(m))
    assert code == 1 and f"roles > {crm['custom_role']}" in out
    code, out = run(db, "import-crm", "salesforce")
    assert code == 2 and "--contacts" in out


def test_the_samples_map_file_names_our_sellers(tmp_path: Path) -> None:
    """The demo's import: samples/crm/salesforce-users.yaml names the owners after two sellers
    of samples/team.yaml and reads the custom last-meeting date."""
    from tests.crm_corpus import CORPORA, ROOT

    crm = CORPORA["samples"]
    db = tmp_path / "k.db"
    code, out = run(db, *crm.salesforce_args(), "--map", str(crm.path("salesforce-users.yaml")), "--skip-bad-rows")
    assert code == 0, out
    with SQLiteStore(db) as s:
        owners = {s.person(crm[k]).name for k in ("uk_owner", "es_owner")}
        pid, day = crm["day_first"]
        assert str(s.person(pid).last_contact) == day
    team = (ROOT / "samples" / "team.yaml").read_text(encoding="utf-8")
    assert owners == {"James Whitfield", "Lucía Fernández Ortega"} and all(f"name: {o}" in team for o in owners)


@pytest.mark.parametrize("args", [["import-crm"], ["import-crm", "salesforce"], ["import-crm", "hubspot"]])
def test_help(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_map_file_points_custom_fields_at_ours(tmp_path: Path) -> None:
    contacts = tmp_path / "Contact.csv"
    contacts.write_text(
        "Id,AccountId,FirstName,LastName,Title,Postura__c,Nivel__c,LinkedIn__c,Rol_Compra__c\n"
        "0035Q000305ORpdQAG,0015Q00030yGZ0vQAG,Hayley,Sutherland,CEO,supporter,vp,https://linkedin.example/in/hs,x\n"
        "0035Q000305PD0KQAW,0015Q00030yGZ0vQAG,Kirsty,Begum,CFO,hostile,,,\n",
        encoding="utf-8",
    )
    m = tmp_path / "map.yaml"
    m.write_text("columns:\n  Postura__c: stance\n  Nivel__c: seniority\n  LinkedIn__c: url\n", encoding="utf-8")
    db = tmp_path / "k.db"
    code, out = run(db, "import-crm", "salesforce", "--contacts", str(contacts), "--map", str(m), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["files"][0]["unused_columns"] == ["Rol_Compra__c"]  # unknown: listed, not an error
    bad = [i for i in report["issues"] if i["code"] == "BAD_VALUE"]
    assert [(i["lines"], i["field"]) for i in bad] == [([3], "Postura__c")]  # 'hostile' is not a stance
    with SQLiteStore(db) as s:
        ceo, cfo = s.person("0035Q000305ORpdQAG"), s.person("0035Q000305PD0KQAW")
    assert (ceo.stance.value, ceo.seniority, ceo.url) == ("supporter", "vp", "https://linkedin.example/in/hs")
    assert cfo.seniority == "executive"  # no value in the file: from the title


def test_progress_is_told_how_far_reading_got(crm: Corpus) -> None:
    from kamgraph.io.crm import read_salesforce

    seen: list[tuple[str, int, int]] = []
    read_salesforce([crm.path(crm.uk)], progress=lambda f, n, t: seen.append((f, n, t)))
    n = crm["uk_records"]
    assert [(n, t) for _, n, t in seen] == [(0, n), (n, n)]


def test_an_owner_the_map_names_is_the_seller_already_in_our_team(tmp_path: Path) -> None:
    """samples/crm/salesforce-users.yaml names the owners after two sellers of samples/team.yaml:
    their contacts hang on those sellers, not on a second James Whitfield made from the owner id."""
    root = Path(__file__).resolve().parent.parent
    sf = root / "samples" / "crm" / "salesforce"
    db = tmp_path / "k.db"
    assert run(db, "import", *(str(p) for p in sorted((root / "samples").glob("*.yaml"))))[0] == 0
    code, out = run(
        db,
        "import-crm",
        "salesforce",
        "--contacts",
        str(sf / "Contact_ashgrove_dataloader.csv"),
        "--contacts",
        str(sf / "Contact_cantabrico_excel_es.csv"),
        "--accounts",
        str(sf / "Account.csv"),
        "--map",
        str(root / "samples" / "crm" / "salesforce-users.yaml"),
        "--skip-bad-rows",
    )
    assert code == 0, out
    with SQLiteStore(db) as s:
        graph = s.dump()
    ours = {p.id: p.name for p in graph.people if p.org == "kestrel"}
    assert sorted(n for n in ours.values() if n in {"James Whitfield", "Lucía Fernández Ortega"}) == [
        "James Whitfield",
        "Lucía Fernández Ortega",
    ]
    owners = {k.a if k.a in ours else k.b for k in graph.knows if k.source == "crm"}
    assert owners == {"kes-james-whitfield", next(i for i, n in ours.items() if n == "Lucía Fernández Ortega")}
    # and `show` says what that is: an owner, not someone who knows them
    code, out = run(db, "show", "Ashgrove")
    assert code == 0 and "James Whitfield (CRM owner)" in out and "James Whitfield (0.5)" not in out
    code, out = run(db, "show", "Ashgrove", "--json")
    contacts = [c for p in json.loads(out)["people"] for c in p["known_by"]]
    assert contacts and all(c["owner"] for c in contacts)


def test_our_organisation_is_found_in_a_store_that_holds_only_our_team(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    sf = root / "samples" / "crm" / "salesforce"
    db = tmp_path / "k.db"
    assert run(db, "import", str(root / "samples" / "team.yaml"))[0] == 0
    code, out = run(
        db,
        "import-crm",
        "salesforce",
        "--contacts",
        str(sf / "Contact_ashgrove_dataloader.csv"),
        "--accounts",
        str(sf / "Account.csv"),
        "--map",
        str(root / "samples" / "crm" / "salesforce-users.yaml"),
        "--skip-bad-rows",
    )
    assert code == 0, out
    assert "OUR_ORG_CREATED" not in out
    with SQLiteStore(db) as s:
        assert [o.id for o in s.dump().organisations if o.kind.value == "own"] == ["kestrel"]
