"""HubSpot import: people matched to Salesforce records by e-mail, then by name + company
(on each corpus: the project's samples, and ../shared's exports when there)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kamgraph.io.crm import import_crm, read_hubspot, read_salesforce
from kamgraph.model import Role
from kamgraph.store import Store
from tests.crm_corpus import Corpus


def _edited(crm: Corpus, tmp_path: Path, roles: dict[str, str]) -> Path:
    """The HubSpot contacts export with new Buying Role values (by Record ID)."""
    with open(crm.path(crm.hubspot), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writeheader()
    writer.writerows({**r, "Buying Role": roles.get(r["Record ID"], r["Buying Role"])} for r in rows)
    path = tmp_path / "contacts.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_hubspot_alone_creates_company_and_people(crm: Corpus, store: Store) -> None:
    imp = read_hubspot([crm.path(crm.hubspot)], store=store, base=crm.root)
    assert not imp.errors
    assert imp.files[0].records == crm["hubspot_rows"]
    org = imp.graph.organisation(f"hubspot-company-{crm['group_company']}")
    assert org is not None and org.name == crm["accounts"][1]
    assert org.ids == {"hubspot": crm["group_company"]}
    rid, title = crm["blocker"]
    blocker = imp.graph.person(f"hubspot-{rid}")
    assert blocker is not None and blocker.roles == [Role.blocker] and blocker.title == title
    owners = {p.name for p in imp.graph.people if p.org == "our-company"}
    assert owners == crm["hubspot_owners"]
    report = import_crm(store, imp)
    assert report.result is not None and report.result.counts["people"].added == crm["hubspot_rows"] + len(owners)
    again = import_crm(store, read_hubspot([crm.path(crm.hubspot)], store=store))
    assert again.result is not None and not again.result.changed


def test_hubspot_after_salesforce_matches_by_email_then_name(crm: Corpus, store: Store) -> None:
    import_crm(store, read_salesforce([crm.path(crm.es)], store=store), skip_bad_rows=True)
    imp = read_hubspot([crm.path(crm.hubspot)], store=store, base=crm.root)
    codes = [i.code for i in imp.issues]
    new = crm["hubspot_new"]
    by_email = crm["hubspot_rows"] - new - 1
    assert codes.count("NEW_PERSON") == new and codes.count("MATCHED_BY_NAME") == 1
    matched = next(i for i in imp.issues if i.code == "MATCHED")
    assert f"{by_email} by e-mail, 1 by name), {new} new" in matched.message
    report = import_crm(store, imp)
    assert report.result is not None
    assert report.result.counts["people"].updated == by_email + 1
    pid, email, rid, roles = crm["name_match"]
    person = store.person(pid)  # no e-mail in Salesforce; HubSpot fills it in
    assert person.email == email and person.ids["hubspot"] == rid
    assert person.roles == roles
    budget_rid, budget_pid = crm["budget_holder"]
    assert store.person(budget_pid).roles == [Role.economic_buyer]  # Budget Holder
    es = crm["es_account"]
    assert store.person(f"hubspot-{crm['hubspot_only']}").org == es  # new, in the Salesforce account
    org = store.get("organisations", [es])[es]
    assert org.ids == {"salesforce": es, "hubspot": crm["group_company"]}  # type: ignore[attr-defined]
    # and a Salesforce re-import keeps what HubSpot added
    again = import_crm(store, read_salesforce([crm.path(crm.es)], store=store), skip_bad_rows=True)
    assert again.result is not None and not again.result.changed
    assert store.person(pid).email == email


def test_hubspot_dirty_rows(store: Store, tmp_path: Path) -> None:
    p = tmp_path / "contacts.csv"
    p.write_bytes(
        (
            "Record ID;First Name;Last Name;Email;Associated Company;Buying Role;Last Activity Date\r\n"
            "1;Ana;Ruiz;ana@x.example;Acme;Champion;Budget Holder;02/01/2025 10:00\r\n"
            "2;;;;Acme;Gatekeeper;\r\n"
            "3;Ana;Ruiz;ANA@x.example ;Acme;;\r\n"
            "3;Ana;Ruiz;ana@x.example;Acme;;\r\n"
            "4;Bo;Li;;;;\r\n"
        ).encode("cp1252")
    )
    crm = read_hubspot([p], store=store)
    by = {(i.code, i.line) for i in crm.issues}
    assert {
        ("LONG_ROW", 2),
        ("MISSING_BOTH_NAMES", 3),
        ("ROLE_UNMAPPED", 3),
        ("DUPLICATE_EMAIL", 2),
        ("DUPLICATE_ID", 4),
        ("NO_ACCOUNT_ID", 6),
    } <= by


def test_buying_roles_mirror_hubspot_and_hand_roles_stay(crm: Corpus, store: Store, tmp_path: Path) -> None:
    from kamgraph.model import Graph

    import_crm(store, read_salesforce([crm.path(crm.es)], store=store), skip_bad_rows=True)
    import_crm(store, read_hubspot([crm.path(crm.hubspot)], store=store))
    budget_rid, _ = crm["budget_holder"]
    holder = next(p for p in store.dump().people if p.ids.get("hubspot") == budget_rid)
    assert holder.roles == [Role.economic_buyer]  # Budget Holder
    store.import_graph(Graph(people=[holder.model_copy(update={"roles": [Role.economic_buyer, Role.coach]})]))
    # HubSpot now says Champion for the budget holder, and nothing for the blocker
    blocker_rid, _ = crm["blocker"]
    newer = _edited(crm, tmp_path, {budget_rid: "Champion", blocker_rid: ""})
    report = import_crm(store, read_hubspot([newer], store=store))
    assert report.result is not None and report.result.counts["people"].updated == 2
    assert store.person(holder.id).roles == [Role.champion, Role.coach]  # replaced; the hand-set coach stays
    blocker = next(p for p in store.dump().people if p.ids.get("hubspot") == blocker_rid)
    assert blocker.roles == [] and "hubspot_roles" not in blocker.ids
    again = import_crm(store, read_hubspot([newer], store=store))
    assert again.result is not None and not again.result.changed


def test_companies_export_alone_and_with_contacts(crm: Corpus, store: Store) -> None:
    imp = read_hubspot([crm.path(crm.hubspot)], [crm.companies], store=store)
    assert not imp.errors
    summary = next(f for f in imp.files if f.kind == "companies")
    assert (summary.records, summary.imported) == (4, 4)
    assert {"Annual Revenue", "Number of Employees", "Parent Company"} <= set(summary.unused_columns)
    group = imp.graph.organisation(f"hubspot-company-{crm['group_company']}")
    assert group is not None and (group.industry, group.country) == crm["group_place"]
    assert group.ids == {"hubspot": crm["group_company"], "domain": crm["group_domain"]}
    sub_id, sub_domain = crm["subsidiary"]
    subsidiary = imp.graph.organisation(f"hubspot-company-{sub_id}")  # no contacts: imported all the same
    assert subsidiary is not None and subsidiary.ids["domain"] == sub_domain
    import_crm(store, imp)
    assert len(store.accounts()) == 4
    again = import_crm(store, read_hubspot([crm.path(crm.hubspot)], [crm.companies], store=store))
    assert again.result is not None and not again.result.changed


def test_companies_match_salesforce_accounts_by_name_or_domain(crm: Corpus, store: Store) -> None:
    sf = crm.sf
    import_crm(
        store,
        read_salesforce([crm.path(crm.uk), crm.path(crm.es)], [sf / "Account.csv"], store=store),
        skip_bad_rows=True,
    )
    imp = read_hubspot([crm.path(crm.hubspot)], [crm.companies], store=store)
    import_crm(store, imp)
    orgs = {o.id: o for o in store.dump().organisations}
    uk, es = crm["uk_account"], crm["es_account"]
    assert orgs[es].ids["hubspot"] == crm["group_company"]  # by name
    # the UK account has a shorter name in HubSpot than in Salesforce: found by its people's e-mail domain
    uk_company, uk_domain = crm["uk_company"]
    assert orgs[uk].ids == {"salesforce": uk, "hubspot": uk_company, "domain": uk_domain}
    assert orgs[uk].name == crm["accounts"][0]  # Salesforce's name kept
    assert f"hubspot-company-{crm['prospect']}" in orgs and f"hubspot-company-{uk_company}" not in orgs
    # the subsidiary's staff are in the group's account: its company merges into it, said so
    merged = [i for i in imp.issues if i.code == "COMPANY_MERGED"]
    assert [(i.record, i.line) for i in merged] == [(crm["subsidiary"][0], 3)]
    assert orgs[es].ids["domain"] == crm["group_domain"]
