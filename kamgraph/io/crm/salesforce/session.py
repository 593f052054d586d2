"""What the Salesforce readers share while reading one set of exports: the builder, the
contacts read so far, deleted and merged ids, and how ids and accounts are resolved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ....errors import InvalidInput
from ....model import Note, Organisation, OrgKind
from ..builder import Builder
from ..csvsniff import CsvRow
from ..report import Level
from .ids import sf_id18, with_suffix

__all__ = ["NO_ACCOUNT_ORG", "Contact", "Session", "is_placeholder", "require"]

NO_ACCOUNT_ORG = "salesforce-no-account"
PLACEHOLDER_NOTE = "Placeholder for Salesforce account {}: it was not in an accounts export (yet)."


@dataclass(slots=True)  # 100,000 of them in a large export: no dict each
class Contact:
    id: str
    file: str
    line: int
    row: CsvRow
    account: str
    account_name: str
    name: str
    title: str
    department: str
    manager: str | None  # normalised, not yet checked
    manager_name: str | None  # a report export's Reports To (a name), until resolved
    email: str
    phone: str
    owner: str | None
    owner_name: str
    last_contact: dt.date | None
    extras: dict[str, Any] = field(default_factory=dict)
    org: str = ""
    merged: list[str] = field(default_factory=list)
    #: read by the quick reader (:func:`.rows.plain_rows`), which saw each value as
    #: its field's type (18-character ids, a first and a last name, a date or none), no extras
    plain: bool = False

    @property
    def where(self) -> str:  # the origin of every record a contact makes
        return f"{self.file}:{self.line}"


class Session:
    def __init__(self, b: Builder, accounts_given: bool, merge_duplicates: bool):
        self.b = b
        self.accounts_given = accounts_given
        self.merge_duplicates = merge_duplicates
        self.contacts: dict[str, Contact] = {}
        self.deleted: dict[str, str] = {}  # contact id → where
        self.alias: dict[str, str] = {}  # merged duplicate → kept contact
        self.stubs: set[str] = set()
        self.account_names: dict[str, str] = {}  # account name (folded) → organisation id, for reports without ids
        self.owner_names: dict[str, str] = {}  # owner name (folded) → our person's id, for reports without OwnerId
        self._plain_ids: dict[str, str] = {}  # a raw id read before with nothing to say about it → its 18 characters

    def id(
        self,
        raw: str,
        file: str,
        line: int,
        record: str | None,
        fld: str,
        level: Level = Level.error,
        quiet: bool = False,
    ) -> str | None:
        """A normalised id, or ``None`` (and an issue) when ``raw`` is not an id."""
        known = self._plain_ids.get(raw)
        if known is not None:  # an export names most ids several times (a contact, its manager's line)
            return known
        value = raw.strip()
        if not value:
            return None
        if value != raw and not quiet:
            self.b.note(
                Level.info, "WHITESPACE_IN_ID", file, [line], record, fld, f"{raw!r} has spaces around it", "trimmed"
            )
        try:
            full = sf_id18(value)
        except ValueError:
            self.b.note(
                level,
                "BAD_ID",
                file,
                [line],
                record,
                fld,
                f"{value!r} is not a Salesforce id",
                "left out" if record else "row skipped",
            )
            return None
        if len(value) == 15 and not quiet:
            self.b.note(Level.info, "ID_15_CHAR", file, [line], record, fld, f"15-character id {value} read as {full}")
        elif len(value) == 18 and value[15:].upper() != full[15:]:
            self.b.note(
                Level.warning,
                "BAD_ID_SUFFIX",
                file,
                [line],
                record,
                fld,
                f"{value}: the last 3 characters do not match the first 15",
                f"read as {full}",
            )
        elif value == raw and len(value) == 18:  # nothing said of it, whatever the level: the same next time
            self._plain_ids[raw] = full
        return full

    def plain_id(self, raw: str) -> str | None:
        """:meth:`id` of ``raw`` when it has nothing to say of it (an 18-character id, no
        spaces, its suffix right, or one it said nothing of before); else ``None``, and
        nothing noted: :meth:`id` is asked then."""
        known = self._plain_ids.get(raw)
        if known is not None:
            return known
        if len(raw) != 18 or not (raw.isascii() and raw.isalnum()):  # not 18 letters and digits
            return None
        full = with_suffix(raw)  # (not kept in sf_id18's cache: in this one)
        if raw[15:].upper() != full[15:]:
            return None
        self._plain_ids[raw] = full  # what id() keeps of it too
        return full

    def account(
        self, aid: str, file: str, line: int, record: str, fld: str, name_hint: str = "", client: bool = False
    ) -> str:
        """The organisation id for an account id; unknown accounts get a placeholder.

        Without an accounts file the placeholder is a client (the contacts' account, not named
        yet). With one, an account missing from it is not one the user exported: its contacts
        go to a ``third_party`` placeholder, which ``kamgraph accounts`` does not list, unless
        an opportunity is on it (``client``: we sell to it).
        """
        known = self.b.organisations.get(aid)
        if known is not None or aid in self.stubs:
            if client and known is not None and is_placeholder(known) and known.kind != OrgKind.client:
                self.b.organisations[aid] = known.model_copy(update={"kind": OrgKind.client})
            return aid
        if self.b.lookup("organisations", [aid]):
            self.stubs.add(aid)
            return aid
        name = name_hint or f"Salesforce account {aid}"
        kind = OrgKind.client if client or not self.accounts_given else OrgKind.third_party
        if self.accounts_given:
            self.b.note(
                Level.error,
                "ACCOUNT_ID_NOT_FOUND",
                file,
                [line],
                record,
                fld,
                f"account {aid} is not in the accounts file nor in the store",
                f"kept, on a placeholder account '{name}'"
                + ("" if kind == OrgKind.client else " of kind third_party, not listed as a client"),
            )
        else:
            self.b.note(
                Level.info,
                "ACCOUNT_PLACEHOLDER",
                file,
                [line],
                record,
                fld,
                f"account {aid} is not in the store and no accounts file was given",
                f"created as '{name}'; import the accounts to name it",
            )
        self.b.add(
            "organisations",
            Organisation(
                id=aid, name=name, kind=kind, ids={"salesforce": aid}, notes=[Note(text=PLACEHOLDER_NOTE.format(aid))]
            ),
            f"{file}:{line}",
        )
        self.stubs.add(aid)
        return aid


def is_placeholder(org: Organisation) -> bool:
    """An organisation made for contacts whose Salesforce account was not imported."""
    return any(n.text == PLACEHOLDER_NOTE.format(org.id) for n in org.notes)


def require(cols: Any, fname: str, *names: str) -> None:
    missing = [n for n in names if n not in cols]
    if missing:
        raise InvalidInput(
            f"{fname}: no column for {', '.join(missing)}; "
            f"columns: {', '.join(cols.where.values()) or '(none recognised)'}"
            " — rename them with --map"
        )
