// Units: business units, departments and teams. (:Unit {id, name, function, headcount,
// budget})-[:UNIT_OF]->(:Organisation), and -[:PART_OF]->(:Unit) for a unit inside another.
// Read queries return one row, rows: a list of {eid, props, refs {org, parent}}.

// name: units_get
// The units with these ids ($ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Unit {id: id})
USING INDEX SEEK n:Unit(id)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {org: [(n)-[:UNIT_OF]->(o:Organisation) | o.id],
       parent: [(n)-[:PART_OF]->(p:Unit) | p.id]}}) AS rows

// name: units_all
// Every unit.
MATCH (n:Unit)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {org: [(n)-[:UNIT_OF]->(o:Organisation) | o.id],
       parent: [(n)-[:PART_OF]->(p:Unit) | p.id]}}) AS rows

// name: units_of_account
// The units of one organisation ($org).
MATCH (org:Organisation {id: $org})<-[:UNIT_OF]-(n:Unit)
USING INDEX SEEK org:Organisation(id)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {org: [(n)-[:UNIT_OF]->(o:Organisation) | o.id],
       parent: [(n)-[:PART_OF]->(p:Unit) | p.id]}}) AS rows

// name: units_create
// Create units that are not in the store yet ($rows: [{id, props}], checked by the write),
// giving back their elementIds in order.
UNWIND $rows AS row
CREATE (n:Unit)
SET n = row.props
RETURN collect(elementId(n)) AS nodes

// name: units_upsert
// Create or update units by id ($rows: [{id, props}]), giving back their elementIds.
UNWIND $rows AS row
MERGE (n:Unit {id: row.id})
SET n += row.props
RETURN collect(elementId(n)) AS nodes

// name: units_link_org
// (:Unit)-[:UNIT_OF]->(:Organisation) for each row {id, org}; counts the rows linked, so a
// missing organisation shows as a shortfall.
UNWIND $rows AS row
MATCH (n:Unit {id: row.id})
USING INDEX SEEK n:Unit(id)
MATCH (o:Organisation {id: row.org})
USING INDEX SEEK o:Organisation(id)
CREATE (n)-[:UNIT_OF]->(o)
RETURN count(*) AS linked

// name: units_link_parent
// (:Unit)-[:PART_OF]->(:Unit) for each row {id, parent}; counts the rows linked.
UNWIND $rows AS row
MATCH (n:Unit {id: row.id})
USING INDEX SEEK n:Unit(id)
MATCH (p:Unit {id: row.parent})
USING INDEX SEEK p:Unit(id)
CREATE (n)-[:PART_OF]->(p)
RETURN count(*) AS linked

// name: units_delete
// Delete units by id ($ids) with their relationships.
UNWIND $ids AS id
MATCH (n:Unit {id: id})
USING INDEX SEEK n:Unit(id)
DETACH DELETE n
