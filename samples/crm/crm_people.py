"""The people, accounts and deals of the CRM samples (read by make_crm.py).

Everything here is invented. Two client accounts:

* **Ashgrove Insurance Group plc** (Bristol, a UK insurer; a prospect, amounts in GBP), owned
  in Salesforce by James Whitfield. The Claims Analytics deal has its decision-maker (the
  Chief Claims Officer) and its economic buyer (the CFO, not met since June); the Pricing pilot
  has two "primary" contacts.
* **Grupo Alimentario Cantábrico S.A.** (Santander, a Spanish food group with a logistics
  subsidiary, *Cantábrico Logística*, on its own e-mail domain; a customer, amounts in EUR),
  owned by Lucía Fernández Ortega; James Whitfield owns the IT contacts he met. An executive
  chairwoman and a CEO each head a tree. The demand-planning deal is in negotiation with the
  CFO as economic buyer; last year's licence renewal was won.

Rows are (key, salutation, first name, last name, title, department, manager key,
last contact [, account key, e-mail]). Staff beyond these are generated from the FILLERS
tables with make_crm.py's seeded generator.
"""

from __future__ import annotations

import datetime as dt

EXPORTED = dt.date(2026, 11, 16)  # the day the exports were taken
UK_FILE = "salesforce/Contact_ashgrove_dataloader.csv"
ES_FILE = "salesforce/Contact_cantabrico_excel_es.csv"
ROLES_FILE = "salesforce/OpportunityContactRole.csv"
HUBSPOT_CONTACTS = f"hubspot/hubspot-crm-exports-all-contacts-{EXPORTED.isoformat()}.csv"
HUBSPOT_COMPANIES = f"hubspot/hubspot-crm-exports-all-companies-{EXPORTED.isoformat()}.csv"

UK_KEY, ES_KEY, UK_OTHER_ACCOUNT = "ashgrove", "cantabrico", "ashgrove-life"
UK_OWNER, ES_OWNER = "user-uk", "user-es"
USER_NAMES = {UK_OWNER: "James Whitfield", ES_OWNER: "Lucía Fernández Ortega"}
UK_DOMAIN = "ashgrove-insurance.example"
ES_DOMAIN, ES_SUB_DOMAIN, ES_SUB_DEPT = "grupo-cantabrico.example", "cantabrico-logistica.example", "Logística"
EMOJI = " \U0001f30a"  # U+1F30A WATER WAVE: 4 bytes in UTF-8
UK_DUPLICATE_TITLE = "Snr Claims Mgr"

ACCOUNTS = {
    UK_KEY: {"name": "Ashgrove Insurance Group plc", "type": "Prospect", "industry": "Insurance",
             "city": "Bristol", "state": "Bristol", "postcode": "BS1 6QF", "country": "United Kingdom",
             "employees": "4800", "revenue": "2100000000", "currency": "GBP",
             "website": "www.ashgrove-insurance.example", "owner": UK_OWNER, "created": "2019-02-14T10:22:51.000Z"},
    ES_KEY: {"name": "Grupo Alimentario Cantábrico S.A.", "type": "Customer - Direct", "industry": "Food & Beverage",
             "city": "Santander", "state": "Cantabria", "postcode": "39011", "country": "Spain",
             "employees": "7300", "revenue": "1650000000", "currency": "EUR",
             "website": "https://www.grupo-cantabrico.example", "owner": ES_OWNER,
             "created": "2019-10-03T08:47:12.000Z"},
}

