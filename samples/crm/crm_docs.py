"""What make_crm.py planted, said twice: ``expected_defects.csv`` (for tests) and ``README.md``
(for people), both from the generated rows, so their lines and counts are the files' own."""

from __future__ import annotations

from typing import Any

import crm_people as P

BEHAVIOUR = {
    "DANGLING_REPORTS_TO": 'warn "manager not found" with file, line and id; keep the contact; leave the reporting '
                           "line out",
    "REPORTING_CYCLE_2": "detect and report the cycle with both ids; never loop; do not import a cyclic hierarchy "
                         "silently",
    "SELF_REPORTS_TO": "report it; drop the self-loop",
    "DUPLICATE_EMAIL_SAME_PERSON": "compare e-mails trimmed and lower-cased; report a probable duplicate pair; merge "
                                   "only on request, keeping the record with the manager link",
    "MISSING_FIRST_NAME": "import; display the last name; at most an info-level note",
    "EMOJI_IN_NAME": "import without error and keep the text exactly; optionally ignore it when matching names",
    "NEWLINE_IN_FIELD": "a real CSV parser reads it as one record (the file has more lines than records); keep the "
                        "line break in the value",
    "REPORTS_TO_15_CHAR_ID": "resolve it: a 15-char id is the case-sensitive prefix of the 18-char id (or compute "
                             "the checksum suffix); no warning needed beyond a note",
    "IS_DELETED_TRUE": "skip it (or import as inactive) and report the count",
    "NO_ACCOUNT_ID": "report a contact without account; never drop it silently",
    "ACCOUNT_ID_NOT_FOUND": 'report "account not found" with the id; keep the contact (as without account) or stop, '
                            "by the import policy",
    "BOM_SEMICOLON_CRLF": 'sniff the delimiter; strip the BOM (the first header must read "Id", not "\\ufeffId"); '
                          "accept CRLF",
    "MISSING_LAST_NAME": "warn; import with FirstName (or the e-mail) as display name",
    "MISSING_BOTH_NAMES": 'warn; keep the record (it is a manager); display the e-mail or "(unnamed)"',
    "WHITESPACE_IN_ID": "trim ids before matching (then it resolves)",
    "DELIMITER_IN_FIELD": "quote-aware parsing keeps it one field",
    "TWO_ROOTS_NOT_A_DEFECT": "NOT an error: accept several top nodes (a forest)",
    "MISSING_EMAIL": "fine: identity by Id; de-duplicate and match other sources by name + account instead",
    "DUPLICATE_ID": "report the repeated Id with both line numbers; import the contact once",
    "LOCALE_DATES": "parse day-first (never as mm/dd) or report unparsable dates; do not expect ISO 8601",
    "ROLE_NOT_IN_PICKLIST": "keep the value as given but report it as unmapped; map it only through an explicit role "
                            "mapping",
    "ROLE_EMPTY": "import the participation with role unknown",
    "OCR_CONTACT_NOT_FOUND": "warn with the row; skip that role",
    "TWO_PRIMARY_CONTACTS": "report it (Salesforce keeps one primary contact per opportunity); keep both roles",
    "DUPLICATE_OCR": "import the role once; report the duplicate",
    "OCR_ON_DELETED_CONTACT": "skip it together with the deleted contact; report it",
    "HUBSPOT_NO_REPORTS_TO": "import people, company and buying role; take the hierarchy from elsewhere; match people "
                             "to Salesforce by e-mail (trimmed, lower-cased), then by name + company",
    "PEOPLE_ONLY_IN_HUBSPOT": "create a new person (no manager); report it as new, not as an error",
}
DELETED = 'IsDeleted=true: the row is in the recycle bin and came with "Export All"'


def reports_to(w: Any, c: Any) -> str:
    """The ReportsToId as written in the file."""
    if c.reports_to is not None:
        return str(c.reports_to)
    return str(w.by_key[c.manager].id) if c.manager else ""


