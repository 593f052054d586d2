// Informal power: (:Person)-[:INFLUENCES {weight}]->(:Person), source to target.
// Read queries return one row: rows, a list of {a (the source), b (the target), props}.

// name: influences_get
// The INFLUENCES relationships for these pairs ($keys: [{a, b}], a the source).
UNWIND $keys AS k
MATCH (x:Person {id: k.a})-[r:INFLUENCES]->(y:Person {id: k.b})
USING INDEX SEEK x:Person(id)
USING INDEX SEEK y:Person(id)
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
USING INDEX SEEK x:Person(id)
MATCH (y:Person {id: row.b})
USING INDEX SEEK y:Person(id)
CREATE (x)-[r:INFLUENCES]->(y)
SET r = row.props
RETURN count(*) AS written

// name: influences_upsert
// Create or update INFLUENCES relationships ($rows: [{a, b, props}]); counts the rows
// written.
UNWIND $rows AS row
MATCH (x:Person {id: row.a})
USING INDEX SEEK x:Person(id)
MATCH (y:Person {id: row.b})
USING INDEX SEEK y:Person(id)
MERGE (x)-[r:INFLUENCES]->(y)
SET r += row.props
RETURN count(*) AS written

// name: influences_delete
// Delete INFLUENCES relationships by pair ($keys: [{a, b}]).
UNWIND $keys AS k
MATCH (x:Person {id: k.a})-[r:INFLUENCES]->(y:Person {id: k.b})
USING INDEX SEEK x:Person(id)
USING INDEX SEEK y:Person(id)
DELETE r

// name: influences_among
// The INFLUENCES relationships of the people with ids $ids, either way (the store keeps those whose
// other end is among the people it wants: a filter on that end here would let the planner
// start from a scan of every person id).
UNWIND $ids AS id
MATCH (seed:Person {id: id})-[r:INFLUENCES]-(:Person)
USING INDEX SEEK seed:Person(id)
WITH DISTINCT r
RETURN collect({a: startNode(r).id, b: endNode(r).id, props: r {.*}}) AS rows

// name: influences_team
// The INFLUENCES relationships between our own people (of organisations of kind $own), found from
// those organisations, in the server: only their outgoing ones are followed (see knows_team).
MATCH (:Organisation {kind: $own})<-[:MEMBER_OF]-(x:Person)
WITH DISTINCT x
CALL (x) {
  MATCH (x)-[r:INFLUENCES]->(y:Person)
  WHERE EXISTS { (y)-[:MEMBER_OF]->(:Organisation {kind: $own}) }
  RETURN r, y
}
RETURN collect({a: x.id, b: y.id, props: r {.*}}) AS rows

// name: influences_naming
// The INFLUENCES relationships of person $id, either way.
MATCH (x:Person {id: $id})-[r:INFLUENCES]-(:Person)
USING INDEX SEEK x:Person(id)
RETURN collect({a: startNode(r).id, b: endNode(r).id, props: r {.*}}) AS rows
