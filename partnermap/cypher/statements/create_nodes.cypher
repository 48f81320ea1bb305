// Create the nodes of one label that belong to a plan written for the first time (Theme, Activity,
// Outcome): the plan had none of them before this transaction, so nothing can match and CREATE
// spares MERGE's lookup and lock (the id constraint still guards uniqueness).
// Formatted with {label} and {set_node_properties} ("n.<p> = row[i]" or "n.<p> = $same.<p>" for each
// of the label's node columns; one SET per property is quicker than setting a map).
// $rows is a list of lists: the label's node columns (partnermap.cypher.store.node_columns), the id
// first, without those whose value every row shares: those are in the map $same (see
// partnermap.cypher.store.statements and _compact).
// A null value sets no property.
UNWIND $rows AS row
CREATE (n:{label})
SET {set_node_properties}
