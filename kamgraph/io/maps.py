"""``kamgraph import``: account-map files into the store, with what the files no longer have.

:func:`import_maps` validates the files together and writes them in one transaction; it also
finds the stored records of the organisations the files contain that the files no longer
have (see :mod:`kamgraph.store.prune`): with ``prune`` they are removed in the same
transaction, else they are only counted, so the user hears of them. A dry run checks and
plans, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from ..bulk import bulk
from ..canonical import Texts
from ..store.base import ImportReport, Store
from ..store.prune import PruneReport, import_with_prune, plan_prune
from .files import load_files

__all__ = ["CRM_SOURCES", "MapsImport", "import_maps"]

#: records carrying one of these outside ids came from a CRM import: ``import-crm --prune``
#: removes them, ``import --prune`` leaves them (an account map rarely lists every contact)
CRM_SOURCES = ("salesforce", "hubspot")


class MapsImport(BaseModel):
    """What an import of account maps did (or, on a dry run, would do)."""

    files: list[str]
    result: ImportReport | None = Field(None, description="the store's counts; none on a dry run")
    stale: PruneReport = Field(description="stored records of the files' organisations the files no longer have")
    dry_run: bool = False


@bulk  # a big import allocates millions of records: no collection walking them
def import_maps(store: Store, paths: Iterable[Path | str], *, prune: bool = False, dry_run: bool = False) -> MapsImport:
    """Load the files, all or nothing; ``prune`` removes what the files no longer have of
    their organisations (same cascade as ``forget``; what came from a CRM stays, see
    :data:`CRM_SOURCES`); ``dry_run`` writes nothing."""
    files = [Path(p) for p in paths]
    texts = Texts()  # the records' JSON, written once; whether the files' texts are plain
    graph, origin = load_files(files, texts)
    with store.transaction(write=not dry_run):  # what is planned from the store is still true when written
        plan = plan_prune(store, graph, cascade=prune, spare=CRM_SOURCES)
        out = MapsImport(files=[str(f) for f in files], stale=plan.report, dry_run=dry_run)
        if dry_run:
            store.check_import(graph, origin, texts)
        elif prune and plan.report.count:  # the cascade's rewrites come from the store: checked afresh
            out.result = import_with_prune(store, graph, origin, plan=plan)
        else:
            out.result = store.import_graph(graph, origin, texts=texts)
    return out
