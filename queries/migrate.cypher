// Converting a store of kamgraph's first layout, where each node and relationship kept its
// whole record as a JSON `data` property (the other properties were copies), to the native
// graph. Read the records, strip the JSON and the copies, then write the records again.

// name: migrate_organisations
// The JSON ($key: data) of every organisation of the first layout.
MATCH (n:Organisation)
RETURN n[$key] AS data

// name: migrate_units
// The JSON ($key: data) of every unit of the first layout.
MATCH (n:Unit)
RETURN n[$key] AS data

// name: migrate_products
// The JSON ($key: data) of every product of the first layout.
MATCH (n:Product)
RETURN n[$key] AS data

// name: migrate_people
// The JSON ($key: data) of every person of the first layout.
MATCH (n:Person)
RETURN n[$key] AS data

// name: migrate_opportunities
// The JSON ($key: data) of every opportunity of the first layout.
MATCH (n:Opportunity)
RETURN n[$key] AS data

// name: migrate_knows
// The JSON ($key: data) of every KNOWS relationship of the first layout.
MATCH (:Person)-[r:KNOWS]->(:Person)
RETURN r[$key] AS data

// name: migrate_influences
// The JSON ($key: data) of every INFLUENCES relationship of the first layout.
MATCH (:Person)-[r:INFLUENCES]->(:Person)
RETURN r[$key] AS data

// name: migrate_adoption
// The JSON ($key: data) of every ADOPTS relationship of the first layout.
MATCH (:Unit)-[r:ADOPTS]->(:Product)
RETURN r[$key] AS data

// name: migrate_strip_nodes
// Remove the first layout's JSON and its copies ($keys: data, org, account, parent, unit,
// reports_to, search, mentions) from every record node; the writer then sets the native
// properties. (Property names as parameters: a store that never had them is not warned about.)
MATCH (n)
WHERE n:Organisation OR n:Unit OR n:Product OR n:Person OR n:Opportunity
FOREACH (k IN $keys | REMOVE n[k])

// name: migrate_strip_relationships
// Remove the first layout's JSON from every KNOWS, INFLUENCES and ADOPTS relationship.
MATCH ()-[r:KNOWS|INFLUENCES|ADOPTS]->()
REMOVE r[$key]

// name: migrate_changes_there
// Whether the change log has nodes of its first layout: one (:Change) per entry.
MATCH (c:Change)
RETURN count(c) > 0 AS old

// name: migrate_changes
// Every entry of the change log's first layout, by number: its properties.
MATCH (c:Change)
WITH c
ORDER BY c.seq
RETURN collect(properties(c)) AS rows

// name: migrate_changes_delete
// Delete the change log's first-layout nodes (their entries are in change sets now).
MATCH (c:Change)
DELETE c
