"""Reading dirty CSV: encodings, BOM, delimiters, quoting, line ends, line numbers; ids,
dates and amounts."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from kamgraph.errors import InvalidInput
from kamgraph.io.crm import read_csv, sf_id18
from kamgraph.io.crm.values import date_order, parse_amount, parse_date
from tests.crm_corpus import Corpus

ROWS = [["Id", "LastName", "Title"], ["1", "Muñoz", "Jefa de Compras"], ["2", "Peña Ordóñez", "CFO"]]


def _write(path: Path, rows: list[list[str]], delimiter: str, newline: str, encoding: str, bom: bytes = b"") -> Path:
    text = newline.join(delimiter.join(r) for r in rows) + newline
    path.write_bytes(bom + text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "encoding, bom, expected",
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("cp1252", b"", "cp1252"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_delimiters_line_ends(
    tmp_path: Path, encoding: str, bom: bytes, expected: str, delimiter: str, newline: str
) -> None:
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


def test_dataloader_file_multiline_addresses(crm: Corpus) -> None:
    t = read_csv(crm.path(crm.uk))
    assert len(t.rows) == crm["uk_records"]  # more physical lines than records: three addresses span two lines
    multiline = [d for d in crm.expected_defects() if d["code"] == "NEWLINE_IN_FIELD"]
    assert len(multiline) == 3
    by_id = {r.values["Id"]: r for r in t.rows}
    for d in multiline:
        row = by_id[d["record"]]
        assert row.line == int(d["line"]) and row.values["MailingStreet"].count("\n") == 1
        assert ("," in row.values["MailingStreet"]) == d["description"].endswith("and a comma")
    physical = crm.path(crm.uk).read_bytes().count(b"\n")
    assert t.rows[-1].line == physical - row_breaks(t.rows[-1].values)  # the last record's own first line
    emoji = crm.defect("EMOJI_IN_NAME")
    last_name = by_id[emoji["record"]].values["LastName"]
    assert len(last_name.encode()) - len(last_name) >= 3 and ord(last_name[-1]) > 0xFFFF  # a 4-byte emoji, intact


def row_breaks(values: dict[str, str]) -> int:
    return sum(v.count("\n") for v in values.values())


def test_excel_file_bom_semicolon_crlf(crm: Corpus) -> None:
    t = read_csv(crm.path(crm.es))
    assert (t.encoding, t.delimiter, t.newline) == ("utf-8-sig", ";", "CRLF")
    assert t.header[0] == "Id"
    assert len(t.rows) == crm["es_rows"]
    d = crm.defect("DELIMITER_IN_FIELD")
    pid, title = crm["delimiter"]
    row = next(r for r in t.rows if r.values["Id"] == pid)
    assert row.line == int(d["line"]) and d["record"] == pid
    assert row.values["Title"] == title


def test_salesforce_ids(crm: Corpus) -> None:
    assert sf_id18("0035Q000305d4sc") == "0035Q000305d4scQAA"
    assert sf_id18("0035Q000305yBKs") == "0035Q000305yBKsQAM"
    assert sf_id18("001000000000000") == "001000000000000AAA"
    seen = 0
    for path in sorted(crm.sf.glob("*.csv")):  # every 18-char id in the exports has a correct suffix
        for row in read_csv(path).rows:
            for v in row.values.values():
                v = v.strip()
                if len(v) == 18 and v[:3] in {"001", "003", "005", "006", "00K"}:
                    assert sf_id18(v) == v
                    seen += 1
    assert seen > 300
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
