// Opportunities. (:Opportunity)-[:FOR_ACCOUNT]->(:Organisation), and each member of the
// buying committee (:Person)-[:ON_COMMITTEE {roles, stance, influence, mode}]->(:Opportunity)
// carrying that deal's roles and stance.

// name: opportunities_get
// The opportunities with these ids ($ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Opportunity {id: id})
RETURN n.id AS key, n.data AS data

// name: opportunities_all
// Every opportunity.
MATCH (n:Opportunity)
RETURN n.data AS data

// name: opportunities_upsert
// Create or replace opportunities by id ($rows: [{id, props}]) and drop their FOR_ACCOUNT
// and ON_COMMITTEE relationships: the opportunities_link_* queries draw them again.
UNWIND $rows AS row
MERGE (n:Opportunity {id: row.id})
SET n = row.props
WITH n
OPTIONAL MATCH (n)-[old:FOR_ACCOUNT]->()
DELETE old
WITH DISTINCT n
OPTIONAL MATCH ()-[seat:ON_COMMITTEE]->(n)
DELETE seat
RETURN count(DISTINCT n) AS written

// name: opportunities_link_account
// (:Opportunity)-[:FOR_ACCOUNT]->(:Organisation) for each row {id, account}; counts the rows
// linked.
UNWIND $rows AS row
MATCH (n:Opportunity {id: row.id})
MATCH (o:Organisation {id: row.account})
MERGE (n)-[:FOR_ACCOUNT]->(o)
RETURN count(*) AS linked

// name: opportunities_link_committee
// (:Person)-[:ON_COMMITTEE]->(:Opportunity) for each row {id, person, props}; counts the
// rows linked.
UNWIND $rows AS row
MATCH (n:Opportunity {id: row.id})
MATCH (p:Person {id: row.person})
MERGE (p)-[seat:ON_COMMITTEE]->(n)
SET seat = row.props
RETURN count(*) AS linked

// name: opportunities_delete
// Delete opportunities by id ($ids) with their relationships (committee seats included).
UNWIND $ids AS id
MATCH (n:Opportunity {id: id})
DETACH DELETE n

// name: opportunities_of_account
// The opportunities on one account ($org).
MATCH (n:Opportunity {account: $org})
RETURN n.data AS data

// name: opportunities_naming
// Opportunities on whose committee person $id sits, or with a note that mentions them (see
// people_naming).
MATCH (n:Opportunity)
WHERE EXISTS { (:Person {id: $id})-[:ON_COMMITTEE]->(n) }
   OR any(m IN n.mentions WHERE any(w IN $words WHERE m CONTAINS w))
RETURN n.data AS data
