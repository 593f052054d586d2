// Who knows whom: one (:Person)-[:KNOWS {strength, last_contact, source}]->(:Person) per
// pair. The acquaintance is undirected: kamgraph draws it from the smaller id to the
// larger, and reads one drawn the other way (in Browser) just the same.
// Each piece of evidence behind it (a meeting, a call, an e-mail, a LinkedIn connection) is
// one (:Person)-[:INTERACTED_WITH {kind, date, source, ref, note}]->(:Person) between the
// same two people, drawn the same way; one drawn the other way reads the same.
// Read queries return one row: rows, a list of {a, b (the two ids), props, evidence}.

// name: knows_get
// The KNOWS relationships for these pairs ($keys: [{a, b}]), either way round.
UNWIND $keys AS k
MATCH (x:Person {id: k.a})-[r:KNOWS]-(y:Person {id: k.b})
USING INDEX SEEK x:Person(id)
USING INDEX SEEK y:Person(id)
RETURN collect({a: startNode(r).id, b: endNode(r).id, props: r {.*}, evidence: [(x)-[e:INTERACTED_WITH]-(y) | e {.*}]}) AS rows

// name: knows_all
// Every KNOWS relationship.
MATCH (x:Person)-[r:KNOWS]->(y:Person)
RETURN collect({a: x.id, b: y.id, props: r {.*}, evidence: [(x)-[e:INTERACTED_WITH]-(y) | e {.*}]}) AS rows

// name: knows_create
// Create KNOWS relationships that are not in the store yet ($rows: [{a, b, props}], checked
// by the write); counts the rows written, so a missing end shows as a shortfall.
UNWIND $rows AS row
MATCH (x:Person {id: row.a})
USING INDEX SEEK x:Person(id)
MATCH (y:Person {id: row.b})
USING INDEX SEEK y:Person(id)
CREATE (x)-[r:KNOWS]->(y)
SET r = row.props
RETURN count(*) AS written

// name: knows_upsert
// Create or update KNOWS relationships ($rows: [{a, b, props}], a < b; one drawn b to a is
// replaced); counts the rows written, so a missing person shows as a shortfall.
UNWIND $rows AS row
MATCH (x:Person {id: row.a})
USING INDEX SEEK x:Person(id)
MATCH (y:Person {id: row.b})
USING INDEX SEEK y:Person(id)
WITH x, y, row, [(y)-[back:KNOWS]->(x) | back] AS backs
FOREACH (back IN backs | DELETE back)
MERGE (x)-[r:KNOWS]->(y)
SET r += row.props
RETURN count(*) AS written

// name: knows_evidence
// Draw the evidence of KNOWS relationships again ($rows: [{a, b, evidence: [{kind, date,
// source, ref, note}]}], a < b): the pair's INTERACTED_WITH, either way round, are replaced.
UNWIND $rows AS row
MATCH (x:Person {id: row.a})
USING INDEX SEEK x:Person(id)
MATCH (y:Person {id: row.b})
USING INDEX SEEK y:Person(id)
WITH x, y, row, [(x)-[old:INTERACTED_WITH]-(y) | old] AS olds
FOREACH (old IN olds | DELETE old)
FOREACH (e IN row.evidence | CREATE (x)-[i:INTERACTED_WITH]->(y) SET i = e)

// name: knows_delete
// Delete KNOWS relationships by pair ($keys: [{a, b}]), either way round.
UNWIND $keys AS k
MATCH (x:Person {id: k.a})-[r:KNOWS]-(y:Person {id: k.b})
USING INDEX SEEK x:Person(id)
USING INDEX SEEK y:Person(id)
WITH x, y, r, [(x)-[e:INTERACTED_WITH]-(y) | e] AS evidence
FOREACH (e IN evidence | DELETE e)
DELETE r

// name: knows_among
// The KNOWS relationships of the people with ids $ids, either way (the store keeps those whose
// other end is among the people it wants: a filter on that end here would let the planner
// start from a scan of every person id).
UNWIND $ids AS id
MATCH (seed:Person {id: id})-[r:KNOWS]-(:Person)
USING INDEX SEEK seed:Person(id)
WITH DISTINCT r
WITH r, startNode(r) AS x, endNode(r) AS y
RETURN collect({a: x.id, b: y.id, props: r {.*}, evidence: [(x)-[e:INTERACTED_WITH]-(y) | e {.*}]}) AS rows

// name: knows_team
// The KNOWS relationships between our own people (of organisations of kind $own), found from
// those organisations, in the server. Each is outgoing from one of them, whichever way it is
// drawn, so only their outgoing KNOWS are followed: left to itself, the planner started from
// the other end and walked the KNOWS into our people from every account (15,000 of them in
// the 100,000-person portfolio: 60 ms of a 100 ms account read).
MATCH (:Organisation {kind: $own})<-[:MEMBER_OF]-(x:Person)
WITH DISTINCT x
CALL (x) {
  MATCH (x)-[r:KNOWS]->(y:Person)
  WHERE EXISTS { (y)-[:MEMBER_OF]->(:Organisation {kind: $own}) }
  RETURN r, y
}
RETURN collect({a: x.id, b: y.id, props: r {.*}, evidence: [(x)-[e:INTERACTED_WITH]-(y) | e {.*}]}) AS rows

// name: knows_naming
// The KNOWS relationships of person $id, and every one whose evidence carries a note (the
// erasure reads each note: one may name them).
CALL () {
  MATCH (seed:Person {id: $id})-[r:KNOWS]-(:Person)
  USING INDEX SEEK seed:Person(id)
  RETURN r
  UNION
  MATCH (:Person)-[e:INTERACTED_WITH]-(:Person)
  WHERE e.note IS NOT NULL
  MATCH (p:Person)-[r:KNOWS]-(q:Person)
  WHERE (p = startNode(e) AND q = endNode(e))
  RETURN r
}
WITH DISTINCT r
WITH r, startNode(r) AS x, endNode(r) AS y
RETURN collect({a: x.id, b: y.id, props: r {.*}, evidence: [(x)-[e:INTERACTED_WITH]-(y) | e {.*}]}) AS rows
