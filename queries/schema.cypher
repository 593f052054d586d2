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

// name: schema_change_seq
// Change-log entries are numbered once each (and found by number).
CREATE CONSTRAINT kamgraph_change_seq IF NOT EXISTS FOR (n:Change) REQUIRE n.seq IS UNIQUE

// name: schema_change_record
// A record's history: entries by collection and key.
CREATE INDEX kamgraph_change_record IF NOT EXISTS FOR (n:Change) ON (n.collection, n.key)

// name: schema_change_org
// An account's history: entries by organisation.
CREATE INDEX kamgraph_change_org IF NOT EXISTS FOR (n:Change) ON (n.org)

// name: schema_change_at
// What changed since a date: entries by time.
CREATE INDEX kamgraph_change_at IF NOT EXISTS FOR (n:Change) ON (n.at)

// name: schema_change_field
// Entries by field (erasure reads the notes').
CREATE INDEX kamgraph_change_field IF NOT EXISTS FOR (n:Change) ON (n.field)
