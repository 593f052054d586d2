"""``kamgraph lint``: the stored records that break the model."""

from __future__ import annotations

import click

from ._common import App, echo_json, json_option, pass_app


@click.command()
@json_option
@pass_app
def lint(app: App, as_json: bool) -> None:
    """List every stored node or record that breaks the model (a value set by hand in
    Neo4j Browser, a person with no organisation …), one line each; exit 1 if any."""
    problems = app.store.lint()
    if as_json:
        echo_json({"problems": problems})
    elif problems:
        for line in problems:
            click.echo(line)
    else:
        click.echo(f"{app.store.url}: every record fits the model")
    if problems:
        click.get_current_context().exit(1)
