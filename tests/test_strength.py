"""Effective strength (kamgraph/strength.py): hand-worked decay, evidence weights, and routes
that change order as time passes."""

from __future__ import annotations

import datetime as dt

import pytest

from kamgraph import clock
from kamgraph.analysis import best_paths
from kamgraph.errors import InvalidInput
from kamgraph.graph import introduction_graph
from kamgraph.model import Graph, Interaction, Knows, Organisation, Person
from kamgraph.strength import StrengthModel, current_model, effective_strength, explain, set_half_life

D = dt.date


def _meetings(*days: dt.date, kind: str = "meeting") -> list[Interaction]:
    return [Interaction(kind=kind, date=d, source="test") for d in days]


def test_a_hand_set_strength_halves_each_half_life_after_the_fresh_window() -> None:
    k = Knows(a="a", b="b", strength=0.8, strength_set=D(2026, 1, 1))
    # fresh for 90 days, then 0.8 · 0.5^((age − 90) / 180)
    assert effective_strength(k, D(2026, 1, 1)) == 0.8
    assert effective_strength(k, D(2026, 4, 1)) == 0.8  # 90 days
    assert effective_strength(k, D(2026, 9, 28)) == 0.4  # 270 days: one half-life past fresh
    assert effective_strength(k, D(2027, 3, 27)) == 0.2  # 450 days: two


def test_an_undated_strength_ages_from_its_last_contact() -> None:
    # a file's "strength: 0.8" with no strength_set was judged when the person was last seen at
    # best: it ages from last_contact, by the same decay
    old = Knows(a="a", b="b", strength=0.8, last_contact=D(2025, 9, 7))
    assert effective_strength(old, D(2025, 12, 6)) == 0.8  # 90 days: still fresh
    assert effective_strength(old, D(2026, 6, 4)) == 0.4  # 270 days: one half-life past fresh
    assert effective_strength(old, D(2026, 12, 1)) == 0.2  # 450 days: two
    # the case: 0.9, last seen 18 months (548 days) ago: 0.9 · 0.5^(458/180) = 0.154
    stale = Knows(a="a", b="b", strength=0.9, last_contact=D(2025, 6, 1))
    assert effective_strength(stale, D(2026, 12, 1)) == pytest.approx(0.9 * 0.5 ** (458 / 180), abs=1e-6)
    # a set date, when there is one, is what counts (the strength was judged then)
    judged = Knows(a="a", b="b", strength=0.8, strength_set=D(2026, 11, 1), last_contact=D(2020, 1, 1))
    assert effective_strength(judged, D(2026, 12, 1)) == 0.8
    # a last contact after today (a file written ahead of the clock) counts as fresh
    assert effective_strength(old, D(2025, 1, 1)) == 0.8
    # with neither date nothing says how old it is: it does not age
    assert effective_strength(Knows(a="a", b="b", strength=0.8), D(2040, 1, 1)) == 0.8


def test_same_evidence_older_dates_give_a_lower_strength() -> None:
    today = D(2026, 12, 1)
    recent = Knows(a="a", b="b", strength=0, evidence=_meetings(D(2026, 11, 1), D(2026, 10, 1)))
    older = Knows(a="a", b="b", strength=0, evidence=_meetings(D(2025, 11, 1), D(2025, 10, 1)))
    # two fresh meetings: 1 − 0.6² = 0.64
    assert effective_strength(recent, today) == pytest.approx(0.64)
    # 395 and 426 days old: each 0.4 · 0.5^((age − 90)/180)
    w1, w2 = 0.4 * 0.5 ** ((395 - 90) / 180), 0.4 * 0.5 ** ((426 - 90) / 180)
    assert effective_strength(older, today) == pytest.approx(1 - (1 - w1) * (1 - w2), abs=1e-6)
    assert effective_strength(older, today) < effective_strength(recent, today)


def test_kinds_are_weighted_and_linkedin_alone_is_weak_and_does_not_age() -> None:
    day, today = D(2026, 11, 1), D(2026, 12, 1)
    by_kind = {
        kind: effective_strength(Knows(a="a", b="b", strength=0, evidence=_meetings(day, kind=kind)), today)
        for kind in ("meeting", "call", "email", "linkedin")
    }
    assert by_kind == {"meeting": 0.4, "call": 0.3, "email": 0.15, "linkedin": 0.2}
    old = Knows(a="a", b="b", strength=0, evidence=_meetings(D(2019, 5, 4), kind="linkedin"))
    assert effective_strength(old, today) == 0.2
    # frequency: more of the same counts more, with diminishing returns
    nine = Knows(a="a", b="b", strength=0, evidence=_meetings(*(D(2026, 11, d) for d in range(1, 10)), kind="email"))
    assert effective_strength(nine, today) == pytest.approx(1 - 0.85**9)


