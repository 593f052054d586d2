"""The project's own CRM sample exports (samples/crm/) are what samples/crm/make_crm.py writes,
byte for byte and under any hash seed; and a corpus that is not here skips, except under CI."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tests.crm_corpus as corpora
from tests.crm_corpus import CORPORA, ROOT

SAMPLES = ROOT / "samples" / "crm"
SCRIPTS = {"make_crm.py", "crm_people.py", "crm_docs.py"}


def _generate(out: Path, seed: str) -> dict[str, bytes]:
    out.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, str(SAMPLES / "make_crm.py"), str(out)], check=True, env=env, cwd=out, timeout=120)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_committed_samples_are_the_generators_output(tmp_path: Path) -> None:
    committed = {
        str(p.relative_to(SAMPLES)): p.read_bytes()
        for p in sorted(SAMPLES.rglob("*"))
        if p.is_file() and p.name not in SCRIPTS and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }
    first = _generate(tmp_path / "a", "0")
    assert sorted(first) == sorted(committed)  # no file missing, none left over
    for name, data in first.items():
        assert data == committed[name], f"samples/crm/{name} differs: run python samples/crm/make_crm.py"
    assert _generate(tmp_path / "b", "12345") == first  # no hash order in it


def test_samples_are_realistic_in_size_and_fictitious() -> None:
    crm = CORPORA["samples"]
    assert 50 <= crm["uk_records"] <= 60 and 50 <= crm["es_rows"] <= 60
    text = "".join(p.read_text(encoding="utf-8-sig") for p in sorted(SAMPLES.rglob("*.csv")))
    domains = set(re.findall(r"@([A-Za-z0-9.-]+)", text))
    assert domains and all(d.endswith(".example") for d in domains), domains
    assert "Brackenmoor" not in text and "Ibérica" not in text  # its own companies, not the shared ones


@pytest.fixture
def nowhere(tmp_path: Path) -> corpora.Corpus:
    return dataclasses.replace(CORPORA["shared"], root=tmp_path / "no-such-folder")


def test_a_missing_corpus_skips_outside_ci(nowhere: corpora.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpora, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="not CI"):
        nowhere.require()


def test_a_missing_corpus_fails_under_ci(nowhere: corpora.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpora, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI always has it"):
        nowhere.require()
