"""Draw the Neo4j store's schema for docs/neo4j.md: labels with their properties, relationship
types with theirs, and the constraints and indexes, all taken from the store's own code
(kamgraph/store/neo4j_records.py and queries/schema.cypher), so the picture cannot drift.

    .venv/bin/python tools/neo4j_schema.py     # writes docs/img/neo4j-schema.svg and .png

Needs Graphviz's ``dot``.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kamgraph.store.neo4j_records import FIELDS, INTERACTION_FIELDS, NOTE_FIELDS, SEAT_FIELDS  # noqa: E402
from kamgraph.store.queries import all_queries  # noqa: E402

TYPES = {"kind": "STRING", "roles": "LIST<STRING>", "empty_seats": "LIST<STRING>", "value": "FLOAT",
         "amount": "FLOAT", "budget": "FLOAT", "strength": "FLOAT 0–1", "weight": "FLOAT 0–1",
         "headcount": "INTEGER", "position": "INTEGER", "open": "BOOLEAN", "primary": "BOOLEAN",
         "last_contact": "DATE", "close_date": "DATE", "since": "DATE", "date": "DATE", "strength_set": "DATE"}
ENUMS = {"stance": "supporter|neutral|detractor|unknown", "influence": "high|medium|low",
         "seniority": "executive|vp|…|staff", "kind": "client|own|third_party",
         "status": "active|pilot|churned|competitor|none", "mode": "growth|trouble|even_keel|overconfident"}
NODES = {"Organisation": FIELDS["organisations"], "Unit": FIELDS["units"], "Product": FIELDS["products"],
         "Person": FIELDS["people"], "Opportunity": FIELDS["opportunities"], "Note": (*NOTE_FIELDS, "position"),
         "ExternalId": ("system", "value", "position"), "KamgraphLock": ("id", "at")}
EDGES = [  # (from, type, to, properties)
    ("Person", "MEMBER_OF", "Organisation", ()), ("Person", "IN_UNIT", "Unit", ()),
    ("Person", "REPORTS_TO", "Person", ()), ("Unit", "UNIT_OF", "Organisation", ()), ("Unit", "PART_OF", "Unit", ()),
    ("Opportunity", "FOR_ACCOUNT", "Organisation", ()), ("Person", "ON_COMMITTEE", "Opportunity",
                                                         (*SEAT_FIELDS, "position")),
    ("Person", "KNOWS", "Person", FIELDS["knows"]), ("Person", "INTERACTED_WITH", "Person", INTERACTION_FIELDS),
    ("Person", "INFLUENCES", "Person", FIELDS["influences"]),
    ("Unit", "ADOPTS", "Product", FIELDS["adoption"]),
    ("Organisation", "HAS_NOTE", "Note", ()), ("Person", "HAS_NOTE", "Note", ()),
    ("Opportunity", "HAS_NOTE", "Note", ()),
    ("Organisation", "HAS_ID", "ExternalId", ()), ("Person", "HAS_ID", "ExternalId", ()),
    ("Opportunity", "HAS_ID", "ExternalId", ()),
]


OWN_TYPES = {("ExternalId", "value"): "STRING", ("KamgraphLock", "at"): "INTEGER (ms)"}


def _type(label: str, prop: str) -> str:
    return OWN_TYPES.get((label, prop)) or ENUMS.get(prop) or TYPES.get(prop, "STRING")


def schema_notes() -> dict[str, list[str]]:
    """label → its constraints and indexes, from queries/schema.cypher."""
    out: dict[str, list[str]] = {}
    for q in all_queries():
        m = re.search(r"CREATE (CONSTRAINT|FULLTEXT INDEX|INDEX) (\w+) IF NOT EXISTS FOR \(n:(\w+)\)"
                      r"(?: REQUIRE n\.(\w+) IS UNIQUE| ON (?:EACH )?\[?([^\]\n]+)\]?)", q.text)
        if m:
            kind, name, label, unique, on = m.groups()
            what = f"UNIQUE {unique}" if kind == "CONSTRAINT" else \
                f"{'FULLTEXT' if 'FULLTEXT' in kind else 'INDEX'} ({on.replace('n.', '').strip('() ')})"
            out.setdefault(label, []).append(f"{what}: {name}")
    return out


def dot() -> str:
    notes = schema_notes()
    lines = ['digraph schema {', '  graph [rankdir=LR, fontname="DejaVu Sans", nodesep=0.4, ranksep=0.9];',
             '  node [shape=plaintext, fontname="DejaVu Sans", fontsize=10];',
             '  edge [fontname="DejaVu Sans", fontsize=9, color="#555555"];']
    for label, props in NODES.items():
        fill = "#dbe9f6" if label not in ("Note", "ExternalId", "KamgraphLock") else "#eeeeee"
        rows = "".join(f'<tr><td align="left">{html.escape(p)}</td><td align="left"><font color="#555555">'
                       f'{html.escape(_type(label, p))}</font></td></tr>' for p in props)
        rows += "".join(f'<tr><td align="left" colspan="2"><font color="#8a3b12">{html.escape(n)}</font></td></tr>'
                        for n in notes.get(label, []))
        lines.append(f'  {label} [label=<<table border="1" cellborder="0" cellspacing="0" cellpadding="3" '
                     f'bgcolor="{fill}"><tr><td colspan="2"><b>:{label}</b></td></tr>{rows}</table>>];')
    for a, rel, b, props in EDGES:
        label = rel + ("\\n{" + ", ".join(props) + "}" if props else "")
        lines.append(f'  {a} -> {b} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    source = dot()
    out = ROOT / "docs" / "img"
    for fmt in ("svg", "png"):
        subprocess.run(["dot", f"-T{fmt}", "-Gdpi=110", "-o", str(out / f"neo4j-schema.{fmt}")], input=source.encode(),
                       check=True)
        print(f"wrote {out / f'neo4j-schema.{fmt}'}")


if __name__ == "__main__":
    main()
