// Units: business units, departments and teams. (:Unit)-[:UNIT_OF]->(:Organisation), and
// (:Unit)-[:PART_OF]->(:Unit) for a unit inside another.

// name: units_get
// The units with these ids ($ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Unit {id: id})
RETURN n.id AS key, n.data AS data

// name: units_all
// Every unit.
MATCH (n:Unit)
RETURN n.data AS data

// name: units_upsert
// Create or replace units by id ($rows: [{id, props}]) and drop their outgoing UNIT_OF and
// PART_OF relationships: units_link_org and units_link_parent draw them again.
UNWIND $rows AS row
MERGE (n:Unit {id: row.id})
SET n = row.props
WITH n
OPTIONAL MATCH (n)-[old:UNIT_OF|PART_OF]->()
DELETE old
RETURN count(DISTINCT n) AS written

// name: units_link_org
// (:Unit)-[:UNIT_OF]->(:Organisation) for each row {id, org}; counts the rows linked, so a
// missing organisation shows as a shortfall.
UNWIND $rows AS row
MATCH (n:Unit {id: row.id})
MATCH (o:Organisation {id: row.org})
MERGE (n)-[:UNIT_OF]->(o)
RETURN count(*) AS linked

// name: units_link_parent
// (:Unit)-[:PART_OF]->(:Unit) for each row {id, parent}; counts the rows linked.
UNWIND $rows AS row
MATCH (n:Unit {id: row.id})
MATCH (p:Unit {id: row.parent})
MERGE (n)-[:PART_OF]->(p)
RETURN count(*) AS linked

// name: units_delete
// Delete units by id ($ids) with their relationships.
UNWIND $ids AS id
MATCH (n:Unit {id: id})
DETACH DELETE n

// name: units_of_account
// The units of one organisation ($org).
MATCH (n:Unit {org: $org})
RETURN n.data AS data
