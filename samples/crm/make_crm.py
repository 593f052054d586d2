#!/usr/bin/env python3
"""Write kamgraph's own CRM sample exports: ``samples/crm/salesforce/*.csv``,
``samples/crm/hubspot/*.csv``, ``expected_defects.csv``, ``README.md`` and
``salesforce-users.yaml``, for two invented client accounts.

    python samples/crm/make_crm.py            # rewrites the files next to this script
    python samples/crm/make_crm.py OUTDIR     # writes them under OUTDIR instead

The files copy the *layout* of real exports (Salesforce Data Loader, an Excel re-save with
Spanish regional settings, HubSpot's contacts and companies exports) and carry, on purpose,
the defects real exports carry; every one is listed, with its physical line, in
``expected_defects.csv``. Stdlib only, one seeded random generator, no clock: running it again
writes the same bytes (tests/test_crm_samples.py holds the committed files to that). Edit the
scripts, not the files they write: the people, the deals and the story are in ``crm_people.py``;
``crm_docs.py`` writes ``expected_defects.csv`` and ``README.md`` from the generated rows, so
their lines and counts are the files' own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import crm_docs  # (this script's folder is on sys.path when it runs)
import crm_people as P

HERE = Path(__file__).resolve().parent
SEED = 20261116
EXPORTED = P.EXPORTED
HUBSPOT_CONTACTS, HUBSPOT_COMPANIES = P.HUBSPOT_CONTACTS, P.HUBSPOT_COMPANIES
UK_FILE, ES_FILE, ROLES_FILE = P.UK_FILE, P.ES_FILE, P.ROLES_FILE
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

UK_COLUMNS = ["Id", "IsDeleted", "AccountId", "Salutation", "FirstName", "LastName", "Title", "Department",
              "ReportsToId", "Email", "Phone", "MobilePhone", "MailingStreet", "MailingCity", "MailingPostalCode",
              "MailingCountry", "LeadSource", "OwnerId", "HasOptedOutOfEmail", "LastActivityDate", "CreatedDate",
              "LastModifiedDate"]
ES_COLUMNS = ["Id", "AccountId", "Salutation", "FirstName", "LastName", "Title", "Department", "ReportsToId", "Email",
              "Phone", "MobilePhone", "MailingCity", "MailingCountry", "OwnerId", "CreatedDate", "LastModifiedDate",
              "Fecha_Ultimo_Contacto__c"]
HUBSPOT_COLUMNS = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Contact owner",
                   "Primary Associated Company ID", "Last Activity Date", "Lead Status", "Marketing contact status",
                   "Create Date", "Associated Company", "Job Title", "Lifecycle Stage", "Buying Role"]


def sf_id18(id15: str) -> str:
    """The 18-character Salesforce id: the 15 characters plus the case-checksum suffix."""
    suffix = ""
    for chunk in range(3):
        bits = sum(1 << j for j, ch in enumerate(id15[chunk * 5:chunk * 5 + 5]) if "A" <= ch <= "Z")
        suffix += SUFFIX[bits]
    return id15 + suffix


def ascii_fold(text: str) -> str:
    """``'Peñalosa'`` → ``'penalosa'``: accents dropped, ñ → n, lower case, letters only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


