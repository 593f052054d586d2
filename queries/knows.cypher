// Who knows whom: one (:Person)-[:KNOWS]->(:Person) relationship per pair, drawn from the
// smaller id to the larger (the acquaintance itself is undirected). `data` holds the record.

// name: knows_get
// The KNOWS relationships for these pairs ($keys: [{a, b}] with a < b); missing pairs give
// no row.
UNWIND $keys AS k
MATCH (:Person {id: k.a})-[r:KNOWS]->(:Person {id: k.b})
RETURN k.a AS a, k.b AS b, r.data AS data

// name: knows_all
// Every KNOWS relationship.
MATCH (:Person)-[r:KNOWS]->(:Person)
RETURN r.data AS data

// name: knows_upsert
// Create or replace KNOWS relationships ($rows: [{a, b, props}]); counts the rows written,
// so a missing person shows as a shortfall.
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[r:KNOWS]->(b)
SET r = row.props
RETURN count(*) AS written

// name: knows_delete
// Delete KNOWS relationships by pair ($keys: [{a, b}]).
UNWIND $keys AS k
MATCH (:Person {id: k.a})-[r:KNOWS]->(:Person {id: k.b})
DELETE r

// name: knows_among
// The KNOWS relationships between people whose ids are all in $ids.
UNWIND $ids AS id
MATCH (:Person {id: id})-[r:KNOWS]->(b:Person)
WHERE b.id IN $ids
RETURN r.data AS data

// name: knows_naming
// The KNOWS relationships of person $id.
MATCH (:Person {id: $id})-[r:KNOWS]-(:Person)
RETURN r.data AS data
