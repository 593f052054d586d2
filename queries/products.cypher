// Products: what we sell. One (:Product) node each.

// name: products_get
// The products with these ids ($ids); missing ids give no row.
UNWIND $ids AS id
MATCH (n:Product {id: id})
RETURN n.id AS key, n.data AS data

// name: products_all
// Every product.
MATCH (n:Product)
RETURN n.data AS data

// name: products_upsert
// Create or replace products by id ($rows: [{id, props}]); relationships are kept.
UNWIND $rows AS row
MERGE (n:Product {id: row.id})
SET n = row.props
RETURN count(*) AS written

// name: products_delete
// Delete products by id ($ids) with their relationships.
UNWIND $ids AS id
MATCH (n:Product {id: id})
DETACH DELETE n
