// People: (:Person {id, name, title, seniority, roles, stance, influence, email, url, phone,
// last_contact, left}). Its organisation is its one (:Person)-[:MEMBER_OF]->(:Organisation), its
// unit an -[:IN_UNIT]->(:Unit), its manager a -[:REPORTS_TO]->(:Person); notes and ids from
// other systems hang off it: -[:HAS_NOTE]->(:Note), -[:HAS_ID]->(:ExternalId).
// Read queries return one row, rows: a list of {eid, props, refs {org, unit, reports_to},
// notes, ids}; the people_find queries return those as columns, one row per person.

// name: people_get
// The people with these ids ($ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Person {id: id})
USING INDEX SEEK n:Person(id)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {org: [(n)-[:MEMBER_OF]->(o:Organisation) | o.id],
       unit: [(n)-[:IN_UNIT]->(u:Unit) | u.id], reports_to: [(n)-[:REPORTS_TO]->(m:Person) | m.id]},
       notes: [(n)-[:HAS_NOTE]->(x:Note) | x {.*}], ids: [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}]}) AS rows

// name: people_all
// Every person (a whole-graph read: export, copy, lint).
MATCH (n:Person)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {org: [(n)-[:MEMBER_OF]->(o:Organisation) | o.id],
       unit: [(n)-[:IN_UNIT]->(u:Unit) | u.id], reports_to: [(n)-[:REPORTS_TO]->(m:Person) | m.id]},
       notes: [(n)-[:HAS_NOTE]->(x:Note) | x {.*}], ids: [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}]}) AS rows

// name: people_of_account
// The people of one organisation ($org).
MATCH (org:Organisation {id: $org})<-[:MEMBER_OF]-(n:Person)
USING INDEX SEEK org:Organisation(id)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {org: [(n)-[:MEMBER_OF]->(o:Organisation) | o.id],
       unit: [(n)-[:IN_UNIT]->(u:Unit) | u.id], reports_to: [(n)-[:REPORTS_TO]->(m:Person) | m.id]},
       notes: [(n)-[:HAS_NOTE]->(x:Note) | x {.*}], ids: [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}]}) AS rows

// name: people_of_own_organisations
// Our own people: everyone in an organisation of kind $own.
MATCH (:Organisation {kind: $own})<-[:MEMBER_OF]-(n:Person)
RETURN collect({eid: elementId(n), props: n {.*}, refs: {org: [(n)-[:MEMBER_OF]->(o:Organisation) | o.id],
       unit: [(n)-[:IN_UNIT]->(u:Unit) | u.id], reports_to: [(n)-[:REPORTS_TO]->(m:Person) | m.id]},
       notes: [(n)-[:HAS_NOTE]->(x:Note) | x {.*}], ids: [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}]}) AS rows

// name: people_around
// The ids of everyone who knows, sways or is swayed by one of the people with ids $ids
// (either way): the introduction routes into an account.
UNWIND $ids AS id
MATCH (seed:Person {id: id})-[:KNOWS|INFLUENCES]-(n:Person)
USING INDEX SEEK seed:Person(id)
RETURN collect(DISTINCT n.id) AS ids

// name: people_find
// Candidates for a people search: the full-text index $index (id, name, title, e-mail,
// folded) queried with $query, by name then id. The store checks each candidate exactly.
CALL db.index.fulltext.queryNodes($index, $query) YIELD node
WITH node AS n
WHERE n:Person
WITH n ORDER BY n.name, n.id
RETURN elementId(n) AS eid, n {.*} AS props,
       {org: [(n)-[:MEMBER_OF]->(o:Organisation) | o.id], unit: [(n)-[:IN_UNIT]->(u:Unit) | u.id],
        reports_to: [(n)-[:REPORTS_TO]->(m:Person) | m.id]} AS refs,
       [(n)-[:HAS_NOTE]->(x:Note) | x {.*}] AS notes, [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}] AS ids

// name: people_find_everyone
// Candidates for a search that the index cannot narrow (a needle with no letter or digit
// outside a stop word): every person, by name then id.
MATCH (n:Person)
WITH n ORDER BY n.name, n.id
RETURN elementId(n) AS eid, n {.*} AS props,
       {org: [(n)-[:MEMBER_OF]->(o:Organisation) | o.id], unit: [(n)-[:IN_UNIT]->(u:Unit) | u.id],
        reports_to: [(n)-[:REPORTS_TO]->(m:Person) | m.id]} AS refs,
       [(n)-[:HAS_NOTE]->(x:Note) | x {.*}] AS notes, [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}] AS ids

