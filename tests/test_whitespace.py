"""White space on tests/data/analysis.yaml, worked out by hand, plus monotonicity properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.analysis import whitespace
from kamgraph.errors import InvalidInput, NotFound
from kamgraph.model import Adoption, AdoptionStatus, Graph, Knows
from tests.analysis_helpers import fixture_graph

# By hand (products ledger, payroll; we know ctl, cio and pa directly):
#   ops: 200 people × (ledger none 1 + payroll competitor 0.5) × 1.5 (nobody known)   = 450
#   it:   60 people × (ledger 1 + payroll 1), cio known                                = 120
#   fin:  40 people × payroll 1 (ledger active); ctl known (cfo and ctl in fin)        =  40
#   tre:  10 people × payroll 1 (ledger pilot) × 1.5 (nobody there)                    =  15


@pytest.fixture(scope="module")
def g() -> Graph:
    return fixture_graph()


def test_units_ranked_by_potential(g: Graph) -> None:
    ws = whitespace(g, "acme")
    assert ws.products == ["ledger", "payroll"]
    assert [(u.id, u.potential) for u in ws.units] == [("ops", 450), ("it", 120), ("fin", 40), ("tre", 15)]
    ops, it, fin, tre = ws.units
    assert ops.white_space and not ops.covered and ops.competitors == {"payroll": "Workday"}
    assert ops.adoption == {"ledger": AdoptionStatus.none, "payroll": AdoptionStatus.competitor}
    # IT buys nothing: white space, though we know someone there (that is its coverage)
    assert (it.contacts, it.people, it.most_senior, it.white_space) == (1, 1, "cio", True)
    # Finance counts Treasury's people too; the CFO (a decision-maker) is there but not known
    assert (fin.open_products, fin.contacts, fin.people, fin.decision_maker_covered) == (["payroll"], 1, 2, False)
    assert (tre.people, tre.covered, tre.white_space) == (0, False, False)  # a pilot is adoption
    assert "Workday" in ops.why


def test_a_known_decision_maker(g: Graph) -> None:
    # sam now knows the CFO: Finance has a decision-maker covered, and its most senior known is the CFO
    g2 = g.model_copy(update={"knows": [*g.knows, Knows(a="cfo", b="sam", strength=0.7)]})
    fin = next(u for u in whitespace(g2, "acme").units if u.id == "fin")
    assert (fin.decision_maker_covered, fin.most_senior, fin.contacts) == (True, "cfo", 2)


def test_budget_basis_and_errors(g: Graph) -> None:
    ws = whitespace(g, "acme", basis="budget")  # no unit has a budget: nothing to rank
    assert {u.potential for u in ws.units} == {0}
    assert whitespace(g, "globex").units == []
    with pytest.raises(NotFound):
        whitespace(g, "nope")
    with pytest.raises(InvalidInput):
        whitespace(g, "acme", basis="revenue")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["ops", "it", "fin", "tre"]),
    st.sampled_from(["ledger", "payroll"]),
    st.sampled_from(list(AdoptionStatus)),
)
def test_adopting_never_raises_potential(unit: str, product: str, status: AdoptionStatus) -> None:
    g = fixture_graph()
    before = {u.id: u.potential for u in whitespace(g, "acme").units}
    others = [a for a in g.adoption if (a.unit, a.product) != (unit, product)]
    adopted = g.model_copy(update={"adoption": [*others, Adoption(unit=unit, product=product, status="active")]})
    changed = g.model_copy(update={"adoption": [*others, Adoption(unit=unit, product=product, status=status)]})
    after = {u.id: u.potential for u in whitespace(adopted, "acme").units}
    assert (
        after[unit] <= before[unit]
        and after[unit] <= {u.id: u.potential for u in whitespace(changed, "acme").units}[unit]
    )
    assert {k: v for k, v in after.items() if k != unit} == {k: v for k, v in before.items() if k != unit}
