"""Import from CRM exports: Salesforce (Data Loader or report CSV) and HubSpot.

Reading is apart from writing: :func:`read_salesforce` / :func:`read_hubspot` turn the
files into a :class:`CrmImport` (the graph, where each record came from, and every issue
found, row by row); :func:`import_crm` writes it through the store in one transaction,
unless there are errors and bad rows are not to be skipped, or it is a dry run.

>>> from kamgraph.store import SQLiteStore
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "Contact.csv").write_text(
...     "Id,AccountId,FirstName,LastName,Title,ReportsToId,OwnerId\\n"
...     "0035Q000305ORpdQAG,0015Q00030yGZ0vQAG,Hayley,Sutherland,CEO,,0055Q00030RNP5VQAX\\n"
...     "0035Q000305PD0KQAW,0015Q00030yGZ0vQAG,Kirsty,Begum,CFO,0035Q000305ORpd,0055Q00030RNP5VQAX\\n")
>>> with SQLiteStore(":memory:") as store:
...     crm = read_salesforce([d / "Contact.csv"], store=store)
...     report = import_crm(store, crm)
...     store.person("0035Q000305PD0KQAW").reports_to, report.result.counts["people"].added
('0035Q000305ORpdQAG', 3)
"""

from __future__ import annotations

import re

from ...bulk import bulk
from ...canonical import Texts
from ...store.base import Store
from ...store.prune import import_with_prune, plan_prune
from .builder import CrmImport
from .columns import ColumnMap, load_column_map
from .csvsniff import CsvTable, read_csv
from .hubspot import HUBSPOT_ROLES, read_hubspot
from .report import CrmReport, FileSummary, Issue, Level
from .salesforce import SALESFORCE_ROLES, read_salesforce, sf_id18
from .settle import settle

__all__ = [
    "HUBSPOT_ROLES",
    "SALESFORCE_ROLES",
    "ColumnMap",
    "CrmImport",
    "CrmReport",
    "CsvTable",
    "FileSummary",
    "Issue",
    "Level",
    "import_crm",
    "load_column_map",
    "read_csv",
    "read_hubspot",
    "read_salesforce",
    "sf_id18",
]


@bulk
def import_crm(
    store: Store, crm: CrmImport, *, skip_bad_rows: bool = False, dry_run: bool = False, prune: bool = False
) -> CrmReport:
    """Write what :func:`read_salesforce` or :func:`read_hubspot` read, in one transaction.

    The graph is first checked as the store will check it (:func:`~.settle.settle`): each
    problem is one more error naming its file and line. Nothing is written on a dry run,
    nor when there are errors and ``skip_bad_rows`` is false (then ``report.written`` is
    false and ``report.errors`` lists them all). With ``skip_bad_rows`` every error's remedy
    (its ``action``) is applied, that row or that one reference is left out, and the rest
    is written.

    ``report.stale`` lists the stored records that came from this CRM, of the accounts the
    files cover, that the files no longer have (a contact deleted in the CRM); ``prune``
    removes them in the same transaction, as ``forget`` would. Rows the import skipped are
    never pruned.
    """
    with store.transaction(write=not dry_run):  # joins the caller's, when it read the files inside one
        return _import_crm(store, crm, skip_bad_rows, dry_run, prune)


def _import_crm(store: Store, crm: CrmImport, skip_bad_rows: bool, dry_run: bool, prune: bool) -> CrmReport:
    texts = Texts()  # each record's JSON, written by the check and stored by the write
    crm.graph, found = settle(store, crm.graph, crm.origin, skip_bad_rows, texts)
    crm.add_issues(found)
    report = CrmReport(
        source=crm.source,
        files=crm.files,
        issues=crm.issues,
        people=len(crm.graph.people),
        dry_run=dry_run,
        skip_bad_rows=skip_bad_rows,
    )
    keep = _skipped(crm.errors)
    if dry_run or prune or (crm.errors and not skip_bad_rows):
        plan = plan_prune(store, crm.graph, source=crm.source, keep=keep, only=crm.covers, cascade=prune)
        report.stale = plan.report
    if dry_run or (crm.errors and not skip_bad_rows):
        return report
    # settle() has just checked the graph as import_graph would: no second check
    if prune:
        report.result = import_with_prune(
            store, crm.graph, crm.origin, plan=plan, checked=True, source=f"crm:{crm.source}"
        )
    else:  # only count what the files no longer have, once written (cheaper then)
        report.result = store.import_graph(crm.graph, crm.origin, checked=True, source=f"crm:{crm.source}", texts=texts)
        report.stale = plan_prune(
            store, crm.graph, source=crm.source, keep=keep, only=crm.covers, cascade=False, written=True
        ).report
    report.written = True
    return report


def _skipped(errors: list[Issue]) -> set[str]:
    """The ids that errors name (the rows they skip, their records)."""
    return {part for i in errors if i.record for part in re.split(r" & | <?-> ", i.record)}
