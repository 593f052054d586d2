"""The analysis commands: path, whitespace, influence (risk: :mod:`kamgraph.cli.risk`)."""

from __future__ import annotations

import csv
import io

import click

from .. import clock
from ..errors import InvalidInput
from ..graph import DEFAULT_MIN_STRENGTH, DEFAULT_REPORTS_STRENGTH
from ..model import AdoptionStatus, Person
from ..money import format_totals
from ..service import path_graph
from ._common import App, echo_json, json_option, lines, money, pass_app, plural, table
from ._csv import csv_option


@click.command()
@click.option(
    "--from",
    "source",
    required=True,
    metavar="PERSON|team",
    help="A person (id, name or part of it), or 'team' for anyone in our own organisation.",
)
@click.option(
    "--to",
    "target",
    required=True,
    metavar="PERSON|role:ROLE",
    help="A person (id, name or part of it), or role:ROLE (e.g. role:economic_buyer) inside --account.",
)
@click.option("--account", help="The account to search (needed for role: targets).")
@click.option("--opportunity", metavar="OPP", help="role: targets only on this deal's committee.")
@click.option("--k", "k", default=1, show_default=True, type=click.IntRange(1, 100), help="Alternative routes.")
@click.option("--max-hops", type=click.IntRange(0), help="Longest route to consider.")
@click.option(
    "--min-strength",
    default=DEFAULT_MIN_STRENGTH,
    type=click.FloatRange(0, 1),
    help="Ignore weaker relationships (strength 0 never carries a route).",
)
@click.option(
    "--avoid",
    multiple=True,
    metavar="PERSON|stance:STANCE",
    help="People not to route through (repeatable), e.g. stance:detractor.",
)
@click.option("--fewest-hops", is_flag=True, help="Fewest hops first, strength as the tie-break.")
@click.option(
    "--reports-strength",
    default=DEFAULT_REPORTS_STRENGTH,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="How well a reporting line counts as known.",
)
@json_option
@pass_app
def path(
    app: App,
    source: str,
    target: str,
    account: str | None,
    opportunity: str | None,
    k: int,
    max_hops: int | None,
    min_strength: float,
    avoid: tuple[str, ...],
    fewest_hops: bool,
    reports_strength: float,
    as_json: bool,
) -> None:
    """The warmest route from SOURCE to TARGET: who introduces whom, how well they know each other."""
    from ..analysis.paths import decision_paths

    if account is not None:
        account = app.account_id(account)
    if source != "team":
        source = app.person_id(source)
    if not target.startswith("role:"):
        target = app.person_id(target, account)
    avoid = tuple(a if a.startswith("stance:") else app.person_id(a) for a in avoid)
    for end in (source, target):
        who = app.store.get("people", [end]).get(end)
        if isinstance(who, Person) and who.left is not None and who.left <= clock.today():
            raise InvalidInput(f"{who.name} ({who.id}) left on {who.left.isoformat()}: no route runs to or from them")
    graph = path_graph(app.store, source, target, account, opportunity)
    result = decision_paths(
        graph,
        source,
        target,
        account=account,
        opportunity=opportunity,
        k=k,
        max_hops=max_hops,
        min_strength=min_strength,
        avoid=avoid,
        fewest_hops=fewest_hops,
        reports_strength=reports_strength,
    )
    from ..evidence import explain_routes

    explain_routes(result, graph)
    if as_json:
        echo_json(result)
        return
    if not result.paths:

        def named(pid: str) -> str:
            p = graph.person(pid)
            return p.name if p is not None else pid

        click.echo(f"No route from {named(source)} to {named(target)}: {result.reason}.")
        return
    for n, p in enumerate(result.paths, start=1):
        click.secho(f"{n}. {' → '.join(p.names)}", bold=True, nl=False)
        click.echo(f"  probability {p.probability:.2f} · {p.hops} hop{'s' if p.hops != 1 else ''}")
        if not p.edges:
            click.echo(f"   {p.names[0]} is the target.")
        for e in p.edges:
            click.echo(f"   {e.says}")
            if e.evidence:
                click.echo(f"      evidence: {e.evidence}")


