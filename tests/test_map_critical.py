"""A committee map marks whom ``risk`` names as critical (issue 15: "table, JSON, maps and
slides say which is which"): each single point and each member of a smallest set carries its
mark, nobody else does, and the legend says what each mark means."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kamgraph.analysis import opportunity_risk
from kamgraph.io.files import load_files
from kamgraph.model import Graph
from kamgraph.render.dot import account_map
from kamgraph.service import map_options

DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def samples() -> Graph:
    return load_files(sorted((Path(__file__).parent.parent / "samples").glob("*.yaml")))[0]


def _marked(source: str, word: str, graph: Graph) -> set[str]:
    """The people whose box in the DOT source carries ``word``'s mark (found by their name)."""
    by_name = {p.name: p.id for p in graph.people}
    labels = [line for line in source.splitlines() if re.match(r"^\t+\S+ \[label=<", line)]
    return {by_name[n] for line in labels if f"▲ {word}" in line for n in re.findall(r"<b>([^<]+)</b>", line)[:1]}


@pytest.mark.parametrize("account, deal", [("nordhavn", "nor-opp-forecast"), ("meridian", "mer-opp-analytics")])
def test_the_committee_map_marks_exactly_whom_risk_names(samples: Graph, account: str, deal: str) -> None:
    risk = opportunity_risk(samples, deal, today=DAY)
    single = set(risk.single_points)
    in_set = {p for t in risk.decision_makers for p in t.smallest_set} - single
    assert single or in_set, "the sample deal should have someone critical"
    options = map_options(samples, account, "committee", opportunity=deal).model_copy(update={"today": DAY})
    assert options.critical == {**{p: "set" for p in in_set}, **{p: "single" for p in single}}
    source = account_map(samples, account, options).source
    assert _marked(source, "single point", samples) == single
    assert _marked(source, "smallest set", samples) == in_set
    if single:
        assert "single point: every thread to a decision-maker runs through them" in source
    if in_set:
        assert "smallest set: losing them together cuts a decision-maker off" in source


def test_other_views_mark_nobody(samples: Graph) -> None:
    options = map_options(samples, "nordhavn", "org")
    assert options.critical == {}
    assert "▲" not in account_map(samples, "nordhavn", options).source