UK_PEOPLE = [
    ("uk-ceo", "Mr.", "Alistair", "Pemberton", "Group Chief Executive Officer", "Executive", None, "2026-09-30"),
    ("uk-cfo", "Ms.", "Fiona", "Carmichael", "Chief Financial Officer", "Finance", "uk-ceo", "2026-06-18"),
    ("uk-cco", "Mrs.", "Bethan", "Rowlands", "Chief Claims Officer", "Claims", "uk-ceo", "2026-11-04"),
    ("uk-cio", "Dr.", "Rajesh", "Khanna", "Chief Information Officer", "Technology", "uk-ceo", "2026-10-21"),
    ("uk-cuo", "Mr.", "Declan", "O'Sullivan", "Chief Underwriting Officer", "Underwriting", "uk-ceo", "2026-08-27"),
    ("uk-cro", "Ms.", "Harriet", "Ellingham", "Chief Risk Officer", "Risk & Compliance", "uk-ceo", ""),
    ("uk-coo", "", "Adaeze", "Nnamdi", "Chief Operating Officer", "Customer Operations", "uk-ceo", "2026-10-02"),
    ("uk-findir", "", "Nicola", "Ashby", "Finance Director, General Insurance", "Finance", "uk-cfo", "2026-07-15"),
    ("uk-fpa", "Mr.", "Kieran", "Doyle", "Head of Financial Planning & Analysis", "Finance", "uk-findir", ""),
    ("uk-actuary", "Dr.", "Eilidh", "Forsyth", "Chief Actuary", "Finance", "uk-cfo", "2026-03-12"),
    ("uk-proc", "Ms.", "Samira", "Haddou", "Head of Procurement", "Procurement", "uk-cfo", "2026-10-28"),
    ("uk-data", "", "Tomasz", "Kowalczyk", "Head of Data & Analytics", "Data & Analytics", "uk-cio", "2026-11-11"),
    ("uk-arch", "", "Hannah", "Lister", "Enterprise Architect", "Technology", "uk-cio", "2026-10-09"),
    ("uk-itops", "Mr.", "Niall", "Gorman", "Head of IT Operations", "Technology", "uk-cio", ""),
    ("uk-claimsops", "Mr.", "Gavin", "Thwaite", "Director of Claims Operations", "Claims", "uk-cco", "2026-10-30"),
    ("uk-fraud", "", "Ifeoma", "Balogun", "Head of Claims Fraud", "Claims", "uk-cco", "2026-05-20"),
    ("uk-morven", "Ms.", "Morven", "Baxter", "Senior Claims Manager, Motor", "Claims", "uk-claimsops", "2026-09-09"),
    ("uk-scotland", "Mr.", "Lachlan", "Munro", "Regional Claims Manager, Scotland", "Claims", "uk-claimsops", ""),
    ("uk-pricing", "Mr.", "Callum", "Reid", "Head of Pricing, Motor & Home", "Underwriting", "uk-cuo", "2026-10-16"),
    ("uk-uwmgr", "", "Priyanka", "Sharma", "Underwriting Manager, Commercial Lines", "Underwriting", "uk-cuo", ""),
    ("uk-custops", "Ms.", "Jasmine", "Akhtar", "Head of Customer Operations", "Customer Operations", "uk-coo", ""),
    ("uk-contact", "Mr.", "Liam", "Costello", "Contact Centre Manager", "Customer Operations", "uk-custops", ""),
    ("uk-compliance", "Mrs.", "Gwen", "Pryce", "Head of Compliance", "Risk & Compliance", "uk-cro", ""),
    ("uk-marketing", "Mr.", "Rupert", "Halloran", "Marketing Director", "Marketing", "uk-coo", ""),
    ("uk-emoji", "", "Oliver", "Tremayne", "Marine Cargo Underwriter", "Underwriting", "uk-uwmgr", ""),
    ("uk-nofirst", "Ms.", "Shona", "Fairbairn", "Underwriting Assistant", "Underwriting", "uk-uwmgr", ""),
    ("uk-fifteen", "", "Bronwen", "Llewellyn", "Data Engineer", "Data & Analytics", "uk-data", "2026-10-01"),
    ("uk-left1", "Mr.", "Marcus", "Feeney", "Claims Team Leader", "Claims", "uk-claimsops", "2025-02-11"),
    ("uk-left2", "Ms.", "Tamsin", "Crowe", "Procurement Analyst", "Procurement", "uk-proc", ""),
    ("uk-private", "Mr.", "Edwin", "Trelawny", "Independent Claims Consultant", "Claims", None, "2025-11-20",
     "none", "edwin@trelawny-consulting.example"),
    ("uk-life", "Ms.", "Rosalind", "Pike", "Head of Protection Products", "Underwriting", None, "",
     UK_OTHER_ACCOUNT, "rosalind.pike@ashgrove-life.example"),
]
#: (department, manager keys, how many, titles (for a man, for a woman))
UK_FILLERS = [
    ("Claims", "uk-claimsops uk-morven uk-fraud", 6,
     [("Claims Handler", "Claims Handler"), ("Senior Claims Handler", "Senior Claims Handler"),
      ("Fraud Investigator", "Fraud Investigator")]),
    ("Finance", "uk-findir uk-fpa", 3, [("Financial Analyst", "Financial Analyst"),
                                        ("Financial Controller", "Financial Controller")]),
    ("Underwriting", "uk-pricing uk-uwmgr", 4, [("Pricing Analyst", "Pricing Analyst"),
                                                ("Commercial Underwriter", "Commercial Underwriter")]),
    ("Technology", "uk-arch uk-itops", 3, [("Solution Architect", "Solution Architect"),
                                           ("IT Service Manager", "IT Service Manager")]),
    ("Data & Analytics", "uk-data", 3, [("Data Scientist", "Data Scientist"), ("BI Developer", "BI Developer")]),
    ("Customer Operations", "uk-custops uk-contact", 3,
     [("Customer Service Team Leader", "Customer Service Team Leader"),
      ("Complaints Specialist", "Complaints Specialist")]),
    ("Risk & Compliance", "uk-compliance uk-cro", 2, [("Compliance Analyst", "Compliance Analyst"),
                                                      ("Operational Risk Manager", "Operational Risk Manager")]),
    ("Procurement", "uk-proc", 1, [("Category Manager, IT", "Category Manager, IT")]),
    ("Marketing", "uk-marketing", 2, [("Brand Manager", "Brand Manager"),
                                      ("CRM Marketing Lead", "CRM Marketing Lead")]),
]
UK_FIRST = [("Aisha", "f"), ("Ben", "m"), ("Chloe", "f"), ("Daniel", "m"), ("Eleanor", "f"), ("Farhan", "m"),
            ("Grace", "f"), ("Hamish", "m"), ("Imogen", "f"), ("Jack", "m"), ("Kiran", "f"), ("Laura", "f"),
            ("Mohammed", "m"), ("Niamh", "f"), ("Owen", "m"), ("Rory", "m"), ("Siân", "f"), ("Theo", "m"),
            ("Victoria", "f"), ("William", "m"), ("Yasmin", "f"), ("Zoë", "f"), ("Adebayo", "m"), ("Catriona", "f"),
            ("Euan", "m"), ("Lowri", "f"), ("Kwame", "m"), ("Ffion", "f")]
