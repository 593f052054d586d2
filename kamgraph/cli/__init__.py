"""The ``kamgraph`` command line: thin over the library.

Each command opens the store named by ``--store`` / ``$KAMGRAPH_STORE`` (lazily, so
commands that need none never create one), makes one library call and formats the result.
Commands live in one module per area and are registered here.
"""

from __future__ import annotations

import time
from typing import IO, Any

import click

from .. import __version__, clock
from ..errors import KamgraphError, Problems, StoreChanged, StoreConflict
from ..text import printable
from ._common import App

#: Commands that write: only they may create a new store (a mistyped --store path for
#: `show` is an error, not a new empty store).
WRITERS = frozenset({"import", "import-crm", "copy"})
#: Commands that open their own transactions (serve: one per request); every other command
#: reads inside one read transaction (see App.store).
OWN_TRANSACTIONS = WRITERS | {
    "forget",
    "purge",
    "serve",
    "set",
    "note",
    "left",
    "import-activity",
    "import-linkedin",
    "log-contact",
}
#: How many times a command starts again when a write committed while it was reading (a
#: Neo4j store: reads there are not snapshots), or when its write transaction conflicted
#: with another writer's (nothing was written): its read-merge-write runs again, whole.
ATTEMPTS = 5


OUT_OF_MEMORY = (
    "out of memory: the input is too large to hold at once; nothing was written; split it into smaller files"
)


class OneLineError(click.ClickException):
    """An error shown as one printable line of bounded length: ``Error: …``."""

    def __init__(self, message: str):
        super().__init__(printable(message))

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


#: How many problems an import lists unless told otherwise (``import --errors``).
SHOWN_PROBLEMS = 20


class ProblemsError(click.ClickException):
    """Every problem found in the input, one printable line each (up to ``limit``, 0 = all),
    then how many more there are and how to see them."""

    def __init__(self, problems: list[str], limit: int = SHOWN_PROBLEMS, more: str = ""):
        super().__init__(printable(problems[0]))
        self.problems = problems
        self.limit = limit
        self.more = more  # how to see the ones left out, when the command can show them all

    def show(self, file: IO[Any] | None = None) -> None:
        n = len(self.problems)
        shown = self.problems if not self.limit else self.problems[: self.limit]
        if n == 1:
            click.echo(f"Error: {printable(self.problems[0])}", err=True)
            return
        click.echo(f"Error: {n} problems; nothing was written:", err=True)
        for p in shown:
            click.echo(f"  {printable(p)}", err=True)
        if len(shown) < n:
            click.echo(f"  … and {n - len(shown)} more{self.more}", err=True)


class OneLineUsageError(OneLineError):
    """A usage error, in one line: exit code 2."""

    exit_code = 2


class _Group(click.Group):
    """Every error becomes one printable line on stderr: kamgraph's own errors and other
    click errors exit 1, usage errors 2 (with a pointer to --help instead of the usage)."""

    def invoke(self, ctx: click.Context) -> Any:
        saved = (list(ctx._protected_args), list(ctx.args))
        for attempt in range(ATTEMPTS):
            try:
                return super().invoke(ctx)
            except (StoreChanged, StoreConflict) as exc:
                if attempt == ATTEMPTS - 1:
                    raise OneLineError(str(exc)) from None
                if isinstance(ctx.obj, App):  # start again, from a fresh transaction
                    ctx.obj.close()
                ctx._protected_args, ctx.args = list(saved[0]), list(saved[1])
                time.sleep(0.1 * 2**attempt)  # 0.1 s, 0.2 s … : let the other writer finish
                continue
            except Problems as exc:
                raise ProblemsError(exc.problems) from None
            except KamgraphError as exc:
                raise OneLineError(str(exc)) from None
            except ProblemsError:
                raise
            except click.UsageError as exc:
                where = exc.ctx.command_path if exc.ctx is not None else "kamgraph"
                raise OneLineUsageError(f"{exc.format_message()} (see: {where} --help)") from None
            except click.ClickException as exc:
                raise OneLineError(exc.format_message()) from None
            except MemoryError:
                pass  # said below, once the exception (and the frames holding the memory) is gone
            if isinstance(ctx.obj, App):
                ctx.obj.close()  # a write transaction of the command's own has rolled back already
            raise OneLineError(OUT_OF_MEMORY)
        raise AssertionError("unreachable")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    envvar="KAMGRAPH_STORE",
    default="kamgraph.db",
    show_default=True,
    metavar="PATH|URI",
    help="An SQLite file, or a neo4j:// / bolt:// URI. Also $KAMGRAPH_STORE.",
)
@click.option(
    "--today",
    metavar="DATE",
    envvar="KAMGRAPH_TODAY",
    help='The date every answer is as of (staleness, "as of" on maps and decks), YYYY-MM-DD. '
    "Also $KAMGRAPH_TODAY.  [default: the system's date]",
)
@click.option(
    "--half-life",
    metavar="DAYS",
    type=float,
    envvar="KAMGRAPH_HALF_LIFE",
    help="How many days a relationship's strength takes to halve once past the 90 fresh days "
    "(see docs/analyses.md, Effective strength). Also $KAMGRAPH_HALF_LIFE.  [default: 180]",
)
@click.version_option(__version__, prog_name="kamgraph")
@click.pass_context
def cli(ctx: click.Context, store: str, today: str | None, half_life: float | None) -> None:
    """Map the people inside client accounts: who decides, who sways whom, who backs us,
    and who on our side knows them.

    An ACCOUNT or a PERSON is named by id, by name, or by a part of the name that fits only
    one (case and accents ignored)."""
    clock.set_today(clock.parse_date(today, "--today") if today else None)
    from ..strength import set_half_life

    try:
        set_half_life(half_life)
    except KamgraphError as exc:
        raise OneLineUsageError(str(exc)) from None
    app = App(
        store, create=ctx.invoked_subcommand in WRITERS, read_transaction=ctx.invoked_subcommand not in OWN_TRANSACTIONS
    )
    ctx.obj = app
    ctx.call_on_close(app.close)


def main() -> None:
    cli(prog_name="kamgraph")


# each module's commands register themselves on `cli`
from . import analysis, copy, core, crm, edit, evidence, history, lint, render, serve  # noqa: E402,F401

__all__ = ["cli", "main"]
