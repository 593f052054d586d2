"""What several views ask of an account's people: their roles on the open deals, and how deep
each sits in the reporting hierarchy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ...model import Opportunity, Person, Role

__all__ = ["open_deal_roles", "reporting_levels"]


def open_deal_roles(opps: Iterable[Opportunity]) -> tuple[dict[str, set[Role]], set[str]]:
    """Each person's roles on the open deals among ``opps``, and who sits on one of their committees."""
    roles: dict[str, set[Role]] = defaultdict(set)
    seated: set[str] = set()
    for o in opps:
        if o.is_open:
            for m in o.committee:
                roles[m.person].update(m.roles)
                seated.add(m.person)
    return roles, seated


def reporting_levels(scope: dict[str, Person]) -> dict[str, int]:
    """Reporting depth of each person in scope, 0 for those whose manager is outside it."""
    levels: dict[str, int] = {}

    def level(pid: str, seen: frozenset[str] = frozenset()) -> int:
        if pid in levels:
            return levels[pid]
        boss = scope[pid].reports_to
        n = 0 if boss not in scope or boss in seen or boss is None else level(boss, seen | {pid}) + 1
        levels[pid] = n
        return n

    for pid in scope:
        level(pid)
    return levels
