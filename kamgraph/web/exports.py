"""Exports of what is on screen: the map as SVG or PNG with the page's options (view, deal,
highlighted route, unit, collapse, language, redaction), and the PPTX deck of the account
(:func:`kamgraph.render.slides.write_deck`, as the ``slides`` command writes it).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import NotFound
from ..render.i18n import LANGS
from ..render.plan import MapOptions
from ..service import map_options
from .api_read import choice, flag, view_params
from .app import Library

__all__ = ["routes"]

_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _download(data: bytes, name: str, fmt: str) -> Response:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:80] or "map"
    return Response(
        data, media_type=_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{safe}.{fmt}"'}
    )


def routes(lib: Library) -> list[Route]:
    def picture(request: Request) -> Response:
        from ..render.dot import account_map
        from ..render.run import render

        aid = request.path_params["account"]
        fmt = request.path_params["fmt"]
        if fmt not in ("svg", "png"):
            raise NotFound(f"no export as '.{fmt}': the map exports as .svg or .png, the deck as deck.pptx")
        graph = lib.store.account(aid)
        options = map_options(graph, aid, **view_params(request))
        return _download(
            render(account_map(graph, aid, options), "png" if fmt == "png" else "svg"), f"{aid}-{options.view}", fmt
        )

    def deck(request: Request) -> Response:
        from ..render.slides import build_deck, stable_zip

        aid = request.path_params["account"]
        graph = lib.store.account(aid)
        options = MapOptions.model_validate(
            dict(
                view=choice(request, "view", ("org", "committee", "influence"), "committee"),
                lang=choice(request, "lang", LANGS, "en"),
                redact=flag(request, "redact"),
            )
        )
        buffer = io.BytesIO()
        build_deck([(aid, graph)], options).save(buffer)
        from .. import clock

        return _download(stable_zip(buffer.getvalue(), clock.today()), aid, "pptx")

    def _read(fn: Callable[[Request], Response], request: Request) -> Response:
        with lib.store.transaction():  # one snapshot of the store
            return fn(request)

    async def run_picture(request: Request) -> Response:
        """
        summary: "The map on screen as a file: /export.svg or /export.png, with the map's parameters"
        responses: {200: {description: the picture}}
        """
        return await lib.run(_read, picture, request)

    async def run_deck(request: Request) -> Response:
        """
        summary: "The account's QBR deck (as `slides`): ?lang=, ?redact=1, ?view="
        responses: {200: {description: a PPTX file}}
        """
        return await lib.run(_read, deck, request)

    return [
        Route("/api/accounts/{account}/export.{fmt:str}", run_picture),
        Route("/api/accounts/{account}/deck.pptx", run_deck),
    ]
