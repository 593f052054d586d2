"""The ``kamgraph`` command line: thin over the library.

Each command opens the store named by ``--store`` / ``$KAMGRAPH_STORE`` (lazily, so
commands that need none never create one), makes one library call and formats the result.
Commands live in one module per area and are registered here.
"""

from __future__ import annotations

from typing import Any

import click

from .. import __version__, clock
from ..errors import KamgraphError
from ._common import App

#: Commands that write: only they may create a new store (a mistyped --store path for
#: `show` is an error, not a new empty store).
WRITERS = frozenset({"import", "import-crm", "copy"})


class _Group(click.Group):
    """Turns kamgraph's own errors into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KamgraphError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", envvar="KAMGRAPH_STORE", default="kamgraph.db", show_default=True, metavar="PATH|URI",
              help="An SQLite file, or a neo4j:// / bolt:// URI. Also $KAMGRAPH_STORE.")
@click.option("--today", metavar="DATE", envvar="KAMGRAPH_TODAY",
              help="The date every answer is as of (staleness, \"as of\" on maps and decks), YYYY-MM-DD. "
                   "Also $KAMGRAPH_TODAY.  [default: the system's date]")
@click.version_option(__version__, prog_name="kamgraph")
@click.pass_context
def cli(ctx: click.Context, store: str, today: str | None) -> None:
    """Map the people inside client accounts: who decides, who sways whom, who backs us,
    and who on our side knows them."""
    clock.set_today(clock.parse_date(today, "--today") if today else None)
    app = App(store, create=ctx.invoked_subcommand in WRITERS)
    ctx.obj = app
    ctx.call_on_close(app.close)


def main() -> None:
    cli(prog_name="kamgraph")


# each module's commands register themselves on `cli`
from . import analysis, copy, core, crm, lint, render  # noqa: E402,F401

__all__ = ["cli", "main"]
