"""Account hygiene: the list a sales leader checks before a forecast call. Each finding has a
severity, the record it is about, what is wrong, and the command that fixes it.

The checks, per account (people who have left are left out of every check but the one
about them):

- ``overdue`` (error): an open deal whose close date has passed;
- ``left-seated`` (error): someone who has left still sits on an open deal's committee;
- ``no-economic-buyer`` / ``no-champion`` (warning): an open deal with nobody in that role;
- ``unknown-stance`` (warning): a committee member of an open deal whose stance is unknown;
- ``stale-decision-maker`` (warning): a decision-maker of an open deal nobody of ours has
  been in touch with for ``stale_days`` (or ever);
- ``duplicate-email`` / ``duplicate-name`` (warning): probable duplicates — the same e-mail,
  or the same name (case and accents ignored) in one organisation;
- ``missing-title`` / ``missing-unit`` / ``missing-seniority`` (info): one line per person
  naming what is missing;
- ``map-not-updated`` (info): nothing on the map (a contact, a note, an entry of the change
  log) is as recent as ``since``.

Records a store holds that break the model (a value set by hand in Neo4j Browser) are
``model`` errors (:meth:`Store.lint`).

>>> import datetime as dt
>>> from kamgraph.model import Graph, Membership, Opportunity, Organisation, Person
>>> g = Graph(organisations=[Organisation(id="o", name="O")],
...           people=[Person(id="eb", name="Eva", org="o", title="CFO", unit=None, seniority="executive",
...                          stance="supporter", roles=["economic_buyer"])],
...           opportunities=[Opportunity(id="x", account="o", name="X", close_date=dt.date(2026, 1, 1),
...                                      committee=[Membership(person="eb", roles=["economic_buyer"])])])
>>> [(f.severity, f.code) for f in lint_account(g, "o", today=dt.date(2026, 3, 1))]
[('error', 'overdue'), ('warning', 'no-champion'), ('warning', 'stale-decision-maker'), ('info', 'missing-unit'), \
('info', 'map-not-updated')]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Literal

from pydantic import BaseModel, Field

from . import clock
from .graph import own_people
from .model import DECIDING_ROLES, DEFAULT_STALE_DAYS, Graph, Membership, Opportunity, Person, Role, Stance
from .model import effective_stance as stance_on
from .store import Store
from .store.neo4j_records import ModelError
from .text import fold

__all__ = ["Finding", "LintReport", "SEVERITIES", "lint_account", "lint_store"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Finding(BaseModel):
    severity: Severity
    code: str = Field(description="which check: overdue, no-economic-buyer, duplicate-email …")
    kind: Literal["person", "opportunity", "account", "record"]
    id: str
    name: str | None = None
    account: str | None = None
    message: str
    fix: str | None = Field(default=None, description="the command (or step) that fixes it")

    @property
    def record(self) -> str:
        return f"{self.kind} {self.id}" + (f" ({self.name})" if self.name and self.name != self.id else "")


class LintReport(BaseModel):
    accounts: list[str] = Field(description="the accounts checked")
    findings: list[Finding]
    errors: int
    warnings: int
    info: int
    problems: list[str] = Field(description="the records that break the model, one line each (the model findings)")

    @classmethod
    def of(cls, accounts: list[str], findings: Iterable[Finding]) -> LintReport:
        found = list(findings)
        count = {s: sum(1 for f in found if f.severity == s) for s in SEVERITIES}
        return cls(
            accounts=accounts,
            findings=found,
            errors=count["error"],
            warnings=count["warning"],
            info=count["info"],
            problems=[f.message for f in found if f.code == "model"],
        )


def _roles(m: Membership, person: Person) -> set[Role]:
    return set(m.roles or person.roles)


def _set(pid: str, deal: str | None = None, *fields: str) -> str:
    where = f" --opportunity {deal}" if deal else ""
    return f"kamgraph set {pid}{where} {' '.join(fields)}"


def lint_account(
    graph: Graph,
    account: str,
    *,
    today: dt.date | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
    since: dt.date | None = None,
    updated: dt.date | None = None,
) -> list[Finding]:
    """Every hygiene finding on ``account`` in ``graph`` (its subgraph), errors first, then
    warnings, then info; within a severity by check, then record id. ``since``: the day the
    map should have been updated by (default: ``stale_days`` before today); ``updated``: the
    day of the change log's latest entry about the account, if any."""
    when = today or clock.today()
    people = {p.id: p for p in graph.people}
    team = own_people(graph)
    staff = sorted((p for p in graph.people if p.org == account), key=lambda p: p.id)
    gone = {p.id for p in staff if p.left is not None and p.left <= when}
    here = [p for p in staff if p.id not in gone]
    out: list[Finding] = []

    def add(severity: Severity, code: str, kind: str, rid: str, name: str | None, message: str, fix: str) -> None:
        out.append(
            Finding(
                severity=severity,
                code=code,
                kind=kind,
                id=rid,
                name=name,
                account=account,
                message=message,
                fix=fix,
            )
        )

    deals = sorted((o for o in graph.opportunities if o.account == account and o.is_open), key=lambda o: o.id)
    for o in deals:
        _deal(o, people, gone, when, add)
    last_touch = _last_contacts(graph, team)
    stale_before = when - dt.timedelta(days=stale_days)
    deciders: dict[str, str] = {}
    for o in deals:
        for m in o.committee:
            p = people.get(m.person)
            if p is not None and m.person not in gone and _roles(m, p) & DECIDING_ROLES:
                deciders.setdefault(m.person, o.id)
    for pid, deal in sorted(deciders.items()):
        last = max((d for d in (people[pid].last_contact, last_touch.get(pid)) if d), default=None)
        if last is None or last < stale_before:
            said = f"last contact {last.isoformat()}" if last else "no contact recorded"
            add(
                "warning",
                "stale-decision-maker",
                "person",
                pid,
                people[pid].name,
                f"decision-maker on {deal}: {said} (more than {stale_days} days)",
                f"kamgraph log-contact {pid} --by OURPERSON",
            )
    out += _duplicates(here, account)
    for p in here:
        for field, example in (("title", "title=…"), ("unit", "unit=…"), ("seniority", "seniority=…")):
            if getattr(p, field) is None:
                add("info", f"missing-{field}", "person", p.id, p.name, f"no {field}", _set(p.id, None, example))
    latest = max((d for d in (_latest(graph, account, {p.id for p in staff}), updated) if d), default=None)
    due = since or stale_before
    if latest is None or latest < due:
        org = graph.organisation(account)
        said = f"the latest change, contact or note is of {latest.isoformat()}" if latest else "no contact recorded"
        add(
            "info",
            "map-not-updated",
            "account",
            account,
            org.name if org else None,
            f"map not updated since {due.isoformat()}: {said}",
            f'kamgraph log-contact PERSON --by OURPERSON, or kamgraph note {account} "…"',
        )
    order = {s: n for n, s in enumerate(SEVERITIES)}
    codes: dict[str, int] = {}
    for f in out:
        codes.setdefault(f.code, len(codes))
    return sorted(out, key=lambda f: (order[f.severity], codes[f.code], f.id))


