"""The words on maps and slides, in English, Spanish, French and German.

>>> text("es", "stance.supporter")
'Aliado'
>>> text("en", "more_people", n=3)
'+3 more'
>>> badge(Role.economic_buyer)
'EB'
"""

from __future__ import annotations

from typing import Literal

from ..model import Role
from .i18n_deck import DECK
from .i18n_fr_de import ROLES, TEXT

__all__ = ["BADGES", "LANGS", "Lang", "badge", "role_name", "text"]

Lang = Literal["en", "es", "fr", "de"]
LANGS: tuple[Lang, ...] = ("en", "es", "fr", "de")

#: The short badge drawn on a node for each buying role (the same in every language: sales
#: teams use the English abbreviations; the legend spells them out in the map's language).
BADGES: dict[Role, str] = {
    Role.economic_buyer: "EB",
    Role.decision_maker: "DM",
    Role.technical_buyer: "TB",
    Role.user_buyer: "UB",
    Role.champion: "CH",
    Role.coach: "CO",
    Role.influencer: "INF",
    Role.evaluator: "EV",
    Role.executive_sponsor: "ES",
    Role.blocker: "BLK",
    Role.gatekeeper: "GK",
    Role.procurement: "PRC",
    Role.legal: "LEG",
}

_ROLES: dict[Lang, dict[Role, str]] = {
    "en": {
        Role.economic_buyer: "Economic buyer",
        Role.decision_maker: "Decision maker",
        Role.technical_buyer: "Technical buyer",
        Role.user_buyer: "User buyer",
        Role.champion: "Champion",
        Role.coach: "Coach",
        Role.influencer: "Influencer",
        Role.evaluator: "Evaluator",
        Role.executive_sponsor: "Executive sponsor",
        Role.blocker: "Blocker",
        Role.gatekeeper: "Gatekeeper",
        Role.procurement: "Procurement",
        Role.legal: "Legal",
    },
    "es": {
        Role.economic_buyer: "Comprador económico",
        Role.decision_maker: "Decisor",
        Role.technical_buyer: "Comprador técnico",
        Role.user_buyer: "Usuario",
        Role.champion: "Promotor interno",
        Role.coach: "Coach",
        Role.influencer: "Influenciador",
        Role.evaluator: "Evaluador",
        Role.executive_sponsor: "Patrocinador ejecutivo",
        Role.blocker: "Bloqueador",
        Role.gatekeeper: "Filtro de acceso",
        Role.procurement: "Compras",
        Role.legal: "Legal",
    },
}

