"""Finding the people an activity or connection file names: by id, by e-mail, by a
Salesforce id (15 or 18 characters), and a Salesforce user (a record's owner) by the name the
``--map`` file gives it, as ``import-crm`` does."""

from __future__ import annotations

from collections.abc import Mapping

from ...evidence import our_people
from ...model import Person
from ...store import Store
from ...text import fold
from ..crm.salesforce.ids import sf_id18

__all__ = ["PeopleIndex"]


class PeopleIndex:
    """Look-ups in ``store``, each answered once. ``users`` maps a Salesforce user id to the
    person's name (the ``users:`` of a ``--map`` file)."""

    def __init__(self, store: Store, users: Mapping[str, str] | None = None):
        self.store = store
        self.users = dict(users or {})
        self.ours = our_people(store)
        self._by_id: dict[str, Person | None] = {}
        self._by_email: dict[str, list[Person]] = {}

    def by_id(self, pid: str) -> Person | None:
        if pid not in self._by_id:
            found = self.store.get("people", [pid]).get(pid)
            self._by_id[pid] = found if isinstance(found, Person) else None
        return self._by_id[pid]

    def by_email(self, email: str) -> list[Person]:
        key = fold(email.strip())
        if key not in self._by_email:
            found = self.store.find_people(email.strip(), limit=50)
            self._by_email[key] = sorted((p for p in found if p.email and fold(p.email) == key), key=lambda p: p.id)
        return self._by_email[key]

    def by_salesforce(self, sfid: str) -> Person | None:
        """The person a Salesforce id stands for (import-crm keeps the 18-character form as id)."""
        try:
            long = sf_id18(sfid.strip())
        except ValueError:
            return self.by_id(sfid.strip())
        return self.by_id(long) or self.by_id(sfid.strip())

    def owner(self, sfid: str) -> list[Person]:
        """Our person a Salesforce user id stands for: one of our people with that id, else
        the ones of ours named as the ``--map`` file names that user (case and accents ignored)."""
        found = self.by_salesforce(sfid)
        if found is not None:
            return [found]
        name = self.users.get(sfid.strip()) or self.users.get(sfid.strip()[:15])
        if not name:
            return []
        return self.named(name, ours=True)

    def named(self, name: str, *, ours: bool | None = None, org: str | None = None) -> list[Person]:
        """People whose name is ``name`` (case and accents ignored), of ours, or of ``org``."""
        found = self.store.find_people(name, org=org, limit=200)
        same = [p for p in found if fold(p.name) == fold(name)]
        if ours is not None:
            same = [p for p in same if (p.id in self.ours) == ours]
        return sorted(same, key=lambda p: p.id)

    def person(self, text: str) -> tuple[Person | None, str]:
        """The person ``text`` names: an e-mail, else an id, else a Salesforce id; with why
        not when there is none or more than one."""
        text = text.strip()
        if not text:
            return None, "is empty"
        if "@" in text:
            found = self.by_email(text)
            if len(found) == 1:
                return found[0], ""
            if found:
                return None, f"e-mail {text!r} is shared by {', '.join(p.id for p in found)}; use the id"
            return None, f"no person with e-mail {text!r}"
        person = self.by_salesforce(text)
        return (person, "") if person else (None, f"no person with id {text!r}")