UK_LAST = ["Whitcombe", "Ashfield", "Brennan", "Chaudhry", "Davies", "Fitzgerald", "Gallagher", "Holt", "Iqbal",
           "Jenkins", "Kerr", "Lambert", "McAllister", "Nwosu", "Pearce", "Quinlan", "Rahman", "Stewart",
           "Taylor-Wood", "Underwood", "Vaughan", "Wójcik", "Yates", "Hughes", "Morgan", "Lloyd", "Patel", "Ó Briain"]
UK_ADDRESSES = [("Ashgrove House, 1 Temple Way", "Bristol", "BS1 6QF"), ("Harbourside Claims Centre", "Bristol",
                                                                         "BS1 5TT"),
                ("40 Queen Square", "Bristol", "BS1 4QP")]
#: two-line MailingStreet values (one holds a comma too)
UK_MULTILINE_STREETS = {"uk-arch": "Ashgrove House\nTemple Way",
                        "uk-fraud": "Unit 7, Aztec West Business Park\nAlmondsbury",
                        "uk-uwmgr": "Underwriting Centre\nCribbs Causeway"}
UK_MULTILINE_POSTCODE = {"uk-arch": "BS1 6QF", "uk-fraud": "BS32 4RT", "uk-uwmgr": "BS10 7TL"}
UK_OWNED_BY_OTHER: set[str] = set()
UK_DEFECTS = {"dangling": "uk-scotland", "cycle": ("uk-custops", "uk-contact"), "self": "uk-compliance",
              "missing_first": "uk-nofirst", "emoji": "uk-emoji", "fifteen": "uk-fifteen",
              "deleted": ("uk-left1", "uk-left2"), "no_account": "uk-private", "not_found": "uk-life",
              "duplicate": "uk-morven"}

