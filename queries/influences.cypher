// Informal power: (:Person)-[:INFLUENCES {weight}]->(:Person), source to target.

// name: influences_get
// The INFLUENCES relationships for these pairs ($keys: [{a, b}], a the source).
UNWIND $keys AS k
MATCH (:Person {id: k.a})-[r:INFLUENCES]->(:Person {id: k.b})
RETURN k.a AS a, k.b AS b, r.data AS data

// name: influences_all
// Every INFLUENCES relationship.
MATCH (:Person)-[r:INFLUENCES]->(:Person)
RETURN r.data AS data

// name: influences_upsert
// Create or replace INFLUENCES relationships ($rows: [{a, b, props}]); counts the rows
// written.
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[r:INFLUENCES]->(b)
SET r = row.props
RETURN count(*) AS written

// name: influences_delete
// Delete INFLUENCES relationships by pair ($keys: [{a, b}]).
UNWIND $keys AS k
MATCH (:Person {id: k.a})-[r:INFLUENCES]->(:Person {id: k.b})
DELETE r

// name: influences_among
// The INFLUENCES relationships between people whose ids are all in $ids.
UNWIND $ids AS id
MATCH (:Person {id: id})-[r:INFLUENCES]->(b:Person)
WHERE b.id IN $ids
RETURN r.data AS data

// name: influences_naming
// The INFLUENCES relationships of person $id, either way.
MATCH (:Person {id: $id})-[r:INFLUENCES]-(:Person)
RETURN r.data AS data
