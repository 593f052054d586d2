"""Names where a Salesforce report export has no ids: the manager in ``Reports To``, and, in
a report without ``Contact ID`` / ``Account ID``, the contact and its account themselves.
Names compare accents, case, spacing, hyphens and dots ignored; a name that could be two
people is reported, never guessed."""

from __future__ import annotations

import re
from collections import defaultdict

from ....text import fold_spaces
from ..columns import slug_id
from ..report import Level
from .ids import is_sf_id, sf_id18
from .session import Session

__all__ = ["account_by_name", "contact_by_name", "name_key", "owner_by_name", "resolve_manager_names"]


def name_key(name: str) -> str:
    """A name as compared for ``Reports To``: accents, case, spacing, hyphens and dots
    ignored; ``Morel, Marie`` is ``Marie Morel``."""
    if name.count(",") == 1:
        last, first = name.split(",")
        name = f"{first} {last}"
    return " ".join(re.sub(r"[-.]", " ", fold_spaces(name)).split())


def resolve_manager_names(s: Session) -> None:
    """Resolve managers given by name to the one contact of that name in the same account
    (in the files, else in the store). No such contact, or several, is an error: the
    reporting line is left out, never guessed."""
    named = [c for c in s.contacts.values() if c.manager is None and c.manager_name]
    if not named:
        return
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in s.contacts.values():
        by_name[(c.org, name_key(c.name))].add(c.id)
    for c in named:
        assert c.manager_name is not None
        key = name_key(c.manager_name)
        found = set(by_name.get((c.org, key), set()))
        if not found:
            found = _in_store(s, c.org, c.manager_name)
        if len(found) > 1:
            found.discard(c.id)  # a homonym of the contact itself: the other one is the manager
        field = "Reports To"
        if len(found) == 1:
            c.manager = found.pop()
            if c.manager == c.id:
                s.b.note(
                    Level.error,
                    "SELF_REPORTS_TO",
                    c.file,
                    [c.line],
                    c.id,
                    field,
                    f"reports to {c.manager_name!r}: the contact's own name",
                    "reporting line left out",
                )
                c.manager = None
            continue
        lines = sorted({s.contacts[i].line for i in found if i in s.contacts} | {c.line})
        if found:
            s.b.note(
                Level.error,
                "AMBIGUOUS_REPORTS_TO",
                c.file,
                lines,
                c.id,
                field,
                f"manager {c.manager_name!r}: {len(found)} contacts of that name in account {c.org} "
                f"({', '.join(sorted(found))})",
                "reporting line left out (not guessed)",
            )
        else:
            s.b.note(
                Level.error,
                "DANGLING_REPORTS_TO",
                c.file,
                [c.line],
                c.id,
                field,
                f"manager {c.manager_name!r}: no contact of that name in account {c.org}",
                "reporting line left out",
            )


def _in_store(s: Session, org: str, name: str) -> set[str]:
    """The ids of the store's people of ``org`` with this name (its search is by substring:
    by the name's longest word, then exactly)."""
    key = name_key(name)
    if s.b.store is None or not key:
        return set()
    needle = max(key.split(), key=len)
    return {p.id for p in s.b.store.find_people(needle, org=org, limit=1000) if name_key(p.name) == key}


def account_by_name(s: Session, name: str) -> str:
    """The organisation id of an account known only by its name: the one of that name in the
    accounts file, else in the store, else a new placeholder id (``salesforce-account-…``)."""
    key = name_key(name)
    if not key:
        return ""
    if key not in s.account_names:
        found = sorted(o.id for o in s.b.organisations.values() if name_key(o.name) == key)
        if not found and s.b.store is not None:
            found = sorted(a.id for a in s.b.store.accounts() if name_key(a.name) == key)
        s.account_names[key] = found[0] if found else slug_id("salesforce-account", name)
    return s.account_names[key]


def contact_by_name(s: Session, file: str, line: int, account: str, name: str) -> str | None:
    """The id of a contact known only by its name and account: the one person of that name
    in that account in the store, else an id made of the two (stable across re-imports);
    ``None`` (and an error) when the store has several of that name there."""
    found = _in_store(s, account, name) if account else set()
    if len(found) == 1:
        return found.pop()
    if found:
        s.b.note(
            Level.error,
            "AMBIGUOUS_CONTACT",
            file,
            [line],
            None,
            "Name",
            f"{name!r}: {len(found)} people of that name in account {account} in the store "
            f"({', '.join(sorted(found))}), and no Contact ID to tell which",
            "row skipped (not guessed)",
        )
        return None
    return slug_id(account or "salesforce-no-account", name)


def owner_by_name(s: Session, name: str) -> str:
    """The id of one of our people who owns contacts, known only by name (a report's
    ``Contact Owner``): the user the ``--map`` file's ``users`` names so, else our person of
    that name in the store, else ``salesforce-user-<name>``."""
    key = name_key(name)
    if key not in s.owner_names:
        users = sorted(uid for uid, shown in s.b.column_map.users.items() if name_key(shown) == key and is_sf_id(uid))
        found = sorted(_in_store(s, s.b.our_org, name))
        s.owner_names[key] = sf_id18(users[0]) if users else (found or [slug_id("salesforce-user", name)])[0]
    return s.owner_names[key]
