// Whole-store queries.

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
RETURN coalesce(l.version, 0) AS version
