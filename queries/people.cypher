// People. (:Person)-[:MEMBER_OF]->(:Organisation), -[:IN_UNIT]->(:Unit) and
// -[:REPORTS_TO]->(:Person) mirror the record's org, unit and reports_to fields.

// name: people_get
// The people with these ids ($ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Person {id: id})
RETURN n.id AS key, n.data AS data

// name: people_all
// Every person.
MATCH (n:Person)
RETURN n.data AS data

// name: people_upsert
// Create or replace people by id ($rows: [{id, props}]) and drop their outgoing MEMBER_OF,
// IN_UNIT and REPORTS_TO relationships: the people_link_* queries draw them again. KNOWS,
// INFLUENCES, committee seats and the reporting lines of their own reports are kept.
UNWIND $rows AS row
MERGE (n:Person {id: row.id})
SET n = row.props
WITH n
OPTIONAL MATCH (n)-[old:MEMBER_OF|IN_UNIT|REPORTS_TO]->()
DELETE old
RETURN count(DISTINCT n) AS written

// name: people_link_org
// (:Person)-[:MEMBER_OF]->(:Organisation) for each row {id, org}; counts the rows linked.
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
MATCH (o:Organisation {id: row.org})
MERGE (n)-[:MEMBER_OF]->(o)
RETURN count(*) AS linked

// name: people_link_unit
// (:Person)-[:IN_UNIT]->(:Unit) for each row {id, unit}; counts the rows linked.
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
MATCH (u:Unit {id: row.unit})
MERGE (n)-[:IN_UNIT]->(u)
RETURN count(*) AS linked

// name: people_link_manager
// (:Person)-[:REPORTS_TO]->(:Person) for each row {id, manager}; counts the rows linked.
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
MATCH (m:Person {id: row.manager})
MERGE (n)-[:REPORTS_TO]->(m)
RETURN count(*) AS linked

// name: people_delete
// Delete people by id ($ids) with every relationship they have.
UNWIND $ids AS id
MATCH (n:Person {id: id})
DETACH DELETE n

// name: people_of_account
// The people of one organisation ($org).
MATCH (n:Person {org: $org})
RETURN n.data AS data

// name: people_of_own_organisations
// Our own people: everyone in an organisation of kind $own.
MATCH (n:Person)-[:MEMBER_OF]->(:Organisation {kind: $own})
RETURN n.data AS data

// name: people_around_account
// People outside organisation $org who know, sway or are swayed by one of its people (in
// either direction): the introduction routes into the account.
MATCH (:Person {org: $org})-[:KNOWS|INFLUENCES]-(n:Person)
WHERE n.org <> $org
RETURN DISTINCT n.id AS key, n.data AS data

// name: people_find
// People whose id, name, title or e-mail, folded to lower case without accents ($needle,
// folded the same way; '' matches everyone), by name then id, at most $limit.
MATCH (n:Person)
WHERE any(s IN n.search WHERE s CONTAINS $needle)
RETURN n.data AS data
ORDER BY n.name, n.id
LIMIT $limit

// name: people_find_in_org
// As people_find, inside organisation $org only.
MATCH (n:Person {org: $org})
WHERE any(s IN n.search WHERE s CONTAINS $needle)
RETURN n.data AS data
ORDER BY n.name, n.id
LIMIT $limit

// name: people_naming
// People other than $id who report to $id or have a note that contains one of $words (the
// person's id, e-mail and names; `mentions` holds each note's text and author, folded as
// $words are). A superset: the erasure decides note by note.
MATCH (n:Person)
WHERE n.id <> $id
  AND (n.reports_to = $id
       OR any(m IN n.mentions WHERE any(w IN $words WHERE m CONTAINS w)))
RETURN n.data AS data
