"""The quick ways of reading a CRM export give the answers of the careful ones (issue 19):
CSV records read in one loop and kept as read (their values paired with the header only
when asked), the usual Salesforce contact row read at once (anything else row by row as
before) and its person assembled rather than validated, 18-character ids worked out by
table. On random exports with what real ones hold (15-character ids, wrong checksums,
spaces, deleted and repeated rows, missing names, dates of either order and none, short and
long rows, quotes over several lines), and on the corpora's dirty exports."""

from __future__ import annotations

import csv
import string
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import kamgraph.io.crm.csvsniff as csvsniff
import kamgraph.io.crm.salesforce.contacts as contacts
import kamgraph.io.crm.salesforce.rows as contact_rows
from kamgraph.errors import InvalidInput
from kamgraph.io.crm import import_crm, read_salesforce
from kamgraph.io.crm.csvsniff import CsvRow, CsvTable, read_csv
from kamgraph.io.crm.salesforce.ids import _SUFFIX, _UPPER, sf_id18, with_suffix
from kamgraph.store import SQLiteStore

# --- CSV ---------------------------------------------------------------------------------


def _careful_read_from(table: CsvTable, lines: list[str], pos: int) -> int | None:
    """``csvsniff._read_from`` as it was before the quick loop (issue 19, session 8): a
    record at a time, every row's values paired with the header at once."""
    reader = csv.reader((lines[i] for i in range(pos, len(lines))), delimiter=table.delimiter, strict=False)
    last = 0
    while True:
        start = pos + last + 1
        try:
            record = next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            if "field larger than field limit" in str(exc) and table.header:
                table.swallowed.append(start)
                return start
            raise InvalidInput(f"{table.path}:{start}: malformed CSV: {exc}") from None
        end, last = pos + reader.line_num, reader.line_num
        if not any(v.strip() for v in record):
            continue
        if not table.header:
            table.header = [h.strip().lstrip("\ufeff") for h in record]
            continue
        n = len(table.header)
        if end > start and csvsniff._swallows(lines[start - 1 : end], record, n, table.delimiter, end == len(lines)):
            table.swallowed.append(start)
            return start
        if len(record) < n:
            table.short_rows.append(start)
        elif len(record) > n and any(v.strip() for v in record[n:]):
            table.long_rows.append(start)
        if len(record) >= n and all(table.header):
            values = dict(zip(table.header, record, strict=False))
        else:
            values = {h: (record[i] if i < len(record) else "") for i, h in enumerate(table.header) if h}
        table.rows.append(CsvRow(start, values, record[n:]))


def _table(path: Path) -> Any:
    """Everything a read tells (or the one line it refuses the file with)."""
    try:
        t = read_csv(path)
    except InvalidInput as exc:
        return str(exc)
    rows = [(r.line, r.values, r.extra) for r in t.rows]
    columns = {h: t.column(h) for h in t.header}
    assert all(columns[h] == [r.values.get(h, "") for r in t.rows] for h in t.header)
    return (t.encoding, t.delimiter, t.newline, t.header, rows, t.short_rows, t.long_rows, t.swallowed, t.footer)


CELL = st.text(alphabet=st.sampled_from(list('ab 0,;"\n\r\t|') + ["\ufeff", "é"]), max_size=6)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A CSV file as people have them: any delimiter and line end, quoted and bare values,
    values over several lines, quotes that never close, blank lines, rows of any width,
    a header with empty or repeated names."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    width = draw(st.integers(1, 5))

    def cell() -> str:
        value = draw(CELL)
        if draw(st.booleans()):
            return '"' + value.replace('"', '""') + '"'
        return value.replace(delimiter, "").replace('"', "") if draw(st.booleans()) else value

    header = [draw(st.sampled_from(["Id", "Name", "", "Id", " Title ", "a"])) for _ in range(width)]
    lines = [delimiter.join(header)]
    for _ in range(draw(st.integers(0, 8))):
        n = draw(st.sampled_from([width, width, width, width - 1, width + 1, 0]))
        lines.append(delimiter.join(cell() for _ in range(max(n, 0))))
    return newline.join(lines) + draw(st.sampled_from(["", newline, newline + newline]))


