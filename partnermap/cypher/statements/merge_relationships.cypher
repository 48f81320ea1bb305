// Create or update relationships of one type between nodes found by id (shared nodes, which
// outlive a plan). Formatted with {start}, {end} (labels), {rel} (type) and {set_properties}
// as create_relationships. Flat rows and explicit properties keep the plan free of an Eager step.
// $rows is a list of lists: u, v (the end ids) and the relationship properties
// (partnermap.cypher.store.REL_COLUMNS) without those whose value every row shares: those are in the
// map $same (see partnermap.cypher.store.statements and _compact).
// A null value removes the property.
// The index seek hint keeps the seek whatever the planner's statistics say (a plan cached while the
// store held other data once scanned the whole index for every row).
UNWIND $rows AS row
MATCH (a:{start} {{id: row[0]}}) USING INDEX SEEK a:{start}(id)
MATCH (b:{end} {{id: row[1]}}) USING INDEX SEEK b:{end}(id)
MERGE (a)-[r:{rel}]->(b)
SET {set_properties}
