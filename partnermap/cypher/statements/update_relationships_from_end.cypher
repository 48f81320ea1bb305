// Replace the properties of relationships of one type that a plan being written again keeps with
// other properties. Each is found from its end node, the plan's own (a Theme, Activity or Outcome,
// with few relationships of the type in that direction), and expanded from there: never from the
// other end, which may be a council or a sector with thousands. Formatted with {end} (label),
// {rel} (type) and {set_properties} ("r.<p> = row[i]" for each relationship property of the
// schema); $rows is a list of lists: u, v and the
// properties in partnermap.cypher.store.REL_COLUMNS order (a null removes the property).
// The index seek hint keeps the seek whatever the planner's statistics say (a plan cached while the
// store held other data once scanned the whole index for every row).
UNWIND $rows AS row
MATCH (a)-[r:{rel}]->(b:{end} {{id: row[1]}}) USING INDEX SEEK b:{end}(id)
WHERE a.id = row[0]
SET {set_properties}
