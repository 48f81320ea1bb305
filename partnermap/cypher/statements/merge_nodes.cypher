// Create or update nodes of one label by id; every property is replaced by the row's (a null
// value removes the property). ON CREATE / ON MATCH rather than a plain SET keeps the plan free of
// an Eager step. Formatted with {label} and {properties} (the map "{id: row[0], ...}" of the
// label's node columns, each from the row or from $same).
// $rows is a list of lists: the label's node columns (partnermap.cypher.store.node_columns), the id
// first, without those whose value every row shares: those are in the map $same (see
// partnermap.cypher.store.statements and _compact).
UNWIND $rows AS row
MERGE (n:{label} {{id: row[0]}})
ON CREATE SET n = {properties}
ON MATCH SET n = {properties}
