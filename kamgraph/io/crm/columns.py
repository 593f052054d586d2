"""Column look-up: which header holds each field a reader wants, by the spellings exports
use and by a ``--map`` file."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...errors import InvalidInput
from ...model import OrgKind, Role
from ...text import fold
from .csvsniff import CsvRow, CsvTable

__all__ = ["MAX_ID", "ColumnMap", "Columns", "load_column_map", "slug", "slug_id"]


def slug(text: str) -> str:
    """An id fragment: ``'Marketing y Cliente'`` → ``'marketing-y-cliente'``.

    >>> slug("Regulation & Compliance"), slug("Logística")
    ('regulation-compliance', 'logistica')
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


#: The longest id the model takes (:data:`kamgraph.model.Id`).
MAX_ID = 200


def slug_id(prefix: str, text: str) -> str:
    """The id ``PREFIX-SLUG`` of a record known by ``text`` (a department, a name), never
    longer than the model takes: a longer one is cut and ends in eight hex digits of the
    text's hash, so that two long texts stay two ids (the same text: the same id, every time).

    >>> slug_id("acme", "Regulation & Compliance")
    'acme-regulation-compliance'
    >>> long = slug_id("acme", "Department of " + "Very Long Name " * 15)
    >>> len(long), long[-9:] != slug_id("acme", "Department of " + "Very Long Name " * 16)[-9:]
    (200, True)
    """
    whole = f"{prefix}-{slug(text)}"
    if len(whole) <= MAX_ID:
        return whole
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
    return f"{whole[: MAX_ID - len(digest) - 1].rstrip('-')}-{digest}"


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(header))


class ColumnMap(BaseModel):
    """A ``--map`` file: custom columns renamed to ours, extra role values, owners' names.

    ``columns`` maps a column of the file to a field kamgraph reads (a standard column name
    such as ``LastActivityDate`` or ``Title``, or a kamgraph field such as ``last_contact``,
    ``stance``, ``influence``, ``seniority``, ``url``); ``roles`` maps a CRM role value to a
    kamgraph role; ``users`` maps an owner id or name to the person's display name;
    ``account_types`` maps an account's Type value to an organisation kind.
    """

    model_config = ConfigDict(extra="forbid")

    columns: dict[str, str] = Field(default_factory=dict)
    roles: dict[str, Role | None] = Field(default_factory=dict)
    account_types: dict[str, OrgKind | None] = Field(
        default_factory=dict,
        description=("an account (or company) Type value → organisation kind (client, third_party)"),
    )
    users: dict[str, str] = Field(default_factory=dict)


def load_column_map(path: Path | None) -> ColumnMap:
    if path is None:
        return ColumnMap()
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path}: malformed YAML: {exc}") from None
    try:
        return ColumnMap.model_validate(doc)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = " > ".join(map(str, err["loc"]))
        raise InvalidInput(f"{path}: {loc}: {err['msg']}") from None


class Columns:
    """Which header column holds each field we read. ``aliases`` maps our field name to the
    spellings exports use (compared case-, space- and punctuation-blind)."""

    def __init__(self, table: CsvTable, aliases: Mapping[str, Sequence[str]], column_map: ColumnMap):
        by_norm = {_norm(a): name for name, spellings in aliases.items() for a in (name, *spellings)}
        self.where: dict[str, str] = {}
        mapped = {_norm(k): v for k, v in column_map.columns.items()}
        for h in table.header:
            target = mapped.get(_norm(h))
            name = by_norm.get(_norm(target)) if target is not None else by_norm.get(_norm(h))
            if name is not None and name not in self.where:
                self.where[name] = h
        self.unused = [h for h in table.header if h and h not in self.where.values()]
        #: each field's header in the file, else its own name (what :meth:`label` says)
        self.labels = {name: self.where.get(name, name) for name in aliases}

    def __contains__(self, name: str) -> bool:
        return name in self.where

    def get(self, row: CsvRow, name: str) -> str:
        """The value, whitespace trimmed ('' when the column is absent)."""
        column = self.where.get(name)
        return row.values.get(column, "").strip() if column else ""

    def values(self, row: CsvRow) -> dict[str, str]:
        """Every field this file has, by our name: :meth:`get`'s value of each, in one go."""
        got = row.values.get
        return {name: got(column, "").strip() for name, column in self.where.items()}

    def raw(self, row: CsvRow, name: str) -> str:
        column = self.where.get(name)
        return row.values.get(column, "") if column else ""

    def label(self, name: str) -> str:
        """The file's own header for a field (for messages)."""
        return self.where.get(name, name)
