// Create relationships of one type that touch one of the plan's own nodes (Theme, Activity,
// Outcome): their relationships were all removed earlier in the same transaction, so none can
// exist yet. Nodes are found by id. Formatted with {start}, {end} (labels), {rel} (type) and
// {set_properties} ("r.<p> = row.<p>" for each relationship property of the schema); $rows is a
// list of maps: u, v and the properties (a missing property stays unset).
UNWIND $rows AS row
MATCH (a:{start} {{id: row.u}})
MATCH (b:{end} {{id: row.v}})
CREATE (a)-[r:{rel}]->(b)
SET {set_properties}
