"""Concurrent writers and readers, as real processes (issue 12, items 2 and 6).

- No lost update: a CRM re-import reads the store to merge and then writes; a ``kamgraph
  import`` that sets a stance and a note while it runs must survive it (both commands hold
  the store's write lock for their whole read-merge-write).
- No torn read: ``show`` while an account is re-imported over and over prints one version
  of the account or the other, never a mix (every command reads inside one transaction).

Each runs on SQLite and over Bolt (the ``neo4j``-marked parameter).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kamgraph.errors import StoreChanged
from kamgraph.store import open_store

ACCOUNT = "0015Q00000ACC01QAH"
CONTACTS = 1500


def _sid(n: int) -> str:
    return f"0035Q00000{n:05d}AAA"


def _kamgraph(store: str, *args: str) -> subprocess.Popen[str]:
    """A kamgraph process; its output goes to temporary files (a full pipe would stall it)."""
    env = {**os.environ, "KAMGRAPH_STORE": store}
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    proc = subprocess.Popen([sys.executable, "-m", "kamgraph", *args], env=env, text=True, stdout=out, stderr=err)
    proc.outputs = (out, err)  # type: ignore[attr-defined]
    return proc


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    proc.wait(timeout=120)
    texts = []
    for f in proc.outputs:  # type: ignore[attr-defined]
        f.seek(0)
        texts.append(f.read())
        f.close()
    return proc.returncode, texts[0], texts[1]


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "neo4j":
        url: str = request.getfixturevalue("neo4j_url")
        return url
    return str(tmp_path / "kamgraph.db")


def _contacts(path: Path) -> Path:
    rows = ["Id,AccountId,FirstName,LastName,Title,ReportsToId,Email"]
    for i in range(CONTACTS):
        manager = _sid((i - 1) // 3) if i else ""
        rows.append(f"{_sid(i)},{ACCOUNT[:15]},First{i},Last{i},Title {i},{manager},p{i}@acme.example")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_an_edit_made_during_a_crm_reimport_is_kept(store_url: str, tmp_path: Path) -> None:
    contacts = _contacts(tmp_path / "Contact.csv")
    code, _, err = _finish(_kamgraph(store_url, "import-crm", "salesforce", "--contacts", str(contacts)))
    assert code == 0, err
    with open_store(store_url) as store:
        target = store.person("0035Q0000000001QAA")
    delays = [0.05 * n for n in range(6)]
    for n, delay in enumerate(delays):
        edit = tmp_path / f"edit{n}.json"
        person = target.model_dump(mode="json", exclude_defaults=True)
        person.update(stance="supporter", notes=[{"text": f"round {n}: backs the renewal"}])
        edit.write_text(json.dumps({"people": [person]}), encoding="utf-8")
        crm = _kamgraph(store_url, "import-crm", "salesforce", "--contacts", str(contacts))
        time.sleep(delay)  # somewhere inside the re-import's read-merge-write, or after it
        outcomes = [_finish(_kamgraph(store_url, "import", str(edit))), _finish(crm)]
        assert [o[0] for o in outcomes] == [0, 0], [o[2] for o in outcomes]  # the edit waited for the lock, then wrote
        with open_store(store_url) as store:
            after = store.person(target.id)
        assert after.stance.value == "supporter", f"round {n} (delay {delay}s): the edit was lost"
        assert any(note.text.startswith(f"round {n}:") for note in after.notes), f"round {n}: the note was lost"


def _version_file(tmp_path: Path, version: int) -> Path:
    """The account with 30 people whose titles all carry ``version``."""
    people = [
        {
            "id": f"v-p{i}",
            "name": f"Person {i}",
            "title": f"Title v{version}",
            **({"reports_to": f"v-p{(i - 1) // 2}"} if i else {}),
        }
        for i in range(30)
    ]
    doc = {
        "organisations": [
            {
                "id": "vacct",
                "name": f"Account v{version}",
                "people": people,
                "opportunities": [
                    {"id": "v-deal", "name": f"Deal v{version}", "committee": [f"v-p{i}" for i in range(5)]}
                ],
            }
        ]
    }
    path = tmp_path / f"v{version}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_show_during_reimports_prints_one_version(store_url: str, tmp_path: Path) -> None:
    files = [_version_file(tmp_path, 1), _version_file(tmp_path, 2)]
    assert _finish(_kamgraph(store_url, "import", str(files[0])))[0] == 0
    script = (
        "import subprocess, sys\n"
        "for n in range(10):\n"
        "    r = subprocess.run([sys.executable, '-m', 'kamgraph', 'import', sys.argv[1 + n % 2]],"
        " capture_output=True, text=True)\n"
        "    assert r.returncode == 0, r.stderr\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(files[1]), str(files[0])],
        env={**os.environ, "KAMGRAPH_STORE": store_url},
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: set[str] = set()
    reads = 0
    try:
        while writer.poll() is None or reads < 5:
            reads += 1
            code, out, err = _finish(_kamgraph(store_url, "show", "vacct", "--json"))
            assert code == 0, err
            view = json.loads(out)
            versions = {view["account"]["name"][-2:]} | {p["title"][-2:] for p in view["people"]}
            versions |= {o["name"][-2:] for o in view["opportunities"]}
            assert len(versions) == 1, f"a torn read mixed {sorted(versions)}"
            seen |= versions
    finally:
        _, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert reads >= 5


def test_a_read_transaction_sees_one_snapshot_while_another_process_writes(store_url: str, tmp_path: Path) -> None:
    files = [_version_file(tmp_path, 1), _version_file(tmp_path, 2)]
    assert _finish(_kamgraph(store_url, "import", str(files[0])))[0] == 0
    with open_store(store_url) as store:
        with pytest.raises(StoreChanged) if "://" in store_url else contextlib.nullcontext():
            with store.transaction():
                before = store.account("vacct")
                code, _, err = _finish(_kamgraph(store_url, "import", str(files[1])))  # commits meanwhile
                assert code == 0, err
                assert store.account("vacct") == before  # SQLite: the snapshot; Neo4j: StoreChanged
                assert store.accounts()[0].name == "Account v1"
        assert store.account("vacct").organisations[0].name == "Account v2"  # a new transaction: the new state


def test_a_write_inside_a_read_transaction_is_a_programming_error(store_url: str) -> None:
    with open_store(store_url) as store, store.transaction():
        with pytest.raises(RuntimeError), store.transaction(write=True):
            pass