class Ids:
    """Salesforce ids as one org hands them out: per key prefix, a rising sequence with gaps."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.next: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        n = self.next.get(prefix, self.rng.randrange(62 ** 5, 3 * 62 ** 5)) + self.rng.randrange(1, 9000)
        self.next[prefix] = n
        body = ""
        for _ in range(6):
            n, r = divmod(n, 62)
            body = BASE62[r] + body
        return sf_id18(f"{prefix}8d0000{body}")


@dataclass
class Contact:
    key: str
    salutation: str
    first: str
    last: str
    title: str
    dept: str
    manager: str | None
    last_contact: str = ""
    account: str = ""  # account key ("" = the file's account)
    email: str | None = None  # None: made from the name
    owner: str = ""
    id: str = ""
    created: dt.datetime = dt.datetime(2020, 1, 1)
    modified: dt.datetime = dt.datetime(2020, 1, 1)
    phone: str = ""
    mobile: str = ""
    street: str = ""
    city: str = ""
    postcode: str = ""
    country: str = ""
    lead_source: str = ""
    opted_out: bool = False
    deleted: bool = False
    reports_to: str | None = None  # the ReportsToId as written (None: the manager's 18-char id)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    """Everything generated, with the physical line of every record once written."""

    rng: random.Random
    ids: Ids
    users: dict[str, str] = field(default_factory=dict)  # user key → 005 id
    accounts: dict[str, str] = field(default_factory=dict)  # account key → 001 id
    uk: list[Contact] = field(default_factory=list)  # the rows of the UK file, in file order
    es: list[Contact] = field(default_factory=list)
    by_key: dict[str, Contact] = field(default_factory=dict)
    opportunities: dict[str, str] = field(default_factory=dict)  # opp key → 006 id
    roles: list[dict[str, str]] = field(default_factory=list)
    hubspot: list[dict[str, str]] = field(default_factory=list)
    lines: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (file, record id) → lines
    defects: list[dict[str, str]] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)


# --- people ---


def timestamp(rng: random.Random, start: dt.date, end: dt.date) -> dt.datetime:
    days = (end - start).days
    day = start + dt.timedelta(days=rng.randrange(max(days, 1)))
    return dt.datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), rng.randrange(60))


def build_uk(w: World) -> None:
    rng = w.rng
    people = [Contact(*row) for row in P.UK_PEOPLE]
    people += fillers(rng, P.UK_FILLERS, people, P.UK_FIRST, P.UK_LAST, spanish=False)
    emails: set[str] = set()
    for c in people:
        c.owner = P.UK_OWNER if c.key not in P.UK_OWNED_BY_OTHER else P.ES_OWNER
        c.created = timestamp(rng, dt.date(2019, 3, 1), dt.date(2026, 6, 30))
        c.modified = c.created + dt.timedelta(days=rng.randrange(3, 400), seconds=rng.randrange(86400))
        c.modified = min(c.modified, dt.datetime(2026, 11, 13, 17, 42, 5))
        if c.email is None:
            base = f"{ascii_fold(c.first)}.{ascii_fold(c.last)}" if c.first else ascii_fold(c.last)
            email, n = base, 2
            while email in emails:
                email, n = f"{base}{n}", n + 1
            emails.add(email)
            c.email = f"{email}@{P.UK_DOMAIN}"
        c.phone = f"+44 117 496 0{rng.randrange(1000):03d}"
        c.mobile = f"+44 7700 900{rng.randrange(1000):03d}" if rng.random() < 0.3 else ""
        c.street, c.city, c.postcode = rng.choice(P.UK_ADDRESSES) if rng.random() < 0.55 else ("", "Bristol", "")
        c.country = rng.choice(["United Kingdom", "United Kingdom", "UK", "GB"])
        c.lead_source = rng.choice(["", "", "", "Web", "Trade Show", "Partner Referral", "Webinar"])
        c.opted_out = rng.random() < 0.06
        if not c.last_contact and rng.random() < 0.55:
            c.last_contact = timestamp(rng, dt.date(2025, 9, 1), EXPORTED).date().isoformat()
    for key, street in P.UK_MULTILINE_STREETS.items():
        c = next(c for c in people if c.key == key)
        c.street, c.city, c.postcode = street, "Bristol", P.UK_MULTILINE_POSTCODE[key]
    w.uk = people


def fillers(rng: random.Random, spec: Sequence[tuple[str, str, int, Sequence[tuple[str, str]]]],
            core: list[Contact], firsts: Sequence[tuple[str, str]], lasts: Sequence[str],
            spanish: bool) -> list[Contact]:
    """Staff generated from ``spec``: (department, manager keys, how many, titles (m, f))."""
    out: list[Contact] = []
    used = {(c.first, c.last) for c in core}
    firsts = list(firsts)
    for dept, managers, count, titles in spec:
        for n in range(count):
            while True:
                first, gender = rng.choice(firsts)
                if spanish:
                    a, b = rng.sample(list(lasts), 2)
                    last = f"{a} {b}"
                else:
                    last = rng.choice(lasts)
                if (first, last) not in used:
                    used.add((first, last))
                    break
            title_m, title_f = titles[n % len(titles)]
            manager: str | None = rng.choice(managers.split())
            if rng.random() < (0.3 if spanish else 0.12):
                manager = None  # the CRM does not know this person's manager
            if spanish:
                salutation = ("Sr." if gender == "m" else "Sra.") if rng.random() < 0.8 else ""
            else:
                salutation = rng.choice(["", "", "", "Mr." if gender == "m" else rng.choice(["Ms.", "Mrs."]), "Dr."])
            key = f"{dept[:4].lower()}-{ascii_fold(first)}-{ascii_fold(last)}"
            out.append(Contact(key, salutation, first, last, title_m if gender == "m" else title_f, dept, manager))
    return out


def build_es(w: World) -> None:
    rng = w.rng
    people = [Contact(*row) for row in P.ES_PEOPLE]
    people += fillers(rng, P.ES_FILLERS, people, P.ES_FIRST, P.ES_LAST, spanish=True)
    emails: set[str] = set()
    for c in people:
        c.owner = P.ES_OWNER if c.key not in P.ES_OWNED_BY_OTHER else P.UK_OWNER
        c.created = timestamp(rng, dt.date(2019, 9, 1), dt.date(2026, 6, 30))
        c.modified = c.created + dt.timedelta(days=rng.randrange(3, 400), seconds=rng.randrange(86400))
        c.modified = min(c.modified, dt.datetime(2026, 11, 12, 9, 5, 0))
        domain = P.ES_SUB_DOMAIN if c.dept == P.ES_SUB_DEPT else P.ES_DOMAIN
        if c.email is None:
            surnames = c.last.split()
            first_surname = ascii_fold(P.first_surname(c.last))
            base = f"{ascii_fold(c.first)}.{first_surname}"
            email = base
            if email in emails:  # two people would clash: add the second surname, else a number
                second = ascii_fold(P.second_surname(c.last)) or "2"
                email = f"{base}.{second}" if surnames else f"{base}2"
            emails.add(email)
            c.email = f"{email}@{domain}"
        c.phone = f"+34 942 {rng.randrange(20, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        c.mobile = (f"+34 6{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}"
                    if rng.random() < 0.4 else "")
        c.city = rng.choice(P.ES_CITIES.get(c.dept, ["Santander"]))
        c.country = rng.choice(["España", "España", "España", "Spain", "ES"])
        if not c.last_contact and rng.random() < 0.6:
            c.last_contact = timestamp(rng, dt.date(2025, 10, 1), EXPORTED).date().isoformat()
    w.es = people


def assign_ids(w: World) -> None:
    """Ids in creation order (Salesforce hands them out rising), then the files' row order."""
    for key in (P.UK_OWNER, P.ES_OWNER):
        w.users[key] = w.ids.new("005")
    for key in (P.UK_KEY, P.ES_KEY, P.UK_OTHER_ACCOUNT):
        w.accounts[key] = w.ids.new("001")
    for c in sorted(w.uk + w.es, key=lambda c: c.created):
        c.id = w.ids.new("003")
        w.by_key[c.key] = c
    for key in P.OPPORTUNITIES:
        w.opportunities[key] = w.ids.new("006")
    w.rng.shuffle(w.uk)
    w.rng.shuffle(w.es)


