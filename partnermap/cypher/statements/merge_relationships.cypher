// Create or update relationships of one type between nodes found by id.
// Formatted with {start}, {end} (labels), {rel} (type) and {set_properties} ("r.<p> = row[i]" for
// each relationship property of the schema); $rows is a list of lists: u, v and the properties in
// partnermap.cypher.store.REL_COLUMNS order (a null removes the property). Flat rows and explicit properties keep the plan free of an Eager step.
// The index seek hint keeps the seek whatever the planner's statistics say (a plan cached while the
// store held other data once scanned the whole index for every row).
UNWIND $rows AS row
MATCH (a:{start} {{id: row[0]}}) USING INDEX SEEK a:{start}(id)
MATCH (b:{end} {{id: row[1]}}) USING INDEX SEEK b:{end}(id)
MERGE (a)-[r:{rel}]->(b)
SET {set_properties}
