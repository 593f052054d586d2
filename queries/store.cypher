// Whole-store queries: the connection check, the write lock and its version, and what
// records of several labels share (their outgoing references, notes and outside ids).

// name: ping
// A cheap read that proves the server, the credentials and the database all answer.
RETURN 1 AS ok

// name: store_lock
// Takes the store's write lock: every kamgraph write transaction first updates this one
// node ($lock), so concurrent read-merge-writes run one after another; the version it
// bumps tells readers that a write committed while they read.
MERGE (l:KamgraphLock {id: $lock})
SET l.version = coalesce(l.version, 0) + 1, l.at = timestamp()
RETURN l.version AS version

// name: store_version
// How many kamgraph writes have committed ($lock's version; 0 before the first).
OPTIONAL MATCH (l:KamgraphLock {id: $lock})
USING INDEX SEEK l:KamgraphLock(id)
RETURN coalesce(l.version, 0) AS version

// name: store_layout
// Whether the store was written by kamgraph's first layout (a JSON property $key, `data`, on
// each node): one organisation tells, since every such store has one.
MATCH (n:Organisation)
WITH n LIMIT 1
RETURN n[$key] IS NOT NULL AS old

// name: store_clear_details
// For the nodes with these elementIds ($nodes), before they are written again: drop their
// outgoing references (MEMBER_OF, IN_UNIT, REPORTS_TO, UNIT_OF, PART_OF, FOR_ACCOUNT),
// the committee seats on them, and their notes and outside ids.
UNWIND $nodes AS node
MATCH (n)
WHERE elementId(n) = node
OPTIONAL MATCH (n)-[ref:MEMBER_OF|IN_UNIT|REPORTS_TO|UNIT_OF|PART_OF|FOR_ACCOUNT]->()
DELETE ref
WITH DISTINCT n
OPTIONAL MATCH (n)<-[seat:ON_COMMITTEE]-()
DELETE seat
WITH DISTINCT n
OPTIONAL MATCH (n)-[:HAS_NOTE|HAS_ID]->(d)
DETACH DELETE d

// name: store_add_notes
// (node)-[:HAS_NOTE]->(:Note {text, date, by, position}) for each row {node, note}.
UNWIND $rows AS row
MATCH (n)
WHERE elementId(n) = row.node
CREATE (n)-[:HAS_NOTE]->(x:Note)
SET x = row.note

// name: store_add_ids
// (node)-[:HAS_ID]->(:ExternalId {system, value, position}) for each row {node, id}.
UNWIND $rows AS row
MATCH (n)
WHERE elementId(n) = row.node
CREATE (n)-[:HAS_ID]->(x:ExternalId)
SET x = row.id
