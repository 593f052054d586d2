"""What the commands share: the app object, tables, JSON output."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ._csv import as_csv, csv_sink

if TYPE_CHECKING:  # pydantic and the store load when a command first needs them, not for --help
    import sqlite3

    from pydantic import BaseModel

    from ..store import Store
    from ..store.prune import PruneReport
    from ..views import View

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")


class App:
    """Built once per run by the group; opens the store on first use."""

    def __init__(self, store_url: str, create: bool = True, read_transaction: bool = False):
        self.store_url = store_url
        self.create = create  # only commands that write may create a new store
        self.read_transaction = read_transaction  # a reading command: all of it reads one snapshot
        self._store: Store | None = None
        self._open = ExitStack()

    @property
    def store(self) -> Store:
        if self._store is None:
            from ..store import open_store

            store = self._open.enter_context(open_store(self.store_url, create=self.create))
            if self.read_transaction:
                self._open.enter_context(store.transaction())
            self._store = store
        return self._store

    def plain(self, read: Callable[[sqlite3.Connection], R | None]) -> R | None:
        """``read``'s answer over the rows of the SQLite store, read without pydantic (see
        :mod:`kamgraph.store.sqlite_plain`); ``None`` when that cannot answer — a Neo4j store,
        no store file yet, another schema, a row unlike kamgraph's — and the command reads
        through :attr:`store` instead."""
        from ..store import is_neo4j
        from ..store.sqlite_plain import open_plain

        if self._store is not None or is_neo4j(self.store_url) or "://" in self.store_url:
            return None
        db = open_plain(self.store_url)
        if db is None:
            return None
        try:
            return read(db)
        finally:
            db.close()

    def close(self) -> None:
        """End the read transaction, if any, and close the store (again: nothing happens)."""
        self._store = None
        self._open.close()

    def account_id(self, text: str) -> str:
        """The id of the account ``text`` names (id, name or part of it)."""
        from ..resolve import resolve_account

        return resolve_account(self.store, text)

    def person_id(self, text: str, org: str | None = None) -> str:
        """The id of the person ``text`` names (id, e-mail, name or part of it)."""
        from ..resolve import resolve_person

        return resolve_person(self.store, text, org).id

    def opportunity_id(self, text: str, account: str) -> str:
        """The id of the opportunity ``text`` names (any by id; ``account``'s by name or part of it)."""
        from ..resolve import resolve_opportunity

        return resolve_opportunity(self.store, text, account)

    def record_id(self, text: str) -> str:
        """The id of the person, opportunity or account ``text`` names."""
        from ..resolve import resolve_record

        return resolve_record(self.store, text)


pass_app = click.make_pass_decorator(App)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def echo_json(data: BaseModel | View | list[Any] | dict[str, Any]) -> None:
    """``data`` as indented JSON on stdout, written as it is encoded: a report of a million
    rows never becomes one string in memory. A model is dumped as pydantic's ``mode="json"``
    does, a view (:class:`~kamgraph.views.View`, a dataclass) as its ``to_json()``, the same form."""
    pydantic = sys.modules.get("pydantic")  # not loaded: then no model can be in ``data``
    model: Any = pydantic.BaseModel if pydantic is not None else ()

    def default(o: Any) -> Any:
        if isinstance(o, model):
            return o.model_dump(mode="json")
        if is_view(o):
            from ..json_form import json_form

            return json_form(o)
        return str(o)

    plain = data.model_dump(mode="json") if isinstance(data, model) else default(data) if is_view(data) else data
    buffer: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False, default=default).iterencode(plain):
        buffer.append(chunk)
        size += len(chunk)
        if size > 1 << 16:
            click.echo("".join(buffer), nl=False)
            buffer, size = [], 0
    click.echo("".join(buffer))


def is_view(data: object) -> bool:
    """Whether ``data`` is a dataclass instance (a view: see :func:`echo_json`)."""
    return dataclasses.is_dataclass(data) and not isinstance(data, type)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_terminal() -> bool:
    """Whether standard output is a terminal (piped or redirected output is not)."""
    return sys.stdout.isatty()


def terminal_width() -> int | None:
    """The width tables fit: the terminal's (``$COLUMNS`` overrides it), or ``None`` (no
    limit: every column in full) when the output is not a terminal."""
    if not _is_terminal():
        return None
    return max(shutil.get_terminal_size().columns, 20)


#: A column narrower than this is not wrapped further (its header or a short word is kept whole).
MIN_COLUMN = 10


def _wrap(text: str, width: int, whole: bool = False) -> list[str]:
    """``text`` in lines of ``width``; with ``whole``, words are never broken."""
    if _width(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=not whole) or [""]


def _longest(text: list[list[str]], i: int) -> int:
    """The widest word of column ``i``, its header included."""
    return max((_width(w) for r in text for w in r[i].split()), default=0)