@settings(max_examples=300, deadline=None)
@given(csv_texts())
def test_csv_read_in_one_loop_reads_as_record_by_record(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.csv"
        path.write_bytes(text.encode("utf-8"))
        quick = _table(path)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(csvsniff, "_read_from", _careful_read_from)
            careful = _table(path)
    assert quick == careful


def test_a_row_as_read_compares_and_shows_as_its_values() -> None:
    header = ["Id", "Name"]
    kept = CsvRow(2, None, [], ["1", "Ana", ""], header)
    paired = CsvRow(2, {"Id": "1", "Name": "Ana"})
    assert kept == paired and kept.values == {"Id": "1", "Name": "Ana"}
    assert repr(kept) == repr(paired) == "CsvRow(line=2, values={'Id': '1', 'Name': 'Ana'}, extra=[])"
    assert kept != CsvRow(3, {"Id": "1", "Name": "Ana"})


# --- Salesforce ids ----------------------------------------------------------------------


@given(st.text(alphabet=string.ascii_letters + string.digits, min_size=15, max_size=15))
def test_sf_id18_by_table_is_the_checksum(head: str) -> None:
    upper = head.translate(_UPPER)
    assert sf_id18(head) == head + "".join(_SUFFIX[int(upper[n : n + 5][::-1], 2)] for n in (0, 5, 10))
    assert with_suffix(head + "AAA") == with_suffix(head) == sf_id18(head)


# --- Salesforce contacts -----------------------------------------------------------------

_HEADS = [f"0035Q000305{c}{n:03d}" for c in "aBcD" for n in range(3)]
_IDS = [sf_id18(h) for h in _HEADS]
_DIRTY_IDS = (
    _HEADS  # 15 characters
    + [i[:15] + "ZZZ" for i in _IDS[:3]]  # a wrong checksum
    + [i[:15] + i[15:].lower() for i in _IDS[:3]]  # the checksum in lower case (fine)
    + [f" {_IDS[0]}", f"{_IDS[1]} ", "", " ", "abc", "0035Q000305d4s", "0035Q-00305d4scQAA"]
)


def _mostly(plain: list[str], dirty: list[str]) -> st.SearchStrategy[str]:
    """Mostly a plain value (the quick reader's), else a dirty one."""
    return st.one_of(st.sampled_from(plain), st.sampled_from(plain), st.sampled_from(plain), st.sampled_from(dirty))


ID = _mostly(_IDS, _DIRTY_IDS)
ACCOUNT = _mostly([sf_id18("0015Q00030yGZ0v"), sf_id18("0015Q00030yGZbt")], ["0015Q00030yGZbt", "", "bad"])
OWNER = _mostly([sf_id18("0055Q00030RNP5V"), ""], ["0055Q00030RNP5V", " ", "nobody"])
NAME = _mostly(["Ana", "José Luis", "O'Neil"], ["", " ", "  Begoña  "])
DATE = _mostly(["", "2025-01-02", "2025-01-02T10:00:00.000Z"], ["02/01/2025", "13/01/2025", "01/13/2025", "soon"])
TEXT = st.sampled_from(["", "CFO", "Head of Finance", " Finance ", "Sales", "x" * 230])
EMAIL = st.sampled_from(["", "ana@x.example", "ANA@x.example ", "luis@x.example"])
DELETED = _mostly(["", "false"], ["true", "False", " false", "1"])

COLUMNS = {
    "Id": ID,
    "IsDeleted": DELETED,
    "AccountId": ACCOUNT,
    "FirstName": NAME,
    "LastName": NAME,
    "Title": TEXT,
    "Department": TEXT,
    "ReportsToId": ID,
    "Email": EMAIL,
    "Phone": st.sampled_from(["", "+44 113 496 0000"]),
    "MobilePhone": st.sampled_from(["", "+34 600 000 000"]),
    "OwnerId": OWNER,
    "LastActivityDate": DATE,
    "Account Name": st.sampled_from(["", "Brackenmoor"]),
    "Stance": st.sampled_from(["", "champion", "fan"]),
}
_ALWAYS = ["Id", "AccountId", "FirstName", "LastName"]


@st.composite
def contact_exports(draw: st.DrawFn) -> str:
    optional = [c for c in COLUMNS if c not in _ALWAYS]
    header = _ALWAYS + draw(st.lists(st.sampled_from(optional), unique=True, max_size=len(optional)))
    header = draw(st.permutations(header))
    rows = []
    for _ in range(draw(st.integers(1, 14))):
        row = [draw(COLUMNS[c]) for c in header]
        cut = draw(st.sampled_from([None] * 8 + [-1, 1]))  # now and then a short or a long row
        rows.append(row[:-1] if cut == -1 else row + ["extra"] if cut == 1 else row)
        if draw(st.integers(0, 9)) == 0:
            rows.append(list(rows[-1]))  # the same row twice
    out = []
    for r in [header, *rows]:
        out.append(",".join('"' + v.replace('"', '""') + '"' for v in r))
    return "\n".join(out) + "\n"


def _everything(crm: Any) -> Any:
    g = crm.graph
    return (
        g.model_dump_json(),
        [[(k, type(v), v) for k, v in p.__dict__.items()] for p in g.people],  # each value of its type, in order
        [sorted(p.model_fields_set) for p in g.people],
        [sorted(k.model_fields_set) for k in g.knows],
        [str(i) for i in crm.issues],
        list(crm.origin.items()),
        [f.model_dump_json() for f in crm.files],
        crm.covers,
    )


def _row_by_row(s: Any, fname: str, table: Any, read: Any, cols: Any, order: str) -> None:
    for row in read:
        contact_rows.contact_row(s, fname, row, cols, order)


def _both(paths: list[Path], **kw: Any) -> tuple[Any, Any]:
    """What ``read_salesforce`` reads, the quick way and row by row."""

    def read() -> Any:
        try:
            return _everything(read_salesforce(paths, **kw))
        except Exception as exc:  # the same refusal, the same words
            return repr(exc)

    quick = read()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(contact_rows, "plain_rows", _row_by_row)
        careful = read()
    return quick, careful


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contact_exports(), st.booleans(), st.booleans())
def test_the_usual_contact_row_read_at_once_reads_as_row_by_row(text: str, merge: bool, stored: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Contact.csv"
        path.write_text(text, encoding="utf-8")
        with SQLiteStore(Path(tmp) / "s.db") as store:
            if stored:  # a re-import: what the store holds is merged in, and looked up
                try:
                    import_crm(store, read_salesforce([path], store=store), skip_bad_rows=True)
                except ValidationError:  # (a department of 200 characters: its unit's id is too long)
                    pass
            quick, careful = _both([path], store=store, merge_duplicates=merge)
    assert quick == careful


def test_the_quick_read_is_taken_for_a_data_loader_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(So the comparisons above compare something.)"""
    path = tmp_path / "Contact.csv"
    path.write_text(f"Id,AccountId,FirstName,LastName\n{_IDS[0]},{sf_id18('0015Q00030yGZ0v')},Ana,Ruiz\n")
    taken: list[int] = []

    def spy(s: Any, fname: str, row: Any, cols: Any, order: str) -> None:
        taken.append(row.line)

    monkeypatch.setattr(contact_rows, "contact_row", spy)
    assembled: list[str] = []

    def counted(*args: Any) -> Any:
        assembled.append(args[1].id)
        return _assembled(*args)

    monkeypatch.setattr(contacts, "_assembled", counted)
    crm = read_salesforce([path])
    assert taken == [] and [p.name for p in crm.graph.people if p.id == _IDS[0]] == ["Ana Ruiz"]
    assert assembled == [_IDS[0]]


_assembled = contacts._assembled


def test_the_corpus_exports_read_at_once_read_as_row_by_row(crm: Any) -> None:
    sf = crm.sf
    paths = [crm.path(crm.uk), crm.path(crm.es)]
    for kw in (
        {},
        {"accounts": [sf / "Account.csv"]},
        {"accounts": [sf / "Account.csv"], "merge_duplicates": True},
        {
            "accounts": [sf / "Account.csv"],
            "opportunities": [sf / "Opportunity.csv"],
            "contact_roles": [sf / "OpportunityContactRole.csv"],
        },
    ):
        for files in ([paths[0]], [paths[1]], paths):
            quick, careful = _both(files, **kw)
            assert quick == careful
            assert not isinstance(quick, str)
