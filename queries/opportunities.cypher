// Opportunities: (:Opportunity {id, name, stage, amount, currency, close_date, open,
// empty_seats})-[:FOR_ACCOUNT]->(:Organisation). Each member of the buying committee is
// (:Person)-[:ON_COMMITTEE {roles, stance, influence, mode, primary, source, position}]->
// (:Opportunity), carrying that deal's roles and stance. Notes and outside ids as for people.
// Read queries return one row, rows: a list of {eid, props, refs {account}, committee
// [{person, props}], notes, ids} (the people_find queries: one row per person).

// name: opportunities_get
// The opportunities with these ids ($ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Opportunity {id: id})
USING INDEX SEEK n:Opportunity(id)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {account: [(n)-[:FOR_ACCOUNT]->(o:Organisation) | o.id]},
       committee: [(p:Person)-[s:ON_COMMITTEE]->(n) | {person: p.id, props: s {.*}}],
       notes: [(n)-[:HAS_NOTE]->(x:Note) | x {.*}], ids: [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}]}) AS rows

// name: opportunities_all
// Every opportunity.
MATCH (n:Opportunity)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {account: [(n)-[:FOR_ACCOUNT]->(o:Organisation) | o.id]},
       committee: [(p:Person)-[s:ON_COMMITTEE]->(n) | {person: p.id, props: s {.*}}],
       notes: [(n)-[:HAS_NOTE]->(x:Note) | x {.*}], ids: [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}]}) AS rows

// name: opportunities_of_account
// The opportunities on one account ($org).
MATCH (org:Organisation {id: $org})<-[:FOR_ACCOUNT]-(n:Opportunity)
USING INDEX SEEK org:Organisation(id)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {account: [(n)-[:FOR_ACCOUNT]->(o:Organisation) | o.id]},
       committee: [(p:Person)-[s:ON_COMMITTEE]->(n) | {person: p.id, props: s {.*}}],
       notes: [(n)-[:HAS_NOTE]->(x:Note) | x {.*}], ids: [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}]}) AS rows

// name: opportunities_create
// Create opportunities that are not in the store yet ($rows: [{id, props}], checked by the write),
// giving back their elementIds in order.
UNWIND $rows AS row
CREATE (n:Opportunity)
SET n = row.props
RETURN collect(elementId(n)) AS nodes

// name: opportunities_upsert
// Create or update opportunities by id ($rows: [{id, props}]), giving back their elementIds.
UNWIND $rows AS row
MERGE (n:Opportunity {id: row.id})
SET n += row.props
RETURN collect(elementId(n)) AS nodes

// name: opportunities_link_account
// (:Opportunity)-[:FOR_ACCOUNT]->(:Organisation) for each row {id, account}; counts the rows
// linked.
UNWIND $rows AS row
MATCH (n:Opportunity {id: row.id})
USING INDEX SEEK n:Opportunity(id)
MATCH (o:Organisation {id: row.account})
USING INDEX SEEK o:Organisation(id)
CREATE (n)-[:FOR_ACCOUNT]->(o)
RETURN count(*) AS linked

// name: opportunities_link_committee
// (:Person)-[:ON_COMMITTEE]->(:Opportunity) for each row {id, person, props}; counts the
// rows linked.
UNWIND $rows AS row
MATCH (n:Opportunity {id: row.id})
USING INDEX SEEK n:Opportunity(id)
MATCH (p:Person {id: row.person})
USING INDEX SEEK p:Person(id)
CREATE (p)-[seat:ON_COMMITTEE]->(n)
SET seat = row.props
RETURN count(*) AS linked

// name: opportunities_delete
// Delete opportunities by id ($ids) with their relationships (committee seats included),
// notes and outside ids.
UNWIND $ids AS id
MATCH (n:Opportunity {id: id})
USING INDEX SEEK n:Opportunity(id)
OPTIONAL MATCH (n)-[:HAS_NOTE|HAS_ID]->(d)
DETACH DELETE d, n

// name: opportunities_naming
// The ids of opportunities on whose committee person $id sits, or that have notes.
MATCH (n:Opportunity)
WHERE EXISTS { (:Person {id: $id})-[:ON_COMMITTEE]->(n) } OR EXISTS { (n)-[:HAS_NOTE]->(:Note) }
RETURN n.id AS id