ES_PEOPLE = [
    ("es-pres", "Sra.", "Amaia", "Goikoetxea Urrutia", "Presidenta Ejecutiva", "Presidencia", None, "2026-07-02"),
    ("es-ceo", "Sr.", "Fernando José", "Herrero de la Cuesta", "Consejero Delegado", "Dirección General", None,
     "2026-10-08"),
    ("es-secgen", "Sra.", "Elena", "Barrenetxea Solís", "Secretaria General y del Consejo", "Presidencia", "es-pres",
     ""),
    ("es-audit", "Sr.", "Ramón", "Villanueva Oñate", "Director de Auditoría Interna", "Auditoría Interna", "es-pres",
     "2026-02-17"),
    ("es-cfo", "Sra.", "María Luisa", "Peñalosa Ibáñez", "Directora Financiera (CFO)", "Finanzas", "es-ceo",
     "2026-09-24"),
    ("es-control", "Sr.", "Guillermo", "Sainz de Baranda Ruiz",
     "Responsable de Control de Gestión; Responsable de Reporting", "Finanzas", "es-cfo", "2026-10-14"),
    ("es-treasury", "Sra.", "Covadonga", "Trueba Lastra", "Jefa de Tesorería", "Finanzas", "es-cfo", ""),
    ("es-purch", "Sr.", "Joaquín", "Ordóñez Prieto", "Director de Compras", "Compras", "es-ceo", "2026-10-27"),
    ("es-nameless", "Sr.", "Javier", "Lamadrid Soto", "Jefe de Compras de Materias Primas", "Compras", "es-purch",
     "2026-06-03"),
    ("es-maite", "Sra.", "Maite", "Gorostiza Real", "Técnica de Compras", "Compras", "es-nameless", ""),
    ("es-buyer2", "Sr.", "Andoni", "Uriarte Pardo", "Comprador de Materias Primas", "Compras", "es-nameless",
     "2026-09-02"),
    ("es-ops", "Sr.", "Santiago", "Cuesta Arrabal", "Director de Operaciones y Producción", "Operaciones y Producción",
     "es-ceo", "2026-11-05"),
    ("es-plan", "Sra.", "Rocío", "Mañas Gallardo", "Jefa de Planificación de la Demanda", "Operaciones y Producción",
     "es-ops", "2026-11-12"),
    ("es-plant", "Sr.", "Eneko", "Olabarría Sánchez", "Director de Planta (Torrelavega)", "Operaciones y Producción",
     "es-ops", ""),
    ("es-quality", "Sr.", "José Ramón", "Lavín Cobo", "Jefe de Calidad", "Calidad", "es-ops", "2026-04-22"),
    ("es-cio", "Sra.", "Nuria", "Castaño Villalba", "Directora de Tecnología y Sistemas", "Tecnología y Sistemas",
     "es-ceo", "2026-10-19"),
    ("es-datos", "Sr.", "Xabier", "Arregi Fuentes", "Jefe de Datos y Analítica", "Tecnología y Sistemas", "es-cio",
     "2026-11-03"),
    ("es-log", "Sr.", "Unai", "Etxeberria Sáenz", "Director General de Cantábrico Logística", "Logística", "es-ceo",
     "2026-08-06"),
    ("es-routes", "Sra.", "Itziar", "Zabala Mendoza", "Jefa de Planificación de Rutas", "Logística", "es-log",
     "2026-09-15"),
    ("es-dup", "Sr.", "Iker", "Portilla Cubillas", "Jefe de Almacén (Muriedas)", "Logística", "es-routes",
     "2026-10-20"),
    ("es-sales", "Sra.", "Ainara", "Zubizarreta Gil", "Directora Comercial y de Marketing", "Comercial y Marketing",
     "es-ceo", ""),
    ("es-kam", "Sra.", "Lidia", "Revilla Bárcena", "Key Account Manager Gran Distribución", "Comercial y Marketing",
     "es-sales", ""),
    ("es-people", "Sra.", "Inmaculada", "Pérez de Albéniz", "Directora de Personas", "Personas", "es-ceo", ""),
]
ES_FILLERS = [
    ("Finanzas", "es-cfo es-control es-treasury", 5,
     [("Analista Financiero", "Analista Financiera"), ("Técnico de Contabilidad", "Técnica de Contabilidad"),
      ("Jefe de Contabilidad", "Jefa de Contabilidad")]),
    ("Compras", "es-purch", 3, [("Comprador de Envases", "Compradora de Envases"),
                                ("Técnico de Compras Indirectas", "Técnica de Compras Indirectas")]),
    ("Operaciones y Producción", "es-ops es-plant es-plan", 7,
     [("Jefe de Turno", "Jefa de Turno"), ("Planificador de Producción", "Planificadora de Producción"),
      ("Ingeniero de Procesos", "Ingeniera de Procesos"), ("Técnico de Mantenimiento", "Técnica de Mantenimiento")]),
    ("Logística", "es-log es-routes", 5, [("Coordinador de Transporte", "Coordinadora de Transporte"),
                                          ("Responsable de Almacén", "Responsable de Almacén"),
                                          ("Gestor de Flota", "Gestora de Flota")]),
    ("Tecnología y Sistemas", "es-cio es-datos", 5,
     [("Arquitecto de Datos", "Arquitecta de Datos"), ("Analista de Sistemas", "Analista de Sistemas"),
      ("Jefe de Proyecto SAP", "Jefa de Proyecto SAP")]),
    ("Comercial y Marketing", "es-sales", 4, [("Jefe de Producto", "Jefa de Producto"),
                                              ("Responsable de Trade Marketing", "Responsable de Trade Marketing")]),
    ("Calidad", "es-quality", 2, [("Técnico de Calidad", "Técnica de Calidad")]),
    ("Personas", "es-people", 2, [("Técnico de Selección", "Técnica de Selección"),
                                  ("Responsable de Formación", "Responsable de Formación")]),
    ("Auditoría Interna", "es-audit", 1, [("Auditor Interno", "Auditora Interna")]),
]
ES_FIRST = [("María José", "f"), ("José Antonio", "m"), ("Juan Carlos", "m"), ("Ana Belén", "f"),
            ("Francisco Javier", "m"), ("Aitor", "m"), ("Beatriz", "f"), ("Carlos", "m"), ("Dolores", "f"),
            ("Esteban", "m"), ("Gonzalo", "m"), ("Leire", "f"), ("Marcos", "m"), ("Óscar", "m"), ("Paula", "f"),
            ("Raquel", "f"), ("Sergio", "m"), ("Teresa", "f"), ("Víctor", "m"), ("Zuriñe", "f"), ("Ángela", "f"),
            ("Jesús", "m"), ("Xabier", "m"), ("Eneko", "m"), ("Nagore", "f"), ("Íñigo", "m"), ("Montserrat", "f"),
            ("Ander", "m")]