# --- the defects, planted on the generated rows ---


def plant_uk(w: World) -> None:
    rng, by = w.rng, w.by_key
    d = P.UK_DEFECTS
    by[d["dangling"]].reports_to = w.ids.new("003")  # an id in no file
    a, b = d["cycle"]
    by[a].manager, by[b].manager = b, a
    by[d["self"]].manager = d["self"]
    by[d["missing_first"]].first = ""
    by[d["emoji"]].last += P.EMOJI
    fifteen = by[d["fifteen"]]
    fifteen.reports_to = by[fifteen.manager or ""].id[:15]
    for key in d["deleted"]:
        by[key].deleted = True
    # the same person entered again later: the e-mail differs in case; short title, no phone, no manager
    orig = by[d["duplicate"]]
    copy = Contact(orig.key + "-copy", "", orig.first, orig.last, P.UK_DUPLICATE_TITLE, orig.dept, None,
                   email=f"{orig.first}.{orig.last}@{P.UK_DOMAIN}", owner=orig.owner, id=w.ids.new("003"))
    copy.created = dt.datetime(2026, 8, 19, 14, 2, 37)
    copy.modified = dt.datetime(2026, 8, 19, 14, 3, 10)
    copy.city, copy.country = "Bristol", "UK"
    w.by_key[copy.key] = copy
    at = w.uk.index(orig)
    w.uk.insert(min(at + rng.randrange(4, 12), len(w.uk)), copy)


def plant_es(w: World) -> None:
    by = w.by_key
    d = P.ES_DEFECTS
    by[d["dangling"]].reports_to = w.ids.new("003")
    space = by[d["whitespace"]]
    space.reports_to = " " + by[space.manager or ""].id
    fifteen = by[d["fifteen"]]
    fifteen.reports_to = by[fifteen.manager or ""].id[:15]
    maite = by[d["missing_last"]]
    maite.extra["hubspot_last"], maite.last = maite.last, ""  # cleared in Excel; HubSpot still has it
    nameless = by[d["nameless"]]
    nameless.first = nameless.last = ""
    for key in d["no_email"]:
        by[key].email = ""
    twice = by[d["duplicate_row"]]
    at = w.es.index(twice)
    w.es.insert(min(at + 15, len(w.es)), twice)  # the same row pasted twice


