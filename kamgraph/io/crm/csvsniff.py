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
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InvalidInput

__all__ = ["CsvRow", "CsvTable", "decode", "read_csv", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t", "|")


@dataclass
class CsvRow:
    """One record: the physical line it starts on and its values by (stripped) header."""

    line: int
    values: dict[str, str]
    extra: list[str] = field(default_factory=list)  # values beyond the header's columns


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

    def describe(self) -> str:
        """``UTF-8 with BOM, ';' delimiter, CRLF`` — how the file was read."""
        enc = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "utf-16": "UTF-16",
               "cp1252": "cp1252 (Windows Latin-1)", "latin-1": "Latin-1"}.get(self.encoding, self.encoding)
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
    header; rows of the wrong width are kept (missing values empty) and listed.
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
        raise InvalidInput(f"{path}: starts with a {exc.encoding.upper()} byte-order mark, but byte {exc.start} "
                           "is not valid in that encoding; save the file again as UTF-8") from None
    text = text.lstrip("\ufeff")  # a BOM that survived (e.g. doubled by an editor)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    table = CsvTable(path=path, encoding=encoding, delimiter=delimiter, newline=_newline(text), header=[], rows=[])
    last = 0
    try:
        for record in reader:
            start, last = last + 1, reader.line_num
            if not any(v.strip() for v in record):
                continue  # blank line (Excel leaves some at the end)
            if not table.header:
                table.header = [h.strip().lstrip("\ufeff") for h in record]
                continue
            n = len(table.header)
            if len(record) < n:
                table.short_rows.append(start)
            elif len(record) > n and any(v.strip() for v in record[n:]):
                table.long_rows.append(start)
            values = {h: (record[i] if i < len(record) else "") for i, h in enumerate(table.header) if h}
            table.rows.append(CsvRow(start, values, record[n:]))
    except csv.Error as exc:
        raise InvalidInput(f"{path}:{last + 1}: malformed CSV: {exc}") from None
    if not table.header:
        raise InvalidInput(f"{path}: empty file (no header line)")
    return table
