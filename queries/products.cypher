// Products: what we sell. (:Product {id, name, family}); read queries return one
// row, rows: a list of {eid, props}.

// name: products_get
// The products with these ids ($ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Product {id: id})
USING INDEX SEEK n:Product(id)
RETURN collect({eid: elementId(n), props: n {.*}}) AS rows

// name: products_all
// Every product.
MATCH (n:Product)
RETURN collect({eid: elementId(n), props: n {.*}}) AS rows

// name: products_create
// Create products that are not in the store yet ($rows: [{id, props}], checked by the write),
// giving back their elementIds in order.
UNWIND $rows AS row
CREATE (n:Product)
SET n = row.props
RETURN collect(elementId(n)) AS nodes

// name: products_upsert
// Create or update products by id ($rows: [{id, props}]), giving back their elementIds.
UNWIND $rows AS row
MERGE (n:Product {id: row.id})
SET n += row.props
RETURN collect(elementId(n)) AS nodes

// name: products_delete
// Delete products by id ($ids) with their relationships.
UNWIND $ids AS id
MATCH (n:Product {id: id})
USING INDEX SEEK n:Product(id)
DETACH DELETE n
