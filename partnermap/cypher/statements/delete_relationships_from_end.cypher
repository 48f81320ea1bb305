// Remove relationships of one type that a plan being written again no longer has. Each is found
// from its end node, the plan's own (a Theme, Activity or Outcome, with few relationships of the
// type in that direction), and expanded from there: never from the other end, which may be a
// council or a sector with thousands. Formatted with {end} (label), {rel} (type); $rows is a list
// of maps with u and v.
// The index seek hint keeps the seek whatever the planner's statistics say (a plan cached while the
// store held other data once scanned the whole index for every row).
UNWIND $rows AS row
MATCH (a)-[r:{rel}]->(b:{end} {{id: row.v}}) USING INDEX SEEK b:{end}(id)
WHERE a.id = row.u
DELETE r
