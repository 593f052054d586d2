"""Re-run the README's tour on the samples and paste the real output between the markers.

    .venv/bin/python tools/readme_tour.py

Each command runs with the installed ``kamgraph`` on a fresh store in a temporary folder,
so what the README shows is what a newcomer sees.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KAMGRAPH = Path(sys.executable).parent / "kamgraph"

# (what it shows, the command, how many output lines to keep; 0 = all)
TOUR: list[tuple[str, str, int]] = [
    ("Load the samples: our team and products, three client accounts. One transaction; "
     "importing again changes nothing.", "kamgraph import samples/*.yaml", 0),
    ("The accounts, with head-count, annual value and open pipeline.", "kamgraph accounts", 0),
    ("An account's buying committees and key people, and who on our team knows them.",
     "kamgraph show nordhavn", 0),
    ("Find people (case and accents ignored).", "kamgraph people nunez", 0),
    ("Erase a person everywhere (a data-subject request).", "kamgraph forget nor-kasper-lund --yes", 0),
    ("Everything, in the format `import` reads.", "kamgraph export --format yaml", 12),
    ("The file format's JSON Schema.", "kamgraph schema", 6),
]


def run_tour() -> str:
    blocks = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "KAMGRAPH_STORE": str(Path(tmp) / "tour.db"), "COLUMNS": "120"}
        for text, command, keep in TOUR:
            args = [x for a in shlex.split(command)[1:]
                    for x in (sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(a)) if "*" in a else [a])]
            done = subprocess.run([str(KAMGRAPH), *args], cwd=ROOT, env=env, capture_output=True,
                                  text=True, check=True)
            lines = done.stdout.replace(env["KAMGRAPH_STORE"], "kamgraph.db").rstrip("\n").splitlines()
            if keep and len(lines) > keep:
                lines = lines[:keep] + ["…"]
            blocks.append(f"{text}\n\n```\n$ {command}\n" + "\n".join(lines) + "\n```\n")
    return "\n".join(blocks)


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- tour:start -->", "<!-- tour:end -->"
    new = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: f"{start}\n{run_tour()}{end}", text,
                 flags=re.S)
    readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
