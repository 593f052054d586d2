#!/usr/bin/env python3
"""Write ``meridian.yaml``: the sample account map of Meridian Health Group (~215 people).

The ~35 people who matter to the story (executives, the buying committees, everyone our
team knows) are written out below by hand; the rest of the staff is generated from the
unit tree with a fixed random seed, so running this script again gives the same file.

    python samples/make_meridian.py            # writes samples/meridian.yaml

Stdlib and PyYAML only. Edit this script, not the YAML it writes.

The stories this account is built to show (today is 2026-11-23):

* ``mer-opp-analytics`` (GBP 920k) hangs on one champion, Anjali Desai
  (``mer-anjali-desai``, Deputy CFO). Its economic buyer is the CFO, Rachel Okafor
  (``mer-rachel-okafor``). Everyone at Meridian that our team (or our partner) knows sits in
  Anjali's own reporting subtree, and nobody of ours knows the CFO or anyone above or beside
  her: every route to the CFO, by acquaintance or reporting line, passes through Anjali.
* The CIO, Adrian Cole (``mer-adrian-cole``), is a high-influence detractor on that deal
  (he backs Microsoft Power BI, entrenched in Data & Analytics) and sways the CEO.
* Never touched: Estates & Facilities, Pharmacy & Medicines Optimisation, Riverside
  Community Hospital (and all its departments), People & OD: nobody known, no adoption.
* Stale thread: Daniel Osei (``mer-daniel-osei``), evaluator on the analytics deal, last
  spoken to on 2026-06-12.
* Warm route through the partner: Brightwater's Simon Ashworth (``bw-simon-ashworth``)
  knows Laura Bennett (``mer-laura-bennett``, Head of Procurement), whom none of our people
  knows directly.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from pathlib import Path

import yaml

SEED = 20261123
OUT = Path(__file__).with_name("meridian.yaml")
D = dt.date.fromisoformat


# --- the organisation and its unit tree ----------------------------------------------------
# (id, name, function, headcount, adoption, sub-units)

UNITS = [
    ("mer-exec", "Executive Office", "executive", 26, {}, [
        ("mer-exec-strategy", "Strategy & Transformation", "strategy", 18, {}, []),
        ("mer-exec-comms", "Communications & Engagement", "communications", 14, {}, []),
    ]),
    ("mer-fin", "Finance", "finance", 320, {}, [
        ("mer-fin-acct", "Financial Accounting & Treasury", "finance", 46, {}, []),
        ("mer-fin-fpa", "Financial Planning & Analysis", "finance", 38,
         {"kx-platform": {"status": "active", "since": D("2025-10-01")},
          "kx-forecast": {"status": "pilot", "since": D("2026-09-01")}}, []),
        ("mer-fin-costing", "Costing & Income", "finance", 27,
         {"kx-pricing": {"status": "pilot", "since": D("2026-04-01")}}, []),
        ("mer-fin-bi", "Performance & Business Intelligence", "analytics", 52,
         {"kx-platform": {"status": "active", "since": D("2025-10-01")},
          "kx-insights": {"status": "active", "since": D("2025-10-01")},
          "kx-connect": "active"}, [
            ("mer-fin-bi-reporting", "Performance Reporting", "analytics", 21, {}, []),
            ("mer-fin-bi-coding", "Clinical Coding", "analytics", 31, {}, []),
        ]),
        ("mer-fin-proc", "Procurement & Supply Chain", "procurement", 88, {}, [
            ("mer-fin-proc-cat", "Category Management", "procurement", 22, {}, []),
            ("mer-fin-proc-sc", "Supply Chain & Logistics", "logistics", 66, {}, []),
        ]),
    ]),
    ("mer-clin", "Clinical Operations", "operations", 5300, {}, [
        ("mer-clin-flow", "Patient Flow & Capacity", "operations", 64, {}, []),
        ("mer-sjh", "St John's Hospital", "clinical", 2350, {}, [
            ("mer-sjh-ed", "Emergency Medicine (St John's)", "clinical", 340, {}, []),
            ("mer-sjh-surg", "Surgery & Theatres (St John's)", "clinical", 620,
             {"kx-forecast": {"status": "competitor", "competitor": "TeleTracking"}}, []),
            ("mer-sjh-med", "Medicine (St John's)", "clinical", 730, {}, []),
            ("mer-sjh-wc", "Women's & Children's (St John's)", "clinical", 410, {}, []),
        ]),
        ("mer-kgh", "Kingsgate General Hospital", "clinical", 1900,
         {"kx-insights": {"status": "churned", "since": D("2024-03-31")}}, [
            ("mer-kgh-ed", "Emergency Medicine (Kingsgate)", "clinical", 290, {}, []),
            ("mer-kgh-surg", "Surgery & Theatres (Kingsgate)", "clinical", 480, {}, []),
            ("mer-kgh-med", "Medicine (Kingsgate)", "clinical", 640, {}, []),
            ("mer-kgh-op", "Outpatients & Diagnostics (Kingsgate)", "clinical", 360, {}, []),
        ]),
        ("mer-rch", "Riverside Community Hospital", "clinical", 660, {}, [
            ("mer-rch-rehab", "Rehabilitation & Therapies (Riverside)", "clinical", 240, {}, []),
            ("mer-rch-ic", "Intermediate Care (Riverside)", "clinical", 310, {}, []),
        ]),
    ]),
    ("mer-med", "Medical Directorate", "clinical governance", 420, {}, [
        ("mer-med-gov", "Clinical Governance & Audit", "clinical governance", 36, {}, []),
        ("mer-med-info", "Clinical Safety & Informatics", "clinical informatics", 14, {}, []),
        ("mer-med-pharm", "Pharmacy & Medicines Optimisation", "pharmacy", 270, {}, [
            ("mer-med-pharm-disp", "Dispensary & Aseptic Services", "pharmacy", 150, {}, []),
            ("mer-med-pharm-clin", "Clinical Pharmacy", "pharmacy", 110, {}, []),
        ]),
    ]),
    ("mer-nur", "Nursing & Quality", "nursing", 140, {}, [
        ("mer-nur-quality", "Quality & Patient Safety", "quality", 42,
         {"kx-insights": {"status": "competitor", "competitor": "Tableau", "since": D("2021-06-01")}}, []),
        ("mer-nur-ipc", "Infection Prevention & Control", "quality", 24, {}, []),
        ("mer-nur-info", "Nursing Informatics", "clinical informatics", 11, {}, []),
    ]),
    ("mer-dit", "Digital & IT", "IT", 390, {}, [
        ("mer-dit-arch", "Enterprise Architecture", "IT", 9, {}, []),
        ("mer-dit-infra", "Infrastructure & Cyber Security", "IT", 96, {}, []),
        ("mer-dit-data", "Data & Analytics", "analytics", 34,
         {"kx-platform": {"status": "competitor", "competitor": "Microsoft Power BI", "since": D("2022-01-01")},
          "kx-insights": {"status": "competitor", "competitor": "Microsoft Power BI", "since": D("2022-01-01")},
          "kx-connect": {"status": "competitor", "competitor": "Azure Data Factory"}}, []),
        ("mer-dit-epr", "EPR Programme", "IT", 62, {}, []),
        ("mer-dit-svc", "IT Service Desk", "IT", 71, {}, []),
    ]),
    ("mer-hr", "People & Organisational Development", "HR", 170, {}, [
        ("mer-hr-wf", "Workforce Planning & Rostering", "HR", 28, {}, []),
        ("mer-hr-rec", "Recruitment & Resourcing", "HR", 44, {}, []),
        ("mer-hr-pay", "Payroll & Pensions", "HR", 38, {}, []),
    ]),
    ("mer-est", "Estates & Facilities", "estates", 640, {}, [
        ("mer-est-cap", "Capital Projects", "estates", 35, {}, []),
        ("mer-est-fm", "Facilities Management", "facilities", 540, {}, []),
        ("mer-est-sus", "Sustainability & Energy", "estates", 12, {}, []),
    ]),
]


# --- the key people, by hand -----------------------------------------------------------------
# Only people inside Anjali Desai's subtree are known by our team (see the module docstring).

def k(who, strength, last, source):
    return {"who": who, "strength": strength, "last_contact": D(last) if last else None, "source": source}


def note(text, date, by):
    return {"text": text, "date": D(date), "by": by}


KEY = [
    # Executive Office
    dict(id="mer-graham-whitlock", name="Graham Whitlock", title="Group Chief Executive", seniority="executive",
         unit="mer-exec", stance="neutral", influence="high",
         influences={"mer-rachel-okafor": 0.6, "mer-siobhan-gallagher": 0.5}),
    dict(id="mer-fiona-macleod", name="Fiona MacLeod", title="Chief of Staff to the Group CEO", seniority="head",
         unit="mer-exec", reports_to="mer-graham-whitlock", influence="medium",
         influences={"mer-graham-whitlock": 0.5}),
    dict(id="mer-victoria-ashdown", name="Victoria Ashdown", title="Director of Strategy & Transformation",
         seniority="director", unit="mer-exec-strategy", reports_to="mer-graham-whitlock", influence="medium"),
    # Finance: the CFO and the champion's subtree
    dict(id="mer-rachel-okafor", name="Rachel Okafor", title="Chief Financial Officer", seniority="executive",
         unit="mer-fin", reports_to="mer-graham-whitlock", roles=["economic_buyer"], stance="neutral",
         influence="high", influences={"mer-graham-whitlock": 0.5},
         notes=[note("Chairs the Investment Panel that signs off anything above GBP 500k. We have never met her; "
                     "Anjali briefs her.", "2026-11-12", "kes-james-whitfield")]),
    dict(id="mer-colin-fairbairn", name="Colin Fairbairn", title="Financial Controller", seniority="head",
         unit="mer-fin-acct", reports_to="mer-rachel-okafor", influence="low"),
    dict(id="mer-anjali-desai", name="Anjali Desai", title="Deputy CFO & Director of Finance", seniority="director",
         unit="mer-fin", reports_to="mer-rachel-okafor", roles=["champion"], stance="supporter", influence="high",
         last_contact=D("2026-11-12"),
         knows=[k("kes-james-whitfield", 0.85, "2026-11-12", "meeting"),
                k("kes-emma-clarke", 0.8, "2026-11-04", "qbr"),
                k("kes-tom-okonkwo", 0.6, "2026-10-21", "workshop"),
                k("kes-priya-raman", 0.5, "2026-10-02", "meeting"),
                k("mer-rachel-okafor", 0.9, None, "colleague")],
         influences={"mer-rachel-okafor": 0.8},
         notes=[note("Sponsoring the analytics business case; takes it to the CFO's Investment Panel on 2027-01-14. "
                     "Our only real line to Rachel Okafor.", "2026-11-12", "kes-james-whitfield"),
                note("Rumoured to be shortlisted for a CFO role at another trust.", "2026-11-04", "kes-emma-clarke")]),
    dict(id="mer-stuart-mcallister", name="Stuart McAllister", title="Head of Financial Planning & Analysis",
         seniority="head", unit="mer-fin-fpa", reports_to="mer-anjali-desai", stance="supporter", influence="medium",
         last_contact=D("2026-09-18"), knows=[k("kes-james-whitfield", 0.3, "2026-09-18", "meeting")]),
    dict(id="mer-daniel-osei", name="Daniel Osei", title="Head of Costing & Income", seniority="head",
         unit="mer-fin-costing", reports_to="mer-anjali-desai", roles=["evaluator"], stance="neutral",
         influence="medium", last_contact=D("2026-06-12"),
         knows=[k("kes-priya-raman", 0.4, "2026-06-12", "meeting")],
         influences={"mer-anjali-desai": 0.4},
         notes=[note("No reply since the June costing review; pilot feedback still outstanding.", "2026-09-01",
                     "kes-priya-raman")]),
    dict(id="mer-gareth-pryce", name="Gareth Pryce", title="Head of Performance & Business Intelligence",
         seniority="head", unit="mer-fin-bi", reports_to="mer-anjali-desai", roles=["user_buyer"],
         stance="supporter", influence="medium", last_contact=D("2026-11-18"),
         knows=[k("kes-tom-okonkwo", 0.4, "2026-11-10", "workshop"),
                k("kes-emma-clarke", 0.35, "2026-11-18", "support")],
         influences={"mer-anjali-desai": 0.6}),
    dict(id="mer-hannah-kowalski", name="Hannah Kowalski", title="BI Development Manager", seniority="manager",
         unit="mer-fin-bi-reporting", reports_to="mer-gareth-pryce", stance="supporter", influence="low",
         last_contact=D("2026-11-18"), knows=[k("kes-emma-clarke", 0.3, "2026-11-18", "support")]),
    dict(id="mer-laura-bennett", name="Laura Bennett", title="Head of Procurement & Supply Chain", seniority="head",
         unit="mer-fin-proc", reports_to="mer-anjali-desai", roles=["procurement"], stance="neutral",
         influence="medium", knows=[k("bw-simon-ashworth", 0.7, "2026-10-15", "project")],
         notes=[note("Not met yet. Simon Ashworth (Brightwater) ran her 2025 procurement programme and offered "
                     "an introduction.", "2026-11-03", "kes-james-whitfield")]),
    dict(id="mer-joseph-adebayo", name="Joseph Adebayo", title="Lead Category Manager, Digital & IT",
         seniority="manager",
         unit="mer-fin-proc-cat", reports_to="mer-laura-bennett", roles=["procurement"], influence="low"),
    # Digital & IT
    dict(id="mer-adrian-cole", name="Adrian Cole", title="Chief Information Officer", seniority="executive",
         unit="mer-dit", reports_to="mer-graham-whitlock", roles=["technical_buyer", "blocker"],
         stance="detractor", influence="high",
         influences={"mer-graham-whitlock": 0.8, "mer-rachel-okafor": 0.4, "mer-helena-brooks": 0.6},
         notes=[note("Wants one group standard on Microsoft Fabric / Power BI and calls Finance's Kestrel estate "
                     "shadow IT (via Anjali).", "2026-10-30", "kes-emma-clarke")]),
    dict(id="mer-nkechi-adeyemi", name="Nkechi Adeyemi", title="Head of Data & Analytics", seniority="head",
         unit="mer-dit-data", reports_to="mer-adrian-cole", roles=["evaluator"], stance="detractor",
         influence="medium", influences={"mer-adrian-cole": 0.5}),
    dict(id="mer-ravi-chandran", name="Ravi Chandran", title="Chief Technology Architect", seniority="head",
         unit="mer-dit-arch", reports_to="mer-adrian-cole", roles=["technical_buyer"], influence="medium",
         influences={"mer-adrian-cole": 0.4}),
    dict(id="mer-claire-donnelly", name="Claire Donnelly", title="EPR Programme Director", seniority="director",
         unit="mer-dit-epr", reports_to="mer-adrian-cole", influence="medium"),
    dict(id="mer-mark-tennant", name="Mark Tennant", title="Head of Infrastructure & Cyber Security",
         seniority="head", unit="mer-dit-infra", reports_to="mer-adrian-cole", influence="low"),
    # Clinical Operations
    dict(id="mer-siobhan-gallagher", name="Siobhan Gallagher", title="Chief Operating Officer",
         seniority="executive", unit="mer-clin", reports_to="mer-graham-whitlock", roles=["economic_buyer"],
         influence="high", influences={"mer-graham-whitlock": 0.6}),
    dict(id="mer-tomasz-nowak", name="Tomasz Nowak", title="Head of Patient Flow & Capacity", seniority="head",
         unit="mer-clin-flow", reports_to="mer-siobhan-gallagher", roles=["user_buyer"], influence="medium",
         influences={"mer-siobhan-gallagher": 0.6}),
    dict(id="mer-imran-qureshi", name="Imran Qureshi", title="Hospital Director, St John's Hospital",
         seniority="director", unit="mer-sjh", reports_to="mer-siobhan-gallagher", influence="medium"),
    dict(id="mer-sarah-lim", name="Sarah Lim", title="Clinical Director, Surgery & Theatres", seniority="head",
         unit="mer-sjh-surg", reports_to="mer-imran-qureshi", roles=["user_buyer"], influence="medium",
         influences={"mer-siobhan-gallagher": 0.4}),
    dict(id="mer-catherine-doyle", name="Catherine Doyle", title="Hospital Director, Kingsgate General Hospital",
         seniority="director", unit="mer-kgh", reports_to="mer-siobhan-gallagher", influence="medium",
         notes=[note("Kingsgate dropped Kestrel Insights in March 2024 after the sponsoring manager left; "
                     "no contact since.", "2024-04-10", "kes-emma-clarke")]),
    dict(id="mer-owen-parry", name="Owen Parry", title="Hospital Director, Riverside Community Hospital",
         seniority="director", unit="mer-rch", reports_to="mer-siobhan-gallagher", influence="low"),
    # Medical Directorate
    dict(id="mer-olufemi-bakare", name="Dr Olufemi Bakare", title="Chief Medical Officer", seniority="executive",
         unit="mer-med", reports_to="mer-graham-whitlock", influence="high",
         influences={"mer-graham-whitlock": 0.5}),
    dict(id="mer-helena-brooks", name="Dr Helena Brooks", title="Chief Clinical Information Officer",
         seniority="director", unit="mer-med-info", reports_to="mer-olufemi-bakare", roles=["user_buyer"],
         influence="medium"),
    dict(id="mer-ahmed-siddiqui", name="Ahmed Siddiqui", title="Chief Pharmacist", seniority="director",
         unit="mer-med-pharm", reports_to="mer-olufemi-bakare", influence="medium"),
    # Nursing & Quality
    dict(id="mer-patricia-oyelaran", name="Patricia Oyelaran", title="Chief Nursing Officer", seniority="executive",
         unit="mer-nur", reports_to="mer-graham-whitlock", influence="high"),
    dict(id="mer-kirsty-mcneil", name="Kirsty McNeil", title="Chief Nursing Information Officer", seniority="head",
         unit="mer-nur-info", reports_to="mer-patricia-oyelaran", influence="medium",
         influences={"mer-helena-brooks": 0.5}),
    dict(id="mer-rebecca-hollis", name="Rebecca Hollis", title="Head of Quality & Patient Safety", seniority="head",
         unit="mer-nur-quality", reports_to="mer-patricia-oyelaran", influence="low"),
    # People & OD
    dict(id="mer-jonathan-reeve", name="Jonathan Reeve", title="Chief People Officer", seniority="executive",
         unit="mer-hr", reports_to="mer-graham-whitlock", influence="medium"),
    dict(id="mer-amara-nwosu", name="Amara Nwosu", title="Head of Workforce Planning & Rostering", seniority="head",
         unit="mer-hr-wf", reports_to="mer-jonathan-reeve", influence="low"),
    # Estates & Facilities
    dict(id="mer-neil-harrington", name="Neil Harrington", title="Director of Estates & Facilities",
         seniority="director", unit="mer-est", reports_to="mer-graham-whitlock", influence="medium"),
]

#: Who heads each unit, when a key person does (everyone else in the unit reports up to them).
HEADS = {p["unit"]: p["id"] for p in KEY if p["unit"] not in {"mer-exec", "mer-fin"}}
HEADS.update({"mer-exec": "mer-graham-whitlock", "mer-fin": "mer-rachel-okafor"})


# --- the generated staff ---------------------------------------------------------------------
# unit id -> (head title and seniority if no key person heads it, [team specs])
# team spec: (title, seniority, count) reports to the unit head, or
#            ((lead title, seniority), [(title, seniority, count), ...]) a team with its own lead.

STAFF = {
    "mer-exec": (None, [("Company Secretary", "head", 1), ("Executive Assistant to the CEO", "staff", 1),
                        ("Head of Corporate Governance", "head", 1)]),
    "mer-exec-strategy": (None, [(("Head of Transformation", "head"),
                                  [("Programme Manager", "manager", 2), ("Business Analyst", "staff", 1)])]),
    "mer-exec-comms": (("Head of Communications", "head"), [("Communications Manager", "manager", 1),
                                                            ("Internal Communications Officer", "staff", 1)]),
    "mer-fin": (None, []),
    "mer-fin-acct": (None, [("Deputy Financial Controller", "manager", 1), ("Treasury Manager", "manager", 1),
                            ("Senior Accountant", "senior", 2), ("Accounts Payable Officer", "staff", 1)]),
    "mer-fin-fpa": (None, [("Finance Business Partner, Clinical Operations", "manager", 1),
                           ("Finance Business Partner, Corporate", "manager", 1),
                           ("Senior Financial Analyst", "senior", 2), ("Financial Analyst", "staff", 1)]),
    "mer-fin-costing": (None, [("Costing Manager", "manager", 1), ("Income & Contracting Manager", "manager", 1),
                               ("Senior Costing Accountant", "senior", 1), ("Costing Analyst", "staff", 1)]),
    "mer-fin-bi": (None, [("Information Governance Lead", "manager", 1)]),
    "mer-fin-bi-reporting": (None, [("Senior BI Developer", "senior", 2), ("Performance Analyst", "staff", 2),
                                    ("Data Engineer", "senior", 1)]),
    "mer-fin-bi-coding": (("Clinical Coding Manager", "manager"), [("Senior Clinical Coder", "senior", 1),
                                                                   ("Clinical Coder", "staff", 2)]),
    "mer-fin-proc": (None, [("Contracts Manager", "manager", 1)]),
    "mer-fin-proc-cat": (None, [("Category Manager, Medical Devices", "manager", 1),
                                ("Procurement Officer", "staff", 1)]),
    "mer-fin-proc-sc": (("Supply Chain Manager", "manager"), [("Stores Supervisor", "senior", 1),
                                                             ("Logistics Coordinator", "staff", 1)]),
    "mer-clin": (None, [("Deputy Chief Operating Officer", "director", 1),
                        ("Head of Operational Performance", "head", 1)]),
    "mer-clin-flow": (None, [("Bed Manager", "manager", 1), ("Capacity Planning Manager", "manager", 1),
                             ("Patient Flow Coordinator", "staff", 2), ("Capacity Analyst", "staff", 1)]),
    "mer-sjh": (None, [("Deputy Hospital Director, St John's", "head", 1),
                       ("Site Director of Nursing, St John's", "head", 1)]),
    "mer-sjh-ed": (("Clinical Director, Emergency Medicine", "head"),
                   [("Consultant in Emergency Medicine", "senior", 2),
                    (("Matron, Emergency Department", "manager"), [("Senior Sister, ED", "senior", 2)]),
                    ("Directorate Manager, Emergency Medicine", "manager", 1)]),
    "mer-sjh-surg": (None, [("Consultant Surgeon", "senior", 2),
                            (("Theatres Manager", "manager"), [("Theatre Scheduling Coordinator", "staff", 2),
                                                               ("Senior Operating Department Practitioner",
                                                                "senior", 1)]),
                            ("Directorate Manager, Surgery", "manager", 1)]),
    "mer-sjh-med": (("Clinical Director, Medicine", "head"),
                    [("Consultant Physician", "senior", 2),
                     (("Matron, Acute Medicine", "manager"), [("Ward Sister", "senior", 2)]),
                     ("Directorate Manager, Medicine", "manager", 1)]),
    "mer-sjh-wc": (("Clinical Director, Women's & Children's", "head"),
                   [("Consultant Obstetrician", "senior", 1), ("Consultant Paediatrician", "senior", 1),
                    (("Head of Midwifery", "manager"), [("Senior Midwife", "senior", 2)])]),
    "mer-kgh": (None, [("Deputy Hospital Director, Kingsgate", "head", 1),
                       ("Site Director of Nursing, Kingsgate", "head", 1)]),
    "mer-kgh-ed": (("Clinical Director, Emergency Medicine (Kingsgate)", "head"),
                   [("Consultant in Emergency Medicine", "senior", 2),
                    (("Matron, Emergency Department", "manager"), [("Senior Sister, ED", "senior", 1)])]),
    "mer-kgh-surg": (("Clinical Director, Surgery (Kingsgate)", "head"),
                     [("Consultant Surgeon", "senior", 2),
                      (("Theatres Manager", "manager"), [("Theatre Scheduling Coordinator", "staff", 1)])]),
    "mer-kgh-med": (("Clinical Director, Medicine (Kingsgate)", "head"),
                    [("Consultant Physician", "senior", 2),
                     (("Matron, Elderly Care", "manager"), [("Ward Sister", "senior", 2)])]),
    "mer-kgh-op": (("Head of Outpatients & Diagnostics", "head"),
                   [("Radiology Services Manager", "manager", 1), ("Outpatient Booking Manager", "manager", 1),
                    ("Booking Team Leader", "senior", 1)]),
    "mer-rch": (None, [("Site Manager, Riverside", "manager", 1)]),
    "mer-rch-rehab": (("Head of Therapies", "head"),
                      [("Lead Physiotherapist", "senior", 1), ("Lead Occupational Therapist", "senior", 1),
                       ("Therapy Assistant Practitioner", "staff", 1)]),
    "mer-rch-ic": (("Matron, Intermediate Care", "manager"),
                   [("Ward Sister", "senior", 2), ("Discharge Coordinator", "staff", 1)]),
    "mer-med": (None, [("Deputy Medical Director", "director", 1),
                       ("Responsible Officer & Revalidation Lead", "head", 1)]),
    "mer-med-gov": (("Head of Clinical Governance", "head"), [("Clinical Audit Manager", "manager", 1),
                                                              ("Clinical Effectiveness Facilitator", "staff", 2),
                                                              ("Mortality Review Lead", "senior", 1)]),
    "mer-med-info": (None, [("Clinical Safety Officer", "senior", 1), ("Clinical Informatics Lead", "senior", 1)]),
    "mer-med-pharm": (None, [("Deputy Chief Pharmacist", "head", 1)]),
    "mer-med-pharm-disp": (("Pharmacy Operations Manager", "manager"),
                           [("Aseptic Services Manager", "manager", 1), ("Senior Pharmacy Technician", "senior", 2),
                            ("Pharmacy Technician", "staff", 1)]),
    "mer-med-pharm-clin": (("Lead Clinical Pharmacist", "manager"),
                           [("Specialist Pharmacist, Antimicrobials", "senior", 1),
                            ("Specialist Pharmacist, Oncology", "senior", 1), ("Clinical Pharmacist", "staff", 1)]),
    "mer-nur": (None, [("Deputy Chief Nursing Officer", "director", 1)]),
    "mer-nur-quality": (None, [("Patient Safety Manager", "manager", 1), ("Quality Improvement Lead", "senior", 1),
                               ("Quality Data Analyst", "staff", 1)]),
    "mer-nur-ipc": (("Head of Infection Prevention & Control", "head"), [("IPC Nurse Specialist", "senior", 2)]),
    "mer-nur-info": (None, [("Nursing Informatics Specialist", "senior", 1)]),
    "mer-dit": (None, [("Head of IT Service", "head", 1), ("Digital Portfolio Manager", "manager", 1)]),
    "mer-dit-arch": (None, [("Solution Architect", "senior", 2), ("Data Architect", "senior", 1)]),
    "mer-dit-infra": (None, [("Cyber Security Manager", "manager", 1), ("Network Manager", "manager", 1),
                             ("Infrastructure Engineer", "staff", 2)]),
    "mer-dit-data": (None, [(("Data Platform Manager", "manager"), [("Power BI Developer", "senior", 2),
                                                                    ("Data Engineer", "staff", 1)]),
                            ("Senior Data Scientist", "senior", 1), ("Data Quality Analyst", "staff", 1)]),
    "mer-dit-epr": (None, [("EPR Clinical Lead", "head", 1), ("EPR Build Manager", "manager", 1),
                           ("EPR Analyst", "staff", 2)]),
    "mer-dit-svc": (("IT Service Desk Manager", "manager"), [("Service Desk Team Leader", "senior", 1),
                                                             ("Service Desk Analyst", "staff", 3)]),
    "mer-hr": (None, [("Deputy Director of People", "director", 1)]),
    "mer-hr-wf": (None, [("e-Rostering Manager", "manager", 1), ("Workforce Information Analyst", "staff", 2),
                         ("Medical Staffing Manager", "manager", 1)]),
    "mer-hr-rec": (("Head of Recruitment & Resourcing", "head"), [("Recruitment Manager", "manager", 1),
                                                                  ("Recruitment Advisor", "staff", 2)]),
    "mer-hr-pay": (("Head of Payroll & Pensions", "head"), [("Payroll Manager", "manager", 1),
                                                           ("Payroll Officer", "staff", 1)]),
    "mer-est": (None, [("Deputy Director of Estates", "head", 1)]),
    "mer-est-cap": (("Head of Capital Projects", "head"), [("Capital Projects Manager", "manager", 2),
                                                           ("Project Surveyor", "senior", 1)]),
    "mer-est-fm": (("Head of Facilities Management", "head"),
                   [(("Hotel Services Manager", "manager"), [("Catering Supervisor", "senior", 1),
                                                            ("Domestic Services Supervisor", "senior", 1)]),
                    ("Portering Manager", "manager", 1), ("Security Manager", "manager", 1),
                    ("Helpdesk Coordinator, Facilities", "staff", 1)]),
    "mer-est-sus": (("Head of Sustainability & Energy", "head"), [("Energy Manager", "manager", 1)]),
}

FIRST = """Oliver Amelia Harry Isla Mohammed Aisha Chloe Jack Sophie Thomas Emily Liam Zara Fatima Hamza Grace
Ewan Megan Rhys Ffion Niamh Ciaran Aoife Kwame Ama Tunde Funmilayo Wei Mei Anil Sunita Deepak Kiran Ayesha Bilal
Yusuf Maryam Katarzyna Piotr Andreea Mihai Lucy George Charlotte Samuel Joseph Eleanor Callum Fraser Morag Iain
Gwen Dylan Bethan Lowri Kofi Adaeze Chidi Ngozi Sanjay Harpreet Gurpreet Jaspreet Tariq Imogen Alfie Poppy Freya
Oscar Ruby Leo Mia Noah Elena Marco Giulia Ines Alice Michael Paul Susan Karen Gillian Alan Stephen Nicola Jasmine
Rohan Nadia Omar Layla Ibrahim Sean Bronwen Hywel Eilidh Ross Kirsty Donna Wayne Shauna Precious Abena Yaw Lin
Hui Ananya Vikram Meera Olga Tomas Joanna Marek Dominic Philippa Rupert Harriet Kieran Shannon Leah Abdul
Rukhsana""".split()

LAST = """Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Khan Ahmed Singh Kaur Begum Hussain Ali
Evans Thomas Roberts Walker Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris Lewis Martin
Jackson Turner Hill Scott Cooper Morris Ward Moore King Watson Baker Harrison Morgan Mensah Owusu Okoye Chen Wong
Li Nguyen Kowalczyk Nowicki Popescu O'Brien Murphy Kelly Campbell Stewart Reid Sharma Gupta Mistry Chauhan Rahman
Iqbal Choudhury Pritchard Llewellyn Price Bell Fletcher Armstrong Dunn Gallacher Boateng Asante Adewale Ferreira
Rossi Zielinski Novak Byrne Quinn Doherty Ramsay Sutherland Blackwood Okafor Achebe Malik Bhatt Desai Rowe Holt
Sinclair Lawson Carey Whitaker Fox Yates Henderson Mackay Bajwa Dhillon Sandhu Kapoor Lam Tan Adeleke Eze""".split()


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def unit_rows():
    """(unit id, parent id or None) in tree order."""
    def walk(specs, parent):
        for uid, _name, _fn, _hc, _ad, subs in specs:
            yield uid, parent
            yield from walk(subs, uid)
    return list(walk(UNITS, None))


def generate_staff(rng: random.Random) -> list[dict]:
    used_ids = {p["id"] for p in KEY}
    used_last = {p["name"].split()[-1] for p in KEY}
    people: list[dict] = []

    def new_person(title, seniority, unit, boss):
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            pid = f"mer-{slug(first)}-{slug(last)}"
            if pid not in used_ids and last not in used_last:
                break
        used_ids.add(pid)
        p = {"id": pid, "name": f"{first} {last}", "title": title, "seniority": seniority,
             "unit": unit, "reports_to": boss}
        people.append(p)
        return pid

    head_of: dict[str, str] = {}
    for uid, parent in unit_rows():
        head_spec, teams = STAFF[uid]
        parent_head = head_of.get(parent, "mer-graham-whitlock")
        if uid in HEADS:
            head = HEADS[uid]
        elif head_spec:
            head = new_person(head_spec[0], head_spec[1], uid, parent_head)
        else:
            raise SystemExit(f"unit {uid} has no head")
        head_of[uid] = head
        for team in teams:
            if isinstance(team[0], tuple):
                (lead_title, lead_sen), members = team
                lead = new_person(lead_title, lead_sen, uid, head)
                for title, sen, n in members:
                    for _ in range(n):
                        new_person(title, sen, uid, lead)
            else:
                title, sen, n = team
                for _ in range(n):
                    new_person(title, sen, uid, head)
    return people


# --- opportunities ---------------------------------------------------------------------------

def seat(person, roles, stance=None, influence=None):
    m = {"person": person, "roles": roles}
    if stance:
        m["stance"] = stance
    if influence:
        m["influence"] = influence
    return m


OPPORTUNITIES = [
    {"id": "mer-opp-analytics", "name": "Group Analytics Platform (kx-platform + kx-connect)",
     "stage": "Proposal", "amount": 920000, "currency": "GBP", "close_date": D("2027-03-31"),
     "ids": {"salesforce": "0068d00000QmAnLAAV"},
     "committee": [
         seat("mer-rachel-okafor", ["economic_buyer"], "neutral", "high"),
         seat("mer-anjali-desai", ["champion"], "supporter", "high"),
         seat("mer-adrian-cole", ["technical_buyer", "blocker"], "detractor", "high"),
         seat("mer-nkechi-adeyemi", ["evaluator"], "detractor", "medium"),
         seat("mer-ravi-chandran", ["technical_buyer"], "unknown", "medium"),
         seat("mer-gareth-pryce", ["user_buyer"], "supporter", "medium"),
         seat("mer-daniel-osei", ["evaluator"], "neutral", "medium"),
         seat("mer-laura-bennett", ["procurement"], "neutral", "medium"),
         seat("mer-helena-brooks", ["user_buyer", "influencer"], "unknown", "medium"),
         seat("mer-victoria-ashdown", ["influencer"], "unknown", "medium"),
     ],
     "empty_seats": ["legal"],
     "notes": [note("Business case goes to the Investment Panel on 2027-01-14. Everything runs through Anjali; "
                    "we need a second thread to the CFO before then.", "2026-11-12", "kes-james-whitfield")]},
    {"id": "mer-opp-capacity", "name": "Theatre & Bed Capacity Forecasting (kx-forecast)",
     "stage": "Discovery", "amount": 310000, "currency": "GBP", "close_date": D("2027-06-30"),
     "committee": [
         seat("mer-siobhan-gallagher", ["economic_buyer"], "unknown", "high"),
         seat("mer-tomasz-nowak", ["user_buyer"], "unknown", "medium"),
         seat("mer-sarah-lim", ["user_buyer", "evaluator"], "unknown", "medium"),
         seat("mer-anjali-desai", ["coach"], "supporter", "medium"),
         seat("mer-adrian-cole", ["technical_buyer"], "detractor", "high"),
     ],
     "empty_seats": ["champion"]},
    {"id": "mer-opp-costing", "name": "Patient-Level Costing & Pricing (kx-pricing)",
     "stage": "Negotiation", "amount": 145000, "currency": "GBP", "close_date": D("2027-02-26"),
     "committee": [
         seat("mer-anjali-desai", ["economic_buyer"], "supporter", "high"),
         seat("mer-daniel-osei", ["user_buyer", "champion"], "neutral", "medium"),
         seat("mer-laura-bennett", ["procurement"], "neutral", "low"),
         seat("mer-joseph-adebayo", ["procurement"], "neutral", "low"),
     ]},
    {"id": "mer-opp-finance-bi-2025", "name": "Finance BI rollout (kx-platform + kx-insights)",
     "stage": "Closed Won", "amount": 380000, "currency": "GBP", "close_date": D("2025-09-30"), "open": False,
     "committee": [
         seat("mer-anjali-desai", ["economic_buyer", "champion"], "supporter", "high"),
         seat("mer-gareth-pryce", ["user_buyer"], "supporter", "medium"),
     ]},
]


# --- writing ---------------------------------------------------------------------------------

class Flow(dict):
    """A mapping written on one line."""


class FlowList(list):
    """A list written on one line."""


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
Dumper.add_representer(FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def unit_doc(spec):
    uid, name, fn, hc, adoption, subs = spec
    out = {"id": uid, "name": name, "function": fn, "headcount": hc}
    if adoption:
        out["adoption"] = Flow({p: (Flow(v) if isinstance(v, dict) else v) for p, v in adoption.items()})
    if subs:
        out["units"] = [unit_doc(s) for s in subs]
    return out if (subs or adoption) else Flow(out)


PERSON_ORDER = ["id", "name", "title", "seniority", "unit", "reports_to", "roles", "stance", "influence",
                "last_contact", "knows", "influences", "notes"]


def person_doc(p):
    out = {key: p[key] for key in PERSON_ORDER if p.get(key) not in (None, [], {})}
    if "roles" in out:
        out["roles"] = FlowList(out["roles"])
    if "knows" in out:
        out["knows"] = [Flow({a: b for a, b in e.items() if b is not None}) for e in out["knows"]]
    if "influences" in out:
        out["influences"] = Flow(out["influences"])
    simple = not ({"knows", "influences", "notes", "roles", "stance"} & set(out))
    return Flow(out) if simple else out


def opp_doc(o):
    out = dict(o)
    out["committee"] = [Flow({**m, "roles": FlowList(m["roles"])}) for m in o["committee"]]
    if "empty_seats" in out:
        out["empty_seats"] = FlowList(out["empty_seats"])
    if "ids" in out:
        out["ids"] = Flow(out["ids"])
    return out


def tree_order(people):
    """Managers before their reports, depth first from the CEO."""
    children: dict[str | None, list[dict]] = {}
    for p in people:
        children.setdefault(p.get("reports_to"), []).append(p)
    out = []

    def walk(pid):
        for c in children.get(pid, []):
            out.append(c)
            walk(c["id"])
    walk(None)
    assert len(out) == len(people), "someone is outside the reporting tree"
    return out


def main() -> None:
    rng = random.Random(SEED)
    people = tree_order(KEY + generate_staff(rng))
    org = {
        "id": "meridian",
        "name": "Meridian Health Group",
        "kind": "client",
        "industry": "Healthcare",
        "country": "GB",
        "tier": "key",
        "value": 2400000,
        "currency": "GBP",
        "ids": Flow({"salesforce": "0018d00000MrdHGAA1"}),
        "notes": [(note("UK hospital group, three hospitals, ~9,800 staff. Kestrel is in Finance only; "
                            "Digital & IT runs Power BI.", "2026-11-12", "kes-james-whitfield"))],
        "units": [unit_doc(u) for u in UNITS],
        "people": [person_doc(p) for p in people],
        "opportunities": [opp_doc(o) for o in OPPORTUNITIES],
    }
    header = (
        "# kamgraph sample data: Meridian Health Group, a UK hospital group (key account).\n"
        "# GENERATED by samples/make_meridian.py (fixed seed): edit the script, not this file.\n"
        "# The stories this map tells are in the script's docstring.\n"
    )
    text = yaml.dump({"version": 1, "organisations": [org]}, Dumper=Dumper, sort_keys=False,
                     allow_unicode=True, width=200, default_flow_style=False)
    OUT.write_text(header + text, encoding="utf-8")
    print(f"wrote {OUT} ({len(people)} people)")


if __name__ == "__main__":
    main()
