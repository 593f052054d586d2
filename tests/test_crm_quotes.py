"""Issue 12.1: one unbalanced quote must not swallow the rest of a CSV in silence.

A CSV whose rows do not parse as the header promises is reported with its file and the
line where the quote opened; with --skip-bad-rows that row is left out and every row after
it is read again and loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.io.crm import read_csv
from kamgraph.store import SQLiteStore

HEADER = "Id,AccountId,FirstName,LastName,Title,ReportsToId,Description\n"
ROWS = [
    "0035Q000305ORpdQAG,0015Q00030yGZ0vQAG,Hayley,Sutherland,CEO,,\n",
    '0035Q000305PD0KQAW,0015Q00030yGZ0vQAG,Kirsty,"Begum,CFO,0035Q000305ORpdQAG,\n',  # the quote never closes
    "0035Q000305PD0LQAW,0015Q00030yGZ0vQAG,Owen,Pryce,CTO,0035Q000305ORpdQAG,\n",
    "0035Q000305PD0MQAW,0015Q00030yGZ0vQAG,Nia,Rees,Head of IT,0035Q000305PD0LQAW,\n",
    '0035Q000305PD0NQAW,0015Q00030yGZ0vQAG,Tom,Hale,Buyer,0035Q000305PD0LQAW,"Met at ""Expo"", Leeds"\n',
]


def _file(tmp_path: Path, rows: list[str], name: str = "Contact.csv") -> Path:
    p = tmp_path / name
    p.write_text(HEADER + "".join(rows), encoding="utf-8")
    return p


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_the_table_says_where_the_quote_opened(tmp_path: Path) -> None:
    t = read_csv(_file(tmp_path, ROWS))
    assert t.swallowed == [3]  # header = line 1
    # every row after the bad one is read again, on its own line
    assert [r.line for r in t.rows] == [2, 4, 5, 6]
    assert t.rows[-1].values["Description"] == 'Met at "Expo", Leeds'


def test_a_quote_closed_by_a_later_row_is_found_too(tmp_path: Path) -> None:
    # the stray quote pairs with the quote of line 6: lines 3-6 would be one field of the right width
    rows = [*ROWS[:1], '0035Q000305PD0KQAW,0015Q00030yGZ0vQAG,Kirsty,Begum,CFO,,"Asked for ', "\n", *ROWS[2:]]
    t = read_csv(_file(tmp_path, rows))
    assert t.swallowed == [3]
    assert {r.line for r in t.rows} >= {5, 6}


def test_legit_line_breaks_inside_quotes_are_no_problem(tmp_path: Path) -> None:
    rows = [ROWS[0], '0035Q000305PD0KQAW,0015Q00030yGZ0vQAG,Kirsty,Begum,CFO,,"Line one\nline two, more"\n', ROWS[2]]
    t = read_csv(_file(tmp_path, rows))
    assert t.swallowed == []
    assert [r.line for r in t.rows] == [2, 3, 5]


def test_strict_import_refuses_naming_file_and_line(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    code, out = run("--store", str(db), "import-crm", "salesforce", "--contacts", str(_file(tmp_path, ROWS)))
    assert code == 1
    assert "Contact.csv:3: error UNBALANCED_QUOTE" in out
    assert "0 errors" not in out
    assert not db.exists()


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_skip_bad_rows_loads_every_other_row(tmp_path: Path, delimiter: str) -> None:
    db = tmp_path / "k.db"
    rows = [r.replace(",", delimiter) if delimiter != "," else r for r in ROWS]
    p = tmp_path / "Contact.csv"
    p.write_text(HEADER.replace(",", delimiter) + "".join(rows), encoding="utf-8")
    code, out = run("--store", str(db), "import-crm", "salesforce", "--contacts", str(p), "--skip-bad-rows")
    assert code == 0, out
    assert "Contact.csv:3: error UNBALANCED_QUOTE" in out
    with SQLiteStore(db) as s:
        names = sorted(p.name for p in s.dump().people if p.org == "0015Q00030yGZ0vQAG")
    assert names == ["Hayley Sutherland", "Nia Rees", "Owen Pryce", "Tom Hale"]
