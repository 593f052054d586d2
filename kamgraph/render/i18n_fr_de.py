"""The words on maps in French and German (buying roles, legends, map and slide labels)."""
# ruff: noqa: E501

from __future__ import annotations

from ..model import Role

__all__ = ["ROLES", "TEXT"]

ROLES: dict[str, dict[Role, str]] = {
    "fr": {
        Role.economic_buyer: "Acheteur économique", Role.decision_maker: "Décideur",
        Role.technical_buyer: "Acheteur technique", Role.user_buyer: "Utilisateur", Role.champion: "Champion",
        Role.coach: "Coach", Role.influencer: "Influenceur", Role.evaluator: "Évaluateur",
        Role.executive_sponsor: "Sponsor exécutif", Role.blocker: "Bloqueur", Role.gatekeeper: "Filtre d'accès",
        Role.procurement: "Achats", Role.legal: "Juridique",
    },
    "de": {
        Role.economic_buyer: "Wirtschaftlicher Käufer", Role.decision_maker: "Entscheider",
        Role.technical_buyer: "Technischer Käufer", Role.user_buyer: "Anwender", Role.champion: "Champion",
        Role.coach: "Coach", Role.influencer: "Beeinflusser", Role.evaluator: "Evaluator",
        Role.executive_sponsor: "Executive Sponsor", Role.blocker: "Blockierer", Role.gatekeeper: "Gatekeeper",
        Role.procurement: "Einkauf", Role.legal: "Recht",
    },
}

TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "view.org": "Carte du compte", "view.influence": "Réseau d'influence", "view.committee": "Comité d'achat",
        "stance": "Position", "stance.supporter": "Allié", "stance.neutral": "Neutre", "stance.detractor": "Opposant",
        "stance.unknown": "Inconnue", "roles": "Rôles d'achat", "lines": "Lignes", "line.reports_to": "rend compte à",
        "line.influences": "influence", "line.knows": "connaît (fine < 0,4 ≤ moyenne < 0,7 ≤ épaisse)", "line.path": "meilleure route",
        "team": "Notre équipe", "team.node": "notre équipe", "high_influence": "forte influence (bordure épaisse)",
        "stance.none": "non renseignée", "more_people": "+{n} autres", "unit_people": "{n} personnes",
        "unit_person": "1 personne", "units_people": "{n} personnes dans {k} unités", "empty_seat": "siège vide",
        "nobody_yet": "personne encore", "people_shown": "{shown} sur {total} personnes",
        "partial_lines": "liens hiérarchiques : la vue du CRM, partielle", "owners": "Propriétaire dans le CRM",
        "owners.note": "couverture, pas une relation", "as_of": "au {date}", "deck.title": "Revue de comptes",
        "deck.subtitle": "{n} comptes · {date}", "deck.subtitle1": "1 compte · {date}", "slide.value": "Valeur annuelle",
        "slide.pipeline": "Pipeline ouvert", "slide.people": "Personnes cartographiées", "slide.key_numbers": "Chiffres clés",
        "slide.biggest_deal": "Plus grosse affaire ouverte", "slide.no_deal": "Aucune affaire ouverte",
        "slide.threads": "Fils vers les décideurs", "slide.critical": "Contacts critiques",
        "slide.coverage": "Comité couvert", "slide.risk": "Risque de fil unique (sur 100)",
        "slide.whitespace": "Espace blanc (personnes)", "slide.no_whitespace": "Aucun espace blanc",
        "slide.not_available": "non calculé", "slide.none": "aucun", "slide.supporters": "Alliés / opposants",
        "slide.empty_seats": "Sièges vides",
        "slide.map_alt": "{view} de {account} : personnes en cadres colorés selon leur position, lignes hiérarchiques et relations",
    },
    "de": {
        "view.org": "Account-Karte", "view.influence": "Einflussnetz", "view.committee": "Buying Center",
        "stance": "Haltung", "stance.supporter": "Unterstützer", "stance.neutral": "Neutral", "stance.detractor": "Gegner",
        "stance.unknown": "Unbekannt", "roles": "Kaufrollen", "lines": "Linien", "line.reports_to": "berichtet an",
        "line.influences": "beeinflusst", "line.knows": "kennt (dünn < 0,4 ≤ mittel < 0,7 ≤ dick)", "line.path": "beste Route",
        "team": "Unser Team", "team.node": "unser Team", "high_influence": "hoher Einfluss (dicker Rand)",
        "stance.none": "nicht erfasst", "more_people": "+{n} weitere", "unit_people": "{n} Personen",
        "unit_person": "1 Person", "units_people": "{n} Personen in {k} Einheiten", "empty_seat": "leerer Sitz",
        "nobody_yet": "noch niemand", "people_shown": "{shown} von {total} Personen",
        "partial_lines": "Berichtslinien: Sicht des CRM, unvollständig", "owners": "Verantwortlich im CRM",
        "owners.note": "Abdeckung, keine Beziehung", "as_of": "Stand {date}", "deck.title": "Account-Review",
        "deck.subtitle": "{n} Accounts · {date}", "deck.subtitle1": "1 Account · {date}", "slide.value": "Jahreswert",
        "slide.pipeline": "Offene Pipeline", "slide.people": "Erfasste Personen", "slide.key_numbers": "Kennzahlen",
        "slide.biggest_deal": "Größte offene Chance", "slide.no_deal": "Keine offene Chance",
        "slide.threads": "Fäden zu den Entscheidern", "slide.critical": "Kritische Kontakte",
        "slide.coverage": "Buying Center abgedeckt", "slide.risk": "Single-Thread-Risiko (von 100)",
        "slide.whitespace": "White Space (Personen)", "slide.no_whitespace": "Kein White Space",
        "slide.not_available": "nicht berechnet", "slide.none": "keine", "slide.supporters": "Unterstützer / Gegner",
        "slide.empty_seats": "Leere Sitze",
        "slide.map_alt": "{view} von {account}: Personen als Kästen nach Haltung gefärbt, Linien für Berichtswege und Beziehungen",
    },
}
