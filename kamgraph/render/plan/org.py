"""The org view of an account map: its reporting hierarchy, a unit's subtree or the top
levels of it, collapsing the people of no interest on a large account into counts.
"""

from __future__ import annotations

from collections import defaultdict

from ...errors import NotFound
from ...graph import own_people
from ...model import Graph, Influence, Person, Role, Seniority, Stance
from ..i18n import text
from .builder import MapBuilder
from .fit import MAX_BOXES, collapse_units
from .model import MapEdge, MapNode, is_coverage
from .people import open_deal_roles, reporting_levels

__all__ = ["COLLAPSE_ABOVE", "plan_org"]

#: Above this many people in scope, the org view collapses the people of no interest (and
#: then whole units, to fit a page: :mod:`.fit`): from 40 people on.
COLLAPSE_ABOVE = 39


def _is_of_interest(p: Person, deal_roles: set[Role], on_committee: bool, known: bool) -> bool:
    """Someone a KAM wants on the map even when the account is large."""
    return bool(
        p.roles
        or deal_roles
        or on_committee
        or known
        or p.influence == Influence.high
        or p.stance in (Stance.supporter, Stance.detractor)
        or p.seniority in (Seniority.executive, Seniority.vp)
    )


def _unit_subtree(graph: Graph, account: str, unit: str) -> set[str]:
    units = [u for u in graph.units if u.org == account]
    match = [u.id for u in units if u.id == unit] or [u.id for u in units if u.name.casefold() == unit.casefold()]
    if not match:
        raise NotFound(f"no unit '{unit}' in account '{account}'")
    found = {match[0]}
    grew = True
    while grew:
        below = {u.id for u in units if u.parent in found}
        grew = not below <= found
        found |= below
    return found


def _ancestors(pid: str, scope: dict[str, Person]) -> list[str]:
    out: list[str] = []
    boss = scope[pid].reports_to
    while boss in scope and boss not in out and boss != pid:
        out.append(boss)
        boss = scope[boss].reports_to
    return out


def plan_org(b: MapBuilder, graph: Graph, account: str, staff: dict[str, Person], detail: list[str]) -> int:
    """Draw the org chart of ``account``'s people (``staff``) into ``b``; add what the subtitle
    says of the scope to ``detail``; return how many people are in scope."""
    options = b.options
    scope = staff
    if options.unit:
        subtree = _unit_subtree(graph, account, options.unit)
        scope = {pid: p for pid, p in staff.items() if p.unit in subtree}
        detail.append(
            next(
                u.name
                for u in graph.units
                if u.id in subtree
                and u.org == account
                and (u.id == options.unit or u.name.casefold() == options.unit.casefold())
            )
        )
    levels = reporting_levels(scope)
    deal_roles, seated = open_deal_roles(o for o in graph.opportunities if o.account == account)
    team = own_people(graph)
    # Known by a real relationship: CRM record ownership makes everyone "known", so it does not count.
    known = {t for k in graph.knows if not is_coverage(k) for ours, t in ((k.a, k.b), (k.b, k.a)) if ours in team}
    within_depth = {pid for pid in scope if options.depth is None or levels[pid] < options.depth}
    collapse = options.collapse if options.collapse is not None else len(within_depth) > COLLAPSE_ABOVE
    if collapse:
        chosen = {
            pid
            for pid in within_depth
            if _is_of_interest(scope[pid], deal_roles.get(pid, set()), pid in seated, pid in known)
        }
    else:
        chosen = set(within_depth)
    chosen |= {pid for pid in options.highlight if pid in scope}
    chosen = _with_managers(chosen, scope)
    if collapse:
        keep = _with_managers({pid for pid in options.highlight if pid in scope}, scope)
        ours_of: dict[str, set[str]] = defaultdict(set)  # their person → our people who know them
        for k in graph.knows:
            if not is_coverage(k):
                for x, y in ((k.a, k.b), (k.b, k.a)):
                    if x in team and y in scope:
                        ours_of[y].add(x)
        units = {u.id: u.name for u in graph.units if u.org == account}
        chosen, collapsed = collapse_units(
            chosen,
            scope,
            units,
            seated=seated,
            deal_roles=deal_roles,
            known=known,
            keep=keep,
            closure=lambda ids: _with_managers(ids, scope),
            boxes=lambda ids: _boxes(ids, scope, ours_of),
            limit=options.max_boxes or MAX_BOXES,
        )
        if collapsed:
            shown = ", ".join(collapsed[:3]) + (", …" if len(collapsed) > 3 else "")
            key = "units_collapsed1" if len(collapsed) == 1 else "units_collapsed"
            detail.append(text(options.lang, key, n=len(collapsed), names=shown))
    if options.depth is not None:
        detail.append(f"depth {options.depth}" if options.lang == "en" else f"profundidad {options.depth}")

    # Top-down, so the drawing's order follows the hierarchy.
    for pid in sorted(chosen, key=lambda q: (levels[q], scope[q].name)):
        p = scope[pid]
        b.person(p, "person", p.unit, roles=set(p.roles) | deal_roles.get(pid, set()))

    _collapse_rest(b, graph, scope, chosen)
    b.team()
    return len(scope)