def lines(text: str, indent: int = 0, hang: int = 2) -> str:
    """``text`` indented, wrapped to the terminal's width (continuation lines ``hang`` further
    in); in full on one line when the output is not a terminal."""
    width = terminal_width()
    first = " " * indent
    if width is None or _width(first + text) <= width:
        return first + text
    return textwrap.fill(
        text, width, initial_indent=first, subsequent_indent=" " * (indent + hang), break_on_hyphens=False
    )


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    indent: int = 0,
    *,
    keep: Sequence[int] = (0,),
    drop: Sequence[str] = (),
    width: int | None = -1,
    max_width: int | None = None,
) -> str:
    """Rows as aligned columns that fit ``width`` (default: :func:`terminal_width`; ``None``:
    no limit, every cell in full).

    To fit, long cells are wrapped onto more lines, words kept whole; when that is not
    enough, the columns named in ``drop`` go, least important first (by default the
    rightmost others), and a last line says which; then words break, down to
    :data:`MIN_COLUMN`. The columns in ``keep`` (by index: the name a user needs) wrap only
    as a last resort, between words: they are never cut. (``max_width`` is ignored: cells are no
    longer cut; it stays for callers that still pass it.)

    >>> print(table(["NAME", "NOTE"], [("Ana Ruiz", "a long note that wraps")], width=24))
    NAME      NOTE
    Ana Ruiz  a long note
              that wraps

    Under ``--csv`` the rows go to the command's CSV instead (see :mod:`kamgraph.cli._csv`).
    """
    sink = csv_sink.get()
    if sink is not None:
        sink.append(as_csv(headers, rows))
        return ""
    if width == -1:
        width = terminal_width()
    text = [["" if v is None else str(v) for v in r] for r in [list(headers), *rows]]
    columns = list(range(len(headers)))
    order = [headers.index(h) for h in drop if h in headers] or [i for i in reversed(columns) if i not in keep]
    hidden: list[int] = []

    floors: dict[tuple[int, bool], int] = {}

    def floor(i: int, whole_words: bool) -> int:
        """How narrow column ``i`` may wrap: down to its longest word (at most 20), or to
        :data:`MIN_COLUMN` once columns to drop have run out; never below its header."""
        if (i, whole_words) not in floors:
            longest = max((_width(w) for r in text[1:] for w in r[i].split()), default=0) if whole_words else 0
            floors[i, whole_words] = max(MIN_COLUMN, _width(text[0][i]), min(longest, 20))
        return floors[i, whole_words]

    while True:
        shown = [i for i in columns if i not in hidden]
        widths = {i: max(_width(r[i]) for r in text) for i in shown}
        if width is not None:
            room = width - indent - 2 * (len(shown) - 1)
            whole = len(hidden) < len(order)  # break words only when nothing is left to drop
            while sum(widths.values()) > room:
                # the columns to keep wrap last, between words only (a name is never cut)
                wide = [i for i in shown if i not in keep and widths[i] > floor(i, whole)] or (
                    [i for i in shown if i in keep and widths[i] > _longest(text, i)] if not whole else []
                )
                if not wide:
                    break
                widest = max(wide, key=lambda i: (widths[i], i))
                widths[widest] -= 1
            if sum(widths.values()) > room and len(hidden) < len(order):
                hidden.append(order[len(hidden)])
                continue
        break
    lines = []
    for r in text:
        cells = {i: _wrap(r[i], widths[i], whole=i in keep) for i in shown}
        for n in range(max(len(c) for c in cells.values())):
            parts = [(cells[i][n] if n < len(cells[i]) else "") for i in shown]
            lines.append(
                " " * indent
                + "  ".join(v + " " * (widths[i] - _width(v)) for v, i in zip(parts, shown, strict=True)).rstrip()
            )
    if hidden:
        note = (
            f"(not shown, to fit {width} columns: {', '.join(headers[i] for i in sorted(hidden))}; "
            "a wider terminal or piped output shows them)"
        )
        lines.append(
            textwrap.fill(note, max(width or 0, 20), initial_indent=" " * indent, subsequent_indent=" " * (indent + 1))
        )
    return "\n".join(lines)


def money(amount: float | None, currency: str | None = None) -> str:
    if amount is None:
        return ""
    return f"{amount:,.0f}" + (f" {currency}" if currency else "")


_SINGULAR = {
    "people": "person",
    "units": "unit",
    "accounts": "account",
    "opportunities": "opportunity",
    "notes": "note",
    "records": "record",
    "relations": "relation",
    "seats": "seat",
    "errors": "error",
    "warnings": "warning",
    "organisations": "organisation",
}


def plural(n: int, what: str) -> str:
    """``plural(1, "committee seats")`` → ``'1 committee seat'``."""
    if n == 1:
        *head, last = what.split(" ")
        what = " ".join([*head, _SINGULAR.get(last, last)])
    return f"{n} {what}"


def echo_stale(stale: PruneReport, prune: bool, command: str) -> None:
    """What the files no longer have: removed (--prune), to be removed (dry run), or a count."""
    if not stale.count:
        return
    listing = "; ".join(f"{c} {', '.join(keys)}" for c, keys in stale.records.items())
    if stale.pruned:
        click.echo(f"Pruned {plural(stale.count, 'records')} the files no longer have: {listing}")
    elif prune:
        click.echo(f"--prune would remove {plural(stale.count, 'records')}: {listing}")
    else:
        counts = ", ".join(f"{c} {len(keys)}" for c, keys in stale.records.items())
        click.echo(
            f"{plural(stale.count, 'stored records')} of these organisations are no longer in the files "
            f"({counts}); {command} removes them (--dry-run lists them)"
        )
        return
    if stale.removed:
        click.echo("  removed: " + ", ".join(plural(n, what) for what, n in stale.removed.items()))
    if stale.rewritten:
        click.echo("  rewrote: " + ", ".join(plural(n, what) for what, n in stale.rewritten.items()))
    if stale.reassigned_reports:
        click.echo(f"  {', '.join(stale.reassigned_reports)} now report one level up")