def defects(w: Any) -> list[dict[str, str]]:
    """The rows of ``expected_defects.csv``: per file, whole-file entries first, then by line."""
    by = w.by_key
    out: list[dict[str, str]] = []

    def lines_of(file: str, keys: list[str]) -> list[int]:
        return sorted(n for k in keys for n in w.lines[(file, by[k].id)])

    def add(file: str, keys: list[str], code: str, description: str, record: str | None = None,
            lines: list[int] | None = None) -> None:
        if lines is None:
            lines = lines_of(file, keys)
        if record is None:
            record = " & ".join(by[k].id for k in sorted(keys, key=lambda k: w.lines[(file, by[k].id)][0]))
        out.append({"file": file, "line": " & ".join(map(str, lines)), "record": record, "code": code,
                    "description": description, "behaviour": BEHAVIOUR[code]})

    uk, d = P.UK_FILE, P.UK_DEFECTS
    c = by[d["dangling"]]
    add(uk, [c.key], "DANGLING_REPORTS_TO", f"ReportsToId {c.reports_to} is not an Id in any contact file")
    a, b = sorted(d["cycle"], key=lambda k: w.lines[(uk, by[k].id)][0])
    add(uk, [a, b], "REPORTING_CYCLE_2", "two managers report to each other", record=f"{by[a].id} <-> {by[b].id}")
    add(uk, [d["self"]], "SELF_REPORTS_TO", "ReportsToId equals the contact's own Id")
    orig = by[d["duplicate"]]
    copy = by[d["duplicate"] + "-copy"]
    add(uk, [orig.key, copy.key], "DUPLICATE_EMAIL_SAME_PERSON",
        f'the same person twice ("{orig.first} {orig.last}"); the e-mails differ only in letter case ({copy.email}), '
        "the copy has an abbreviated title, no phone and no manager")
    add(uk, [d["missing_first"]], "MISSING_FIRST_NAME",
        "FirstName empty (allowed by Salesforce; LastName is the only required name field)")
    add(uk, [d["emoji"]], "EMOJI_IN_NAME",
        "LastName ends with an emoji (U+1F30A, 4 bytes in UTF-8), pasted from a social profile")
    for key, street in P.UK_MULTILINE_STREETS.items():
        add(uk, [key], "NEWLINE_IN_FIELD", "MailingStreet holds a line break (two-line address) inside a quoted field"
            + (" and a comma" if "," in street else ""))
    c = by[d["fifteen"]]
    add(uk, [c.key], "REPORTS_TO_15_CHAR_ID", f"ReportsToId is the 15-char form {c.reports_to}")
    for key in d["deleted"]:
        add(uk, [key], "IS_DELETED_TRUE", DELETED)
    add(uk, [d["no_account"]], "NO_ACCOUNT_ID", 'AccountId empty (Salesforce "private contact")')
    add(uk, [d["not_found"]], "ACCOUNT_ID_NOT_FOUND",
        f"AccountId {w.accounts[P.UK_OTHER_ACCOUNT]} matches no row of Account.csv (the contact sits on an account "
        "that was not exported)")

    es, d = P.ES_FILE, P.ES_DEFECTS
    add(es, [], "BOM_SEMICOLON_CRLF", 'UTF-8 with BOM, ";" delimiter, CRLF line ends, quotes only where needed '
        '(Excel "CSV UTF-8" saved with a Spanish locale)', record="(whole file)", lines=[])
    add(es, [d["missing_last"]], "MISSING_LAST_NAME", "LastName empty (cleared in Excel; Salesforce itself would not "
        "allow it)")
    add(es, [d["nameless"]], "MISSING_BOTH_NAMES", "FirstName and LastName both empty; Title, e-mail and phone are "
        "there, and other contacts report to this one")
    c = by[d["dangling"]]
    add(es, [c.key], "DANGLING_REPORTS_TO", f"ReportsToId {c.reports_to} is not an Id in any contact file")
    add(es, [d["whitespace"]], "WHITESPACE_IN_ID", "ReportsToId has a leading space")
    c = by[d["fifteen"]]
    add(es, [c.key], "REPORTS_TO_15_CHAR_ID", f"ReportsToId is the 15-char form {c.reports_to}")
    c = by[d["delimiter"]]
    add(es, [c.key], "DELIMITER_IN_FIELD", f'Title "{c.title}" contains the ";" delimiter (the field is quoted)')
    pres, ceo = (by[k] for k in d["roots"])
    add(es, list(d["roots"]), "TWO_ROOTS_NOT_A_DEFECT",
        f'the executive chairwoman ("{pres.title}") and the CEO ("{ceo.title}") both have an empty ReportsToId '
        "and each heads a tree - normal for a Spanish S.A.")
    for key in d["no_email"]:
        add(es, [key], "MISSING_EMAIL", "no e-mail address")
    c = by[d["duplicate_row"]]
    add(es, [c.key], "DUPLICATE_ID", "the same row appears twice (same Id, identical values), pasted twice in Excel",
        record=c.id)
    add(es, [], "LOCALE_DATES", 'Excel re-wrote the dates in Spanish format: "dd/mm/yyyy H:mm" (no seconds, no time '
        'zone) and "dd/mm/yyyy"', record="(columns CreatedDate, LastModifiedDate, Fecha_Ultimo_Contacto__c)", lines=[])

    roles, ids = P.ROLES_FILE, w.facts["role_ids"]

    def seat(key: tuple[str, str, str], code: str, description: str) -> None:
        add(roles, [], code, description, record=ids[key], lines=w.lines[(roles, ids[key])])

    seat(P.CUSTOM_SEAT, "ROLE_NOT_IN_PICKLIST",
         f'Role "{P.CUSTOM_ROLE}": a value this org added, not in the default picklist')
    seat(P.EMPTY_SEAT, "ROLE_EMPTY", "Role empty (Salesforce allows a contact role without a role)")
    seat(P.UNKNOWN_SEAT, "OCR_CONTACT_NOT_FOUND", f"ContactId {w.facts['unknown_contact']} is in no contact file")
    primaries = [k for k in ids if k[0] == P.TWO_PRIMARY and
                 any(s == (k[1], k[2], True) for s in P.COMMITTEES[P.TWO_PRIMARY])]
    add(roles, [], "TWO_PRIMARY_CONTACTS", "two contact roles with IsPrimary=true on the same opportunity",
        record=w.opportunities[P.TWO_PRIMARY], lines=sorted(w.lines[(roles, ids[k])][0] for k in primaries))
    first, second = ids[P.DUPLICATE_SEAT], w.facts["duplicate_role"]
    add(roles, [], "DUPLICATE_OCR", "same opportunity, contact and role twice (different role ids)",
        record=f"{first} & {second}", lines=[w.lines[(roles, first)][0], w.lines[(roles, second)][0]])
    gone = by[P.DELETED_SEAT[1]]
    seat(P.DELETED_SEAT, "OCR_ON_DELETED_CONTACT", f"the role belongs to contact {gone.id}, which is IsDeleted=true")

    hs = P.HUBSPOT_CONTACTS
    add(hs, [], "HUBSPOT_NO_REPORTS_TO", "HubSpot has no standard reports-to property: the export has no manager "
        "column", record="(whole file)", lines=[])
    for first_name, last, email, *_ in P.HUBSPOT_ONLY:
        rid = w.facts["hubspot_ids"][email]
        add(hs, [], "PEOPLE_ONLY_IN_HUBSPOT", f"{first_name} {last} ({email}) is in no Salesforce export", record=rid,
            lines=w.lines[(hs, rid)])
    files = [P.UK_FILE, P.ES_FILE, P.ROLES_FILE, P.HUBSPOT_CONTACTS]
    return sorted(out, key=lambda r: (files.index(r["file"]), int(r["line"].split(" & ")[0] or 0)))


