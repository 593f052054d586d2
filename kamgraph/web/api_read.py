"""The read side of the HTTP API: the same library calls and JSON shapes as the commands'
``--json`` (``accounts``, ``show``, ``path``, ``risk``, ``whitespace``, ``influence``), plus
what only the page needs (the map with its keys, a person's card, the search list).

Every answer takes ``?redact=1`` (initials, no e-mails, no notes).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.schemas import SchemaGenerator

from .. import __version__
from ..errors import InvalidInput, NotFound
from ..graph import departed
from ..model import Graph
from ..render.i18n import LANGS
from ..render.plan import VIEWS
from ..service import map_options, opportunity_account
from ..store import redact as redact_url
from ..views import View
from .app import Library
from .views import PRIVATE_FIELDS, card, map_view, redact, search_list

__all__ = ["choice", "flag", "number", "routes", "view_params"]


def flag(request: Request, name: str) -> bool:
    value = request.query_params.get(name, "0").lower()
    if value not in ("0", "1", "true", "false", ""):
        raise InvalidInput(f"{name}: expected 1 or 0, not '{value}'")
    return value in ("1", "true")


def number(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"{name}: expected a whole number, not '{raw}'") from None
    if not low <= value <= high:
        raise InvalidInput(f"{name}: expected a number from {low} to {high}, not {value}")
    return value


def choice(request: Request, name: str, choices: tuple[str, ...], default: str) -> str:
    """The query parameter ``name``, one of ``choices`` (``default`` when absent)."""
    value = request.query_params.get(name) or default
    if value not in choices:
        raise InvalidInput(f"{name}: expected one of {', '.join(choices)}, not '{value}'")
    return value


def view_params(request: Request) -> dict[str, Any]:
    """The map's options from the query: view, opportunity, highlight (repeatable), unit,
    collapse (1/0, or absent for the default), lang, redact."""
    q = request.query_params
    collapse = q.get("collapse")
    return {
        "view": choice(request, "view", VIEWS, "org"),
        "opportunity": q.get("opportunity") or None,
        "highlight": [h for h in q.getlist("highlight") if h],
        "unit": q.get("unit") or None,
        "collapse": None if collapse in (None, "") else flag(request, "collapse"),
        "lang": choice(request, "lang", LANGS, "en"),
        "redact": flag(request, "redact"),
    }


def _json(data: Any, graph: Graph | None = None, redacted: bool = False) -> Response:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", by_alias=True)
    elif isinstance(data, View):  # show's views: dataclasses of the same JSON form
        data = data.to_json()
    elif isinstance(data, list):
        data = [d.model_dump(mode="json", by_alias=True) if isinstance(d, BaseModel) else d for d in data]
    if redacted and graph is not None:
        data = redact(data, graph)
    return JSONResponse(data)


def routes(lib: Library) -> list[Route]:
    settings = lib.settings
    schemas = SchemaGenerator({"openapi": "3.0.0", "info": {"title": "kamgraph", "version": __version__}})

    def endpoint(fn: Callable[[Request], Any]) -> Callable[[Request], Any]:
        """An async endpoint running ``fn`` on the library's thread."""

        def read(request: Request) -> Any:
            with lib.store.transaction():  # one snapshot: no answer mixes two states of the store
                return fn(request)

        async def run(request: Request) -> Any:
            return await lib.run(read, request)

        run.__doc__ = fn.__doc__
        run.__name__ = fn.__name__
        return run

    def session(request: Request) -> Response:
        """
        summary: "What the page needs first (the CSRF token, whether edits are on, the words of risk reasons
          per language: kamgraph.render.i18n_reasons, the table the slides use too)"
        responses: {200: {description: "read_only, csrf, version, store, langs, words"}}
        """
        from ..render.i18n_reasons import words

        return JSONResponse(
            {
                "words": words(),
                "read_only": settings.read_only,
                "csrf": settings.csrf,
                "version": __version__,
                "store": redact_url(settings.store_url),
                "langs": list(LANGS),
            }
        )

    def portfolio(request: Request) -> Response:
        """
        summary: "The accounts (as `accounts --json`) and the portfolio's risk (as `risk --portfolio --json`);
          ?currency= (or $KAMGRAPH_CURRENCY) with $KAMGRAPH_RATES compares values across currencies"
        responses: {200: {description: "{accounts, risk}"}}
        """
        from ..money import rates_from_env
        from ..portfolio_run import store_portfolio_risk

        accounts = lib.store.accounts()
        currency = request.query_params.get("currency") or os.environ.get("KAMGRAPH_CURRENCY") or None
        risk = store_portfolio_risk(
            lib.store, [a.id for a in accounts], jobs=1, currency=currency, rates=rates_from_env()
        )
        data = {"accounts": [a.model_dump(mode="json") for a in accounts], "risk": risk.model_dump(mode="json")}
        if flag(request, "redact"):  # the risks' reasons name people
            data = redact(data, Graph(people=[p for a in accounts for p in lib.store.account(a.id).people]))
        return JSONResponse(data)

    def account(request: Request) -> Response:
        """
        summary: "One account's committees and key people (as `show --json`)"
        responses: {200: {description: AccountView}, 404: {description: no such account}}
        """
        from ..views import account_view

        aid = request.path_params["account"]
        graph = lib.store.account(aid)
        return _json(account_view(graph, aid), graph, flag(request, "redact"))

    def people(request: Request) -> Response:
        """
        summary: The account's people and ours, for the search box
        responses: {200: {description: "[SearchEntry]"}}
        """
        aid = request.path_params["account"]
        graph = lib.store.account(aid)
        return _json(search_list(graph, aid), graph, flag(request, "redact"))

    def person(request: Request) -> Response:
        """
        summary: A person's card (title, unit, manager, seats per deal, who of ours knows them, notes)
        responses: {200: {description: Card}, 404: {description: no such person or account}}
        """
        aid = request.path_params["account"]
        graph = lib.store.account(aid)
        return _json(card(graph, request.path_params["person"]), graph, flag(request, "redact"))

    def person_history(request: Request) -> Response:
        """
        summary: What changed lately about a person (the same JSON as `kamgraph history --json`), newest first
        parameters: [{name: limit, in: query, schema: {type: integer, default: 8}}]
        responses: {200: {description: History}, 404: {description: no such person or account}}
        """
        from ..history import history

        aid = request.path_params["account"]
        graph = lib.store.account(aid)
        pid = request.path_params["person"]
        if graph.person(pid) is None:
            raise NotFound(f"no person with id '{pid}' in account '{aid}'")
        found = history(lib.store, pid, limit=number(request, "limit", 8, 1, 100))
        if flag(request, "redact"):  # what is private stays off a shared screen, in the log too
            found.changes = [c for c in found.changes if c.field not in PRIVATE_FIELDS]
        return _json(found, graph, flag(request, "redact"))

    def account_map(request: Request) -> Response:
        """
        summary: "The account map as SVG (Graphviz's layout, as `map`) with the key of each box"
        parameters: [{name: view, in: query}, {name: opportunity, in: query}, {name: highlight, in: query},
                     {name: unit, in: query}, {name: collapse, in: query}, {name: lang, in: query},
                     {name: redact, in: query}]
        responses: {200: {description: MapView}}
        """
        aid = request.path_params["account"]
        graph = lib.store.account(aid)
        options = map_options(graph, aid, **view_params(request))
        return _json(map_view(graph, aid, options), graph, options.redact)

    def page(request: Request) -> Response:
        """
        summary: "What the account page shows first, from one read of the account: {account (as `show --json`),
          people (the search list), map (as /map, with the same parameters)}"
        responses: {200: {description: "{account, people, map}"}}
        """
        from ..views import account_view

        aid = request.path_params["account"]
        graph = lib.store.account(aid)
        options = map_options(graph, aid, **view_params(request))
        data = {
            "account": account_view(graph, aid).to_json(),
            "people": [e.model_dump(mode="json") for e in search_list(graph, aid)],
            "map": map_view(graph, aid, options).model_dump(mode="json"),
        }
        return _json(data, graph, options.redact)

    def paths(request: Request) -> Response:
        """
        summary: "The k warmest routes from our team (or ?from=PERSON) to ?to=PERSON|role:ROLE (as `path --json`);
          with ?map=1 and the map's parameters (its deal as ?map_opportunity=), also the map drawn around the
          best route (as /map with ?highlight= its people), from the same read: one request for a click"
        responses: {200: {description: "PathResult (with map: MapView when ?map=1 and a route is found)"}}
        """
        from ..analysis import decision_paths

        aid = request.path_params["account"]
        target = request.query_params.get("to")
        if not target:
            raise InvalidInput("to: give a person id or role:ROLE")
        graph = lib.store.account(aid)
        result = decision_paths(
            graph,
            request.query_params.get("from") or "team",
            target,
            account=aid,
            opportunity=request.query_params.get("opportunity") or None,
            k=number(request, "k", 3, 1, 20),
            avoid=request.query_params.getlist("avoid"),
        )
        from ..evidence import explain_routes

        explain_routes(result, graph)
        if not (flag(request, "map") and result.paths):
            return _json(result, graph, flag(request, "redact"))
        p = view_params(request)
        p["highlight"] = list(result.paths[0].people)
        p["opportunity"] = request.query_params.get("map_opportunity") or None  # the map's deal, not the route's
        options = map_options(graph, aid, **p)
        data = {**result.model_dump(mode="json"), "map": map_view(graph, aid, options).model_dump(mode="json")}
        return _json(data, graph, options.redact)

    def risk(request: Request) -> Response:
        """
        summary: "One deal's single-thread risk, as if the ?without=PERSON people had left (as `risk --json`)"
        responses: {200: {description: OpportunityRisk}}
        """
        from ..analysis import opportunity_risk

        opp = request.path_params["opportunity"]
        graph = lib.store.account(opportunity_account(lib.store, opp))
        gone = [w for w in request.query_params.getlist("without") if w]
        people = {p.id for p in graph.people}
        for w in gone:
            if w not in people:
                raise NotFound(f"without: no person with id '{w}' on this deal's map")
        left = departed(graph)  # gone already: taking them out again changes nothing
        result = opportunity_risk(graph, opp, without=[w for w in gone if w not in left])
        return _json(result, graph, flag(request, "redact"))

    def whitespace(request: Request) -> Response:
        """
        summary: "Units × our products with coverage (as `whitespace --json`)"
        responses: {200: {description: WhiteSpace}}
        """
        from ..analysis import whitespace as white_space

        aid = request.path_params["account"]
        graph = lib.store.account(aid)
        basis = choice(request, "basis", ("headcount", "budget"), "headcount")
        return _json(
            white_space(graph, aid, basis="budget" if basis == "budget" else "headcount"),
            graph,
            flag(request, "redact"),
        )

    def influence(request: Request) -> Response:
        """
        summary: "Who sways the account, against formal seniority (as `influence --json`)"
        responses: {200: {description: "[PersonInfluence]"}}
        """
        from ..analysis import influence as rank

        aid = request.path_params["account"]
        graph = lib.store.account(aid)
        return _json(rank(graph, aid), graph, flag(request, "redact"))

    async def openapi(request: Request) -> Response:
        return JSONResponse(schemas.get_schema(routes=request.app.routes))

    return [
        Route("/api/session", endpoint(session)),
        Route("/api/portfolio", endpoint(portfolio)),
        Route("/api/accounts/{account}", endpoint(account)),
        Route("/api/accounts/{account}/people", endpoint(people)),
        Route("/api/accounts/{account}/people/{person}", endpoint(person)),
        Route("/api/accounts/{account}/people/{person}/history", endpoint(person_history)),
        Route("/api/accounts/{account}/map", endpoint(account_map)),
        Route("/api/accounts/{account}/page", endpoint(page)),
        Route("/api/accounts/{account}/routes", endpoint(paths)),
        Route("/api/accounts/{account}/whitespace", endpoint(whitespace)),
        Route("/api/accounts/{account}/influence", endpoint(influence)),
        Route("/api/opportunities/{opportunity}/risk", endpoint(risk)),
        Route("/api/openapi.json", openapi, include_in_schema=False),
    ]
