// merge_relationships for a plan written for the first time, its ends found by internal id as in
// create_relationships_by_node_id. Formatted with {rel} and {set_properties} as merge_relationships.
UNWIND $rows AS row
MATCH (a) WHERE id(a) = row[0]
MATCH (b) WHERE id(b) = row[1]
MERGE (a)-[r:{rel}]->(b)
SET {set_properties}