def counts(w: Any) -> dict[str, Any]:
    """The numbers a correct import adds up to (the README's last sections, and the tests' facts)."""
    by = w.by_key
    uk_lines = 1 + sum(1 + c.street.count("\n") for c in w.uk)
    deleted = sum(c.deleted for c in w.uk)
    es_people = list({c.id: c for c in w.es}.values())
    nameless = by[P.ES_DEFECTS["nameless"]]
    reports_to_nameless = sum(1 for c in es_people if c.manager == nameless.key)
    created = [c.created for c in es_people]
    return {
        "uk_records": len(w.uk), "uk_lines": uk_lines, "uk_deleted": deleted, "uk_imported": len(w.uk) - deleted,
        "uk_distinct": len(w.uk) - deleted - 1,
        "uk_reports_to": sum(1 for c in w.uk if reports_to(w, c)),
        "es_rows": len(w.es), "es_people": len(es_people),
        "es_reports_to": sum(1 for c in es_people if reports_to(w, c)),
        "es_no_email": sum(1 for c in es_people if not c.email), "es_reports_to_nameless": reports_to_nameless,
        "es_day_le_12": sum(1 for t in created if t.day <= 12), "es_last_meeting": sum(bool(c.last_contact)
                                                                                        for c in es_people),
        "es_sub_domain": sum(1 for c in es_people if c.email and c.email.endswith(P.ES_SUB_DOMAIN)),
        "roles_rows": len([k for k in w.lines if k[0] == P.ROLES_FILE]),
        "hubspot_rows": len([k for k in w.lines if k[0] == P.HUBSPOT_CONTACTS]),
        "hubspot_new": len(P.HUBSPOT_ONLY),
        "hubspot_by_email": len(P.HUBSPOT_MATCHED) - 1,
    }


