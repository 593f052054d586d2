"""The write side of the HTTP API: each edit is one call of :mod:`kamgraph.edits`, which
validates the changed record as an import would and writes it through the store, so the
command line sees it at once. Every write is a same-origin JSON POST carrying the CSRF
token (checked in :class:`kamgraph.web.app.Guard`); ``--read-only`` refuses them all.

Each answers what the write did, as an import's report: ``{"counts": …, "warnings": […]}``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import clock, edits
from ..errors import InvalidInput
from ..store import ImportReport
from .app import Library, json_body

__all__ = ["WEB", "routes"]

#: The source of the web app's edits in the change log.
WEB = "web"


def _text(body: dict[str, Any], name: str, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{name}: expected a non-empty text")
    return value


def _report(report: ImportReport) -> Response:
    return JSONResponse({"changed": report.changed, **report.model_dump(mode="json")})


def routes(lib: Library) -> list[Route]:
    def post(fn: Callable[[Request, dict[str, Any]], ImportReport]) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            body = await json_body(request)
            return _report(await lib.run(fn, request, body))

        run.__doc__ = fn.__doc__
        run.__name__ = fn.__name__
        return run

    def person(request: Request, body: dict[str, Any]) -> ImportReport:
        """
        summary: "Set a person's own stance, influence, roles, title…: {\\"stance\\": \\"supporter\\"}"
        responses: {200: {description: ImportReport}, 400: {description: an invalid value, nothing written}}
        """
        return edits.set_person(lib.store, request.path_params["person"], body, source=WEB)

    def seat(request: Request, body: dict[str, Any]) -> ImportReport:
        """
        summary: "Set a person's roles, stance or influence on one deal: {\\"roles\\": [\\"champion\\"]}"
        responses: {200: {description: ImportReport}, 400: {description: an invalid value, nothing written}}
        """
        return edits.set_seat(
            lib.store, request.path_params["opportunity"], request.path_params["person"], body, source=WEB
        )

    def note(request: Request, body: dict[str, Any]) -> ImportReport:
        """
        summary: "Add a note to a person, deal or account: {\\"record\\": ID, \\"text\\": …}"
        responses: {200: {description: ImportReport}}
        """
        _only(body, {"record", "text", "by"})
        record = _text(body, "record")
        assert record is not None
        return edits.add_note(
            lib.store, record, _text(body, "text") or "", by=_text(body, "by", required=False), source=WEB
        )

    def contact(request: Request, body: dict[str, Any]) -> ImportReport:
        """
        summary: "Log a contact between one of ours and a person: {\\"person\\": ID, \\"by\\": ID, \\"date\\": …}"
        responses: {200: {description: ImportReport}}
        """
        _only(body, {"person", "by", "date"})
        person_id, by = _text(body, "person"), _text(body, "by")
        assert person_id is not None and by is not None
        date = _text(body, "date", required=False)
        return edits.log_contact(
            lib.store, person_id, by, on=clock.parse_date(date, "date") if date else None, source=WEB
        )

    def left(request: Request, body: dict[str, Any]) -> ImportReport:
        """
        summary: "Mark a person as having left: {\\"date\\": \\"2026-10-01\\"} (default: today) or {\\"undo\\": true}"
        responses: {200: {description: ImportReport}, 400: {description: an invalid date, nothing written}}
        """
        _only(body, {"date", "undo"})
        undo = body.get("undo", False)
        if not isinstance(undo, bool):
            raise InvalidInput("undo: expected true or false")
        date = _text(body, "date", required=False)
        day = clock.parse_date(date, "date") if date else None
        return edits.mark_left(lib.store, request.path_params["person"], on=day, clear=undo, source=WEB)

    return [
        Route("/api/people/{person}/left", post(left), methods=["POST"]),
        Route("/api/people/{person}", post(person), methods=["POST"]),
        Route("/api/opportunities/{opportunity}/seats/{person}", post(seat), methods=["POST"]),
        Route("/api/notes", post(note), methods=["POST"]),
        Route("/api/contacts", post(contact), methods=["POST"]),
    ]


def _only(body: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(body) - allowed)
    if extra:
        raise InvalidInput(f"{extra[0]}: not a field of this edit (expected {', '.join(sorted(allowed))})")
