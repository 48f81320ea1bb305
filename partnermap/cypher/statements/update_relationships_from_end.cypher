// Replace the properties of relationships of one type that a plan being written again keeps with
// other properties. Each is found from its end node, the plan's own (a Theme, Activity or Outcome,
// with few relationships of the type in that direction), and expanded from there: never from the
// other end, which may be a council or a sector with thousands. Formatted with {end} (label),
// {rel} (type) and {set_properties} as create_relationships.
// $rows is a list of lists: u, v (the end ids) and the relationship properties
// (partnermap.cypher.store.REL_COLUMNS) without those whose value every row shares: those are in the
// map $same (see partnermap.cypher.store.statements and _compact).
// A null value removes the property.
// The index seek hint keeps the seek whatever the planner's statistics say (a plan cached while the
// store held other data once scanned the whole index for every row).
UNWIND $rows AS row
MATCH (a)-[r:{rel}]->(b:{end} {{id: row[1]}}) USING INDEX SEEK b:{end}(id)
WHERE a.id = row[0]
SET {set_properties}
