// Informal power: (:Person)-[:INFLUENCES {weight}]->(:Person), source to target.
// Read queries return one row: rows, a list of {a (the source), b (the target), props}.

// name: influences_get
// The INFLUENCES relationships for these pairs ($keys: [{a, b}], a the source).
UNWIND $keys AS k
MATCH (x:Person {id: k.a})-[r:INFLUENCES]->(y:Person {id: k.b})
RETURN collect({a: x.id, b: y.id, props: r {.*}}) AS rows

// name: influences_all
// Every INFLUENCES relationship.
MATCH (x:Person)-[r:INFLUENCES]->(y:Person)
RETURN collect({a: x.id, b: y.id, props: r {.*}}) AS rows

// name: influences_create
// Create INFLUENCES relationships that are not in the store yet ($rows: [{a, b, props}], checked
// by the write); counts the rows written, so a missing end shows as a shortfall.
UNWIND $rows AS row
MATCH (x:Person {id: row.a})
MATCH (y:Person {id: row.b})
CREATE (x)-[r:INFLUENCES]->(y)
SET r = row.props
RETURN count(*) AS written

// name: influences_upsert
// Create or update INFLUENCES relationships ($rows: [{a, b, props}]); counts the rows
// written.
UNWIND $rows AS row
MATCH (x:Person {id: row.a})
MATCH (y:Person {id: row.b})
MERGE (x)-[r:INFLUENCES]->(y)
SET r += row.props
RETURN count(*) AS written

// name: influences_delete
// Delete INFLUENCES relationships by pair ($keys: [{a, b}]).
UNWIND $keys AS k
MATCH (x:Person {id: k.a})-[r:INFLUENCES]->(y:Person {id: k.b})
DELETE r

// name: influences_among
// The INFLUENCES relationships with an end among the people with ids $ids and both ends among
// $among (the hint: from each id, not from a scan of $among's index).
UNWIND $ids AS id
MATCH (x:Person {id: id})-[r:INFLUENCES]-(y:Person)
USING INDEX x:Person(id)
WHERE y.id IN $among
WITH DISTINCT r
RETURN collect({a: startNode(r).id, b: endNode(r).id, props: r {.*}}) AS rows

// name: influences_naming
// The INFLUENCES relationships of person $id, either way.
MATCH (x:Person {id: $id})-[r:INFLUENCES]-(:Person)
RETURN collect({a: startNode(r).id, b: endNode(r).id, props: r {.*}}) AS rows
