"""The ``kamgraph`` command line: thin over the library.

Each command opens the store named by ``--store`` / ``$KAMGRAPH_STORE`` (lazily, so
commands that need none never create one), makes one library call and formats the result.
Commands live in one module per area (plain ``@click.command()`` functions) and are listed
in :data:`COMMANDS`: a command's module is imported only when that command runs, so
``kamgraph accounts`` does not load the CRM readers, the renderers or the web app.

To add a command: write it in a module of this package and add a line to :data:`COMMANDS`
(a test checks that the short help there is the command's own).
"""

from __future__ import annotations

import gc
import sys

import click

from .. import __version__, clock
from ..errors import KamgraphError
from ._common import App
from .group import (
    ATTEMPTS,
    OUT_OF_MEMORY,
    SHOWN_PROBLEMS,
    KamgraphGroup,
    Lazy,
    LazyCommands,
    OneLineError,
    OneLineUsageError,
    ProblemsError,
)

#: Every command: its name, the module and function that hold it, its short help in
#: ``kamgraph --help``.
COMMANDS = {
    "accounts": Lazy("core", "accounts", "List the client accounts: people, annual value, open pipeline."),
    "copy": Lazy("copy", "copy", "Copy the whole graph from one store into another, losing nothing."),
    "diff": Lazy(
        "history",
        "diff",
        'What changed in ACCOUNT since a date ("since the last QBR"): people who joined and left, stance and '
        "influence moves, roles gained or lost per deal, relationships won, lost or gone stale, deals whose "
        "stage or amount moved, new empty seats, and each open deal's threads and risk score then and now.",
    ),
    "export": Lazy(
        "files",
        "export",
        "Write the whole graph in the native format (what `import` reads), or as GraphML/GEXF "
        "(only ACCOUNT's people and ours when ACCOUNT is given).",
    ),
    "forget": Lazy(
        "erase",
        "forget",
        "Erase PERSON and every relation, committee seat and note that names them (by id, e-mail, "
        "full name or surname; by first name in their organisation's records).",
    ),
    "history": Lazy(
        "history",
        "history",
        "What changed about a person, an account or an opportunity, newest first: when, which record and "
        "field, old -> new, the source (file, CRM, command line, web) and the author.",
    ),
    "import": Lazy("files", "import_", "Validate account-map files (YAML or JSON) and load them, all or nothing."),
    "import-activity": Lazy(
        "evidence", "import_activity_command", "Record meetings, calls and e-mails as evidence on relationships."
    ),
    "import-crm": Lazy(
        "crm",
        "import_crm_group",
        "Load CRM exports (Salesforce, HubSpot): people, reporting lines, accounts, deals.",
    ),
    "import-linkedin": Lazy(
        "evidence",
        "import_linkedin_command",
        "Record a seller's LinkedIn connections (Connections.csv) as weak ties.",
    ),
    "influence": Lazy(
        "analysis", "influence_", "Who really sways ACCOUNT's decisions, against their formal seniority."
    ),
    "left": Lazy("edit", "left", "Record that PERSON has left their organisation."),
    "lint": Lazy(
        "lint",
        "lint",
        "List what needs fixing: stored records that break the model (a value set by hand in Neo4j Browser …) "
        "and, for ACCOUNT or --all, the hygiene list a sales leader checks before a forecast call — deals past "
        "their close date, no economic buyer or champion, unknown stances on a committee, stale decision-makers, "
        "people who left still seated, probable duplicates, missing titles, units or seniority, a map not "
        "updated lately.",
    ),
    "log-contact": Lazy(
        "evidence",
        "log_contact_command",
        "Record that one of ours met, called or e-mailed PERSON: evidence on their relationship.",
    ),
    "map": Lazy(
        "render",
        "map_",
        "Draw ACCOUNT's map (SVG, PNG, PDF or DOT): people by unit, fill by stance, a badge per buying "
        "role, our team's relationships, and a legend.",
    ),
    "note": Lazy(
        "edit",
        "note",
        "Add a dated note to a person, an opportunity or an account (by id; a person also by name).",
    ),
    "path": Lazy(
        "analysis",
        "path",
        "The warmest route from SOURCE to TARGET: who introduces whom, how well they know each other.",
    ),
    "people": Lazy("core", "people", "Find people by id, name, title or email (case and accents ignored)."),
    "purge": Lazy(
        "erase",
        "purge",
        "Fold SQLite's write-ahead log back into the store file, so that what `forget` erased leaves no "
        "bytes behind (run it once any program that was reading the store has closed).",
    ),
    "risk": Lazy(
        "risk",
        "risk",
        "Single-thread risk of ACCOUNT's deals, of one --opportunity, or across the --portfolio.",
    ),
    "schema": Lazy("files", "schema", "Print the JSON Schema of account-map files (for editors)."),
    "serve": Lazy(
        "serve",
        "serve",
        "Serve the account map in a browser: portfolio, maps with pan and zoom, routes, risk with "
        "what-ifs, white space and edits, on this store.",
    ),
    "set": Lazy(
        "edit",
        "set_",
        "Change PERSON's own fields (stance, influence, roles, title, seniority, unit, reports_to) and, after "
        "--opportunity OPP, their roles, stance or influence on that deal (--unseat after it takes them off "
        "its committee: their roles become empty seats).",
    ),
    "show": Lazy(
        "core", "show", "Show ACCOUNT's committees and key people, or PERSON's card with each relationship's evidence."
    ),
    "slides": Lazy(
        "render",
        "slides",
        "Write a PPTX deck for a QBR: a portfolio slide for several accounts, then per account a summary, "
        "one committee slide per open deal (editable shapes), a power map and an action plan, with "
        "speaker notes explaining every number.",
    ),
    "whitespace": Lazy(
        "analysis",
        "whitespace_",
        "Which of ACCOUNT's units buy nothing from us, whom we know there, ranked by potential.",
    ),
}

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


@click.group(cls=KamgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    # kamgraph.strength loads the models (pydantic): only when --half-life is given or it is
    # loaded already (another run in this process may have set one; this run resets it)
    if half_life is not None or "kamgraph.strength" in sys.modules:
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


cli.commands = LazyCommands(__name__, COMMANDS)


def main() -> None:
    """The ``kamgraph`` program (``python -m kamgraph``): :data:`cli`, then the process ends."""
    try:
        cli(prog_name="kamgraph")
    finally:
        # Python's shutdown walks every object still alive (the models' schemas, the
        # libraries' tables) in its last cycle collections: a sixth of a short command's CPU
        # time. Frozen, they are left to the operating system. Output is written and the store
        # closed by now; atexit handlers still run; only a finaliser of garbage in a cycle may
        # not, which Python never promises at exit anyway.
        gc.freeze()


__all__ = [
    "ATTEMPTS",
    "COMMANDS",
    "OUT_OF_MEMORY",
    "OWN_TRANSACTIONS",
    "SHOWN_PROBLEMS",
    "WRITERS",
    "OneLineError",
    "OneLineUsageError",
    "ProblemsError",
    "cli",
    "main",
]