def _with_managers(ids: set[str], scope: dict[str, Person]) -> set[str]:
    """``ids`` and everyone above them: a drawn person hangs from their managers."""
    out = set(ids)
    for pid in ids:
        out.update(_ancestors(pid, scope))
    return out


def _boxes(chosen: set[str], scope: dict[str, Person], ours_of: dict[str, set[str]]) -> int:
    """The boxes an org view of ``chosen`` draws: them, one count per drawn manager of people
    in undrawn units (:func:`_collapse_rest`), and our people who know someone drawn."""
    drawn_units = {scope[p].unit for p in chosen}
    anchors = set()
    for pid, p in scope.items():
        if pid not in chosen and (p.unit is None or p.unit not in drawn_units):
            anchors.add(next((a for a in _ancestors(pid, scope) if a in chosen), None))
    ours = {x for y in chosen for x in ours_of.get(y, ())}
    return len(chosen) + len(anchors) + len(ours)


def _collapse_rest(b: MapBuilder, graph: Graph, scope: dict[str, Person], chosen: set[str]) -> None:
    """Count the people not drawn: in a drawn unit, as "+N more" in its label; elsewhere, one
    box under their nearest drawn manager listing their units (each folded to its outermost
    undrawn unit), so a large account stays a few boxes wide."""
    lang = b.options.lang
    units = {u.id: u for u in graph.units}
    drawn_units = {n.cluster for n in b.nodes.values()}
    more: dict[tuple[str, str | None], int] = defaultdict(int)  # counted in the unit's label, not a box
    rest: dict[str | None, dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    for pid, p in scope.items():
        if pid in chosen:
            continue
        anchor = next((a for a in _ancestors(pid, scope) if a in chosen), None)
        if p.unit in drawn_units and p.unit is not None:
            more[(p.unit, anchor)] += 1
            continue
        top = p.unit
        while top in units and units[top].parent in units and units[top].parent not in drawn_units:
            top = units[top].parent
        rest[anchor][top] += 1

    def people(n: int) -> str:
        return text(lang, "unit_person") if n == 1 else text(lang, "unit_people", n=n)

    for (uid, _anchor), n in more.items():
        b.hidden[uid] += n
    for anchor, tops in sorted(rest.items(), key=lambda kv: str(kv[0])):
        gid = f"group:rest:{anchor or '-'}"
        parts = sorted(
            ((units[t].name if t in units else "—", n) for t, n in tops.items()), key=lambda part: (-part[1], part[0])
        )
        total = sum(n for _, n in parts)
        # Inside the unit the boxes' units hang from (the anchor's, when they agree).
        parents = {units[t].parent if t in units else None for t in tops}
        cluster = parents.pop() if len(parents) == 1 else (scope[anchor].unit if anchor else None)
        if len(parts) == 1:
            name, title = parts[0][0], people(total)
        else:
            name, title = text(lang, "units_people", n=total, k=len(parts)), None
        b.nodes[gid] = MapNode(
            id=gid,
            kind="group",
            name=name,
            title=title,
            count=total,
            cluster=cluster,
            parts=parts if len(parts) > 1 else [],
        )
        if anchor is not None:
            b.edges[(anchor, gid, "group")] = MapEdge(source=anchor, target=gid, kind="group")
