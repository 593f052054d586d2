// Adoption of our products: (:Unit)-[:ADOPTS {status, competitor, since}]->(:Product).
// Read queries return one row: rows, a list of {a (the unit), b (the product), props}.

// name: adoption_get
// The ADOPTS relationships for these pairs ($keys: [{a, b}], a the unit, b the product).
UNWIND $keys AS k
MATCH (x:Unit {id: k.a})-[r:ADOPTS]->(y:Product {id: k.b})
USING INDEX SEEK x:Unit(id)
USING INDEX SEEK y:Product(id)
RETURN collect({a: x.id, b: y.id, props: r {.*}}) AS rows

// name: adoption_all
// Every ADOPTS relationship.
MATCH (x:Unit)-[r:ADOPTS]->(y:Product)
RETURN collect({a: x.id, b: y.id, props: r {.*}}) AS rows

// name: adoption_create
// Create ADOPTS relationships that are not in the store yet ($rows: [{a, b, props}], checked
// by the write); counts the rows written, so a missing end shows as a shortfall.
UNWIND $rows AS row
MATCH (x:Unit {id: row.a})
USING INDEX SEEK x:Unit(id)
MATCH (y:Product {id: row.b})
USING INDEX SEEK y:Product(id)
CREATE (x)-[r:ADOPTS]->(y)
SET r = row.props
RETURN count(*) AS written

// name: adoption_upsert
// Create or update ADOPTS relationships ($rows: [{a, b, props}]); counts the rows written.
UNWIND $rows AS row
MATCH (x:Unit {id: row.a})
USING INDEX SEEK x:Unit(id)
MATCH (y:Product {id: row.b})
USING INDEX SEEK y:Product(id)
MERGE (x)-[r:ADOPTS]->(y)
SET r += row.props
RETURN count(*) AS written

// name: adoption_delete
// Delete ADOPTS relationships by pair ($keys: [{a, b}]).
UNWIND $keys AS k
MATCH (x:Unit {id: k.a})-[r:ADOPTS]->(y:Product {id: k.b})
USING INDEX SEEK x:Unit(id)
USING INDEX SEEK y:Product(id)
DELETE r

// name: adoption_of_units
// The adoption records of the units with ids $ids.
UNWIND $ids AS id
MATCH (x:Unit {id: id})-[r:ADOPTS]->(y:Product)
USING INDEX SEEK x:Unit(id)
RETURN collect({a: x.id, b: y.id, props: r {.*}}) AS rows
