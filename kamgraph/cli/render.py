"""Drawing commands: ``map`` (a Graphviz account map) and ``slides`` (a PPTX deck)."""

from __future__ import annotations

from pathlib import Path

import click

from .. import clock
from ..errors import InvalidInput
from ..render.i18n import LANGS
from ..render.plan import VIEWS, MapOptions
from ..render.run import FORMATS, format_for
from ..render.run import render as render_as
from ..service import map_options
from ._common import App, pass_app

lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=True,
    help="Language of titles, legend and badges' meanings.",
)
redact_option = click.option("--redact", is_flag=True, help="Initials instead of names; no e-mails, no notes.")


@click.command("map")
@click.argument("account")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="File to write; '-' writes DOT or SVG to stdout.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from the file's suffix, else svg.")
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="org",
    show_default=True,
    help="org: the org chart; influence: who sways whom; committee: one deal's buying committee.",
)
@click.option("--opportunity", metavar="ID", help="For --view committee: which deal (default: the biggest open).")
@click.option(
    "--highlight-path",
    "path_spec",
    metavar="SOURCE:TARGET",
    help="Draw the best decision path in bold, e.g. team:role:economic_buyer or sam:acme-cfo.",
)
@click.option("--unit", metavar="UNIT", help="Only this unit (id or name) and the units under it.")
@click.option("--depth", type=click.IntRange(min=1), help="Reporting levels to show from the top (1 = the top).")
@click.option(
    "--collapse/--no-collapse",
    default=None,
    help="Fold people of no interest into one box per unit (default: above 40 people).",
)
@click.option(
    "--since",
    metavar="DATE",
    help="Mark the people who are new, or whose stance, influence or roles moved, since DATE (see: kamgraph diff).",
)
@lang_option
@redact_option
@pass_app
def map_(
    app: App,
    account: str,
    output: Path,
    fmt: str | None,
    view: str,
    opportunity: str | None,
    path_spec: str | None,
    unit: str | None,
    depth: int | None,
    collapse: bool | None,
    since: str | None,
    lang: str,
    redact: bool,
) -> None:
    """Draw ACCOUNT's map (SVG, PNG, PDF or DOT): people by unit, fill by stance, a badge
    per buying role, our team's relationships, and a legend."""
    from ..render.dot import account_map  # heavy libraries load when a command needs them

    to_stdout = str(output) == "-"
    out_format = format_for("-" if to_stdout else output, fmt)
    if to_stdout and out_format not in ("dot", "svg"):
        raise InvalidInput(f"{out_format.upper()} cannot go to stdout: write it to a file with -o FILE")
    account = app.account_id(account)
    if path_spec:
        path_spec = _resolved_spec(app, path_spec, account)
    graph = app.store.account(account)
    day = clock.parse_date(since, "--since") if since else None
    changed: dict[str, str] = {}
    if day is not None:
        from ..diff import changed_people, diff

        changed = changed_people(diff(app.store, account, day))
    options = map_options(
        graph,
        account,
        view,
        opportunity=opportunity,
        highlight_path=path_spec,
        unit=unit,
        depth=depth,
        collapse=collapse,
        lang=lang,
        redact=redact,
        since=day,
        changed=changed,
    )
    data = render_as(account_map(graph, account, options), out_format)
    if to_stdout:
        click.echo(data.decode("utf-8"), nl=False)  # DOT and SVG are UTF-8 text
    else:
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise InvalidInput(f"{output}: cannot write: {exc.strerror}") from None
        click.echo(f"Wrote {output}", err=True)


def _resolved_spec(app: App, spec: str, account: str) -> str:
    """``SOURCE:TARGET`` with people named by name turned into ids (``team`` and
    ``role:ROLE`` as they are)."""
    source, sep, target = spec.partition(":")
    if not sep or not source or not target:
        return spec  # the drawing says what is wrong with it
    if source != "team":
        source = app.person_id(source)
    if not target.startswith("role:"):
        target = app.person_id(target, account)
    return f"{source}:{target}"


@click.command()
@click.argument("accounts", nargs=-1, required=True)
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False), help="The .pptx file to write."
)
@click.option(
    "--opportunity",
    "opportunities",
    multiple=True,
    metavar="ID",
    help="Only these deals (repeatable; default: every open deal of each account).",
)
@click.option("--pictures", is_flag=True, help="Committee maps as Graphviz images instead of editable shapes.")
@click.option(
    "--since", metavar="DATE", help='Open each account with a "Since last review" slide: what changed since DATE.'
)
@lang_option
@redact_option
@pass_app
def slides(
    app: App,
    accounts: tuple[str, ...],
    output: Path,
    opportunities: tuple[str, ...],
    pictures: bool,
    since: str | None,
    lang: str,
    redact: bool,
) -> None:
    """Write a PPTX deck for a QBR: a portfolio slide for several accounts, then per account
    a summary, one committee slide per open deal (editable shapes), a power map and an
    action plan, with speaker notes explaining every number."""
    from ..render.slides import write_deck  # python-pptx loads when a deck is written

    day = clock.parse_date(since, "--since") if since else None
    graphs = [(a, app.store.account(a)) for a in map(app.account_id, accounts)]
    options = MapOptions.model_validate(dict(view="committee", lang=lang, redact=redact))
    changes = None
    if day is not None:
        from ..diff import diff

        changes = {a: diff(app.store, a, day) for a, _ in graphs}
    try:
        count = write_deck(graphs, output, options, opportunities=opportunities, pictures=pictures, since=changes)
    except OSError as exc:
        raise InvalidInput(f"{output}: cannot write: {exc.strerror}") from None
    click.echo(f"Wrote {output} ({count} slides)", err=True)
