"""An org view that fits a 16:9 page with its names at 10 pt or more: when the people of
interest of a large account are still too many boxes, whole units collapse into counts, the
least relevant first, and the subtitle names them.

A unit's relevance is, in this order: how many of its people sit on an open deal's buying
committee, how many decide (economic buyer or decision maker, on a deal or by their own
roles), how many someone of ours knows (a real relationship, not CRM ownership). The least
relevant unit collapses first; between equals, the one drawing more boxes (it frees more
room), then by name and id. People on a highlighted path, and the managers of anyone still
drawn, stay. When what is left is still too much (one unit holds most people of interest),
its least relevant people are counted in its label one by one (committee members, deciders
and people we know last; then by id).

>>> relevance_key(UnitScore(unit="u1", name="Legal", committee=0, deciders=0, known=1, boxes=4))
(0, 0, 1, -4, 'Legal', 'u1')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from ...model import DECIDING_ROLES, Person, Role

__all__ = ["MAX_BOXES", "MIN_PEOPLE", "UnitScore", "collapse_units", "relevance_key"]

#: The most boxes (people, counts and our team) an org view draws before units collapse: at
#: that many, dot's drawing with its title and legend fits 13.3 × 7.5 in with 11 pt names
#: scaled to no less than 10 pt (tests/test_map_fit.py measures it on the samples and on
#: generated accounts of 40, 100 and 300 people).
MAX_BOXES = 12
#: Units stop collapsing before fewer people than this are left drawn one by one.
MIN_PEOPLE = 6


@dataclass(frozen=True)
class UnitScore:
    unit: str
    name: str
    committee: int
    deciders: int
    known: int
    boxes: int


def relevance_key(s: UnitScore) -> tuple[int, int, int, int, str, str]:
    """Least relevant first: fewest committee members, deciders, relationships; then most boxes, name, id."""
    return s.committee, s.deciders, s.known, -s.boxes, s.name, s.unit


def collapse_units(
    chosen: set[str],
    scope: Mapping[str, Person],
    unit_names: Mapping[str, str],
    *,
    seated: Collection[str],
    deal_roles: Mapping[str, set[Role]],
    known: Collection[str],
    keep: Collection[str],
    closure: Callable[[set[str]], set[str]],
    boxes: Callable[[set[str]], int],
    limit: int = MAX_BOXES,
) -> tuple[set[str], list[str]]:
    """``chosen`` with whole units taken out, least relevant first, until ``boxes(chosen)`` is at
    most ``limit``, or until taking out another would leave fewer than ``MIN_PEOPLE``; returns it
    and the collapsed units' names.

    ``closure`` adds back the managers the remaining people need; ``keep`` is never taken out.
    """
    collapsed: list[str] = []
    base = set(chosen)
    while boxes(chosen) > limit and len(chosen) > MIN_PEOPLE:
        by_unit: dict[str, list[str]] = defaultdict(list)
        for pid in chosen:
            unit = scope[pid].unit
            if unit is not None and pid not in keep:
                by_unit[unit].append(pid)
        scores = []
        for unit, people in by_unit.items():
            deciding = [p for p in people if (deal_roles.get(p, set()) | set(scope[p].roles)) & DECIDING_ROLES]
            scores.append(
                UnitScore(
                    unit=unit,
                    name=unit_names.get(unit, unit),
                    committee=sum(1 for p in people if p in seated),
                    deciders=len(deciding),
                    known=sum(1 for p in people if p in known),
                    boxes=len(people),
                )
            )
        # Only a unit whose taking out shrinks the map (its people are not all someone's managers).
        for score in sorted(scores, key=relevance_key):
            trial = closure({p for p in base if scope[p].unit != score.unit or p in keep})
            if MIN_PEOPLE <= len(trial) < len(chosen):
                base = {p for p in base if scope[p].unit != score.unit or p in keep}
                chosen = trial
                collapsed.append(score.name)
                break
        else:
            break

    # A unit too relevant (or too needed) to go whole: its least relevant people are counted
    # in its label instead ("+N more"), one by one, until the map fits.
    def weight(pid: str) -> tuple[int, int, int, str]:
        decides = bool((deal_roles.get(pid, set()) | set(scope[pid].roles)) & DECIDING_ROLES)
        return int(pid in seated), int(decides), int(pid in known), pid

    for pid in sorted(base - set(keep), key=weight):
        if boxes(chosen) <= limit or len(chosen) <= MIN_PEOPLE:
            break
        trial = closure(base - {pid})
        if MIN_PEOPLE <= len(trial) < len(chosen):
            base.discard(pid)
            chosen = trial
    return chosen, collapsed