def _deal(o: Opportunity, people: dict[str, Person], gone: set[str], when: dt.date, add: Callable[..., None]) -> None:
    """The checks of one open deal."""
    if o.close_date is not None and o.close_date < when:
        add(
            "error",
            "overdue",
            "opportunity",
            o.id,
            o.name,
            f"open, but its close date {o.close_date.isoformat()} has passed",
            "move close_date (or set open: false) in the CRM or the account file, then re-import it",
        )
    seats = [(m, people[m.person]) for m in o.committee if m.person in people]
    for m, p in seats:
        if m.person in gone:
            assert p.left is not None
            add(
                "error",
                "left-seated",
                "person",
                p.id,
                p.name,
                f"left on {p.left.isoformat()} but still sits on {o.id}'s committee",
                f"kamgraph set {p.id} --opportunity {o.id} --unseat",
            )
    present = [(m, p) for m, p in seats if m.person not in gone]
    for role, code in ((Role.economic_buyer, "no-economic-buyer"), (Role.champion, "no-champion")):
        if not any(role in _roles(m, p) for m, p in present):
            also = " (an empty seat says so)" if role in o.empty_seats else ""
            add(
                "warning",
                code,
                "opportunity",
                o.id,
                o.name,
                f"no {role.value.replace('_', ' ')} identified{also}",
                f"kamgraph set PERSON --opportunity {o.id} --add roles={role.value}",
            )
    for m, p in present:
        if stance_on(p, m) == Stance.unknown:
            add(
                "warning",
                "unknown-stance",
                "person",
                p.id,
                p.name,
                f"on {o.id}'s committee with an unknown stance",
                _set(p.id, None, "stance=supporter|neutral|detractor"),
            )


