// Create relationships of one type that touch one of the plan's own nodes (Theme, Activity,
// Outcome) and that the store does not hold: all of a new plan's, a replaced plan's new ones.
// Nodes are found by id. Formatted with {start}, {end} (labels), {rel} (type) and {set_properties}
// ("r.<p> = row[i]" or "r.<p> = $same.<p>" for each relationship property of the schema).
// $rows is a list of lists: u, v (the end ids) and the relationship properties
// (partnermap.cypher.store.REL_COLUMNS) without those whose value every row shares: those are in the
// map $same (see partnermap.cypher.store.statements and _compact).
// A null value sets no property.
// The index seek hint keeps the seek whatever the planner's statistics say (a plan cached while the
// store held other data once scanned the whole index for every row).
UNWIND $rows AS row
MATCH (a:{start} {{id: row[0]}}) USING INDEX SEEK a:{start}(id)
MATCH (b:{end} {{id: row[1]}}) USING INDEX SEEK b:{end}(id)
CREATE (a)-[r:{rel}]->(b)
SET {set_properties}
