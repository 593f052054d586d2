// The change log: (:ChangeSet) nodes, each up to a batch of consecutive entries of one write,
// their fields as columns (a property when every entry has the same value, a list property
// named with an `s` when not), `seqs` and `first` the entries' numbers, `at` their moment,
// `people` / `names_per_entry` whom they name. Only erasure changes a set. See
// kamgraph/store/neo4j_changes.py.

// name: changes_number
// Reserve $n sequence numbers for the entries a write appends: the counter is the write
// lock's (this write holds it), so numbers never repeat; the first is start + 1.
MATCH (l:KamgraphLock {id: $lock})
USING INDEX SEEK l:KamgraphLock(id)
WITH l, coalesce(l.changes, 0) AS start
SET l.changes = start + $n
RETURN start

// name: changes_append
// Append the change sets $sets (property maps, packed by the store).
UNWIND $sets AS s
CREATE (c:ChangeSet)
SET c = s

// name: changes_search
// The change sets that the full-text index $index finds for $query (terms on key, keys, org,
// orgs, people, field, fields); the store unpacks them and keeps the entries asked for.
CALL db.index.fulltext.queryNodes($index, $query) YIELD node
WITH node
WHERE node:ChangeSet
RETURN collect(properties(node)) AS rows

// name: changes_since
// Every change set recorded at or after $since.
MATCH (c:ChangeSet)
WHERE c.at >= $since
RETURN collect(properties(c)) AS rows

// name: changes_all
// Every change set.
MATCH (c:ChangeSet)
RETURN collect(properties(c)) AS rows

// name: changes_holding
// The change sets that hold the entries numbered $seqs (each the set with the greatest
// first number at or below it), with their elementIds: erasure only.
UNWIND $seqs AS s
CALL (s) {
  MATCH (c:ChangeSet)
  WHERE c.first <= s
  RETURN c
  ORDER BY c.first DESC
  LIMIT 1
}
WITH s, c
WHERE s IN c.seqs
WITH DISTINCT c
RETURN collect({eid: elementId(c), props: properties(c)}) AS rows

// name: changes_repack
// Replace the change set $eid with the sets $sets (the same entries but those erased; none
// when nothing is left): erasure only.
MATCH (c:ChangeSet)
WHERE elementId(c) = $eid
DELETE c
WITH count(*) AS gone
UNWIND $sets AS s
CREATE (n:ChangeSet)
SET n = s