ES_LAST = ["García", "Fernández", "Martínez", "Sánchez", "Gómez", "Díaz", "Ruiz", "Ibáñez", "Castaño", "Peña",
           "Cañizares", "Núñez", "Olabarría", "Revilla", "Sainz", "Quintana", "Hoyos", "Toca", "Gutiérrez",
           "Bárcena", "Cobo", "de la Hoz", "del Campo", "Mazón", "Trueba", "Samperio", "Lastra", "Muñoz", "Echániz"]
COMPOUND_SURNAMES = ["Sainz de Baranda", "Pérez de Albéniz", "de la Hoz", "del Campo"]
ES_CITIES = {"Logística": ["Santander", "Muriedas", "Muriedas", "Bilbao"],
             "Operaciones y Producción": ["Torrelavega", "Torrelavega", "Santander", "Reinosa"],
             "Comercial y Marketing": ["Santander", "Madrid"]}
ES_OWNED_BY_OTHER = {"es-cio", "es-datos"}  # James Whitfield met the IT side at the group's data project
ES_DEFECTS = {"dangling": "es-kam", "whitespace": "es-routes", "fifteen": "es-datos", "missing_last": "es-maite",
              "nameless": "es-nameless", "no_email": ("es-quality", "es-people"), "duplicate_row": "es-dup",
              "delimiter": "es-control", "roots": ("es-pres", "es-ceo")}