# --- writing ---


def csv_text(rows: Iterable[Sequence[str]], *, delimiter: str = ",", quote_all: bool = True,
             newline: str = "\n") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                        lineterminator=newline)
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


def physical_lines(w: World, file: str, rows: Sequence[Sequence[str]]) -> None:
    """Record the physical line where each record (``rows`` without the header; the id first)
    starts: the header is line 1, and a line break inside a quoted value adds a line."""
    line = 2
    for row in rows:
        w.lines.setdefault((file, row[0]), []).append(line)
        line += 1 + sum(v.count("\n") for v in row)


def uk_rows(w: World) -> list[list[str]]:
    out = [UK_COLUMNS]
    for c in w.uk:
        account = {"": w.accounts[P.UK_KEY], "none": ""}.get(c.account, w.accounts.get(c.account, ""))
        manager = c.reports_to if c.reports_to is not None else (w.by_key[c.manager].id if c.manager else "")
        out.append([c.id, str(c.deleted).lower(), account, c.salutation, c.first, c.last, c.title, c.dept, manager,
                    c.email or "", c.phone if not c.key.endswith("-copy") else "", c.mobile, c.street, c.city,
                    c.postcode, c.country, c.lead_source, w.users[c.owner], str(c.opted_out).lower(),
                    c.last_contact, iso(c.created), iso(c.modified)])
    return out


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def excel(t: dt.datetime) -> str:
    """Excel's Spanish re-write of a datetime: dd/mm/yyyy H:mm (no seconds, no zone)."""
    return f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour}:{t.minute:02d}"


def es_rows(w: World) -> list[list[str]]:
    out = [ES_COLUMNS]
    for c in w.es:
        manager = c.reports_to if c.reports_to is not None else (w.by_key[c.manager].id if c.manager else "")
        last = dt.date.fromisoformat(c.last_contact) if c.last_contact else None
        out.append([c.id, w.accounts[P.ES_KEY], c.salutation, c.first, c.last, c.title, c.dept, manager,
                    c.email or "", c.phone, c.mobile, c.city, c.country, w.users[c.owner], excel(c.created),
                    excel(c.modified), last.strftime("%d/%m/%Y") if last else ""])
    return out


