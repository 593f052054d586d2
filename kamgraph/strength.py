"""Effective strength: what a relationship is worth today, from its evidence and its age.

A relationship (:class:`~kamgraph.model.Knows`) has a strength set by hand (``strength``, as
of ``strength_set``) and a list of interactions (``evidence``). As of a day ``today``:

- each interaction of kind *k*, *d* days old, is a chance ``w(k) · decay(d)`` that the tie
  carries an introduction; interactions after ``today`` have not happened yet and count
  nothing; a LinkedIn connection is a standing tie and does not age, but its weight is low;
- the hand-set strength ``s`` counts as ``s · decay(d)``, *d* the days since it was set
  (``strength_set``); a strength with no set date (files written before evidence existed)
  ages from the relationship's ``last_contact`` instead: whoever typed it judged the tie as
  it stood then at best, so a 0.9 last seen 18 months ago is no longer a 0.9; a strength with
  neither date does not age (nothing says how old it is);
- the effective strength is the chance that at least one of them holds (a noisy-or):
  ``1 − (1 − s·decay) · Π (1 − w(k)·decay(d))``.

``decay(d)`` is 1 for the first ``fresh_days`` (a tie seen within the stale window keeps
its strength), then halves every ``half_life_days``. Defaults: fresh 90 days (the stale
threshold of ``risk``), half-life 180 days, weights meeting 0.4, call 0.3, e-mail 0.15,
message 0.1, other 0.1, LinkedIn 0.2. The half-life is set by ``--half-life`` /
``$KAMGRAPH_HALF_LIFE`` (days).

>>> import datetime as dt
>>> from kamgraph.model import Knows, Interaction
>>> k = Knows(a="a", b="b", strength=0.8, strength_set=dt.date(2026, 1, 1))
>>> effective_strength(k, dt.date(2026, 3, 1))  # within 90 days: as set
0.8
>>> effective_strength(k, dt.date(2026, 9, 28))  # 270 days: 180 past fresh, one half-life
0.4
>>> m = Knows(a="a", b="b", strength=0, evidence=[Interaction(kind="meeting", date=dt.date(2026, 2, 1))])
>>> effective_strength(m, dt.date(2026, 3, 1))
0.4
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import clock
from .errors import InvalidInput
from .vocabulary import DEFAULT_STALE_DAYS, InteractionKind

if TYPE_CHECKING:  # any record with Knows' attributes will do: a plain one too (no pydantic here)
    from .model import Knows

__all__ = [
    "DEFAULT_HALF_LIFE_DAYS",
    "DEFAULT_WEIGHTS",
    "ENV_HALF_LIFE",
    "StrengthModel",
    "current_model",
    "effective_strength",
    "explain",
    "set_half_life",
]

#: How many days it takes a relationship's strength to halve once it is past fresh.
DEFAULT_HALF_LIFE_DAYS = 180.0
#: The environment variable that sets the half-life (days).
ENV_HALF_LIFE = "KAMGRAPH_HALF_LIFE"

#: How much one interaction of each kind says (a chance, 0..1) while it is fresh.
DEFAULT_WEIGHTS: Mapping[InteractionKind, float] = {
    InteractionKind.meeting: 0.4,
    InteractionKind.call: 0.3,
    InteractionKind.email: 0.15,
    InteractionKind.message: 0.1,
    InteractionKind.other: 0.1,
    InteractionKind.linkedin: 0.2,
}

#: Kinds that are a standing tie rather than a contact on a day: they do not age.
STANDING = frozenset({InteractionKind.linkedin})


@dataclass(frozen=True)
class StrengthModel:
    """The parameters of the effective strength (see the module's text)."""

    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    fresh_days: int = DEFAULT_STALE_DAYS
    weights: Mapping[InteractionKind, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def decay(self, age_days: int) -> float:
        """1 while fresh, then halving every half-life.

        >>> StrengthModel().decay(90), StrengthModel().decay(450)
        (1.0, 0.25)
        """
        if age_days <= self.fresh_days:
            return 1.0
        return float(0.5 ** ((age_days - self.fresh_days) / self.half_life_days))


_half_life: float | None = None


def set_half_life(days: float | None) -> None:
    """Fix the half-life for this process (the CLI's ``--half-life``; ``None``: back to
    ``$KAMGRAPH_HALF_LIFE`` or the default)."""
    global _half_life
    if days is not None and not days > 0:
        raise InvalidInput(f"--half-life: {days} is not a number of days above 0")
    _half_life = days


def current_model() -> StrengthModel:
    """The model in force: the half-life from :func:`set_half_life`, ``$KAMGRAPH_HALF_LIFE``
    or the default."""
    if _half_life is not None:
        return StrengthModel(half_life_days=_half_life)
    env = os.environ.get(ENV_HALF_LIFE, "").strip()
    if env:
        try:
            days = float(env)
        except ValueError:
            days = 0.0
        if not days > 0 or days == float("inf"):
            raise InvalidInput(f"${ENV_HALF_LIFE}: '{env[:40]}' is not a number of days above 0")
        return StrengthModel(half_life_days=days)
    return StrengthModel()


def effective_strength(k: Knows, today: dt.date | None = None, model: StrengthModel | None = None) -> float:
    """The strength of ``k`` as of ``today`` (the one clock's by default), in [0, 1],
    rounded to 6 places (equal evidence gives equal strengths, whatever the float order)."""
    since = k.strength_set or k.last_contact
    if not k.evidence:  # a typed strength alone (most files): the fast paths
        if since is None or k.source == "crm":  # nothing dated: nothing ages
            return 0.0 if k.source == "crm" else k.strength
        age = ((today or clock.today()) - since).days
        model = model or current_model()
        return k.strength if age <= model.fresh_days else round(k.strength * model.decay(age), 6)
    today = today or clock.today()
    model = model or current_model()
    # a CRM owner's typed strength says that someone owns the record, not that they know the person
    hand = 0.0 if k.source == "crm" else k.strength * (model.decay(max((today - since).days, 0)) if since else 1.0)
    missing = 1.0 - hand
    for item in k.evidence:
        if item.date > today:
            continue  # not happened yet, as of today
        age = 0 if item.kind in STANDING else (today - item.date).days
        missing *= 1.0 - model.weights.get(item.kind, 0.0) * model.decay(age)
    return round(1.0 - missing, 6)


_NAMES = {
    InteractionKind.meeting: ("meeting", "meetings"),
    InteractionKind.call: ("call", "calls"),
    InteractionKind.email: ("e-mail", "e-mails"),
    InteractionKind.message: ("message", "messages"),
    InteractionKind.other: ("other contact", "other contacts"),
}


def _month(day: dt.date) -> str:
    return day.strftime("%B %Y")


def explain(k: Knows, today: dt.date | None = None) -> str:
    """Where the relationship ``k`` comes from, in words, as of ``today``.

    >>> import datetime as dt
    >>> from kamgraph.model import Interaction, Knows
    >>> e = [Interaction(kind="meeting", date=dt.date(2026, 3, d)) for d in (2, 9)]
    >>> e += [Interaction(kind="email", date=dt.date(2026, 11, 3))]
    >>> explain(Knows(a="a", b="b", strength=0, evidence=e), dt.date(2026, 12, 1))
    '2 meetings and 1 e-mail since March 2026, last 2026-11-03'
    >>> explain(Knows(a="a", b="b", strength=0, evidence=[Interaction(kind="linkedin", date=dt.date(2021, 5, 4))]))
    'LinkedIn connection since 2021, no activity'
    >>> explain(Knows(a="a", b="b", strength=0.8, strength_set=dt.date(2026, 5, 2)))
    'set by hand 0.8 on 2026-05-02'
    """
    today = today or clock.today()
    past = [i for i in k.evidence if i.date <= today]
    contacts = [i for i in past if i.kind not in STANDING]
    parts: list[str] = []
    if contacts:
        counts = {kind: sum(1 for i in contacts if i.kind == kind) for kind in _NAMES}
        said = [f"{n} {_NAMES[kind][n != 1]}" for kind, n in counts.items() if n]
        listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
        first, last = min(i.date for i in contacts), max(i.date for i in contacts)
        parts.append(f"{listed} since {_month(first)}, last {last.isoformat()}")
    linked = [i for i in past if i.kind == InteractionKind.linkedin]
    if linked:
        parts.append(
            f"LinkedIn connection since {min(i.date for i in linked).year}" + ("" if contacts else ", no activity")
        )
    if k.strength > 0 and k.source != "crm":
        if k.strength_set:
            parts.append(f"set by hand {k.strength:g} on {k.strength_set.isoformat()}")
        else:
            where = f" (source: {k.source})" if k.source else ""
            aged = f", ageing from the last contact {k.last_contact.isoformat()}" if k.last_contact else ""
            parts.append(f"set by hand {k.strength:g}, undated{aged}{where}")
    if k.source == "crm":
        parts.append("CRM record owner")
    return "; ".join(parts) or "no evidence"
