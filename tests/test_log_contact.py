"""log-contact (kamgraph.edits.log_contact, also the web app's): a contact becomes evidence on
the relationship as import-activity records it, on both stores; bad input writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.edits import log_contact
from kamgraph.errors import InvalidInput
from kamgraph.model import Graph, InteractionKind, Knows, Organisation, Person
from kamgraph.store import Store

D = dt.date


def _load(store: Store) -> None:
    store.import_graph(
        Graph(
            organisations=[Organisation(id="us", name="Us", kind="own"), Organisation(id="acme", name="Acme")],
            people=[
                Person(id="sam", name="Sam Seller", org="us"),
                Person(id="kim", name="Kim", org="us"),
                Person(id="ana", name="Ana Ruiz", org="acme"),
            ],
            knows=[Knows(a="kim", b="ana", strength=0.7, last_contact=D(2026, 11, 1))],
        )
    )


def test_a_contact_is_evidence_and_logging_it_again_adds_nothing(store: Store) -> None:
    _load(store)
    report = log_contact(store, "ana", "sam", on=D(2026, 11, 3), kind="call", note="Pilot scope")
    assert report.counts["knows"].added == 1
    [k] = [k for k in store.account("acme").knows if k.key == ("ana", "sam")]
    assert (k.strength, k.last_contact, k.source) == (0, D(2026, 11, 3), "command line")
    assert [(i.kind, i.date, i.source, i.note) for i in k.evidence] == [
        (InteractionKind.call, D(2026, 11, 3), "command line", "Pilot scope")
    ]
    assert store.person("ana").last_contact == D(2026, 11, 3)
    assert not log_contact(store, "ana", "sam", on=D(2026, 11, 3), kind="call", note="Pilot scope").changed
    # an older contact on a known relationship: kept as evidence, the last contact stays
    log_contact(store, "ana", "kim", on=D(2026, 10, 1), strength=0.9)
    [k] = [k for k in store.account("acme").knows if k.key == ("ana", "kim")]
    assert (k.strength, k.strength_set, k.last_contact) == (0.9, D(2026, 10, 1), D(2026, 11, 1))
    assert [i.kind for i in k.evidence] == [InteractionKind.meeting]


@pytest.mark.parametrize(
    ("person", "by", "kind", "message"),
    [
        ("ana", "ana", "call", "contact with 'ana': by: 'ana' is not one of our people"),
        ("kim", "sam", "call", "contact with 'kim': 'kim' is one of our own people"),
        ("ana", "sam", "lunch", "contact with 'ana': kind: 'lunch' is not one of meeting, call, email"),
        ("nobody", "sam", "call", "no person with id 'nobody'"),
    ],
)
def test_bad_contacts_write_nothing(store: Store, person: str, by: str, kind: str, message: str) -> None:
    _load(store)
    before = store.dump().canonical()
    with pytest.raises(Exception, match=message):
        log_contact(store, person, by, kind=kind)
    assert store.dump().canonical() == before


def test_log_contact_command(tmp_path: Path) -> None:
    db = str(tmp_path / "kg.db")
    from kamgraph.store import open_store

    with open_store(db) as store:
        _load(store)
    run = CliRunner().invoke
    args = ["--store", db, "--today", "2026-12-01", "log-contact", "Ana Ruiz", "--by", "Sam", "--kind", "email"]
    assert run(cli, args).stdout == "email of sam with ana on 2026-12-01 recorded\n"
    assert run(cli, args).stdout == "email of sam with ana on 2026-12-01 already recorded: nothing changed\n"
    bad = run(cli, [*args[:4], "log-contact", "Ana Ruiz", "--by", "Sam", "--strength", "2"])
    assert bad.exit_code == 2
    path = run(cli, ["--store", db, "--today", "2026-12-01", "path", "--from", "sam", "--to", "ana"]).stdout
    assert "      evidence: 1 e-mail since December 2026, last 2026-12-01\n" in path
    with pytest.raises(InvalidInput):
        with open_store(db) as store:
            log_contact(store, "ana", "sam", on=D(2026, 1, 1), strength=1.5)