// name: people_find_in_org
// Candidates for a search inside organisation $org: its people, by name then id.
MATCH (org:Organisation {id: $org})<-[:MEMBER_OF]-(n:Person)
USING INDEX SEEK org:Organisation(id)
WITH n ORDER BY n.name, n.id
RETURN elementId(n) AS eid, n {.*} AS props,
       {org: [(n)-[:MEMBER_OF]->(o:Organisation) | o.id], unit: [(n)-[:IN_UNIT]->(u:Unit) | u.id],
        reports_to: [(n)-[:REPORTS_TO]->(m:Person) | m.id]} AS refs,
       [(n)-[:HAS_NOTE]->(x:Note) | x {.*}] AS notes, [(n)-[:HAS_ID]->(x:ExternalId) | x {.*}] AS ids

// name: people_naming
// The ids of people other than $id who report to $id or have notes: a superset of the
// records an erasure rewrites (it decides note by note).
MATCH (n:Person)
WHERE n.id <> $id AND (EXISTS { (n)-[:REPORTS_TO]->(:Person {id: $id}) } OR EXISTS { (n)-[:HAS_NOTE]->(:Note) })
RETURN n.id AS id

// name: people_create
// Create people that are not in the store yet, each a member of its organisation ($rows:
// [{id, props, org}], checked by the write), giving back their elementIds in order (a row
// whose organisation is not in the store makes nothing: the write counts them and refuses).
UNWIND $rows AS row
MATCH (o:Organisation {id: row.org})
USING INDEX SEEK o:Organisation(id)
CREATE (n:Person)-[:MEMBER_OF]->(o)
SET n = row.props
RETURN collect(elementId(n)) AS nodes

// name: people_create_in_unit
// people_create for people in a unit ($rows: [{id, props, org, unit}]): also -[:IN_UNIT]->.
UNWIND $rows AS row
MATCH (o:Organisation {id: row.org})
USING INDEX SEEK o:Organisation(id)
MATCH (u:Unit {id: row.unit})
USING INDEX SEEK u:Unit(id)
CREATE (o)<-[:MEMBER_OF]-(n:Person)-[:IN_UNIT]->(u)
SET n = row.props
RETURN collect(elementId(n)) AS nodes

// name: people_upsert
// Create or update people by id ($rows: [{id, props}]; a null in props removes that
// property, properties of your own stay), and give back each node's elementId.
UNWIND $rows AS row
MERGE (n:Person {id: row.id})
SET n += row.props
RETURN collect(elementId(n)) AS nodes

// name: people_link_org
// (:Person)-[:MEMBER_OF]->(:Organisation) for each row {id, org}; counts the rows linked.
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
USING INDEX SEEK n:Person(id)
MATCH (o:Organisation {id: row.org})
USING INDEX SEEK o:Organisation(id)
CREATE (n)-[:MEMBER_OF]->(o)
RETURN count(*) AS linked

// name: people_link_unit
// (:Person)-[:IN_UNIT]->(:Unit) for each row {id, unit}; counts the rows linked.
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
USING INDEX SEEK n:Person(id)
MATCH (u:Unit {id: row.unit})
USING INDEX SEEK u:Unit(id)
CREATE (n)-[:IN_UNIT]->(u)
RETURN count(*) AS linked

// name: people_link_manager
// (:Person)-[:REPORTS_TO]->(:Person) for each row {id, manager}; counts the rows linked.
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
USING INDEX SEEK n:Person(id)
MATCH (m:Person {id: row.manager})
USING INDEX SEEK m:Person(id)
CREATE (n)-[:REPORTS_TO]->(m)
RETURN count(*) AS linked

// name: people_delete
// Delete people by id ($ids) with every relationship, note and outside id they have.
UNWIND $ids AS id
MATCH (n:Person {id: id})
USING INDEX SEEK n:Person(id)
OPTIONAL MATCH (n)-[:HAS_NOTE|HAS_ID]->(d)
DETACH DELETE d, n
