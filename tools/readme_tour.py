"""Re-run the README's tour (and docs/crm.md's session) on the samples and paste the real
output between the markers.

    .venv/bin/python tools/readme_tour.py          # rewrite README.md and docs/crm.md
    .venv/bin/python tools/readme_tour.py --check  # exit 1, with a diff, when either differs

Each command runs with the installed ``kamgraph`` on a fresh store in a temporary folder,
as of one fixed day (``KAMGRAPH_TODAY``), so what the README shows is what a newcomer sees
and it does not drift as the calendar moves. ``make test`` runs the check.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KAMGRAPH = Path(sys.executable).parent / "kamgraph"

# (what it shows, the command, how many output lines to keep (0 = all; -N: the last N)[, the exit code expected])
Step = tuple[str, str, int] | tuple[str, str, int, int]

TOUR: list[Step] = [
    ("Load the samples: our team and products, three client accounts. One transaction; "
     "importing again changes nothing.", "kamgraph import samples/*.yaml", 0),
    ("The accounts, with head-count, annual value and open pipeline.", "kamgraph accounts", 0),
    ("An account's buying committees and key people, and who on our team knows them.",
     "kamgraph show Nordhavn", 0),
    ("The warmest route from anyone on our team to Meridian's CFO, with one alternative: who introduces "
     "whom, how well they know each other, when they last spoke.",
     "kamgraph path --from team --to 'Rachel Okafor' --k 2", 0),
    ("Which deals hang on one person: threads to each decision-maker, the critical contacts, and a score with "
     "its reasons.", "kamgraph risk --opportunity mer-opp-analytics", 0),
    ("And if the champion left? People and accounts go by id, by name or by a part of the name that fits "
     "one (accents and case aside).", "kamgraph risk --opportunity mer-opp-analytics --without anjali", 0),
    ("A name that fits nobody gets the closest ones.", "kamgraph risk meridian --without 'Anjali Desay'", 0, 1),
    ("Which of the client's teams buy nothing from us yet, ranked by potential.", "kamgraph whitespace nordhavn", 0),
    ("Who really sways the decision, against formal rank: the first six, and any hidden power broker below them.",
     "kamgraph influence nordhavn --limit 6", 0),
    ("Draw the account map (org chart, influence or one deal's committee; SVG, PNG, PDF or DOT) and a QBR "
     "deck. More in [docs/maps.md](docs/maps.md).",
     "kamgraph map nordhavn -o out/nordhavn.png --view committee --highlight-path team:role:economic_buyer", 0),
    ("", "kamgraph slides meridian andina nordhavn -o out/qbr.pptx", 0),
    ("Find people (case and accents ignored).", "kamgraph people nunez", 0),
    ("Load a Salesforce export as it really is — multi-line addresses, deleted rows, dangling managers, cycles — and "
     "see every problem with its file and line. Without `--skip-bad-rows` any error stops the import "
     "and leaves the store as it was. (More in [docs/crm.md](docs/crm.md).)",
     "kamgraph import-crm salesforce --contacts samples/crm/salesforce/Contact_ashgrove_dataloader.csv "
     "--accounts samples/crm/salesforce/Account.csv --skip-bad-rows", 0),
    ("Meetings, calls and e-mails as evidence on relationships: a seller's calendar (.ics) and a plain CSV "
     "(Salesforce Task and Event exports too). Each bad row is one line with its file and line; importing again "
     "adds nothing. (More in [docs/evidence.md](docs/evidence.md).)",
     "kamgraph import-activity samples/activity/james-whitfield-calendar.ics samples/activity/contact-log.csv "
     "--skip-bad-rows", 0),
    ("A seller's LinkedIn connections (Connections.csv as LinkedIn exports it), matched by e-mail, profile URL, or "
     "name within the account whose name matches; ambiguous and unmatched rows are listed, never guessed.",
     "kamgraph import-linkedin --owner 'James Whitfield' samples/linkedin/Connections.csv --skip-bad-rows", 0),
    ("Each hop of a route says where the relationship comes from, and its strength ages with its evidence "
     "([docs/analyses.md](docs/analyses.md#effective-strength-evidence-that-ages)).",
     "kamgraph path --from team --to 'Fiona Carmichael'", 0),
    ("A person's card: their seats, and everyone they know with the strength as of today and where it comes from.",
     "kamgraph show 'Fiona Carmichael'", 0),
    ("Erase a person everywhere (a data-subject request).", "kamgraph forget 'Kasper Lund' --yes", 0),
    ("Everything, in the format `import` reads.", "kamgraph export --format yaml", 12),
    ("The file format's JSON Schema.", "kamgraph schema", 6),
]


SF = "samples/crm/salesforce"
SF_ALL = (f"--contacts {SF}/Contact_ashgrove_dataloader.csv --contacts {SF}/Contact_cantabrico_excel_es.csv "
          f"--accounts {SF}/Account.csv --opportunities {SF}/Opportunity.csv "
          f"--contact-roles {SF}/OpportunityContactRole.csv --map samples/crm/salesforce-users.yaml")
HS = "samples/crm/hubspot"

#: docs/crm.md's session on the sample exports (samples/crm/README.md lists what is planted)
CRM_SESSION: list[Step] = [
    ("The samples first, as `make demo` does: our own team (the owners' names in "
     "`salesforce-users.yaml` are two of its sellers) and three client accounts.",
     "kamgraph import samples/*.yaml", 0),
    ("Without `--skip-bad-rows`, the errors stop the import and nothing is written:",
     f"kamgraph import-crm salesforce --contacts {SF}/Contact_ashgrove_dataloader.csv --accounts {SF}/Account.csv",
     0, 1),
    ("With every file, the map, and bad rows skipped:",
     f"kamgraph import-crm salesforce {SF_ALL} --skip-bad-rows", 0),
    ("Importing the same export again changes nothing:",
     f"kamgraph import-crm salesforce {SF_ALL} --skip-bad-rows", -8),
    ("The HubSpot export of the Spanish client, with its companies: 20 contacts match a Salesforce "
     "contact by e-mail, one (whose Salesforce record has no e-mail) by name within the account, and "
     "three are new:",
     f"kamgraph import-crm hubspot --contacts {HS}/hubspot-crm-exports-all-contacts-2026-11-16.csv "
     f"--companies {HS}/hubspot-crm-exports-all-companies-2026-11-16.csv", 0),
    ("The contact on an account that was not exported is kept, but its placeholder organisation is a "
     "third party, so the client list holds the real clients:", "kamgraph accounts", 0),
]

#: each document, its markers, and the steps whose output goes between them
DOCUMENTS: list[tuple[str, str, list[Step]]] = [
    ("README.md", "tour", TOUR),
    ("docs/crm.md", "session", CRM_SESSION),
]


#: the day the tour is as of: staleness and "as of" dates in the output follow it
TODAY = "2026-12-01"


def run_tour(steps: list[Step]) -> str:
    """The steps' Markdown: each command with its output, run on a fresh store in a scratch
    folder that sees the repository's samples (so maps and decks land there, not in out/)."""
    blocks = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for shared in ("samples", "tests"):
            (work / shared).symlink_to(ROOT / shared, target_is_directory=True)
        (work / "out").mkdir()
        env = {**os.environ, "KAMGRAPH_STORE": "kamgraph.db", "KAMGRAPH_TODAY": TODAY, "COLUMNS": "120"}
        for text, command, keep, *code in steps:
            expected = code[0] if code else 0
            args = [x for a in shlex.split(command)[1:]
                    for x in (sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(a)) if "*" in a else [a])]
            done = subprocess.run([str(KAMGRAPH), *args], cwd=work, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
            if done.returncode != expected:
                raise SystemExit(f"tour: `{command}` exited {done.returncode}, not {expected}: {done.stdout.strip()}")
            lines = done.stdout.rstrip("\n").splitlines()
            if keep > 0 and len(lines) > keep:
                lines = lines[:keep] + ["…"]
            elif keep < 0 and len(lines) > -keep:  # the last lines only
                lines = ["…", *lines[keep:]]
            intro = f"{text}\n\n" if text else ""
            blocks.append(f"{intro}```\n$ {command}\n" + "\n".join(lines) + "\n```\n")
    return "\n".join(blocks)


def with_tour(name: str, text: str, marker: str, tour: str) -> str:
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"{name}: the markers {start} and {end} are missing")
    return re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: f"{start}\n{tour}{end}", text, flags=re.S)


def main(argv: list[str]) -> int:
    stale = []
    for name, marker, steps in DOCUMENTS:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        new = with_tour(name, text, marker, run_tour(steps))
        if new == text:
            continue
        if "--check" not in argv:
            path.write_text(new, encoding="utf-8")
            continue
        diff = difflib.unified_diff(text.splitlines(), new.splitlines(), name, f"{name} (the commands now)",
                                    lineterm="", n=1)
        print("\n".join(list(diff)[:80]))
        stale.append(name)
    if stale:
        print(f"{', '.join(stale)}: out of date; run .venv/bin/python tools/readme_tour.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
