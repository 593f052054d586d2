// Adoption of our products: (:Unit)-[:ADOPTS {status, competitor}]->(:Product).

// name: adoption_get
// The ADOPTS relationships for these pairs ($keys: [{a, b}], a the unit, b the product).
UNWIND $keys AS k
MATCH (:Unit {id: k.a})-[r:ADOPTS]->(:Product {id: k.b})
RETURN k.a AS a, k.b AS b, r.data AS data

// name: adoption_all
// Every ADOPTS relationship.
MATCH (:Unit)-[r:ADOPTS]->(:Product)
RETURN r.data AS data

// name: adoption_upsert
// Create or replace ADOPTS relationships ($rows: [{a, b, props}]); counts the rows written.
UNWIND $rows AS row
MATCH (a:Unit {id: row.a})
MATCH (b:Product {id: row.b})
MERGE (a)-[r:ADOPTS]->(b)
SET r = row.props
RETURN count(*) AS written

// name: adoption_delete
// Delete ADOPTS relationships by pair ($keys: [{a, b}]).
UNWIND $keys AS k
MATCH (:Unit {id: k.a})-[r:ADOPTS]->(:Product {id: k.b})
DELETE r

// name: adoption_of_account
// The adoption records of the units of organisation $org.
MATCH (:Unit {org: $org})-[r:ADOPTS]->(:Product)
RETURN r.data AS data
