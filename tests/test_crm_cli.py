"""``kamgraph import-crm`` through click: exit codes, the printed list, --skip-bad-rows,
--dry-run, --json, and a store left unchanged on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED

from kamgraph.cli import cli
from kamgraph.store import SQLiteStore

SF = SHARED / "data" / "crm" / "salesforce"
HUBSPOT = SHARED / "data" / "crm" / "hubspot" / "hubspot-crm-exports-all-contacts-2025-05-07.csv"
SF_ARGS = ["import-crm", "salesforce", "--contacts", str(SF / "Contact_brackenmoor_dataloader.csv"),
           "--contacts", str(SF / "Contact_iberica_excel_es.csv"), "--accounts", str(SF / "Account.csv"),
           "--opportunities", str(SF / "Opportunity.csv"), "--contact-roles", str(SF / "OpportunityContactRole.csv")]


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--store", str(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def people(db: Path) -> int:
    with SQLiteStore(db) as s:
        return len(s.dump().people)


def test_errors_exit_1_list_every_problem_and_write_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    code, out = run(db, *SF_ARGS)
    assert code == 1
    assert "Contact_brackenmoor_dataloader.csv:28: error DANGLING_REPORTS_TO: 0035Q000305iMR5QAM: ReportsToId:" in out
    assert "Contact_brackenmoor_dataloader.csv:35 & 58: error REPORTING_CYCLE" in out
    assert "OpportunityContactRole.csv:32: error ROLE_UNMAPPED" in out
    assert "nothing written: 9 errors (listed above)" in out
    assert "Traceback" not in out
    assert people(db) == 0


def test_skip_bad_rows_imports_the_rest_then_nothing_changes(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    code, out = run(db, *SF_ARGS, "--skip-bad-rows")
    assert code == 0, out
    assert "9 errors, 6 warnings" in out and "bad rows skipped as listed" in out
    assert people(db) == 117
    code, out = run(db, *SF_ARGS, "--skip-bad-rows")
    assert code == 0 and ": nothing changed" in out
    code, out = run(db, "import-crm", "hubspot", "--contacts", str(HUBSPOT))
    assert code == 0, out
    assert people(db) == 117 + 3 + 2  # three new people, two owners named in HubSpot
    code, out = run(db, "show", "0015Q00030yGZbtQAG")
    assert code == 0 and "Nerea Serrano Garrido" in out
    code, out = run(db, "show", "0015Q00030yGZ0vQAG")  # Brackenmoor: IsPrimary marks the primary contacts
    assert code == 0 and "Kirsty Begum *" in out and "  * primary contact" in out


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    code, out = run(db, *SF_ARGS, "--skip-bad-rows", "--dry-run")
    assert code == 0 and "Dry run: nothing written." in out
    assert people(db) == 0
    code, out = run(db, *SF_ARGS, "--dry-run")
    assert code == 1  # errors, and bad rows would not be skipped
    assert people(db) == 0


def test_json_report(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    code, out = run(db, *SF_ARGS, "--json", "--skip-bad-rows", "--merge-duplicates")
    assert code == 0
    report = json.loads(out)
    assert report["written"] is True and report["result"]["counts"]["people"]["added"] == 116
    issue = next(i for i in report["issues"] if i["code"] == "SELF_REPORTS_TO")
    assert issue["lines"] == [57] and issue["field"] == "ReportsToId" and issue["level"] == "error"
    assert issue["file"].endswith("Contact_brackenmoor_dataloader.csv")


def test_map_file_and_bad_input(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    m = tmp_path / "map.yaml"
    m.write_text("roles: {Approver: decision_maker}\ncolumns: {Fecha_Ultimo_Contacto__c: last_contact}\n")
    code, out = run(db, *SF_ARGS, "--map", str(m), "--skip-bad-rows", "--our-org", "us")
    assert code == 0 and "ROLE_UNMAPPED" not in out and "LOCALE_DATES" in out
    code, out = run(db, "import-crm", "salesforce", "--contacts", str(tmp_path / "missing.csv"))
    assert code == 1 and "no such file" in out
    m.write_text("roles: {Approver: boss}\n")
    code, out = run(db, *SF_ARGS, "--map", str(m))
    assert code == 1 and "roles > Approver" in out
    code, out = run(db, "import-crm", "salesforce")
    assert code == 2 and "--contacts" in out


@pytest.mark.parametrize("args", [["import-crm"], ["import-crm", "salesforce"], ["import-crm", "hubspot"]])
def test_help(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_map_file_points_custom_fields_at_ours(tmp_path: Path) -> None:
    contacts = tmp_path / "Contact.csv"
    contacts.write_text(
        "Id,AccountId,FirstName,LastName,Title,Postura__c,Nivel__c,LinkedIn__c,Rol_Compra__c\n"
        "0035Q000305ORpdQAG,0015Q00030yGZ0vQAG,Hayley,Sutherland,CEO,supporter,vp,https://linkedin.example/in/hs,x\n"
        "0035Q000305PD0KQAW,0015Q00030yGZ0vQAG,Kirsty,Begum,CFO,hostile,,,\n", encoding="utf-8")
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


def test_progress_is_told_how_far_reading_got(tmp_path: Path) -> None:
    from kamgraph.io.crm import read_salesforce

    seen: list[tuple[str, int, int]] = []
    read_salesforce([SF / "Contact_brackenmoor_dataloader.csv"], progress=lambda f, n, t: seen.append((f, n, t)))
    assert [(n, t) for _, n, t in seen] == [(0, 58), (58, 58)]
