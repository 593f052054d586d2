// Schema, created on a store's first write. Every statement is idempotent (IF NOT EXISTS),
// so running them on every open of a store costs a few round trips and changes nothing.

// name: schema_organisation_id
// Organisation ids are unique (and indexed: every look-up by id uses it).
CREATE CONSTRAINT kamgraph_organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE

// name: schema_unit_id
// Unit ids are unique.
CREATE CONSTRAINT kamgraph_unit_id IF NOT EXISTS FOR (n:Unit) REQUIRE n.id IS UNIQUE

// name: schema_product_id
// Product ids are unique.
CREATE CONSTRAINT kamgraph_product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE

// name: schema_person_id
// Person ids are unique.
CREATE CONSTRAINT kamgraph_person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE

// name: schema_opportunity_id
// Opportunity ids are unique.
CREATE CONSTRAINT kamgraph_opportunity_id IF NOT EXISTS FOR (n:Opportunity) REQUIRE n.id IS UNIQUE

// name: schema_person_org
// An account's people are found by their organisation's id.
CREATE INDEX kamgraph_person_org IF NOT EXISTS FOR (n:Person) ON (n.org)

// name: schema_unit_org
// An account's units are found by their organisation's id.
CREATE INDEX kamgraph_unit_org IF NOT EXISTS FOR (n:Unit) ON (n.org)

// name: schema_opportunity_account
// An account's opportunities are found by the account's id.
CREATE INDEX kamgraph_opportunity_account IF NOT EXISTS FOR (n:Opportunity) ON (n.account)

// name: schema_organisation_kind
// Client accounts and our own organisation are found by kind.
CREATE INDEX kamgraph_organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind)

// name: schema_lock_id
// One lock node per id: two first writers cannot each create their own.
CREATE CONSTRAINT kamgraph_lock_id IF NOT EXISTS FOR (n:KamgraphLock) REQUIRE n.id IS UNIQUE
