// Create relationships of one type that touch a node created in this transaction (so none can
// exist yet), between nodes found by id. Formatted with {start}, {end} (labels), {rel} (type) and
// {set_properties} ("r.<p> = row.<p>" for each relationship property of the schema); $rows is a
// list of maps: u, v and the properties (a missing property stays unset).
UNWIND $rows AS row
MATCH (a:{start} {{id: row.u}})
MATCH (b:{end} {{id: row.v}})
CREATE (a)-[r:{rel}]->(b)
SET {set_properties}