def test_hand_set_and_evidence_combine_and_future_evidence_counts_nothing() -> None:
    k = Knows(
        a="a", b="b", strength=0.5, strength_set=D(2026, 11, 1), evidence=_meetings(D(2026, 11, 2), D(2027, 1, 5))
    )
    # 1 − (1 − 0.5)(1 − 0.4); the January meeting has not happened as of 2026-12-01
    assert effective_strength(k, D(2026, 12, 1)) == pytest.approx(0.7)


def test_the_half_life_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    k = Knows(a="a", b="b", strength=0.8, strength_set=D(2026, 1, 1))
    assert effective_strength(k, D(2026, 9, 28), StrengthModel(half_life_days=90)) == pytest.approx(0.2)
    monkeypatch.setenv("KAMGRAPH_HALF_LIFE", "90")
    assert current_model().half_life_days == 90
    set_half_life(360)
    try:
        assert current_model().half_life_days == 360
    finally:
        set_half_life(None)
    monkeypatch.setenv("KAMGRAPH_HALF_LIFE", "soon")
    with pytest.raises(InvalidInput, match=r"\$KAMGRAPH_HALF_LIFE: 'soon' is not a number of days"):
        current_model()


def _two_routes() -> Graph:
    # our sam reaches the CFO through ana (set by hand 0.9 in January) or through bob
    # (meetings in June and July); both then know the CFO well (undated 0.9).
    return Graph(
        organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="acme", name="Acme")],
        people=[
            Person(id="sam", name="Sam", org="us"),
            Person(id="ana", name="Ana", org="acme"),
            Person(id="bob", name="Bob", org="acme"),
            Person(id="cfo", name="Cfo", org="acme", roles=["economic_buyer"]),
        ],
        knows=[
            Knows(a="ana", b="sam", strength=0.9, strength_set=D(2026, 1, 10)),
            Knows(a="bob", b="sam", strength=0, evidence=_meetings(D(2026, 6, 1), D(2026, 7, 1))),
            Knows(a="ana", b="cfo", strength=0.9),
            Knows(a="bob", b="cfo", strength=0.9),
        ],
    )


def test_the_order_of_routes_changes_as_time_passes() -> None:
    g = _two_routes()
    try:
        clock.set_today(D(2026, 3, 1))  # ana's 0.9 is fresh; bob's meetings have not happened
        assert [p.people for p in best_paths(introduction_graph(g), ["sam"], ["cfo"], k=2)] == [["sam", "ana", "cfo"]]
        clock.set_today(D(2026, 8, 1))  # ana 0.9 · 0.5^(113/180) = 0.58; bob 1 − 0.6² = 0.64
        routes = best_paths(introduction_graph(g), ["sam"], ["cfo"], k=2)
        assert [p.people for p in routes] == [["sam", "bob", "cfo"], ["sam", "ana", "cfo"]]
        G = introduction_graph(g)
        assert G["sam"]["ana"]["strength"] == pytest.approx(0.9 * 0.5 ** (113 / 180), abs=1e-6)
        assert G["sam"]["bob"]["strength"] == pytest.approx(0.64)
    finally:
        clock.set_today(None)


def test_explain_names_every_source() -> None:
    today = D(2026, 12, 1)
    e = _meetings(D(2026, 3, 2), D(2026, 4, 1), D(2026, 6, 1), D(2026, 11, 3))
    e += _meetings(*(D(2026, 5, d) for d in range(1, 10)), kind="email")
    assert explain(Knows(a="a", b="b", strength=0, evidence=e), today) == (
        "4 meetings and 9 e-mails since March 2026, last 2026-11-03"
    )
    linked = _meetings(D(2021, 6, 1), kind="linkedin")
    assert explain(Knows(a="a", b="b", strength=0, evidence=linked), today) == (
        "LinkedIn connection since 2021, no activity"
    )
    both = Knows(a="a", b="b", strength=0.8, strength_set=D(2026, 5, 2), evidence=linked + e[:1])
    assert explain(both, today) == "1 meeting since March 2026, last 2026-03-02; LinkedIn connection since 2021; " + (
        "set by hand 0.8 on 2026-05-02"
    )
    assert explain(Knows(a="a", b="b", strength=0.6, source="crm"), today) == "CRM record owner"
    assert explain(Knows(a="a", b="b", strength=0.85, source="qbr"), today) == "set by hand 0.85, undated (source: qbr)"
    seen = Knows(a="a", b="b", strength=0.85, source="qbr", last_contact=D(2025, 6, 1))
    assert explain(seen, today) == "set by hand 0.85, undated, ageing from the last contact 2025-06-01 (source: qbr)"


def test_evidence_is_kept_once_oldest_first() -> None:
    a = Interaction(kind="call", date=D(2026, 5, 1), source="salesforce", ref="00T1")
    moved = Interaction(kind="call", date=D(2026, 5, 3), source="salesforce", ref="00T1")
    b = Interaction(kind="email", date=D(2026, 4, 1), source="csv")
    k = Knows(a="a", b="b", evidence=[a, b, b, moved])
    assert k.evidence == [b, moved]
