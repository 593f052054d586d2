"""Concurrent processes against the real server (issue 12, items 2 and 6): read-merge-writes
inside ``store.transaction(write=True)`` queue behind the store's write lock, so none is
lost; reads inside ``store.transaction()`` see one version of the graph or are refused
(StoreChanged: read again), so none is torn."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from kamgraph.errors import StoreChanged
from kamgraph.io.files import load_graph
from kamgraph.model import Graph, Note, Stance
from kamgraph.store.neo4j import Neo4jStore

DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.neo4j


def _append_notes(url: str, who: str, n: int) -> None:
    """Read a person, wait a little, write the person back with one more note: n times."""
    with Neo4jStore.from_url(url, env={}) as store:
        for i in range(n):
            with store.transaction(write=True):
                p = store.person("acme-cfo")
                time.sleep(0.02)  # the window in which another writer would slip in
                store.import_graph(Graph(people=[p.model_copy(update={"notes": [*p.notes, Note(text=f"{who}-{i}")]})]))


def _flip(url: str, n: int) -> None:
    """Set two people's stances together, back and forth, one write transaction each time."""
    with Neo4jStore.from_url(url, env={}) as store:
        for i in range(n):
            stance = Stance.supporter if i % 2 else Stance.detractor
            with store.transaction(write=True):
                people = [store.person(pid).model_copy(update={"stance": stance}) for pid in ("acme-cio", "acme-ceo")]
                store.import_graph(Graph(people=people))


def _run(*jobs: multiprocessing.process.BaseProcess) -> None:
    for job in jobs:
        job.start()
    for job in jobs:
        job.join(timeout=120)
        assert job.exitcode == 0


def test_concurrent_read_merge_writes_lose_nothing(neo4j_url: str) -> None:
    with Neo4jStore.from_url(neo4j_url, env={}) as store:
        store.import_graph(load_graph(DATA / "mini.yaml"))
        notes_before = len(store.person("acme-cfo").notes)
    spawn = multiprocessing.get_context("spawn")
    _run(*(spawn.Process(target=_append_notes, args=(neo4j_url, who, 8)) for who in ("a", "b", "c")))
    with Neo4jStore.from_url(neo4j_url, env={}) as store:
        notes = [n.text for n in store.person("acme-cfo").notes]
    assert len(notes) == notes_before + 24
    assert sorted(notes[notes_before:]) == sorted(f"{w}-{i}" for w in "abc" for i in range(8))


def test_reads_inside_one_transaction_are_never_torn(neo4j_url: str) -> None:
    with Neo4jStore.from_url(neo4j_url, env={}) as store:
        store.import_graph(load_graph(DATA / "mini.yaml"))
        _flip(neo4j_url, 1)  # both detractors to start with
        spawn = multiprocessing.get_context("spawn")
        writer = spawn.Process(target=_flip, args=(neo4j_url, 60))
        writer.start()
        seen, refused = set(), 0
        try:
            while writer.is_alive():
                try:
                    with store.transaction():
                        cio = store.person("acme-cio").stance
                        time.sleep(0.005)
                        ceo = store.person("acme-ceo").stance
                except StoreChanged:  # a write committed between the two reads: read again
                    refused += 1
                    continue
                seen.add((cio, ceo))
        finally:
            writer.join(timeout=120)
        assert writer.exitcode == 0
        assert all(cio == ceo for cio, ceo in seen), (seen, refused)
        assert len(seen) >= 2  # the reads did happen while the writer went back and forth


def test_a_read_outside_a_transaction_is_one_version_too(neo4j_url: str) -> None:
    """account() runs several queries; while writes interleave it is run again, so what it
    returns is always one version of the graph."""
    with Neo4jStore.from_url(neo4j_url, env={}) as store:
        store.import_graph(load_graph(DATA / "mini.yaml"))
        _flip(neo4j_url, 1)
        spawn = multiprocessing.get_context("spawn")
        writer = spawn.Process(target=_flip, args=(neo4j_url, 60))
        writer.start()
        seen = set()
        try:
            while writer.is_alive():
                try:
                    graph = store.account("acme")
                except StoreChanged:  # five reads in a row overtaken by writes
                    continue
                seen.add(
                    tuple(
                        p.stance for p in sorted(graph.people, key=lambda p: p.id) if p.id in ("acme-ceo", "acme-cio")
                    )
                )
        finally:
            writer.join(timeout=120)
        assert all(len(set(pair)) == 1 for pair in seen), seen


def test_a_write_inside_a_read_transaction_is_a_programming_error(neo4j_url: str) -> None:
    with Neo4jStore.from_url(neo4j_url, env={}) as store, store.transaction(), pytest.raises(RuntimeError):
        with store.transaction(write=True):
            pass


def test_an_exception_inside_a_write_transaction_rolls_it_all_back(neo4j_url: str) -> None:
    with Neo4jStore.from_url(neo4j_url, env={}) as store:
        store.import_graph(load_graph(DATA / "mini.yaml"))
        before = store.dump()
        with pytest.raises(KeyError), store.transaction(write=True):
            p = store.person("acme-cfo")
            store.import_graph(Graph(people=[p.model_copy(update={"title": "Changed"})]))
            assert store.person("acme-cfo").title == "Changed"  # the transaction sees its own write
            raise KeyError("boom")
        assert store.dump() == before
