"""The README is checked, not only run: its tour is what the commands print today (as of the
tour's fixed day), its test count is the suite's, and its layout names what is there."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.exe
def test_the_tour_is_what_the_commands_print(graphviz_dot: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "readme_tour.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "7"},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_test_count_is_the_suites() -> None:
    said = re.search(r"about ([0-9][0-9,]*) tests", README)
    assert said, "README.md should say how many tests there are ('about N tests')"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    found = re.search(r"^([0-9]+) tests? collected", done.stdout, re.M)
    assert found, done.stdout[-2000:]
    real, stated = int(found.group(1)), int(said.group(1).replace(",", ""))
    assert abs(real - stated) <= real * 0.1, f"README says about {stated} tests; there are {real}"


def _layout() -> str:
    block = README.split("## Developing", 1)[1]
    return block.split("```", 2)[1]


def test_the_layout_names_only_what_exists() -> None:
    named = [line.split()[0] for line in _layout().splitlines() if line.strip()]
    assert named, "the layout block is empty"
    missing = [n for n in named if not (ROOT / n).exists()]
    assert missing == []
    # and every file named after a folder on the same line
    for line in _layout().splitlines():
        if not line.strip():
            continue
        folder, rest = line.split()[0], line.split(None, 1)[1] if len(line.split()) > 1 else ""
        if folder.endswith("/"):
            for name in re.findall(r"\b([a-z_]+\.(?:py|cypher))\b", rest):
                assert list((ROOT / folder).rglob(name)), f"{folder}{name}, named in README's layout, is not there"


def test_the_layout_names_every_part_of_the_package() -> None:
    text = _layout()
    pkg = ROOT / "kamgraph"
    parts = [
        p
        for p in pkg.iterdir()
        if (p.suffix == ".py" and p.name not in {"__init__.py", "__main__.py"})
        or (p.is_dir() and (p / "__init__.py").exists())
    ]
    unnamed = [
        p.name
        for p in parts
        if f"kamgraph/{p.name}" not in text
        and f" {p.name}" not in text
        and not (p.is_dir() and f"kamgraph/{p.name}/" in text)
    ]
    assert unnamed == [], f"README's layout does not mention {unnamed}"


def test_nothing_names_a_path_outside_the_repository() -> None:
    places = [
        ROOT / "Makefile",
        ROOT / "README.md",
        *sorted((ROOT / "docs").glob("*.md")),
        *sorted(p for p in (ROOT / "tools").glob("*") if p.is_file()),
    ]
    hits = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in places
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if re.search(r"(?<![\w.])\.\./", line)
    ]
    assert hits == []


def test_readme_paths_exist() -> None:
    # every repository path the README links to or tells a user to run
    for target in re.findall(r"\]\(((?!https?:)[^)#]+)\)", README):
        assert (ROOT / target).exists(), target