_TEXT: dict[Lang, dict[str, str]] = {
    "en": {
        "view.org": "Account map",
        "view.influence": "Influence network",
        "view.committee": "Buying committee",
        "stance": "Stance",
        "stance.supporter": "Supporter",
        "stance.neutral": "Neutral",
        "stance.detractor": "Detractor",
        "stance.unknown": "Unknown",
        "roles": "Buying roles",
        "lines": "Lines",
        "line.reports_to": "reports to",
        "line.influences": "influences (weight: thin < 0.4 ≤ medium < 0.7 ≤ thick)",
        "line.knows": "knows (thin < 0.4 ≤ medium < 0.7 ≤ thick)",
        "line.path": "best route",
        "team": "Our team",
        "team.node": "our team",
        "high_influence": "high influence (thick border)",
        "stance.none": "not recorded",
        "more_people": "+{n} more",
        "unit_people": "{n} people",
        "unit_person": "1 person",
        "units_people": "{n} people in {k} units",
        "units_collapsed": "{n} units collapsed: {names}",
        "units_collapsed1": "1 unit collapsed: {names}",
        "empty_seat": "empty seat",
        "nobody_yet": "nobody yet",
        "people_shown": "{shown} of {total} people",
        "partial_lines": "reporting lines: the CRM's view, partial",
        "owners": "Owner in the CRM",
        "owners.note": "coverage, not a relationship",
        "since": "Since {date}",
        "since.new": "new",
        "since.moved": "moved",
        "since.new.legend": "new: joined since then",
        "since.moved.legend": "moved: stance, influence or roles",
        "critical": "Critical contacts",
        "critical.single": "single point",
        "critical.set": "smallest set",
        "critical.single.legend": "single point: every thread to a decision-maker runs through them",
        "critical.set.legend": "smallest set: losing them together cuts a decision-maker off",
        "as_of": "as of {date}",
        "left_on": "left on {date}",
        "left.legend": "has left (struck through): no route, thread or seat",
        "deck.title": "Account review",
        "deck.subtitle": "{n} accounts · {date}",
        "deck.subtitle1": "1 account · {date}",
        "slide.value": "Annual value",
        "slide.pipeline": "Open pipeline",
        "slide.people": "People mapped",
        "slide.key_numbers": "Key numbers",
        "slide.biggest_deal": "Biggest open deal",
        "slide.no_deal": "No open opportunity",
        "slide.overdue": "overdue: was to close {date}",
        "slide.threads": "Threads to the deciders",
        "slide.critical": "Critical contacts",
        "slide.coverage": "Committee covered",
        "slide.risk": "Single-thread risk (of 100)",
        "slide.whitespace": "Top white space (people)",
        "slide.no_whitespace": "No white space found",
        "slide.not_available": "not computed",
        "slide.none": "none",
        "slide.supporters": "Supporters / detractors",
        "slide.empty_seats": "Empty seats",
        "slide.map_alt": "{view} of {account}: people as boxes coloured by stance, lines for reporting and "
        "relationships",
    },
    "es": {
        "view.org": "Mapa de la cuenta",
        "view.influence": "Red de influencia",
        "view.committee": "Comité de compra",
        "stance": "Postura",
        "stance.supporter": "Aliado",
        "stance.neutral": "Neutral",
        "stance.detractor": "Detractor",
        "stance.unknown": "Desconocida",
        "roles": "Roles de compra",
        "lines": "Líneas",
        "line.reports_to": "reporta a",
        "line.influences": "influye en (peso: fina < 0,4 ≤ media < 0,7 ≤ gruesa)",
        "line.knows": "conoce (fina < 0,4 ≤ media < 0,7 ≤ gruesa)",
        "line.path": "mejor ruta",
        "team": "Nuestro equipo",
        "team.node": "nuestro equipo",
        "high_influence": "influencia alta (borde grueso)",
        "stance.none": "sin registrar",
        "more_people": "+{n} más",
        "unit_people": "{n} personas",
        "unit_person": "1 persona",
        "units_people": "{n} personas en {k} unidades",
        "units_collapsed": "{n} unidades plegadas: {names}",
        "units_collapsed1": "1 unidad plegada: {names}",
        "empty_seat": "puesto vacío",
        "nobody_yet": "nadie aún",
        "people_shown": "{shown} de {total} personas",
        "partial_lines": "líneas de dependencia: la vista del CRM, parcial",
        "owners": "Propietario en el CRM",
        "owners.note": "cobertura, no una relación",
        "since": "Desde el {date}",
        "since.new": "nuevo",
        "since.moved": "cambió",
        "since.new.legend": "nuevo: llegó desde entonces",
        "since.moved.legend": "cambió: postura, influencia o roles",
        "critical": "Contactos críticos",
        "critical.single": "punto único",
        "critical.set": "conjunto mínimo",
        "critical.single.legend": "punto único: todos los hilos hasta un decisor pasan por aquí",
        "critical.set.legend": "conjunto mínimo: perderlos a la vez nos aísla de un decisor",
        "as_of": "a {date}",
        "left_on": "se fue el {date}",
        "left.legend": "se fue (tachado): sin ruta, hilo ni puesto",
        "deck.title": "Revisión de cuentas",
        "deck.subtitle": "{n} cuentas · {date}",
        "deck.subtitle1": "1 cuenta · {date}",
        "slide.value": "Valor anual",
        "slide.pipeline": "Oportunidades abiertas",
        "slide.people": "Personas mapeadas",
        "slide.key_numbers": "Cifras clave",
        "slide.biggest_deal": "Mayor oportunidad abierta",
        "slide.no_deal": "Ninguna oportunidad abierta",
        "slide.overdue": "vencida: debía cerrarse el {date}",
        "slide.threads": "Hilos hasta los decisores",
        "slide.critical": "Contactos críticos",
        "slide.coverage": "Comité cubierto",
        "slide.risk": "Riesgo de hilo único (sobre 100)",
        "slide.whitespace": "Espacio en blanco (personas)",
        "slide.no_whitespace": "Sin espacio en blanco",
        "slide.not_available": "sin calcular",
        "slide.none": "ninguno",
        "slide.supporters": "Aliados / detractores",
        "slide.empty_seats": "Puestos vacíos",
        "slide.map_alt": "{view} de {account}: personas en recuadros coloreados por postura, líneas de "
        "dependencia y de relación",
    },
}


_ROLES.update(ROLES)  # type: ignore[arg-type]
_TEXT.update(TEXT)  # type: ignore[arg-type]
for _lang, _phrases in DECK.items():
    _TEXT[_lang].update(_phrases)  # type: ignore[index]


def text(lang: Lang, key: str, **values: object) -> str:
    """The phrase ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    return _TEXT[lang][key].format(**values)


def role_name(lang: Lang, role: Role) -> str:
    return _ROLES[lang][role]


def badge(role: Role) -> str:
    return BADGES[role]
