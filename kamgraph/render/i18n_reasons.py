"""The words of a risk score's reasons, in English, Spanish, French and German: the one table
the slides (through :func:`reason_text`) and the web page (``/api/words``, read by
``kamgraph/web/static/i18n.js``) both translate from.

The analysis says each reason language-neutrally (:class:`~kamgraph.analysis.Factor`: a
``code`` and its ``params``, people by id and roles by value); it is put into words only
when drawn, with the people's names as the analysis gave them.

>>> from kamgraph.analysis.single_thread import Factor
>>> f = Factor(points=35, reason="", code="single_thread_through", params={"person": "cfo", "through": ["a", "b"]})
>>> reason_text("es", f, {"cfo": "Tom Ray", "a": "Ann Lee", "b": "Bo Li"})
'hilo único: un solo hilo hasta Tom Ray, a través de Ann Lee y Bo Li'
>>> risk_reason("de", Factor(points=10, reason="", code="empty_seats", params={"roles": ["economic_buyer"]}), {})
'+10 unbesetzte Rollen: Wirtschaftlicher Käufer'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import Role
from .i18n import LANGS, Lang, role_name

if TYPE_CHECKING:
    from ..analysis.single_thread import Factor

__all__ = ["REASONS", "reason_text", "risk_reason", "words"]

#: code → words, per language; {person} and {through} name people (a list joined by "and"),
#: {people} a list of people, {roles} a list of buying roles.
REASONS: dict[str, dict[str, str]] = {
    "en": {
        "and": " and ",
        "no_committee": "no buying committee recorded",
        "no_decider": "no economic buyer or decision maker on the committee",
        "no_route": "no route at all to {person}",
        "no_route_owned": (
            "no route at all to {person}: nobody on our team has a recorded relationship with {person};"
            " only CRM ownership"
        ),
        "single_thread": "single-threaded: one thread to {person}",
        "single_thread_through": "single-threaded: one thread to {person}, through {through}",
        "two_threads": "only two threads to {person}",
        "two_threads_cut": "only two threads to {person}; losing {through} together would cut us off",
        "own_single": "on our side, threads hang on {people}",
        "coverage": "we know {known} of {total} committee members directly",
        "stale": "no contact for over {days} days with {people}",
        "detractor": "high-influence detractor: {people}",
        "empty_seats": "empty seats: {roles}",
    },
    "es": {
        "and": " y ",
        "no_committee": "no hay comité de compra registrado",
        "no_decider": "ningún comprador económico ni decisor en el comité",
        "no_route": "ninguna ruta hasta {person}",
        "no_route_owned": (
            "ninguna ruta hasta {person}: nadie de nuestro equipo tiene una relación registrada con {person};"
            " solo la propiedad del registro en el CRM"
        ),
        "single_thread": "hilo único: un solo hilo hasta {person}",
        "single_thread_through": "hilo único: un solo hilo hasta {person}, a través de {through}",
        "two_threads": "solo dos hilos hasta {person}",
        "two_threads_cut": "solo dos hilos hasta {person}; perder a {through} nos dejaría sin acceso",
        "own_single": "de nuestro lado, los hilos dependen de {people}",
        "coverage": "conocemos directamente a {known} de {total} miembros del comité",
        "stale": "sin contacto desde hace más de {days} días con {people}",
        "detractor": "detractor de alta influencia: {people}",
        "empty_seats": "puestos vacíos: {roles}",
    },
    "fr": {
        "and": " et ",
        "no_committee": "aucun comité d'achat enregistré",
        "no_decider": "ni acheteur économique ni décideur dans le comité",
        "no_route": "aucune route vers {person}",
        "no_route_owned": (
            "aucune route vers {person} : personne de notre équipe n'a de relation enregistrée avec {person} ;"
            " seulement la propriété de la fiche CRM"
        ),
        "single_thread": "fil unique : un seul fil vers {person}",
        "single_thread_through": "fil unique : un seul fil vers {person}, par {through}",
        "two_threads": "seulement deux fils vers {person}",
        "two_threads_cut": "seulement deux fils vers {person} ; perdre {through} nous couperait",
        "own_single": "de notre côté, les fils dépendent de {people}",
        "coverage": "nous connaissons directement {known} des {total} membres du comité",
        "stale": "aucun contact depuis plus de {days} jours avec {people}",
        "detractor": "détracteur très influent : {people}",
        "empty_seats": "sièges vides : {roles}",
    },
    "de": {
        "and": " und ",
        "no_committee": "kein Buying Center erfasst",
        "no_decider": "weder wirtschaftlicher Käufer noch Entscheider im Buying Center",
        "no_route": "überhaupt kein Weg zu {person}",
        "no_route_owned": (
            "überhaupt kein Weg zu {person}: niemand in unserem Team hat eine erfasste Beziehung zu {person};"
            " nur die Zuständigkeit im CRM"
        ),
        "single_thread": "Single-Threaded: nur ein Faden zu {person}",
        "single_thread_through": "Single-Threaded: nur ein Faden zu {person}, über {through}",
        "two_threads": "nur zwei Fäden zu {person}",
        "two_threads_cut": "nur zwei Fäden zu {person}; ohne {through} wären wir abgeschnitten",
        "own_single": "auf unserer Seite hängen die Fäden an {people}",
        "coverage": "wir kennen {known} von {total} Mitgliedern des Buying Centers direkt",
        "stale": "seit über {days} Tagen kein Kontakt mit {people}",
        "detractor": "einflussreicher Gegner: {people}",
        "empty_seats": "unbesetzte Rollen: {roles}",
    },
}


def reason_text(lang: Lang, factor: Factor, names: Mapping[str, str]) -> str:
    """``factor`` in ``lang``'s words, people named by ``names`` (their id when it has none);
    the analysis's own English words for a code this table does not know."""
    table = REASONS[lang]
    if factor.code not in table:
        return factor.reason
    values: dict[str, object] = {}
    for key, value in factor.params.items():
        items = value if isinstance(value, list) else [value]
        if key == "roles":
            values[key] = ", ".join(
                role_name(lang, Role(str(r))) if str(r) in Role.__members__ else str(r) for r in items
            )
        elif key in ("person", "through", "people"):
            shown = [names.get(str(p), str(p)) for p in items]
            if key == "people" or len(shown) < 2:
                values[key] = ", ".join(shown)
            else:  # "A, B and C", as the analysis says it
                values[key] = ", ".join(shown[:-1]) + table["and"] + shown[-1]
        else:
            values[key] = value
    return table[factor.code].format(**values)


def risk_reason(lang: Lang, factor: Factor, names: Mapping[str, str]) -> str:
    """A reason as the risk lists it: its points, then its words."""
    return f"+{factor.points} {reason_text(lang, factor, names)}"


def words() -> dict[str, object]:
    """The table for the web page: the reasons' words and the buying roles' names, per language."""
    return {"reasons": REASONS, "roles": {lang: {r.value: role_name(lang, r) for r in Role} for lang in LANGS}}