def _last_contacts(graph: Graph, team: set[str]) -> dict[str, dt.date]:
    """The latest contact each person has had with one of ours (from the relationships)."""
    last: dict[str, dt.date] = {}
    for k in graph.knows:
        if k.last_contact is None:
            continue
        for ours, theirs in ((k.a, k.b), (k.b, k.a)):
            if ours in team and (theirs not in last or last[theirs] < k.last_contact):
                last[theirs] = k.last_contact
    return last


def _latest(graph: Graph, account: str, staff: set[str]) -> dt.date | None:
    """The latest date the account's map shows activity: a contact, a note."""
    dates = [p.last_contact for p in graph.people if p.id in staff]
    dates += [k.last_contact for k in graph.knows if {k.a, k.b} & staff]
    dates += [n.date for p in graph.people if p.id in staff for n in p.notes]
    dates += [n.date for o in graph.opportunities if o.account == account for n in o.notes]
    org = graph.organisation(account)
    dates += [n.date for n in (org.notes if org else [])]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def _duplicates(people: list[Person], account: str) -> list[Finding]:
    """Probable duplicates: the same e-mail, or the same folded name in one organisation; the
    first by id is kept, each other one is a finding."""
    out: list[Finding] = []
    for code in ("duplicate-email", "duplicate-name"):
        groups: dict[tuple[str, str], list[Person]] = defaultdict(list)
        for p in people:
            k = (p.org, fold(p.name)) if code == "duplicate-name" else ("", (p.email or "").strip().lower())
            if k[1]:
                groups[k].append(p)
        for same in groups.values():
            first, *others = sorted(same, key=lambda p: p.id)
            for p in others:
                what = f"the same e-mail as {first.id}" if code == "duplicate-email" else f"the same name as {first.id}"
                out.append(
                    Finding(
                        severity="warning",
                        code=code,
                        kind="person",
                        id=p.id,
                        name=p.name,
                        account=account,
                        message=f"probably a duplicate: {what}",
                        fix=f"keep one: move what {p.id} holds to {first.id} in the files, then kamgraph forget {p.id}",
                    )
                )
    return out


def lint_store(
    store: Store,
    accounts: list[str] | None = None,
    *,
    today: dt.date | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
    since: dt.date | None = None,
) -> LintReport:
    """The records that break the model (errors), then the hygiene findings of ``accounts``
    (every client account when ``None``; ``[]``: only the model check), account by account."""
    findings = [
        Finding(
            severity="error",
            code="model",
            kind="record",
            id=line.split(":", 1)[0],
            message=line,
            fix="correct or delete that node or relationship (Neo4j Browser), or re-import its file",
        )
        for line in store.lint()
    ]
    ids = [a.id for a in store.accounts()] if accounts is None else accounts
    for aid in ids:
        try:
            graph = store.account(aid)
        except ModelError:  # listed above, node by node: this account cannot be read until fixed
            continue
        due = since or (today or clock.today()) - dt.timedelta(days=stale_days)
        logged = store.changes(org=aid, since=due)  # the change log: imports and edits
        updated = max((c.at.date() for c in logged), default=None)
        findings += lint_account(graph, aid, today=today, stale_days=stale_days, since=since, updated=updated)
    return LintReport.of(ids, findings)