def _csv(headers: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue()


_SHORT = {
    AdoptionStatus.active: "active",
    AdoptionStatus.pilot: "pilot",
    AdoptionStatus.churned: "churned",
    AdoptionStatus.competitor: "compet.",
    AdoptionStatus.none: "-",
}


@click.command("whitespace")
@click.argument("account")
@click.option(
    "--basis",
    type=click.Choice(["headcount", "budget"]),
    default="headcount",
    show_default=True,
    help="What a unit's size is measured by.",
)
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (one row per unit).")
@pass_app
def whitespace_(app: App, account: str, basis: str, as_json: bool, as_csv: bool) -> None:
    """Which of ACCOUNT's units buy nothing from us, whom we know there, ranked by potential."""
    from ..analysis.whitespace import whitespace

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    account = app.account_id(account)
    ws = whitespace(app.store.account(account), account, basis="budget" if basis == "budget" else "headcount")
    if as_json:
        echo_json(ws)
        return
    if as_csv:
        headers = [
            "unit",
            "name",
            *ws.products,
            "covered",
            "contacts",
            "people",
            "most_senior",
            "decision_maker_covered",
            "white_space",
            "potential",
            "open_deals",
            "pipeline",
        ]
        click.echo(
            _csv(
                headers,
                [
                    [
                        u.id,
                        u.name,
                        *(u.adoption[p].value for p in ws.products),
                        u.covered,
                        u.contacts,
                        u.people,
                        u.most_senior or "",
                        u.decision_maker_covered,
                        u.white_space,
                        u.potential,
                        " ".join(u.open_deals),
                        format_totals(u.pipeline, money),
                    ]
                    for u in ws.units
                ],
            ),
            nl=False,
        )
        return
    if not ws.units:
        click.echo(f"{ws.name} ({ws.account}) has no units recorded: add its departments to see white space.")
        return
    click.secho(f"White space at {ws.name} ({ws.account})", bold=True)
    click.echo(
        lines(
            "A unit that has adopted none of our products; KNOWN is its coverage (people someone of "
            "ours knows, of those recorded there).",
            2,
        )
    )
    if ws.no_budget and len(ws.no_budget) == len(ws.units):
        click.echo(
            lines(
                f"No unit of {ws.name} has a budget recorded, so --basis budget cannot rank them: "
                "use --basis headcount, or add each unit's budget."
            )
        )
        return
    no_budget = set(ws.no_budget)
    click.echo(
        table(
            [
                "UNIT",
                *ws.products,
                "KNOWN",
                "MOST SENIOR KNOWN",
                "DM KNOWN",
                "OPEN PIPELINE",
                "POTENTIAL",
                "WHITE SPACE",
            ],
            [
                (
                    u.name,
                    *(_SHORT[u.adoption[p]] for p in ws.products),
                    f"{u.contacts}/{u.people}",
                    u.most_senior_name or "nobody",
                    "yes" if u.decision_maker_covered else "",
                    format_totals(u.pipeline, money) if u.pipeline else "",
                    "no budget" if u.id in no_budget else f"{u.potential:,.0f}",
                    "yes" if u.white_space else "",
                )
                for u in ws.units
            ],
            indent=2,
            drop=("MOST SENIOR KNOWN", "DM KNOWN", "OPEN PIPELINE"),
        )
    )
    if no_budget:
        click.echo(f"  {plural(len(no_budget), 'units')} with no budget recorded: no potential on --basis budget.")
    top = ws.top
    if top is not None:
        click.echo("\n" + lines(f"Top white space: {top.name}: {top.why}"))
    elif not any(u.white_space for u in ws.units):
        click.echo(f"\nNo white space: every unit of {ws.name} has adopted one of our products.")


@click.command("influence")
@click.argument("account")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Only the first N people (hidden power brokers further down are listed after them).",
)
@json_option
@csv_option
@pass_app
def influence_(app: App, account: str, limit: int | None, as_json: bool) -> None:
    """Who really sways ACCOUNT's decisions, against their formal seniority."""
    from ..analysis.influence import influence

    account = app.account_id(account)
    ranking = influence(app.store.account(account), account)
    total = len(ranking)
    if limit is not None:
        ranking = ranking[:limit] + [p for p in ranking[limit:] if p.broker]
    if as_json:
        echo_json([p.model_dump(mode="json") for p in ranking])
        return
    if not ranking:
        click.echo(f"Nobody recorded at {account} yet.")
        return
    click.echo(
        table(
            ["#", "NAME", "TITLE", "SENIORITY", "SCORE", "BETWEENNESS", "HIDDEN POWER: WHY"],
            [
                (p.place, p.name, p.title, p.seniority or "", f"{p.score:.0f}", f"{p.betweenness:.2f}", p.why or "")
                for p in ranking
            ],
            keep=(1,),
            drop=("BETWEENNESS", "SENIORITY", "TITLE"),
        )
    )
    if len(ranking) < total:
        click.echo(f"\n{len(ranking)} of {total} people shown (--limit {limit}, hidden power brokers kept).")
    if ranking[0].betweenness_sample:
        click.echo(
            f"\nBetweenness estimated from {ranking[0].betweenness_sample} of {len(ranking):,} people "
            "(a fixed sample: the same each run)."
        )
