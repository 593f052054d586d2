"""People and accounts named the way a user names them: by id, by name, or by an
unambiguous part of the name (case and accents ignored).

The rule, in order (the first that finds anything decides):

1. the exact id;
2. the id, the name or the e-mail, case- and accent-blind, equal to the text;
3. the text inside the name (or the id), case- and accent-blind.

One match is the answer. More than one is :class:`Ambiguous`, listing the candidates (at most
:data:`SHOWN`, by name then id). None is :class:`NotFound` with "did you mean …" naming the
closest names (:mod:`difflib`'s ratio against the whole name and each of its words, at least
:data:`CUTOFF`; ties by name then id).

>>> pick("beaulieu", [("o1", "Beaulieu Énergie"), ("o2", "Andina Foods")], "account")
'o1'
>>> pick("Andna", [("o1", "Beaulieu Énergie"), ("o2", "Andina Foods")], "account")
Traceback (most recent call last):
...
kamgraph.errors.NotFound: no account matches 'Andna'; did you mean Andina Foods (o2)?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .errors import InvalidInput, NotFound
from .text import fold

if TYPE_CHECKING:  # no pydantic here: show resolves names over an SQLite store's plain records too
    from .model import Person
    from .store.base import Store

__all__ = [
    "Ambiguous",
    "CUTOFF",
    "Named",
    "Names",
    "SHOWN",
    "pick",
    "resolve_account",
    "resolve_account_or_person",
    "resolve_any_opportunity",
    "resolve_opportunity",
    "resolve_person",
    "resolve_record",
]


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


class Names(Protocol):
    """What the look-ups of accounts and people read: a :class:`~kamgraph.store.base.Store`,
    or an SQLite store's rows as plain records (:class:`~kamgraph.store.plain_reader.PlainReader`)."""

    def get(self, collection: str, ids: Iterable[str]) -> Mapping[str, Any]: ...
    def accounts(self) -> Sequence[Named]: ...
    def find_people(self, text: str | None = None, org: str | None = None, limit: int = 50) -> Sequence[Any]: ...


#: How many candidates an ambiguous name or a "did you mean" lists.
SHOWN = 5
#: The least similarity (0–1) a name needs to be suggested.
CUTOFF = 0.6
#: How many people a search by part of a name reads at most.
SEARCH_LIMIT = 1000


class Ambiguous(InvalidInput):
    """A name or part of a name that fits more than one record."""


def _label(cid: str, name: str) -> str:
    return f"{name} ({cid})" if name and name != cid else cid


def _listed(found: Sequence[tuple[str, str]]) -> str:
    shown = ", ".join(_label(c, n) for c, n in found[:SHOWN])
    return shown + (f" and {len(found) - SHOWN} more" if len(found) > SHOWN else "")


def _similarity(needle: str, name: str) -> float:
    words = [name, *name.split()]
    return max(difflib.SequenceMatcher(None, needle, w).ratio() for w in words if w)


def pick(text: str, candidates: Iterable[tuple[str, str]], what: str, *, emails: dict[str, str] | None = None) -> str:
    """The id among ``candidates`` (``(id, name)`` pairs) that ``text`` names, by the rule
    above; ``what`` ("person", "account") is said in the errors."""
    pairs = sorted(set(candidates), key=lambda c: (fold(c[1]), c[0]))
    if any(c == text for c, _ in pairs):
        return text
    needle = fold(text.strip())
    if not needle:
        raise InvalidInput(f"an empty {what} name")
    mails = emails or {}

    def equal(c: str, n: str) -> bool:
        return needle in (fold(c), fold(n), fold(mails.get(c, "")))

    def inside(c: str, n: str) -> bool:
        return needle in fold(n) or needle in fold(c)

    for test in (equal, inside):
        found = [(c, n) for c, n in pairs if test(c, n)]
        if len(found) == 1:
            return found[0][0]
        if found:
            raise Ambiguous(
                f"'{text}' fits {len(found)} {_plural(what)}: {_listed(found)}; give more of the name, or the id"
            )
    scored = sorted(
        ((s, c, n) for c, n in pairs if (s := _similarity(needle, fold(n or c))) >= CUTOFF),
        key=lambda t: (-t[0], fold(t[2]), t[1]),
    )
    hint = f"; did you mean {_listed([(c, n) for _, c, n in scored][:3])}?" if scored else ""
    raise NotFound(f"no {what} matches '{text}'{hint}")


