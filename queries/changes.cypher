// The change log: one (:Change) node per entry, properties named as in `history --json`
// (seq, at, kind, collection, key, field, item, old, new, source, author, org, people).
// Only erasure deletes them. See kamgraph/store/changes.py.

// name: changes_number
// Reserve $n sequence numbers for the entries a write appends: the counter is the write
// lock's (this write holds it), so numbers never repeat; the first is start + 1.
MATCH (l:KamgraphLock {id: $lock})
WITH l, coalesce(l.changes, 0) AS start
SET l.changes = start + $n
RETURN start

// name: changes_append
// Append the entries $rows (property maps, each with its seq).
UNWIND $rows AS row
CREATE (c:Change)
SET c = row

// name: changes_of_records
// The entries about these records ($records: {collection, key} maps).
UNWIND $records AS r
MATCH (c:Change {collection: r.collection, key: r.key})
RETURN collect(properties(c)) AS rows

// name: changes_of_org
// The entries about the records of one organisation ($org).
MATCH (c:Change {org: $org})
RETURN collect(properties(c)) AS rows

// name: changes_naming
// The entries naming any of these people ($people).
MATCH (c:Change)
WHERE any(p IN $people WHERE p IN c.people)
RETURN collect(properties(c)) AS rows

// name: changes_since
// Every entry recorded at or after $since.
MATCH (c:Change)
WHERE c.at >= $since
RETURN collect(properties(c)) AS rows

// name: changes_all
// Every entry.
MATCH (c:Change)
RETURN collect(properties(c)) AS rows

// name: changes_of_field
// The entries about one field ($field: notes, for erasure).
MATCH (c:Change {field: $field})
RETURN collect(properties(c)) AS rows

// name: changes_delete
// Delete the entries with these sequence numbers ($seqs): erasure only.
UNWIND $seqs AS s
MATCH (c:Change {seq: s})
DELETE c