def _table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def _defect_table(w: Any, file: str) -> str:
    rows = []
    for n, d in enumerate((d for d in w.defects if d["file"] == file), 1):
        record = d["record"] if d["record"].startswith("(") else " ".join(
            f"`{p}`" if p not in {"&", "<->"} else ("↔" if p == "<->" else "&") for p in d["record"].split())
        rows.append([str(n), d["line"] or "—", record, f"`{d['code']}`", d["description"], d["behaviour"]])
    return _table(["#", "line", "record(s)", "code", "what is wrong", "a good importer should"], rows)


def readme(w: Any) -> str:
    by, n = w.by_key, counts(w)
    uk, es = P.ACCOUNTS[P.UK_KEY], P.ACCOUNTS[P.ES_KEY]
    uk_id, es_id = w.accounts[P.UK_KEY], w.accounts[P.ES_KEY]
    roles = {o: sum(1 for k in w.facts["role_ids"] if k[0] == o) for o in P.OPPORTUNITIES}
    roles_imported = n["roles_rows"] - 3
    quality = by[P.NAME_MATCH]
    hs_quality = w.facts["hubspot_ids"][P.HUBSPOT_EMAIL_FOR[P.NAME_MATCH]]
    users = "\n".join(f"  {w.users[k]}: {P.USER_NAMES[k]}" for k in (P.UK_OWNER, P.ES_OWNER))
    opp_rows = [[f"`{w.opportunities[k]}`", o["name"], P.ACCOUNTS[o["account"]]["name"], o["stage"],
                 f"{o['amount']} {o['currency']}", str(roles[k] + (1 if k == P.DUPLICATE_SEAT[0] else 0))]
                for k, o in P.OPPORTUNITIES.items()]
    cfo_uk, cco_uk, cfo_es, ops_es = (by[k] for k in ("uk-cfo", "uk-cco", "es-cfo", "es-ops"))
    uk_total = n["uk_distinct"] + n["es_people"] + n["hubspot_new"]
    exported = P.EXPORTED.isoformat()
    return f"""# CRM export samples (kamgraph's own; synthetic, dirty on purpose)

<!-- Written by samples/crm/make_crm.py: edit the script (and crm_people.py, crm_docs.py), then run
     `python samples/crm/make_crm.py`. tests/test_crm_samples.py holds these files to its output. -->

Files that look like what a key-account manager really exports from Salesforce and HubSpot, for the
demo, the README and the tests of `kamgraph import-crm`. Each one carries the defects that real exports
carry; every defect is listed below and, machine-readable, in `expected_defects.csv`.

**Everything here is fictitious.** The two client companies, every person, e-mail address and web site
(all domains end in `.example`, a name reserved by RFC 2606 that never resolves), the phone numbers (UK
numbers come from Ofcom's ranges reserved for drama, `+44 117 496 0xxx` and `+44 7700 900xxx`; the
Spanish numbers are made up), the Salesforce record ids, the HubSpot ids and the opportunities are
invented. Any likeness to real people or companies is accidental. What is real is the *shape* of the
files: column names, quoting, encodings, id formats and the way Excel rewrites a file. The records'
owners are two of our own sellers in `samples/team.yaml` (see `salesforce-users.yaml`).

## The two client accounts

{_table(["account", "Salesforce Id", "what it is", "contacts"], [
    [f"**{uk['name']}**", f"`{uk_id}`", f"UK insurer, Bristol; `Type` {uk['type']}; amounts in GBP",
     f"{n['uk_records']} rows: {n['uk_records'] - 1} people (one entered twice), {n['uk_deleted']} of them deleted"],
    [f"**{es['name']}**", f"`{es_id}`", "Spanish food group with a logistics subsidiary (*Cantábrico Logística*), "
     f"Santander; `Type` {es['type']}; amounts in EUR",
     f"{n['es_rows']} rows: {n['es_people']} contacts (one row pasted twice)"]])}

Both organisations have the usual shape: CEO → C-level → heads / directors → managers → specialists, with
departments along the branches. Ashgrove's titles and departments are English ("Head of Pricing, Motor
& Home", "Claims"). Cantábrico's are Spanish and gendered ("Director de Compras" / "Directora Financiera
(CFO)", "Jefe" / "Jefa", "Técnico" / "Técnica"). Its people have accented names and ñ ("Rocío", "Joaquín",
"Mañas", "Ordóñez", "Castaño"), compound first names ("Fernando José", "María Luisa") and two surnames in `LastName`
("Peñalosa Ibáñez", "Sainz de Baranda Ruiz", "Herrero de la Cuesta"). Their e-mail addresses are
`nombre.apellido@` in ASCII: accents dropped, ñ → n, compound first names joined, first surname only,
and the second surname added when two people would clash. Staff of Cantábrico Logística use their own
domain, `@{P.ES_SUB_DOMAIN}` ({n['es_sub_domain']} contacts), the rest `@{P.ES_DOMAIN}`.

As in real CRMs, not everybody in the client organisation is in the CRM, and the manager field is only
partly filled in: `ReportsToId` is set on {n['uk_reports_to']} of the {n['uk_records']} Ashgrove rows and on
{n['es_reports_to']} of the {n['es_people']} Cantábrico contacts, and staff often point straight to their
department's head, because the managers in between were never entered. That is normal CRM data, not a
defect: an analysis that shows reporting lines should call them the CRM's view.

The story the demo tells with them:

- **Ashgrove** (owned by {P.USER_NAMES[P.UK_OWNER]}): on *Claims Analytics Platform* the decision-maker is
  the Chief Claims Officer, {cco_uk.first} {cco_uk.last} (primary contact, met {cco_uk.last_contact}), and the
  economic buyer is the CFO, {cfo_uk.first} {cfo_uk.last}, last met on {cfo_uk.last_contact}. The Head of
  Procurement holds the org's own role value "{P.CUSTOM_ROLE}".
- **Cantábrico** (owned by {P.USER_NAMES[P.ES_OWNER]}; {P.USER_NAMES[P.UK_OWNER]} owns the two IT contacts he
  met): *Previsión de Demanda* is in negotiation, with {ops_es.first} {ops_es.last} as decision-maker and
  {cfo_es.first} {cfo_es.last} (CFO) as economic buyer; the licence renewal was won in March 2026.
- The `Fecha_Ultimo_Contacto__c` (last meeting) and `LastActivityDate` columns date the owners' contact.

## Files

{_table(["file", "imitates", "format", "records"], [
    ["`salesforce/Account.csv`", "Data Loader export of `Account`",
     "UTF-8 without BOM, comma, **every value in double quotes**, LF line ends, header = API field names, "
     "18-character ids, datetimes like `2019-02-14T10:22:51.000Z` (UTC)", "2"],
    [f"`{P.UK_FILE}`", "Data Loader **Export All** of `Contact` for Ashgrove (Export All also returns recycle-bin "
     "rows, hence `IsDeleted`)",
     "as `Account.csv`. 22 columns, `LastActivityDate` as `yyyy-mm-dd`. Three `MailingStreet` values span two "
     f"lines, so the file has {n['uk_lines']} physical lines for {n['uk_records']} records + header",
     str(n["uk_records"])],
    [f"`{P.ES_FILE}`", "a Data Loader export of `Contact` for Cantábrico, opened in Excel with Spanish regional "
     'settings and saved again as "CSV UTF-8 (delimitado por comas)"',
     "**UTF-8 with BOM, `;` delimiter, CRLF line ends**, quotes only around values that contain `;`. **Dates "
     "rewritten by Excel**: `CreatedDate` / `LastModifiedDate` as `dd/mm/yyyy H:mm`, the custom Date field "
     f"`Fecha_Ultimo_Contacto__c` (last meeting, on {n['es_last_meeting']} contacts) as `dd/mm/yyyy`. 17 columns",
     f"{n['es_rows']} ({n['es_people']} distinct Ids)"],
    ["`salesforce/Opportunity.csv`", "Data Loader export of `Opportunity`",
     "as `Account.csv`; `Amount` with a `.` decimal point, `CurrencyIsoCode` (EUR and GBP), `CloseDate` as "
     "`yyyy-mm-dd`, standard `StageName` values", str(len(P.OPPORTUNITIES))],
    [f"`{P.ROLES_FILE}`", "Data Loader export of `OpportunityContactRole`",
     "as `Account.csv`; columns `Id`, `OpportunityId`, `ContactId`, `Role`, `IsPrimary`, `IsDeleted`, "
     "`CreatedDate`", str(n["roles_rows"])],
    [f"`{P.HUBSPOT_CONTACTS}`", "HubSpot contacts export of Cantábrico (the default view's columns plus "
     "`Job Title`, `Lifecycle Stage`, `Buying Role`)",
     "UTF-8 without BOM, comma, every value quoted, LF, datetimes `yyyy-mm-dd HH:MM`; HubSpot's own numeric ids",
     str(n["hubspot_rows"])],
    [f"`{P.HUBSPOT_COMPANIES}`", "HubSpot companies export",
     "as the contacts export; the group, its subsidiary (own domain, `Parent Company`), Ashgrove under a shorter "
     "name than Salesforce's, and a prospect Salesforce does not have", "4"],
    ["`expected_defects.csv`", "the planted defects below, for tests",
     "UTF-8, comma; columns `file`, `line` (physical line where the record starts, header = line 1; `&` between "
     "several), `record`, `code`, `description`, `expected_importer_behaviour`", str(len(w.defects))],
    ["`salesforce-users.yaml`", "a `--map` file", "the owners' names (`users`) and the custom date column "
     "(`columns`)", "2 users"]])}

Opportunities (each has its contact roles in `OpportunityContactRole.csv`):

{_table(["Id", "name", "account", "stage", "amount", "roles"], opp_rows)}

## Loading them

```
kamgraph import samples/*.yaml
kamgraph import-crm salesforce --contacts {P.UK_FILE.replace("salesforce/", "samples/crm/salesforce/")} \\
  --contacts samples/crm/{P.ES_FILE} --accounts samples/crm/salesforce/Account.csv \\
  --opportunities samples/crm/salesforce/Opportunity.csv --contact-roles samples/crm/{P.ROLES_FILE} \\
  --map samples/crm/salesforce-users.yaml --skip-bad-rows
kamgraph import-crm hubspot --contacts samples/crm/{P.HUBSPOT_CONTACTS} \\
  --companies samples/crm/{P.HUBSPOT_COMPANIES}
```

`salesforce-users.yaml` names the owners (the exports hold no User file) and points the Spanish org's
custom field at kamgraph's last contact:

```yaml
users:
{users}
columns:
  Fecha_Ultimo_Contacto__c: last_contact
```

## Facts about the real formats an importer needs

- **Salesforce ids.** The web UI and reports show 15-character ids, which are case-sensitive. The API
  and Data Loader return 18 characters: the same 15 plus a 3-character suffix that encodes the case.
  For each 5-character chunk, set bit *j* when character *j* is an upper-case letter, then take
  `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345`[bits]. Every 18-character id in these files has a correct suffix.
- **Data Loader CSV.** The header holds API field names, and every value is double-quoted. A value may
  contain the delimiter or a line break. Salesforce's CSV rules:
  https://developer.salesforce.com/docs/platform/api-asynch/guide/datafiles-prepare-csv.md
- **Picklists are exported as API values.** `Salutation` holds `Mr.`, `Ms.`, `Mrs.`, `Dr.`; the Spanish
  org added `Sr.` and `Sra.`.
- **`OpportunityContactRole.Role`** is a picklist: Business User, Decision Maker, Economic Buyer,
  Economic Decision Maker, Evaluator, Executive Sponsor, Influencer, Technical Buyer and Other; each
  occurs at least once here, and this org added "{P.CUSTOM_ROLE}". "Each Opportunity has only one primary
  contact" (`IsPrimary`), and `ContactId` may point to deleted contacts.
- **HubSpot** has no standard reports-to property, so its export has no manager column. `Buying Role`
  values (Decision Maker, Budget Holder, Champion, End User, Executive Sponsor, Influencer, Blocker, or
  empty) are HubSpot's own, not Salesforce contact roles.

## Planted defects and what a good importer should report

Record ids are given as they appear in the file. Lines are physical line numbers where the record
starts (header = line 1). Rows marked *NOT an error* are legitimate data that looks suspicious: an
importer must accept them.

**{P.UK_FILE}**

{_defect_table(w, P.UK_FILE)}

**{P.ES_FILE}**

{_defect_table(w, P.ES_FILE)}

**{P.ROLES_FILE}**

{_defect_table(w, P.ROLES_FILE)}

**{P.HUBSPOT_CONTACTS}**

{_defect_table(w, P.HUBSPOT_CONTACTS)}

## What a correct import report adds up to

- **Ashgrove** (`{P.UK_FILE}`): {n['uk_records']} records, not {n['uk_lines'] - 1}, because three addresses
  span two lines. {n['uk_deleted']} deleted rows are skipped, leaving {n['uk_imported']}. One contact has no
  account and one has an account that is not in `Account.csv`. One probable duplicate pair (same person,
  e-mail differing only in case) gives {n['uk_distinct']} distinct active people once merged. Reporting lines:
  1 manager not found, 1 self-reference, 1 two-person cycle, and 1 15-character reference that resolves.
  The name with an emoji stays byte-for-byte intact.
- **Cantábrico** (`{P.ES_FILE}`): the file reads correctly only when the BOM, `;` and CRLF are handled; the
  first column must come out as `Id`. {n['es_rows']} rows hold {n['es_people']} contacts, because one Id occurs
  twice with identical values. One contact has no name: it is a manager, with {n['es_reports_to_nameless']}
  contacts reporting to it. One contact has no last name and {n['es_no_email']} have no e-mail. Reporting
  lines: 1 manager not found, 1 id with a leading space and 1 15-character id (both resolve), and 2
  legitimate top nodes. Dates are day-first: {n['es_day_le_12']} of the {n['es_people']} `CreatedDate` values
  have a day ≤ 12, so they would be read silently wrong as month-first, and the rest would fail.
- **Contact roles** (`{P.ROLES_FILE}`): of {n['roles_rows']} rows, {roles_imported} roles are imported after
  skipping 1 unknown contact, 1 deleted contact and 1 duplicate. Also reported: 1 role value outside the
  picklist ("{P.CUSTOM_ROLE}"), 1 empty role, and 1 opportunity with two primary contacts. All remaining
  roles belong to contacts of the opportunity's own account.
- **HubSpot** (`{P.HUBSPOT_CONTACTS}`): {n['hubspot_rows']} rows. {n['hubspot_by_email']} match a Salesforce
  contact by e-mail. 1 matches only by name + company: {quality.first} {quality.last}, line
  {w.lines[(P.HUBSPOT_CONTACTS, hs_quality)][0]}, whose Salesforce record (`{quality.id}`, line
  {w.lines[(P.ES_FILE, quality.id)][0]} of the Cantábrico file) has no e-mail, while HubSpot has
  `{P.HUBSPOT_EMAIL_FOR[P.NAME_MATCH]}`. {n['hubspot_new']} are people Salesforce does not know.
- **All sources together**: {n['uk_distinct']} + {n['es_people']} + {n['hubspot_new']} = **{uk_total} distinct
  active people** in 2 organisations.

## Things that look odd but are fine

- Partly filled `ReportsToId`, and staff reporting straight to a department head (see above).
- Two e-mail domains within Cantábrico; two surnames and compound first names in one field.
- `MailingCountry` written in several ways ("United Kingdom", "UK", "GB"; "España", "Spain", "ES").
- Ashgrove titles with commas ("Finance Director, General Insurance"), quoted as usual.
- Opportunity amounts in two currencies: read `CurrencyIsoCode`.
- A contact holding roles on several opportunities, or being the primary contact of one and an
  ordinary participant in another.
- The exports were taken on {exported}; nothing in them depends on the day they are read.
"""

