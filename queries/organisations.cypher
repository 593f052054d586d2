// Organisations: client accounts, our own company, third parties.
// (:Organisation {id, name, kind, industry, country, tier, value, currency}), with
// -[:HAS_NOTE]->(:Note) and -[:HAS_ID]->(:ExternalId). Read queries return one
// row, rows: a list of {eid, props, notes, ids}.

// name: organisations_get
// The organisations with these ids ($ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Organisation {id: id})
USING INDEX SEEK n:Organisation(id)
RETURN collect({eid: elementId(n), props: n {.*}, notes: [(n)-[:HAS_NOTE]->(x:Note) | x {.*}],
       ids: [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}]}) AS rows

// name: organisations_all
// Every organisation.
MATCH (n:Organisation)
RETURN collect({eid: elementId(n), props: n {.*}, notes: [(n)-[:HAS_NOTE]->(x:Note) | x {.*}],
       ids: [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}]}) AS rows

// name: organisations_create
// Create organisations that are not in the store yet ($rows: [{id, props}], checked by the write),
// giving back their elementIds in order.
UNWIND $rows AS row
CREATE (n:Organisation)
SET n = row.props
RETURN collect(elementId(n)) AS nodes

// name: organisations_upsert
// Create or update organisations by id ($rows: [{id, props}]), giving back their elementIds.
UNWIND $rows AS row
MERGE (n:Organisation {id: row.id})
SET n += row.props
RETURN collect(elementId(n)) AS nodes

// name: organisations_delete
// Delete organisations by id ($ids) with their relationships, notes and outside ids.
UNWIND $ids AS id
MATCH (n:Organisation {id: id})
USING INDEX SEEK n:Organisation(id)
OPTIONAL MATCH (n)-[:HAS_NOTE|HAS_ID]->(d)
DETACH DELETE d, n

// name: organisations_naming
// The ids of organisations with notes (a superset of what an erasure rewrites).
MATCH (n:Organisation)
WHERE EXISTS { (n)-[:HAS_NOTE]->(:Note) }
RETURN n.id AS id

// name: accounts_summary
// Every organisation of kind $client with how many people it has and its opportunities'
// properties.
MATCH (n:Organisation {kind: $client})
RETURN elementId(n) AS eid, n {.*} AS props,
       COUNT { (:Person)-[:MEMBER_OF]->(n) } AS people,
       COLLECT { MATCH (x:Opportunity)-[:FOR_ACCOUNT]->(n) RETURN x {.*} } AS opportunities