OPPORTUNITIES = {
    "opp-claims": {"account": UK_KEY, "name": "Ashgrove - Claims Analytics Platform", "stage": "Proposal/Price Quote",
                   "amount": "480000.00", "currency": "GBP", "close": "2027-02-26", "type": "New Business",
                   "owner": UK_OWNER},
    "opp-pricing": {"account": UK_KEY, "name": "Ashgrove - Pricing Engine Pilot", "stage": "Id. Decision Makers",
                    "amount": "150000.00", "currency": "GBP", "close": "2027-05-28", "type": "New Business",
                    "owner": UK_OWNER},
    "opp-demand": {"account": ES_KEY, "name": "Cantábrico - Previsión de Demanda y Reposición",
                   "stage": "Negotiation/Review", "amount": "560000.00", "currency": "EUR", "close": "2027-01-29",
                   "type": "New Business", "owner": ES_OWNER},
    "opp-routes": {"account": ES_KEY, "name": "Cantábrico Logística - Optimización de Rutas", "stage": "Qualification",
                   "amount": "210000.00", "currency": "EUR", "close": "2027-06-30", "type": "New Business",
                   "owner": ES_OWNER},
    "opp-renewal": {"account": ES_KEY, "name": "Cantábrico - Renovación Licencias 2026", "stage": "Closed Won",
                    "amount": "160000.00", "currency": "EUR", "close": "2026-03-31", "type": "Existing Business",
                    "owner": ES_OWNER},
}
CUSTOM_ROLE = "Procurement"  # a value this org added to the Role picklist
UNKNOWN_CONTACT = "(unknown)"
#: opportunity → (contact key, Role, IsPrimary)
COMMITTEES = {
    "opp-claims": [("uk-cco", "Decision Maker", True), ("uk-cfo", "Economic Buyer", False),
                   ("uk-data", "Technical Buyer", False), ("uk-claimsops", "Business User", False),
                   ("uk-proc", CUSTOM_ROLE, False), ("uk-cio", "Evaluator", False), ("uk-fraud", "Influencer", False),
                   ("uk-morven", "Business User", False), ("uk-left1", "Business User", False),
                   ("uk-arch", "Evaluator", False)],
    "opp-pricing": [("uk-cuo", "Decision Maker", True), ("uk-pricing", "Influencer", True),
                    ("uk-actuary", "Evaluator", False), ("uk-findir", "Economic Decision Maker", False),
                    ("uk-uwmgr", "", False), (UNKNOWN_CONTACT, "Business User", False), ("uk-cro", "Other", False)],
    "opp-demand": [("es-ops", "Decision Maker", True), ("es-cfo", "Economic Buyer", False),
                   ("es-cio", "Technical Buyer", False), ("es-plan", "Influencer", False),
                   ("es-datos", "Evaluator", False), ("es-ceo", "Executive Sponsor", False),
                   ("es-purch", "Evaluator", False), ("es-control", "Business User", False),
                   ("es-quality", "Other", False)],
    "opp-routes": [("es-log", "Economic Decision Maker", True), ("es-routes", "Business User", False),
                   ("es-datos", "Technical Buyer", False), ("es-cfo", "Influencer", False),
                   ("es-dup", "Business User", False)],
    "opp-renewal": [("es-cio", "Decision Maker", True), ("es-cfo", "Economic Buyer", False),
                    ("es-datos", "Business User", False), ("es-plan", "Business User", False),
                    ("es-treasury", "Other", False)],
}
DUPLICATE_SEAT = ("opp-claims", "uk-data", "Technical Buyer")
DELETED_SEAT = ("opp-claims", "uk-left1", "Business User")
UNKNOWN_SEAT = ("opp-pricing", UNKNOWN_CONTACT, "Business User")
EMPTY_SEAT = ("opp-pricing", "uk-uwmgr", "")
CUSTOM_SEAT = ("opp-claims", "uk-proc", CUSTOM_ROLE)
TWO_PRIMARY = "opp-pricing"

