"""Mutated CRM exports (tests/data/crm/): stray quotes, cut and doubled lines, odd bytes,
swapped characters. Whatever the damage, an import ends in success or in one clear line,
never a traceback; the store is unchanged when it is refused; with --skip-bad-rows a file
whose header survived always loads, and loading it again changes nothing. Seeded and
bounded: about 120 imports, a few seconds."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from kamgraph.errors import KamgraphError
from kamgraph.io.crm import import_crm, read_salesforce
from kamgraph.store import SQLiteStore

#: how many mutated sets of files (more by hand: CRM_FUZZ_SEEDS=400 pytest tests/test_crm_fuzz.py)
SEEDS = int(os.environ.get("CRM_FUZZ_SEEDS", "30"))
SF = Path(__file__).parent / "data" / "crm" / "salesforce"
FILES = ["Contact_report.csv", "Account.csv", "Opportunity.csv", "OpportunityContactRole.csv"]
ODD = [
    b'"',
    b'""',
    b"\xff\xfe",
    b"\x00",
    b"\xe9",
    b",",
    b";",
    b"\n",
    b"\r",
    b"\t",
    b"0035E00000001KqQAI",
    b"Marie Morel",
    b" ",
]


def mutate(data: bytes, rnd: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, 5)):
        i = rnd.randrange(len(b) + 1)
        op = rnd.random()
        if op < 0.5:
            b[i:i] = rnd.choice(ODD)
        elif op < 0.7:
            del b[i : i + rnd.randint(1, 40)]
        elif op < 0.85 and b:
            j = rnd.randrange(len(b))
            b[i % len(b)], b[j] = b[j], b[i % len(b)]
        else:
            lines = bytes(b).split(b"\n")
            lines.insert(rnd.randrange(len(lines) + 1), rnd.choice(lines))
            b = bytearray(b"\n".join(lines))
    return bytes(b)


@pytest.mark.parametrize("seed", range(SEEDS))
def test_mutated_exports_never_break_the_import(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    paths = []
    for name in FILES:
        data = (SF / name).read_bytes()
        (tmp_path / name).write_bytes(mutate(data, rnd) if rnd.random() < 0.6 else data)
        paths.append(tmp_path / name)
    for skip in (False, True):
        with SQLiteStore(":memory:") as store:
            try:  # reading may refuse a file whose header is gone: one line
                crm = read_salesforce([paths[0]], [paths[1]], [paths[2]], [paths[3]], store=store)
            except KamgraphError as exc:
                assert "\n" not in str(exc) and len(str(exc)) < 2000
                continue
            report = import_crm(store, crm, skip_bad_rows=skip)  # never raises: every row problem is listed
            assert report.written == (skip or not report.errors), [str(i) for i in report.errors]
            if not report.written:
                assert store.dump().is_empty()
                continue
            before = store.dump()
            crm = read_salesforce([paths[0]], [paths[1]], [paths[2]], [paths[3]], store=store)
            again = import_crm(store, crm, skip_bad_rows=True)
            assert again.result is not None and not again.result.changed, seed
            assert store.dump() == before
