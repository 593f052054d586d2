// Organisations: client accounts, our own company, third parties. One (:Organisation) node
// each; `data` holds the whole record as JSON, the other properties are copies for queries.

// name: organisations_get
// The organisations with these ids ($ids: list of ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Organisation {id: id})
RETURN n.id AS key, n.data AS data

// name: organisations_all
// Every organisation.
MATCH (n:Organisation)
RETURN n.data AS data

// name: organisations_upsert
// Create or replace organisations by id ($rows: [{id, props}]); relationships are kept.
UNWIND $rows AS row
MERGE (n:Organisation {id: row.id})
SET n = row.props
RETURN count(*) AS written

// name: organisations_delete
// Delete organisations by id ($ids) with their relationships.
UNWIND $ids AS id
MATCH (n:Organisation {id: id})
DETACH DELETE n

// name: organisations_naming
// Organisations with a note that contains one of $words (see people_naming).
MATCH (n:Organisation)
WHERE any(m IN n.mentions WHERE any(w IN $words WHERE m CONTAINS w))
RETURN n.data AS data

// name: accounts_summary
// Every organisation of kind $client, with how many people it has and its opportunities.
MATCH (n:Organisation {kind: $client})
RETURN n.data AS data,
       COUNT { (:Person)-[:MEMBER_OF]->(n) } AS people,
       COLLECT { MATCH (x:Opportunity)-[:FOR_ACCOUNT]->(n) RETURN x.data } AS opportunities
