"""The ``risk`` command: one account's deals, one opportunity, or the whole portfolio."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from ..errors import NotFound
from ..graph import DEFAULT_MIN_STRENGTH, DEFAULT_REPORTS_STRENGTH
from ..model import DEFAULT_STALE_DAYS, Graph, Opportunity
from ..money import RATES_ENV, parse_rates, rates_from_env
from ._common import App, echo_json, json_option, lines, money, pass_app, plural, table
from ._csv import csv_option

if TYPE_CHECKING:  # the analyses (and networkx) load when a command runs, not at start-up
    from ..analysis import AccountShare, OpportunityRisk, PortfolioRisk


def _show_opportunity(r: OpportunityRisk, graph: Graph, stale_days: int) -> None:
    click.secho(f"{r.name} ({r.opportunity})", bold=True, nl=False)
    late = f" · OVERDUE: was to close {r.close_date}" if r.overdue else ""
    click.echo(f"  {r.account_name or r.account} · {money(r.amount, r.currency) or 'no amount'}{late}")
    click.echo(
        lines(
            f"Risk {r.score}/100 · {r.threads} thread{'s' if r.threads != 1 else ''} to the "
            f"least-covered decision-maker · committee coverage {r.coverage:.0%}",
            2,
        )
    )
    for reason in r.reasons:
        click.echo(lines(reason, 4))
    if r.decision_makers:

        def names(ids: list[str]) -> str:
            return ", ".join(r.names.get(i, i) for i in ids)

        click.echo(
            table(
                ["DECISION-MAKER", "THREADS", "DIRECT", "SINGLE POINTS", "SMALLEST SET", "OUR ENTRY POINTS"],
                [
                    (
                        r.names.get(t.person, t.name),
                        t.threads,
                        "yes" if t.direct else "",
                        names(t.single_points),
                        names(t.smallest_set),
                        names(t.entry_points),
                    )
                    for t in r.decision_makers
                ],
                indent=2,
                drop=("OUR ENTRY POINTS", "SMALLEST SET"),
            )
        )
    from ..leavers import leaving_costs

    for cost in leaving_costs(graph, r.opportunity, stale_days=stale_days):
        click.echo(lines(cost.says, 2))


@click.command()
@click.argument("account", required=False)
@click.option("--opportunity", help="One opportunity, by id.")
@click.option("--portfolio", is_flag=True, help="Every account's open opportunities, by risk × value.")
@click.option(
    "--stale-days",
    default=DEFAULT_STALE_DAYS,
    show_default=True,
    type=click.IntRange(0),
    help="A relationship with no contact for longer is stale.",
)
@click.option("--without", multiple=True, metavar="PERSON", help="Recompute as if this person had left (repeatable).")
@click.option(
    "--avoid",
    multiple=True,
    metavar="PERSON|stance:STANCE",
    help="People no thread may pass through (repeatable), as for path; with --portfolio, stance:STANCE only.",
)
@click.option(
    "--min-strength",
    default=DEFAULT_MIN_STRENGTH,
    type=click.FloatRange(0, 1),
    help="Relationships weaker than this carry no thread (strength 0 never does), as for path.",
)
@click.option(
    "--reports-strength",
    default=DEFAULT_REPORTS_STRENGTH,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="How well a reporting line counts as known, as for path.",
)
@click.option(
    "--currency",
    envvar="KAMGRAPH_CURRENCY",
    metavar="CUR",
    help="With --portfolio: the reporting currency amounts are converted into. Also $KAMGRAPH_CURRENCY.",
)
@click.option(
    "--rate",
    "rate_items",
    multiple=True,
    metavar="CUR=FACTOR",
    help=f"With --portfolio: 1 CUR is worth FACTOR of the reporting currency (repeatable), e.g. "
    f'GBP=1.17. Also ${RATES_ENV}="GBP=1.17,DKK=0.134".',
)
@click.option(
    "--jobs",
    default=2,
    show_default=True,
    type=click.IntRange(1),
    help="With --portfolio: processes working through the accounts, each reading its own.",
)
@json_option
@csv_option
@pass_app
@click.pass_context
def risk(
    ctx: click.Context,
    app: App,
    account: str | None,
    opportunity: str | None,
    portfolio: bool,
    stale_days: int,
    without: tuple[str, ...],
    avoid: tuple[str, ...],
    min_strength: float,
    reports_strength: float,
    currency: str | None,
    rate_items: tuple[str, ...],
    jobs: int,
    as_json: bool,
) -> None:
    """Single-thread risk of ACCOUNT's deals, of one --opportunity, or across the --portfolio.

    Across the portfolio, money is compared in one currency only: give --currency and a
    --rate for each other currency, or deals are ranked by risk within each currency."""
    from ..analysis.risk import account_risk
    from ..analysis.single_thread import opportunity_risk

    if [account is not None, opportunity is not None, portfolio].count(True) != 1:
        raise click.UsageError("give exactly one of ACCOUNT, --opportunity OPP or --portfolio")
    if portfolio and without:
        raise click.UsageError("--without works with one account or opportunity, not the portfolio")
    explicit_currency = ctx.get_parameter_source("currency") == click.core.ParameterSource.COMMANDLINE
    if not portfolio and (rate_items or explicit_currency):
        raise click.UsageError("--currency and --rate work with --portfolio")
    if not portfolio and ctx.get_parameter_source("jobs") == click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("--jobs works with --portfolio")
    store = app.store
    if account is not None:
        account = app.account_id(account)
    without = tuple(app.person_id(p) for p in without)
    if portfolio and any(not a.startswith("stance:") for a in avoid):
        raise click.UsageError("with --portfolio, --avoid takes stance:STANCE, not a person")
    avoid = tuple(a if a.startswith("stance:") else app.person_id(a) for a in avoid)
    if opportunity is not None:
        opp = store.get("opportunities", [opportunity]).get(opportunity)
        if not isinstance(opp, Opportunity):
            raise NotFound(f"no opportunity with id '{opportunity}'")
        graph = store.account(opp.account)
        r = opportunity_risk(
            graph,
            opportunity,
            stale_days=stale_days,
            without=without,
            avoid=avoid,
            min_strength=min_strength,
            reports_strength=reports_strength,
        )
        if as_json:
            from ..leavers import risk_json

            echo_json(risk_json(r, graph, stale_days=stale_days))
        else:
            _show_opportunity(r, graph, stale_days)
        return
    if account is not None:
        graph = store.account(account)
        ar = account_risk(
            graph,
            account,
            stale_days=stale_days,
            without=without,
            avoid=avoid,
            min_strength=min_strength,
            reports_strength=reports_strength,
        )
        if as_json:
            from ..leavers import risk_json

            deals = [risk_json(r, graph, stale_days=stale_days) for r in ar.opportunities]
            echo_json({**ar.model_dump(mode="json"), "opportunities": deals})
            return
        if not ar.opportunities:
            click.echo(f"{ar.name} ({ar.account}) has no open opportunities.")
        for n, r in enumerate(ar.opportunities):
            if n:
                click.echo()
            _show_opportunity(r, graph, stale_days)
        return

    from ..portfolio_run import store_portfolio_risk  # the worker pool loads only here

    ids = store.account_ids()
    rates = {**rates_from_env(), **parse_rates(rate_items)}

    def run(progress: Callable[[int], None] | None = None) -> PortfolioRisk:
        return store_portfolio_risk(
            store,
            ids,
            url=app.store_url,
            jobs=jobs,
            stale_days=stale_days,
            currency=currency,
            rates=rates,
            progress=progress,
            avoid=avoid,
            min_strength=min_strength,
            reports_strength=reports_strength,
        )

    if sys.stderr.isatty():
        with click.progressbar(length=len(ids), label="Accounts", file=sys.stderr) as bar:
            pr = run(bar.update)
    else:
        pr = run()
    if as_json:
        echo_json(pr)
        return
    _show_portfolio(pr)


def _show_portfolio(pr: PortfolioRisk) -> None:
    if not pr.opportunities:
        click.echo(f"No open opportunities in {pr.accounts} account{'s' if pr.accounts != 1 else ''}.")
        return
    if pr.note:
        hint = (
            f"add {' '.join(f'--rate {c}=FACTOR' for c in pr.missing_rates)}, or ${RATES_ENV}"
            if pr.reporting_currency and pr.missing_rates
            else f"give --currency CUR and a --rate CUR=FACTOR for the others, or ${RATES_ENV}"
        )
        click.echo(lines(f"{pr.note[0].upper()}{pr.note[1:]} ({hint}).") + "\n")
    groups = (
        [(pr.currency, pr.opportunities)]
        if pr.note is None
        else [(c.currency, [r for r in pr.opportunities if _bucket(r, pr) == c.currency]) for c in pr.by_currency]
    )
    shares = {c.currency: c for c in pr.by_currency}
    for n, (cur, opps) in enumerate(groups):
        if n:
            click.echo()
        if pr.note is not None:
            click.secho(f"In {cur or 'no currency'}", bold=True)
        if opps:
            click.echo(
                table(
                    [
                        "ACCOUNT",
                        "OPPORTUNITY",
                        "AMOUNT",
                        "RISK",
                        "THREADS",
                        f"AT RISK ({cur})" if cur else "AT RISK",
                        "MAIN REASON",
                    ],
                    [
                        (
                            r.account_name or r.account,
                            r.name + (" (overdue)" if r.overdue else ""),
                            money(r.amount, r.currency),
                            r.score,
                            r.threads,
                            money(r.exposure if r.converted_exposure is None else r.converted_exposure),
                            r.reasons[0] if r.reasons else "",
                        )
                        for r in opps
                    ],
                    keep=(0, 1),
                    drop=("THREADS", "AMOUNT", "MAIN REASON"),
                )
            )
        c = shares.get(cur)
        if c is not None and c.value:
            click.echo(
                ("\n" if opps else "") + _concentration(c.top_accounts, c.accounts, c.top_share, money(c.value, cur))
            )


def _concentration(top: list[AccountShare], accounts: int, share: float, value: str) -> str:
    """``The top 2 of 5 accounts (A, B) hold 80% of the value (…).``, in good grammar for one."""
    names = ", ".join(a.name for a in top)
    if accounts == 1:
        return f"{names} holds all of the value ({value})."
    if len(top) == 1:
        return f"The top account of {accounts}, {names}, holds {share:.0%} of the value ({value})."
    return f"The top {len(top)} of {plural(accounts, 'accounts')} ({names}) hold {share:.0%} of the value ({value})."


def _bucket(r: OpportunityRisk, pr: PortfolioRisk) -> str | None:
    """The currency group of ``r`` in a portfolio split by currency."""
    return pr.reporting_currency if r.converted_exposure is not None else r.currency
