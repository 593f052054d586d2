"""What the commands share: the app object, tables, JSON output."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any, TypeVar

import click
from pydantic import BaseModel

from ..store import Store, open_store
from ..store.prune import PruneReport
from ._csv import as_csv, csv_sink

F = TypeVar("F", bound=Callable[..., Any])


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
            store = self._open.enter_context(open_store(self.store_url, create=self.create))
            if self.read_transaction:
                self._open.enter_context(store.transaction())
            self._store = store
        return self._store

    def close(self) -> None:
        """End the read transaction, if any, and close the store (again: nothing happens)."""
        self._store = None
        self._open.close()


pass_app = click.make_pass_decorator(App)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def echo_json(data: BaseModel | list[Any] | dict[str, Any]) -> None:
    """``data`` as indented JSON on stdout, written as it is encoded: a report of a million
    rows never becomes one string in memory."""
    def default(o: Any) -> Any:
        if isinstance(o, BaseModel):
            return o.model_dump(mode="json")
        return str(o)

    plain = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    buffer: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False, default=default).iterencode(plain):
        buffer.append(chunk)
        size += len(chunk)
        if size > 1 << 16:
            click.echo("".join(buffer), nl=False)
            buffer, size = [], 0
    click.echo("".join(buffer))


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], indent: int = 0,
          max_width: int = 40) -> str:
    """Rows as aligned columns; long cells are cut with an ellipsis. Under ``--csv`` the
    rows go to the command's CSV instead (see :mod:`kamgraph.cli._csv`)."""
    sink = csv_sink.get()
    if sink is not None:
        sink.append(as_csv(headers, rows))
        return ""

    def cell(v: Any) -> str:
        s = "" if v is None else str(v)
        return s if _width(s) <= max_width else s[: max_width - 1] + "…"

    cells = [[cell(h) for h in headers]] + [[cell(v) for v in r] for r in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for r in cells:
        parts = [v + " " * (w - _width(v)) for v, w in zip(r, widths, strict=True)]
        lines.append(" " * indent + "  ".join(parts).rstrip())
    return "\n".join(lines)


def money(amount: float | None, currency: str | None = None) -> str:
    if amount is None:
        return ""
    return f"{amount:,.0f}" + (f" {currency}" if currency else "")


_SINGULAR = {"people": "person", "accounts": "account", "opportunities": "opportunity", "notes": "note",
             "records": "record",
             "relations": "relation", "seats": "seat", "organisations": "organisation"}


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
        click.echo(f"{plural(stale.count, 'stored records')} of these organisations are no longer in the files "
                   f"({counts}); {command} removes them (--dry-run lists them)")
        return
    if stale.removed:
        click.echo("  removed: " + ", ".join(plural(n, what) for what, n in stale.removed.items()))
    if stale.rewritten:
        click.echo("  rewrote: " + ", ".join(plural(n, what) for what, n in stale.rewritten.items()))
    if stale.reassigned_reports:
        click.echo(f"  {', '.join(stale.reassigned_reports)} now report one level up")