LUCIA, JAMES = USER_NAMES[ES_OWNER], USER_NAMES[UK_OWNER]
#: HubSpot contacts that are Salesforce contacts too: (key, Buying Role, Lifecycle Stage, Lead Status, owner)
HUBSPOT_MATCHED = [
    ("es-pres", "", "Customer", "", LUCIA), ("es-ceo", "Executive Sponsor", "Customer", "Connected", LUCIA),
    ("es-secgen", "", "Lead", "", ""), ("es-audit", "Blocker", "Marketing Qualified Lead", "Open Deal", ""),
    ("es-cfo", "Budget Holder", "Opportunity", "Open Deal", LUCIA),
    ("es-control", "End User", "Opportunity", "In Progress", LUCIA), ("es-treasury", "", "Customer", "", ""),
    ("es-purch", "Influencer", "Opportunity", "Open Deal", LUCIA), ("es-buyer2", "End User", "Lead", "New", ""),
    ("es-ops", "Decision Maker", "Opportunity", "Open Deal", LUCIA),
    ("es-plan", "Champion", "Opportunity", "Open Deal", LUCIA), ("es-plant", "Influencer", "Lead", "", ""),
    ("es-cio", "Influencer", "Customer", "Connected", JAMES), ("es-datos", "End User", "Customer", "Connected", JAMES),
    ("es-log", "Decision Maker", "Sales Qualified Lead", "In Progress", LUCIA),
    ("es-routes", "End User", "Sales Qualified Lead", "Attempted to Contact", ""),
    ("es-sales", "", "Marketing Qualified Lead", "", ""), ("es-kam", "", "Lead", "Unqualified", ""),
    ("es-dup", "End User", "Lead", "", ""), ("es-maite", "", "Lead", "", ""),
    ("es-quality", "Decision Maker", "Marketing Qualified Lead", "Bad Timing", LUCIA),  # matches by name only
]
#: HubSpot has the e-mail Salesforce lacks
HUBSPOT_EMAIL_FOR = {"es-quality": f"joseramon.lavin@{ES_DOMAIN}"}
NAME_MATCH = "es-quality"
#: people only HubSpot knows: first, last, e-mail, title, Buying Role, Lifecycle Stage, Lead Status, owner
HUBSPOT_ONLY = [
    ("Lorena", "Bedia Quintana", f"lorena.bedia@{ES_DOMAIN}", "Responsable de Compras Indirectas", "Influencer",
     "Marketing Qualified Lead", "Open", ""),
    ("Aritz", "Larrañaga Ochoa", f"aritz.larranaga@{ES_DOMAIN}", "Analista de Datos", "End User", "Lead", "New",
     JAMES),
    ("Marina", "Solórzano Pérez", f"marina.solorzano@{ES_SUB_DOMAIN}", "Jefa de Tráfico", "Champion",
     "Sales Qualified Lead", "In Progress", LUCIA),
]
HUBSPOT_GROUP_ID, HUBSPOT_SUB_ID, HUBSPOT_UK_ID, HUBSPOT_PROSPECT_ID = \
    "31904417725", "31904417761", "31904418003", "31904418090"


def hubspot_companies() -> list[list[str]]:
    """HubSpot's companies export: the group, its subsidiary (own domain, no contacts of its own),
    the UK insurer under a shorter name than Salesforce's, and a prospect Salesforce does not have."""
    return [
        ["Record ID", "Company name", "Company owner", "Create Date", "Phone Number", "Last Activity Date", "City",
         "Country/Region", "Industry", "Company Domain Name", "Annual Revenue", "Number of Employees",
         "Parent Company", "Lifecycle Stage"],
        [HUBSPOT_GROUP_ID, ACCOUNTS[ES_KEY]["name"], LUCIA, "2022-05-19 11:04", "+34 942 31 80 00",
         "2026-11-12 09:05", "Santander", "Spain", "Food & Beverages", ES_DOMAIN, "1650000000", "7300", "",
         "Customer"],
        [HUBSPOT_SUB_ID, "Cantábrico Logística S.L.U.", LUCIA, "2023-02-08 16:30", "", "2026-09-15 12:40",
         "Muriedas", "Spain", "Logistics and Supply Chain", f"https://www.{ES_SUB_DOMAIN}/", "210000000", "640",
         HUBSPOT_GROUP_ID, "Customer"],
        [HUBSPOT_UK_ID, "Ashgrove Insurance", JAMES, "2024-01-22 10:15", "+44 117 496 0100", "2026-11-04 15:00",
         "Bristol", "United Kingdom", "Insurance", UK_DOMAIN, "2100000000", "4800", "", "Opportunity"],
        [HUBSPOT_PROSPECT_ID, "Kittiwake Ferries Ltd", JAMES, "2025-06-30 08:45", "", "", "Plymouth",
         "United Kingdom", "Maritime", "kittiwake-ferries.example", "", "850", "", "Lead"],
    ]


def first_surname(last: str) -> str:
    """``'Sainz de Baranda Ruiz'`` → ``'Sainz de Baranda'``; ``'Peña Núñez'`` → ``'Peña'``."""
    for s in sorted(COMPOUND_SURNAMES, key=len, reverse=True):
        if last == s or last.startswith(s + " "):
            return s
    return last.split()[0] if last else ""


def second_surname(last: str) -> str:
    return last[len(first_surname(last)):].strip()
