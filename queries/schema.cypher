// Schema, made when a store is first written. Every statement is idempotent (IF NOT EXISTS).

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

// name: schema_lock_id
// The write lock's node is one per id.
CREATE CONSTRAINT kamgraph_lock_id IF NOT EXISTS FOR (n:KamgraphLock) REQUIRE n.id IS UNIQUE

// name: schema_organisation_kind
// Client accounts and our own organisation are found by kind.
CREATE INDEX kamgraph_organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind)

// name: schema_external_id
// A record is found by its id in another system (Salesforce, HubSpot…).
CREATE INDEX kamgraph_external_id IF NOT EXISTS FOR (n:ExternalId) ON (n.system, n.value)

// name: schema_person_search
// People search: id, name, title and e-mail, tokenised, lower-cased and folded to ASCII.
CREATE FULLTEXT INDEX kamgraph_person_search IF NOT EXISTS FOR (n:Person) ON EACH [n.id, n.name, n.title, n.email]
OPTIONS {indexConfig: {`fulltext.analyzer`: $analyzer}}

// name: schema_indexes
// The names of the kamgraph indexes and constraints that exist, and whether each is online.
SHOW INDEXES YIELD name, state
WHERE name STARTS WITH $prefix
RETURN name, state

// name: schema_await
// Wait until every index is online (a new full-text index fills in the background).
CALL db.awaitIndexes($seconds)

// name: schema_drop_old_index
// Drop an index of kamgraph's first layout ($name), whose property is now a relationship.
DROP INDEX $name IF EXISTS

// name: schema_change_first
// Change sets are numbered by their first entry once each (and found by number).
CREATE CONSTRAINT kamgraph_change_first IF NOT EXISTS FOR (n:ChangeSet) REQUIRE n.first IS UNIQUE

// name: schema_change_since
// What changed since a date: change sets by time.
CREATE INDEX kamgraph_change_since IF NOT EXISTS FOR (n:ChangeSet) ON (n.at)

// name: schema_change_search
// A record's, an organisation's or a person's history: the change sets that name them, each
// id whole and exact (analyzer $keyword), by record key, organisation, person and field.
CREATE FULLTEXT INDEX kamgraph_change_search IF NOT EXISTS
FOR (n:ChangeSet) ON EACH [n.key, n.keys, n.org, n.orgs, n.people, n.field, n.fields]
OPTIONS {indexConfig: {`fulltext.analyzer`: $keyword}}

// name: schema_drop_old_constraint
// Drop a constraint of an earlier layout ($name): the change log's one node per entry.
DROP CONSTRAINT $name IF EXISTS
