"""``--csv`` for every command that prints a table: the command runs as usual, its other
output is set aside, and each table it prints comes out as CSV (full cells, no padding),
tables separated by a blank line."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar

import click

__all__ = ["as_csv", "csv_option", "csv_sink"]

F = TypeVar("F", bound=Callable[..., Any])

#: The tables of the running command, when it was asked for CSV.
csv_sink: ContextVar[list[str] | None] = ContextVar("kamgraph_csv", default=None)


def as_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Headers and rows as CSV text.

    >>> print(as_csv(["a", "b"], [[1, "x, y"]]), end="")
    a,b
    1,"x, y"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(headers))
    writer.writerows([["" if v is None else v for v in r] for r in rows])
    return out.getvalue()


def csv_option(f: F) -> F:
    """Add ``--csv`` to a command whose output is one or more tables."""

    @functools.wraps(f)
    def wrapper(*args: Any, as_csv: bool = False, **kwargs: Any) -> Any:
        if not as_csv:
            return f(*args, **kwargs)
        if kwargs.get("as_json"):
            raise click.UsageError("choose one of --json and --csv")
        tables: list[str] = []
        token = csv_sink.set(tables)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                result = f(*args, **kwargs)
        except click.exceptions.Exit:  # a command that prints, then sets its exit code (lint)
            click.echo("\n".join(tables), nl=False)
            raise
        finally:
            csv_sink.reset(token)
        click.echo("\n".join(tables), nl=False)
        return result

    decorated: F = click.option("--csv", "as_csv", is_flag=True, help="Print the table(s) as CSV.")(wrapper)  # type: ignore[assignment]
    return decorated
