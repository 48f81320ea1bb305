// Create or update nodes of one label by id; every property is replaced by the row's (a property
// missing from the row is removed). ON CREATE / ON MATCH rather than a plain SET keeps the plan
// free of an Eager step. Formatted with {label}; $rows is a list of property maps, each with an id.
UNWIND $rows AS row
MERGE (n:{label} {{id: row.id}})
ON CREATE SET n = row
ON MATCH SET n = row