def write(out: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def generate() -> dict[str, bytes]:
    """Every file, by its path under samples/crm/."""
    rng = random.Random(SEED)
    w = World(rng=rng, ids=Ids(rng))
    build_uk(w)
    build_es(w)
    assign_ids(w)
    plant_uk(w)
    plant_es(w)
    files: dict[str, bytes] = {}
    text = csv_text(accounts_rows(w))
    files["salesforce/Account.csv"] = text.encode()
    rows = uk_rows(w)
    physical_lines(w, UK_FILE, rows[1:])
    files[UK_FILE] = csv_text(rows).encode()
    rows = es_rows(w)
    physical_lines(w, ES_FILE, rows[1:])
    files[ES_FILE] = b"\xef\xbb\xbf" + csv_text(rows, delimiter=";", quote_all=False, newline="\r\n").encode()
    files["salesforce/Opportunity.csv"] = csv_text(opportunity_rows(w)).encode()
    rows = contact_roles(w)
    physical_lines(w, ROLES_FILE, rows[1:])
    files[ROLES_FILE] = csv_text(rows).encode()
    rows = hubspot_rows(w)
    physical_lines(w, HUBSPOT_CONTACTS, rows[1:])
    files[HUBSPOT_CONTACTS] = csv_text(rows).encode()
    files[HUBSPOT_COMPANIES] = csv_text(P.hubspot_companies()).encode()
    w.defects = crm_docs.defects(w)
    files["expected_defects.csv"] = csv_text(
        [["file", "line", "record", "code", "description", "expected_importer_behaviour"]]
        + [[d["file"], d["line"], d["record"], d["code"], d["description"], d["behaviour"]] for d in w.defects],
        quote_all=False).encode()
    files["salesforce-users.yaml"] = users_yaml(w).encode()
    files["README.md"] = crm_docs.readme(w).encode()
    return files


def accounts_rows(w: World) -> list[list[str]]:
    rows = [["Id", "Name", "ParentId", "Type", "Industry", "BillingCity", "BillingState", "BillingPostalCode",
             "BillingCountry", "NumberOfEmployees", "AnnualRevenue", "CurrencyIsoCode", "Website", "OwnerId",
             "CreatedDate"]]
    for key, a in P.ACCOUNTS.items():
        rows.append([w.accounts[key], a["name"], "", a["type"], a["industry"], a["city"], a["state"], a["postcode"],
                     a["country"], a["employees"], a["revenue"], a["currency"], a["website"], w.users[a["owner"]],
                     a["created"]])
    return rows


def opportunity_rows(w: World) -> list[list[str]]:
    rows = [["Id", "AccountId", "Name", "StageName", "Amount", "CurrencyIsoCode", "CloseDate", "Type", "OwnerId"]]
    for key, o in P.OPPORTUNITIES.items():
        rows.append([w.opportunities[key], w.accounts[o["account"]], o["name"], o["stage"], o["amount"],
                     o["currency"], o["close"], o["type"], w.users[o["owner"]]])
    return rows


def contact_roles(w: World) -> list[list[str]]:
    """OpportunityContactRole rows, grouped by opportunity, with the planted defects."""
    rng = w.rng
    rows = [["Id", "OpportunityId", "ContactId", "Role", "IsPrimary", "IsDeleted", "CreatedDate"]]
    ids = {}
    for opp, seats in P.COMMITTEES.items():
        group = list(seats)
        rng.shuffle(group)
        for who, role, primary in group:
            if who == P.UNKNOWN_CONTACT:
                contact = w.facts["unknown_contact"] = w.ids.new("003")
            else:
                contact = w.by_key[who].id
            rid = w.ids.new("00K")
            ids[(opp, who, role)] = rid
            created = timestamp(rng, dt.date(2026, 1, 10), dt.date(2026, 11, 6))
            rows.append([rid, w.opportunities[opp], contact, role, str(primary).lower(), "false", iso(created)])
    w.facts["role_ids"] = ids
    # the same seat entered twice (another role id), a few rows further down
    opp, who, role = P.DUPLICATE_SEAT
    first = next(n for n, r in enumerate(rows) if r[0] == ids[(opp, who, role)])
    copy = list(rows[first])
    copy[0] = w.ids.new("00K")
    copy[6] = iso(timestamp(rng, dt.date(2026, 8, 1), dt.date(2026, 11, 6)))
    rows.insert(first + 5, copy)
    w.facts["duplicate_role"] = copy[0]
    return rows


def hubspot_rows(w: World) -> list[list[str]]:
    rng = w.rng
    people = []
    for key, role, stage, status, owner in P.HUBSPOT_MATCHED:
        c = w.by_key[key]
        email = c.email or P.HUBSPOT_EMAIL_FOR[key]
        last = c.extra.get("hubspot_last", c.last)
        people.append((c.first, last, email, c.phone, owner, role, stage, status, c.title))
    for first, last, email, title, role, stage, status, owner in P.HUBSPOT_ONLY:
        phone = f"+34 942 {rng.randrange(20, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        people.append((first, last, email, phone, owner, role, stage, status, title))
    rows = []
    record = 71200000000 + rng.randrange(10 ** 6)
    order = list(range(len(people)))
    rng.shuffle(order)
    for n in order:
        first, last, email, phone, owner, role, stage, status, title = people[n]
        record += rng.randrange(200, 4000)
        w.facts.setdefault("hubspot_ids", {})[email] = str(record)  # type: ignore[index]
        created = timestamp(rng, dt.date(2022, 3, 1), dt.date(2026, 5, 1))
        activity = timestamp(rng, dt.date(2026, 1, 5), EXPORTED)
        rows.append([str(record), first, last, email, phone, owner, P.HUBSPOT_GROUP_ID,
                     activity.strftime("%Y-%m-%d %H:%M"), status,
                     "Marketing contact" if rng.random() < 0.8 else "Non-marketing contact",
                     created.strftime("%Y-%m-%d %H:%M"), P.ACCOUNTS[P.ES_KEY]["name"], title, stage, role])
    return [HUBSPOT_COLUMNS, *rows]


def users_yaml(w: World) -> str:
    return (
        "# `kamgraph import-crm salesforce --map samples/crm/salesforce-users.yaml`, for the sample exports in\n"
        "# samples/crm/salesforce (written by samples/crm/make_crm.py, which writes this file too):\n"
        "# the names of the Salesforce users who own the records (the exports hold no User file) - our two\n"
        "# sellers in samples/team.yaml - and the Spanish org's custom \"last meeting\" date field.\n"
        "users:\n"
        + "".join(f"  {w.users[k]}: {P.USER_NAMES[k]}\n" for k in (P.UK_OWNER, P.ES_OWNER))
        + "columns:\n  Fecha_Ultimo_Contacto__c: last_contact\n")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE
    write(out, generate())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
