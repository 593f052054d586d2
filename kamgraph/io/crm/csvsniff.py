"""Reading CSV files as users really have them: any of UTF-8 (with or without BOM), UTF-16
(Excel's "Unicode text"), cp1252 / Latin-1; `,` `;` tab or `|` between values; quoted
values that hold the delimiter or line breaks; LF, CRLF or CR line ends.

Each record keeps the physical line it starts on (header = line 1), so a report can point
at it in an editor.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
>>> _ = p.write_bytes('\\ufeffId;Title\\r\\n1;"Jefa; CFO"\\r\\n'.encode("utf-8"))
>>> t = read_csv(p)
>>> t.header, t.delimiter, t.encoding, t.rows[0].line, t.rows[0].values["Title"]
(['Id', 'Title'], ';', 'utf-8-sig', 2, 'Jefa; CFO')
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InvalidInput

__all__ = ["CsvRow", "CsvTable", "decode", "read_csv", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t", "|")


class CsvRow:
    """One record: the physical line it starts on and its values by (stripped) header.

    The usual record (as wide as the header, every column of the header named) keeps its
    values as read, in the header's order, then one empty value (what a column the file
    lacks reads as: see :meth:`CsvTable.positions`), as ``record``; ``values`` pairs them with
    the header when first asked. Any other record has ``values`` only (``record`` is ``None``).
    """

    __slots__ = ("line", "_values", "extra", "record", "_header")

    def __init__(
        self,
        line: int,
        values: dict[str, str] | None = None,
        extra: list[str] | None = None,
        record: list[str] | None = None,
        header: list[str] | None = None,
    ) -> None:
        self.line = line
        self._values = values
        self.extra = [] if extra is None else extra  # values beyond the header's columns
        self.record = record
        self._header = header

    @property
    def values(self) -> dict[str, str]:
        if self._values is None:
            assert self.record is not None and self._header is not None
            self._values = dict(zip(self._header, self.record, strict=False))  # (the last value: past the header)
        return self._values

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CsvRow):
            return NotImplemented
        return (self.line, self.values, self.extra) == (other.line, other.values, other.extra)

    __hash__ = None  # type: ignore[assignment]  # (as a dataclass's)

    def __repr__(self) -> str:
        return f"CsvRow(line={self.line!r}, values={self.values!r}, extra={self.extra!r})"


@dataclass
class CsvTable:
    path: Path
    encoding: str
    delimiter: str
    newline: str
    header: list[str]
    rows: list[CsvRow]
    short_rows: list[int] = field(default_factory=list)  # lines of records with fewer fields than the header
    long_rows: list[int] = field(default_factory=list)  # lines of records with more
    swallowed: list[int] = field(default_factory=list)  # lines where a quote opened and swallowed lines after it
    footer: list[int] = field(default_factory=list)  # a report's footer lines after the last row

    def positions(self, columns: Iterable[str | None]) -> list[int]:
        """Where each of ``columns`` (header names; ``None``: a column the file lacks) is in a
        row's ``record``: its last place in the header (as in ``values``, where the last of
        two columns of one name wins), else ``-1`` (the record's last value, empty)."""
        index = {h: i for i, h in enumerate(self.header)}
        return [index.get(c, -1) if c is not None else -1 for c in columns]

    def column(self, name: str) -> list[str]:
        """Every row's value of the header's column ``name`` (``''`` where a row has none)."""
        [i] = self.positions([name])
        return [r.record[i] if r.record is not None and i >= 0 else r.values.get(name, "") for r in self.rows]

    def describe(self) -> str:
        """``UTF-8 with BOM, ';' delimiter, CRLF`` — how the file was read."""
        enc = {
            "utf-8-sig": "UTF-8 with BOM",
            "utf-8": "UTF-8",
            "utf-16": "UTF-16",
            "cp1252": "cp1252 (Windows Latin-1)",
            "latin-1": "Latin-1",
        }.get(self.encoding, self.encoding)
        delim = {"\t": "tab"}.get(self.delimiter, repr(self.delimiter))
        return f"{enc}, {delim} delimiter, {self.newline} line ends"


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with.

    A BOM decides; else UTF-8 if it decodes, else cp1252 (what Excel writes on Windows),
    else Latin-1, which decodes any byte.

    >>> decode("Muñoz".encode("cp1252"))
    ('Muñoz', 'cp1252')
    >>> decode(codecs.BOM_UTF8 + "Id".encode())
    ('Id', 'utf-8-sig')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the candidate seen most often outside quotes.

    >>> sniff_delimiter('"a;b","c"\\n'), sniff_delimiter("a;b;c\\n"), sniff_delimiter("a\\tb\\n")
    (',', ';', '\\t')
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to the earlier candidate
    return best if counts[best] else ","


def _newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf >= max(lf, cr) and crlf:
        return "CRLF"
    return "CR" if cr > lf else "LF"


def read_csv(path: Path) -> CsvTable:
    """Read ``path`` whole: encoding, delimiter and line ends sniffed, quoting honoured.

    Raises :class:`~kamgraph.errors.InvalidInput` when the file cannot be read or has no
    header; rows of the wrong width are kept (missing values empty) and listed. A quote that
    opens and swallows the lines after it (a record over several lines that does not parse
    as the header promises) is listed in ``swallowed`` by the line it opened on; that record
    is left out and the lines after it are read again, each as its own row.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from None
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:  # a BOM promised an encoding the bytes do not keep
        raise InvalidInput(
            f"{path}: starts with a {exc.encoding.upper()} byte-order mark, but byte {exc.start} "
            "is not valid in that encoding; save the file again as UTF-8"
        ) from None
    text = text.lstrip("\ufeff")  # a BOM that survived (e.g. doubled by an editor)
    delimiter = sniff_delimiter(text)
    lines = io.StringIO(text, newline="").readlines()
    table = CsvTable(path=path, encoding=encoding, delimiter=delimiter, newline=_newline(text), header=[], rows=[])
    pos: int | None = 0  # physical lines before the ones the current reader reads
    while pos is not None:
        pos = _read_from(table, lines, pos)
    if not table.header:
        raise InvalidInput(f"{path}: empty file (no header line)")
    _footer(table)
    return table


def _footer(table: CsvTable) -> None:
    """Move a report's footer out of the rows: the lines of one value (a title, "Copyright
    (c) … salesforce.com", "Confidential Information", "Generated By: …") that end the file
    after its last row of a header of three columns or more."""
    short, first = set(table.short_rows), table.header[0]
    while len(table.header) >= 3 and table.rows:
        row = table.rows[-1]
        text = row.values.get(first, "").strip()
        alone = not any(v.strip() for h, v in row.values.items() if h != first)
        if row.line not in short or not alone or not re.search(r"[^\w]", text):
            break
        table.rows.pop()
        table.short_rows.remove(row.line)
        table.footer.insert(0, row.line)


def _read_from(table: CsvTable, lines: list[str], pos: int) -> int | None:
    """Read records from line ``pos + 1`` on; at a swallowing quote, note it and return
    where to read again (the line after the one it opened on); ``None`` at the end."""
    reader = csv.reader(itertools.islice(lines, pos, None), delimiter=table.delimiter, strict=False)
    last = 0  # the reader's line count after the record before
    header, n, plain = table.header, len(table.header), all(table.header)
    keep = table.rows.append
    try:
        for record in reader:
            start, end = pos + last + 1, pos + reader.line_num
            last = reader.line_num
            # a blank line (Excel leaves some at the end): no value holds anything but white space
            if not (record and record[0].strip()) and not "".join(record).strip():
                continue
            if not header:
                header = table.header = [h.strip().lstrip("\ufeff") for h in record]
                n, plain = len(header), all(header)
                continue
            if end > start and _swallows(lines[start - 1 : end], record, n, table.delimiter, end == len(lines)):
                table.swallowed.append(start)
                return start
            width = len(record)
            if width < n:
                table.short_rows.append(start)
            elif width > n and "".join(record[n:]).strip():
                table.long_rows.append(start)
            if width == n and plain:  # the usual row: its values as read (paired with the header when asked)
                record.append("")
                keep(CsvRow(start, None, [], record, header))
                continue
            if width >= n and plain:  # paired in C
                values = dict(zip(header, record, strict=False))
            else:
                values = {h: (record[i] if i < width else "") for i, h in enumerate(header) if h}
            keep(CsvRow(start, values, record[n:]))
    except csv.Error as exc:
        start = pos + last + 1
        if "field larger than field limit" in str(exc) and table.header:
            table.swallowed.append(start)  # a quote that ran on for 128 kB: read again after its line
            return start
        raise InvalidInput(f"{table.path}:{start}: malformed CSV: {exc}") from None
    return None


def _swallows(raw: list[str], record: list[str], n: int, delimiter: str, at_end: bool) -> bool:
    """Whether a record read over several physical lines (``raw``) is a quote gone wrong
    rather than a value with line breaks: it has the wrong number of values, or its quote
    is still open at the end of the file, or a line inside it reads as a whole row."""
    if len(record) != n:
        return True
    if at_end and _open_quote("".join(raw), delimiter):
        return True
    return n >= 3 and any(len(next(csv.reader([line], delimiter=delimiter), [])) == n for line in raw[1:])


def _open_quote(text: str, delimiter: str) -> bool:
    """Whether ``text`` ends inside a quoted value (a quote opens a value only at its start)."""
    quoted, at_start, i = False, True, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if text[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted, at_start = False, False
        elif ch == '"' and at_start:
            quoted = True
        else:
            at_start = ch in (delimiter, "\n", "\r")
        i += 1
    return quoted
