"""What an import found, row by row: each :class:`Issue` names the file, the line(s), the
record, the field, what is wrong and what the importer does about it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from ...store.base import ImportReport
from ...store.prune import PruneReport

__all__ = ["CrmReport", "FileSummary", "Issue", "Level"]


class Level(StrEnum):
    """``error`` stops an import unless bad rows are skipped; ``warning`` and ``info`` never do."""

    error = "error"
    warning = "warning"
    info = "info"


class Issue(BaseModel):
    """One problem (or note) about one record.

    >>> str(Issue(level="error", code="DANGLING_REPORTS_TO", file="c.csv", lines=[28], record="003A",
    ...           field="ReportsToId", message="manager '003B' not found", action="reporting line left out"))
    "c.csv:28: error DANGLING_REPORTS_TO: 003A: ReportsToId: manager '003B' not found (reporting line left out)"
    """

    level: Level
    code: str
    file: str
    lines: list[int] = Field(default_factory=list, description="physical lines (header = 1); empty for the file")
    record: str | None = None
    field: str | None = None
    message: str
    action: str | None = Field(
        default=None, description="what the importer does with the row (for errors: what --skip-bad-rows does)"
    )

    @property
    def line(self) -> int | None:
        return self.lines[0] if self.lines else None

    def __str__(self) -> str:
        where = self.file + (":" + " & ".join(map(str, self.lines)) if self.lines else "")
        parts = [f"{where}: {self.level.value} {self.code}"]
        parts += [p for p in (self.record, self.field) if p]
        text = ": ".join(parts) + f": {self.message}"
        return text + (f" ({self.action})" if self.action else "")


class FileSummary(BaseModel):
    """How one file was read."""

    file: str
    kind: str = Field(description="contacts, accounts, opportunities, contact-roles, companies")
    format: str
    records: int
    imported: int
    unused_columns: list[str] = Field(default_factory=list)


class CrmReport(BaseModel):
    """The whole outcome: files read, issues, and (unless nothing was written) the store's counts."""

    source: str
    files: list[FileSummary] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    people: int = Field(0, description="people in the graph to write (contacts and our owners)")
    written: bool = False
    dry_run: bool = False
    skip_bad_rows: bool = False
    result: ImportReport | None = None
    stale: PruneReport | None = Field(
        None, description="stored records from this CRM, of the accounts the files cover, that the files no longer have"
    )

    def count(self, level: Level) -> int:
        return sum(1 for i in self.issues if i.level == level)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == Level.error]

    def codes(self) -> dict[str, int]:
        """How many issues of each code."""
        out: dict[str, int] = {}
        for i in self.issues:
            out[i.code] = out.get(i.code, 0) + 1
        return out
