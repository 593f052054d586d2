"""Reading dirty CSV: encodings, BOM, delimiters, quoting, line ends, line numbers; ids,
dates and amounts."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from conftest import SHARED

from kamgraph.errors import InvalidInput
from kamgraph.io.crm import read_csv, sf_id18
from kamgraph.io.crm.values import date_order, parse_amount, parse_date

CRM = SHARED / "data" / "crm"
ROWS = [["Id", "LastName", "Title"], ["1", "Muñoz", "Jefa de Compras"], ["2", "Peña Ordóñez", "CFO"]]


def _write(path: Path, rows: list[list[str]], delimiter: str, newline: str, encoding: str, bom: bytes = b"") -> Path:
    text = newline.join(delimiter.join(r) for r in rows) + newline
    path.write_bytes(bom + text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding, bom, expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("cp1252", b"", "cp1252"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_delimiters_line_ends(tmp_path: Path, encoding: str, bom: bytes, expected: str, delimiter: str,
                                        newline: str) -> None:
    t = read_csv(_write(tmp_path / "c.csv", ROWS, delimiter, newline, encoding, bom))
    assert t.encoding == expected
    assert t.delimiter == delimiter
    assert t.newline == ("CRLF" if newline == "\r\n" else "LF")
    assert t.header == ["Id", "LastName", "Title"]  # no "\ufeffId"
    assert [r.values["LastName"] for r in t.rows] == ["Muñoz", "Peña Ordóñez"]
    assert [r.line for r in t.rows] == [2, 3]


def test_quoted_values_keep_delimiters_and_line_breaks(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_bytes(b'Id;Street;Title\r\n1;"Unit 4; Park\r\nKeighley Road";"A ""quoted"" title"\r\n\r\n2;x;y\r\n')
    t = read_csv(p)
    assert t.rows[0].values["Street"] == "Unit 4; Park\r\nKeighley Road"
    assert t.rows[0].values["Title"] == 'A "quoted" title'
    assert [r.line for r in t.rows] == [2, 5]  # record 2 starts after the two-line value and a blank line


def test_ragged_rows_are_listed(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text("Id,LastName,Title\n1,A\n2,B,C,D\n")
    t = read_csv(p)
    assert t.short_rows == [2] and t.long_rows == [3]
    assert t.rows[0].values["Title"] == ""


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        read_csv(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_text("\n\n")
    with pytest.raises(InvalidInput, match="empty file"):
        read_csv(tmp_path / "empty.csv")


def test_shared_dataloader_file_multiline_addresses() -> None:
    t = read_csv(CRM / "salesforce" / "Contact_brackenmoor_dataloader.csv")
    assert len(t.rows) == 58  # 61 physical lines of records: three addresses span two lines
    by_id = {r.values["Id"]: r for r in t.rows}
    assert by_id["0035Q000305haEqQAI"].line == 13
    assert by_id["0035Q000305haEqQAI"].values["MailingStreet"] == "Eccup Treatment Works\nHarrogate Road"
    assert by_id["0035Q000305nh20QAA"].values["MailingStreet"] == "Unit 4, Aire Valley Business Park\nKeighley Road"
    assert by_id["0035Q000305Q8ntQAC"].line == 48
    assert by_id["0035Q000305tkhfQAA"].line == 62
    assert by_id["0035Q000305vafIQAQ"].values["LastName"] == "Okonkwo \U0001f4a7"


def test_shared_excel_file_bom_semicolon_crlf() -> None:
    t = read_csv(CRM / "salesforce" / "Contact_iberica_excel_es.csv")
    assert (t.encoding, t.delimiter, t.newline) == ("utf-8-sig", ";", "CRLF")
    assert t.header[0] == "Id"
    assert len(t.rows) == 60
    row = next(r for r in t.rows if r.values["Id"] == "0035Q000305yXVRQA2")
    assert row.line == 12
    assert row.values["Title"] == "Responsable de Tesorería; Responsable de Consolidación"


def test_salesforce_ids() -> None:
    assert sf_id18("0035Q000305d4sc") == "0035Q000305d4scQAA"
    assert sf_id18("0035Q000305yBKs") == "0035Q000305yBKsQAM"
    assert sf_id18("001000000000000") == "001000000000000AAA"
    for path in (CRM / "salesforce").glob("*.csv"):  # every 18-char id in the samples has a correct suffix
        for row in read_csv(path).rows:
            for v in row.values.values():
                v = v.strip()
                if len(v) == 18 and v[:3] in {"001", "003", "005", "006", "00K"}:
                    assert sf_id18(v) == v
    with pytest.raises(ValueError):
        sf_id18("not-an-id")


def test_dates_and_amounts() -> None:
    assert date_order(["04/02/2025 19:17", "16/04/2025 8:20"]) == "dmy"
    assert date_order(["02/14/2025"]) == "mdy"
    assert parse_date("04/02/2025 19:17") == dt.date(2025, 2, 4)
    assert parse_date("04/02/2025", "mdy") == dt.date(2025, 4, 2)
    assert parse_date("2025-05-07 13:45") == dt.date(2025, 5, 7)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("soon")
    assert parse_amount("620000.00") == 620000.0
    assert parse_amount("620.000,00") == 620000.0
    assert parse_amount("1 234,50 €") == 1234.5
    assert parse_amount("1,234,567") == 1234567.0
    assert parse_amount("") is None
