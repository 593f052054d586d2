"""``import-linkedin``: a seller's LinkedIn connections as weak ties to the people we map.

Reads ``Connections.csv`` of LinkedIn's "Get a copy of your data" export as people have it:
a few ``Notes:`` lines before the header ``First Name, Last Name, URL, Email Address,
Company, Position, Connected On`` (dates like ``05 Mar 2024``), e-mails mostly empty. Each
connection is matched to a stored person by e-mail, then profile URL (``Person.url``), then
name within the client account whose name matches the company (case, accents, punctuation
and legal forms ignored: "Acme", "ACME Corp." and "Acme GmbH" are one company; a company
name that is part of an account's, or the other way round, matches too, when only one
account fits). A row that fits no one or more than one is reported by its line, never
guessed; ``add_people`` adds the unmatched connections at a matched account as new people.
A match by name also records the profile URL on the person, so that the next import matches
by URL. Each connection is one ``linkedin`` interaction (a standing weak tie) from the owner.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field

from ..errors import InvalidInput
from ..evidence import Contact, EvidenceCounts, our_people, record_contacts
from ..model import Interaction, InteractionKind, Person
from ..store import Store
from ..text import company_words, fold, name_words
from .crm.columns import slug, slug_id
from .crm.csvsniff import decode

__all__ = ["Connection", "LinkedInReport", "import_linkedin", "normalise_url", "read_connections"]

COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y")


@dataclass
class Connection:
    line: int
    first: str
    last: str
    url: str
    email: str
    company: str
    position: str
    connected: dt.date

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()


class LinkedInReport(BaseModel):
    """What an import of connections read and did: matched rows by how, and every row that
    was not matched, one line each (``file:line: …``)."""

    file: str
    owner: str
    rows: int
    matched: dict[str, int] = Field(description="rows matched, by e-mail, url or name")
    added_people: list[str] = Field(default_factory=list)
    unmatched: list[str] = Field(default_factory=list)
    ambiguous: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    counts: EvidenceCounts
    dry_run: bool = False


def normalise_url(url: str) -> str:
    """A profile URL without scheme, ``www.``, query or trailing slash, in lower case.

    >>> normalise_url("https://www.linkedin.com/in/Fiona-Carmichael-7b1a2c/?trk=x")
    'linkedin.com/in/fiona-carmichael-7b1a2c'
    """
    u = re.sub(r"^[a-z]+://", "", url.strip().lower())
    u = u.removeprefix("www.").split("?")[0].split("#")[0]
    return u.rstrip("/")


def _date(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def read_connections(path: Path) -> tuple[list[Connection], list[str]]:
    """The connections of ``path`` and every row that cannot be read (``file:line: …``)."""
    try:
        text, _ = decode(path.read_bytes())
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from None
    lines = io.StringIO(text.lstrip("\ufeff"), newline="").readlines()
    start = next((n for n, line in enumerate(lines) if fold(line).lstrip('"').startswith("first name")), None)
    if start is None:
        raise InvalidInput(
            f"{path}: not a LinkedIn Connections.csv (no header line starting with First Name, Last Name, URL …)"
        )
    reader = csv.reader(io.StringIO("".join(lines[start:]), newline=""))
    header = [h.strip() for h in next(reader)]
    cols = {fold(h): i for i, h in enumerate(header)}
    missing = [c for c in ("First Name", "Last Name", "Company", "Connected On") if fold(c) not in cols]
    if missing:
        raise InvalidInput(f"{path}:{start + 1}: no column {', '.join(map(repr, missing))} in the header")
    out: list[Connection] = []
    problems: list[str] = []
    line = start + 1
    for record in reader:
        line = start + reader.line_num
        if not any(v.strip() for v in record):
            continue

        def get(name: str, record: list[str] = record) -> str:
            i = cols.get(fold(name))
            return record[i].strip() if i is not None and i < len(record) else ""

        day = _date(get("Connected On"))
        where = f"{path}:{line}"
        if day is None:
            problems.append(f"{where}: Connected On: {get('Connected On')[:40]!r} is not a date (like 05 Mar 2024)")
            continue
        if not (get("First Name") or get("Last Name")):
            problems.append(f"{where}: First Name, Last Name: both empty (a member who hides their name)")
            continue
        out.append(
            Connection(
                line=line,
                first=get("First Name"),
                last=get("Last Name"),
                url=get("URL"),
                email=get("Email Address"),
                company=get("Company"),
                position=get("Position"),
                connected=day,
            )
        )
    return out, problems


@dataclass
class _Directory:
    """Every stored person, indexed by e-mail, profile URL and account; the client accounts by name."""

    people: list[Person]
    accounts: dict[str, tuple[str, ...]]  # id → company words
    by_email: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    by_url: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    by_org: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for p in self.people:
            if p.email:
                self.by_email[fold(p.email.strip())].append(p)
            if p.url:
                self.by_url[normalise_url(p.url)].append(p)
            self.by_org[p.org].append(p)

    def companies(self, company: str) -> list[str]:
        """The client accounts whose name is ``company``'s, else contains it or is contained."""
        words = company_words(company)
        if not words:
            return []
        same = sorted(a for a, w in self.accounts.items() if w == words)
        if same:
            return same
        return sorted(a for a, w in self.accounts.items() if w and (_within(words, w) or _within(w, words)))


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` runs inside ``long`` and says something (a word of 4 letters or more)."""
    if not any(len(w) >= 4 for w in short):
        return False
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _by_name(candidates: list[Person], name: str) -> list[Person]:
    words = name_words(name)
    same = [p for p in candidates if name_words(p.name) == words]
    if same or len(words) < 2:
        return same
    # "Begoña Muñoz" for "Begoña Muñoz Arrieta": the first name, then the rest in order
    return [p for p in candidates if _in_order(words, name_words(p.name))]


def _in_order(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    if not full or full[0] != words[0]:
        return False
    it = iter(full[1:])
    return all(w in it for w in words[1:])


def _ids(people: Sequence[Person]) -> str:
    return ", ".join(p.id for p in people)


def import_linkedin(
    store: Store,
    path: Path,
    owner: str,
    *,
    add_people: bool = False,
    skip_bad_rows: bool = False,
    dry_run: bool = False,
) -> LinkedInReport:
    """Match ``path``'s connections and record each matched one as a LinkedIn connection of
    ``owner`` (one of our people), in one write transaction. Nothing is written on a dry run,
    nor when a row cannot be read (``report.problems``) and ``skip_bad_rows`` is false;
    unmatched and ambiguous rows are reported and never stop the import."""
    connections, problems = read_connections(path)
    with store.transaction(write=not dry_run):
        if owner not in our_people(store):
            raise InvalidInput(f"--owner: '{owner}' is not one of our people")
        accounts = {a.id: company_words(a.name) for a in store.accounts()}
        directory = _Directory(store.find_people(limit=10_000_000), accounts)
        contacts: list[Contact] = []
        people: dict[str, Person] = {}
        report = LinkedInReport(
            file=str(path), owner=owner, rows=len(connections) + len(problems), matched={}, counts=EvidenceCounts()
        )
        report.problems = problems
        taken = {p.id for p in directory.people}
        own = set(store.own_organisations())
        ours = {p.id for p in directory.people if p.org in own}
        for c in connections:
            where = f"{path}:{c.line}"
            how, found, why = _match(c, directory)
            if found is None and add_people and how.startswith("org:"):
                found = _new_person(c, how.removeprefix("org:"), taken)
                people[found.id] = found
                report.added_people.append(found.id)
                how = "added"
            if found is None:
                (report.ambiguous if "matches" in why else report.unmatched).append(f"{where}: {c.name}: {why}")
                continue
            if found.id in ours:
                continue  # a colleague: not a client relationship
            report.matched[how] = report.matched.get(how, 0) + 1
            url = normalise_url(c.url) if c.url else None
            if how == "name" and c.url and not found.url:
                people[found.id] = found.model_copy(update={"url": c.url})
            interaction = Interaction(kind=InteractionKind.linkedin, date=c.connected, source="linkedin", ref=url)
            contacts.append(Contact(owner, found.id, interaction, where))
        blocked = bool(problems) and not skip_bad_rows
        report.counts = record_contacts(
            store, contacts, people=list(people.values()), dry_run=dry_run or blocked, source=f"linkedin:{path.name}"
        )
    report.dry_run = dry_run
    return report


def _match(c: Connection, d: _Directory) -> tuple[str, Person | None, str]:
    """How ``c`` matched (``email``, ``url``, ``name``; ``org:ID`` when only the account did),
    whom, or why not."""
    if c.email:
        found = d.by_email.get(fold(c.email.strip()), [])
        if len(found) == 1:
            return "email", found[0], ""
        if found:
            return "", None, f"e-mail {c.email} matches {len(found)} people ({_ids(found)})"
    if c.url:
        found = d.by_url.get(normalise_url(c.url), [])
        if len(found) == 1:
            return "url", found[0], ""
        if found:
            return "", None, f"profile URL matches {len(found)} people ({_ids(found)})"
    orgs = d.companies(c.company)
    if not orgs:
        return "", None, f"no account named like {c.company!r}" if c.company else "no company given"
    if len(orgs) > 1:
        return "", None, f"company {c.company!r} matches {len(orgs)} accounts ({', '.join(orgs)})"
    found = _by_name(d.by_org[orgs[0]], c.name)
    if len(found) == 1:
        return "name", found[0], ""
    if found:
        return "", None, f"matches {len(found)} people at {orgs[0]} ({_ids(found)})"
    return f"org:{orgs[0]}", None, f"no person of that name at {orgs[0]}"


def _new_person(c: Connection, org: str, taken: set[str]) -> Person:
    prefix = slug(org)[:12].rstrip("-")
    pid, n = slug_id(prefix, c.name), 2
    while pid in taken:
        pid, n = slug_id(prefix, f"{c.name} {n}"), n + 1
    taken.add(pid)
    return Person(
        id=pid,
        name=c.name,
        org=org,
        title=c.position or None,
        email=c.email or None,
        url=c.url or None,
    )
