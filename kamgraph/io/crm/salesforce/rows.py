"""A Salesforce Contact export's rows → contacts (:class:`~.session.Contact`): the usual row of a
Data Loader export read at once (:func:`plain_rows`), any other row by :func:`contact_row`,
which notes everything a row has to say (ids, deleted and repeated rows, names, managers,
owners, dates, extras) in the order a row says it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any

from ..csvsniff import CsvRow, CsvTable
from ..report import Level
from ..values import parse_date
from .ids import is_sf_id, is_true
from .names import account_by_name, contact_by_name
from .session import Contact, Session

__all__ = ["contact_row", "plain_rows", "read_rows"]


def read_rows(s: Session, fname: str, table: CsvTable, cols: Any, order: str) -> None:
    """Each row of a contacts file (``cols``: its columns; ``order``: its dates' order)."""
    rows = s.b.rows(fname, table.rows) if s.b.progress is not None else table.rows
    if all(name in cols for name in _PLAIN_NEEDS) and not any(name in cols for name in _PLAIN_LACKS):
        plain_rows(s, fname, table, rows, cols, order)
    else:
        for row in rows:
            contact_row(s, fname, row, cols, order)


#: The columns of a Data Loader export that :func:`plain_rows` reads (it needs them all)
#: and those it leaves to :func:`contact_row` (a report export's names of managers and owners).
_PLAIN_NEEDS = ("id", "account", "first_name", "last_name")
_PLAIN_LACKS = ("reports_to_name", "owner_name")
_UNSET: Any = object()


def plain_rows(s: Session, fname: str, table: CsvTable, rows: Iterable[CsvRow], cols: Any, order: str) -> None:
    """:func:`contact_row` of each row, the usual row read here at once: as wide as the header,
    each of its ids already seen or plainly an 18-character id, not deleted, not seen before,
    with a first and a last name, a date that reads. Nothing here notes anything, so a row
    that is not plain goes to :func:`contact_row` whole, and gets its notes in their order there;
    the row's extras, read last there, are read last here too (the same call)."""
    b, contacts, plain_id = s.b, s.contacts, s.plain_id
    # each field's place in a row's record: (-1, an empty value, for a column the file lacks)
    pick = itemgetter(*table.positions(cols.where.get(name) for name in _PLAIN_READS))
    extras = b.extras if b.has_extras(cols) else None
    dates: dict[str, Any] = {}  # a date's text (trimmed) → the date it reads as
    for row in rows:
        record = row.record
        if record is None:  # not as wide as the header
            contact_row(s, fname, row, cols, order)
            continue
        (
            raw_id,
            raw_account,
            first,
            last,
            deleted,
            raw_manager,
            raw_owner,
            text,
            account_name,
            title,
            department,
            email,
            phone,
            mobile,
        ) = pick(record)
        account = plain_id(raw_account)
        cid = plain_id(raw_id)
        first, last = first.strip(), last.strip()
        manager = plain_id(raw_manager) if raw_manager.strip() else None
        owner = plain_id(raw_owner) if raw_owner.strip() else None
        text = text.strip()
        day = dates.get(text, _UNSET)
        if day is _UNSET:
            try:
                day = dates[text] = parse_date(text, order)
            except ValueError:
                day = None  # noted by contact_row
        if (
            account is None
            or cid is None
            or (deleted and deleted != "false")
            or cid in contacts
            or not (first and last)
            or (manager is None and raw_manager.strip())
            or (owner is None and raw_owner.strip())
            or (day is None and text)
        ):
            contact_row(s, fname, row, cols, order)
            continue
        contacts[cid] = Contact(
            id=cid,
            file=fname,
            line=row.line,
            row=row,
            account=account,
            account_name=account_name.strip(),
            name=" ".join(f"{first} {last}".split()),
            title=title.strip(),
            department=department.strip(),
            manager=manager,
            manager_name=None,
            email=email.strip(),
            phone=phone.strip() or mobile.strip(),
            owner=owner,
            owner_name="",
            last_contact=day,
            extras={} if extras is None else extras(fname, row, cols, cid),
            plain=extras is None,
        )


#: The fields :func:`plain_rows` reads, in its order.
_PLAIN_READS = (
    "id",
    "account",
    "first_name",
    "last_name",
    "deleted",
    "reports_to",
    "owner",
    "last_contact",
    "account_name",
    "title",
    "department",
    "email",
    "phone",
    "mobile",
)


def contact_row(s: Session, fname: str, row: CsvRow, cols: Any, order: str) -> None:
    b = s.b
    value = cols.values(row).get  # every field of the row at once: a look-up each below
    label = cols.labels.__getitem__  # the file's own header of each field, for messages
    first_name, last_name = value("first_name", ""), value("last_name", "")
    name = " ".join(f"{first_name} {last_name}".split()) or " ".join(value("name", "").split())
    if "account" in cols:
        account = s.id(cols.raw(row, "account"), fname, row.line, None, label("account")) or ""
    else:  # a report without Account ID: the account by its name
        account = account_by_name(s, value("account_name", ""))
    if "id" in cols:
        cid = s.id(cols.raw(row, "id"), fname, row.line, None, label("id"))
    else:
        cid = contact_by_name(s, fname, row.line, account, name) if name else None
    if cid is None:
        if "id" in cols and not value("id", ""):
            b.note(Level.error, "MISSING_ID", fname, [row.line], None, label("id"), "no Id", "row skipped")
        elif "id" not in cols and not name:
            b.note(
                Level.error,
                "MISSING_BOTH_NAMES",
                fname,
                [row.line],
                None,
                label("last_name"),
                "no name, and no Contact ID: nothing to know the contact by",
                "row skipped",
            )
        return
    if is_true(value("deleted", "")):
        b.note(
            Level.info,
            "DELETED_ROW",
            fname,
            [row.line],
            cid,
            label("deleted"),
            "deleted contact (IsDeleted=true: in the recycle bin)",
            "skipped",
        )
        s.deleted.setdefault(cid, f"{fname}:{row.line}")
        return
    if cid in s.contacts:
        first = s.contacts[cid]
        same = first.row.values == row.values
        what = (
            "the same Id twice, with different values"
            if "id" in cols
            else "two contacts of that name in one account, and no Contact ID to tell them apart"
        )
        b.note(
            Level.warning if same else Level.error,
            "DUPLICATE_ID",
            fname,
            [first.line, row.line],
            cid,
            label("id"),
            "the same row twice" if same else what,
            "imported once" if same else f"the row of line {first.line} is imported",
        )
        return
    email = value("email", "")
    if not name:
        b.note(
            Level.error,
            "MISSING_BOTH_NAMES",
            fname,
            [row.line],
            cid,
            label("last_name"),
            "no first or last name",
            f"kept, named '{email or '(unnamed)'}'",
        )
        name = email or "(unnamed)"
    elif "last_name" in cols and not last_name:
        b.note(
            Level.warning,
            "MISSING_LAST_NAME",
            fname,
            [row.line],
            cid,
            label("last_name"),
            "no last name (Salesforce requires one)",
            f"named '{name}'",
        )
    elif "first_name" in cols and not first_name:
        b.note(
            Level.info,
            "MISSING_FIRST_NAME",
            fname,
            [row.line],
            cid,
            label("first_name"),
            "no first name",
            f"named '{name}'",
        )
    manager, manager_name = _manager(s, fname, row, cols, cid, value)
    s.contacts[cid] = Contact(
        id=cid,
        file=fname,
        line=row.line,
        row=row,
        account=account,
        account_name=value("account_name", ""),
        name=name,
        title=value("title", ""),
        department=value("department", ""),
        manager=manager,
        manager_name=manager_name,
        email=email,
        phone=value("phone", "") or value("mobile", ""),
        owner=s.id(cols.raw(row, "owner"), fname, row.line, cid, label("owner"), Level.warning),
        owner_name=value("owner_name", ""),
        last_contact=b.date(fname, row, cols, "last_contact", order, cid),
        extras=b.extras(fname, row, cols, cid),
    )


def _manager(
    s: Session, fname: str, row: CsvRow, cols: Any, cid: str, value_of: Callable[[str, str], str]
) -> tuple[str | None, str | None]:
    """The manager's id, or their name (a report export's ``Reports To``), as the row gives it.
    A value that cannot be an id is a name, in either column."""
    for name in ("reports_to", "reports_to_name"):
        value = value_of(name, "")
        if not value:
            continue
        if is_sf_id(value):
            return s.id(cols.raw(row, name), fname, row.line, cid, cols.label(name)), None
        if name == "reports_to" and not re.search(r"[\s,.]", value) and any(ch.isdigit() for ch in value):
            return s.id(value, fname, row.line, cid, cols.label(name)), None  # a broken id, not a name
        return None, value
    return None, None