def _plural(what: str) -> str:
    """``what`` with its first word in the plural: "people", "opportunities at 'acme'"."""
    word, _, rest = what.partition(" ")
    many = {"person": "people", "opportunity": "opportunities"}.get(word, word + "s")
    return f"{many} {rest}" if rest else many


def resolve_account(store: Names, text: str) -> str:
    """The id of the organisation ``text`` names: any organisation by its exact id, else a
    client account by id, name or part of the name."""
    if store.get("organisations", [text]):
        return text
    return pick(text, [(a.id, a.name) for a in store.accounts()], "account")


def resolve_person(store: Names, text: str, org: str | None = None) -> Person:
    """The person ``text`` names: by exact id, else by e-mail, name or part of the name
    among the people of ``org`` when given (of every organisation otherwise)."""
    exact: Person | None = store.get("people", [text]).get(text)
    if exact is not None:  # an id is an id, whatever the organisation
        return exact
    found = store.find_people(text.strip(), org=org, limit=SEARCH_LIMIT) if text.strip() else []
    pool: dict[str, Person] = {p.id: p for p in found}
    if not found:  # nothing contains the text: suggest from people whose names share a start
        for word in fold(text).split()[:3]:
            pool.update((p.id, p) for p in store.find_people(word[:3], org=org, limit=SEARCH_LIMIT))
    pid = pick(
        text, [(p.id, p.name) for p in pool.values()], "person", emails={p.id: p.email or "" for p in pool.values()}
    )
    return pool[pid]


def resolve_account_or_person(store: Names, text: str) -> tuple[str, str]:
    """``("account", id)`` or ``("person", id)``: what ``show TEXT`` shows. An exact id of
    either (an account's first), else an account by name, else a person by e-mail or name;
    when neither fits, the account's error (with its suggestion)."""
    if store.get("organisations", [text]):
        return "account", text
    if store.get("people", [text]):
        return "person", text
    try:
        return "account", resolve_account(store, text)
    except NotFound as no_account:
        try:
            return "person", resolve_person(store, text).id
        except NotFound:
            raise no_account from None


def resolve_opportunity(store: Store, text: str, account: str) -> str:
    """The id of the opportunity ``text`` names: any opportunity by its exact id, else one of
    ``account``'s by id, name or part of the name."""
    if store.get("opportunities", [text]):
        return text
    deals = store.account(account).opportunities
    return pick(text, [(o.id, o.name) for o in deals], f"opportunity at '{account}'")


def resolve_any_opportunity(store: Store, text: str) -> str:
    """The id of the opportunity ``text`` names on any client account: by exact id, else by
    id, name or part of the name among every account's deals (read account by account)."""
    if store.get("opportunities", [text]):
        return text
    deals = [(o.id, o.name) for a in store.accounts() for o in store.account(a.id).opportunities if o.account == a.id]
    return pick(text, deals, "opportunity")


def resolve_record(store: Store, text: str) -> str:
    """The id of the person, opportunity or organisation ``text`` names: any of them by its
    exact id (in that order), else a person by e-mail, name or part of the name."""
    for collection in ("people", "opportunities", "organisations"):
        if store.get(collection, [text]):
            return text
    try:
        return resolve_person(store, text).id
    except NotFound:
        raise NotFound(
            f"no person, opportunity or account matches '{text}' (an opportunity or account is named by its id)"
        ) from None
