"""The model's vocabulary: the enumerations a record's fields take, and the few facts of
them every layer uses (a role's order, seniority's rank). No pydantic here: the views and a
read of an SQLite store's rows use them without loading the model (issue 19: a CLI that
answers at once). :mod:`kamgraph.model` re-exports every name.

>>> Seniority.vp.rank, sorted([Role.champion, Role.economic_buyer], key=ROLE_ORDER.__getitem__)
(1, [<Role.economic_buyer: 'economic_buyer'>, <Role.champion: 'champion'>])
"""

from enum import StrEnum

__all__ = [
    "DECIDING_ROLES",
    "DEFAULT_STALE_DAYS",
    "ROLE_ORDER",
    "AdoptionStatus",
    "Influence",
    "InteractionKind",
    "MHMode",
    "OrgKind",
    "Role",
    "Seniority",
    "Stance",
]


class Role(StrEnum):
    """Buying roles: Miller Heiman, MEDDPICC and Salesforce's contact roles in one list."""

    economic_buyer = "economic_buyer"
    decision_maker = "decision_maker"
    technical_buyer = "technical_buyer"
    user_buyer = "user_buyer"
    champion = "champion"
    coach = "coach"
    influencer = "influencer"
    evaluator = "evaluator"
    executive_sponsor = "executive_sponsor"
    blocker = "blocker"
    gatekeeper = "gatekeeper"
    procurement = "procurement"
    legal = "legal"


#: Roles whose holders make the decision (targets); a champion is a route, not a target.
DECIDING_ROLES = frozenset({Role.economic_buyer, Role.decision_maker})


class Stance(StrEnum):
    supporter = "supporter"
    neutral = "neutral"
    detractor = "detractor"
    unknown = "unknown"


class Influence(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class Seniority(StrEnum):
    """Formal rank, from the top. ``rank`` orders them (0 = most senior)."""

    executive = "executive"  # C-level, managing director, general manager
    vp = "vp"
    director = "director"
    head = "head"
    manager = "manager"
    senior = "senior"
    staff = "staff"

    @property
    def rank(self) -> int:
        return list(Seniority).index(self)


class OrgKind(StrEnum):
    client = "client"
    own = "own"
    third_party = "third_party"


class AdoptionStatus(StrEnum):
    active = "active"
    pilot = "pilot"
    churned = "churned"
    competitor = "competitor"
    none = "none"


class MHMode(StrEnum):
    """Miller Heiman response modes."""

    growth = "growth"
    trouble = "trouble"
    even_keel = "even_keel"
    overconfident = "overconfident"


class InteractionKind(StrEnum):
    """What kind of contact an :class:`Interaction` was (weighted by kamgraph.strength)."""

    meeting = "meeting"
    call = "call"
    email = "email"
    message = "message"
    linkedin = "linkedin"  # a LinkedIn connection: a standing weak tie, not a contact
    other = "other"


#: Each role's place in :class:`Role`'s order (how a record's roles are sorted).
ROLE_ORDER = {r: n for n, r in enumerate(Role)}

#: A relationship with no contact for longer than this many days is stale.
DEFAULT_STALE_DAYS = 90
